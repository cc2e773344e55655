//! HAR 1.2: a streaming scanner that hands out `log.entries[i]` one at a time (bounded memory
//! on files of any size).
//!
//! The scanner only frames JSON: it finds `log` and `entries`, skips every other member without
//! building it (iteratively, so deep nesting cannot overflow the stack), and copies the bytes
//! of each entry out. Each entry is then parsed on its own ([`super::har::read_entry`]), typically on a
//! worker thread, so a malformed entry is reported by index and the others are still checked.

use std::fmt;
use std::io::{ErrorKind, Read};

use super::container_end::container_len;
use super::BOM;
use crate::privacy::debug::Bytes;

const CHUNK: usize = 256 * 1024;
/// Longest object key kept while looking for `log` and `entries` (a longer key is neither).
const MAX_KEY_BYTES: usize = 1024;

/// The bytes of one `log.entries` element (`Debug` shows their count, not their content).
pub struct RawEntry {
    /// 0-based index in `log.entries`.
    pub index: u64,
    /// 1-based line where the entry starts.
    pub line: u64,
    /// 1-based column where the entry starts.
    pub column: u64,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for RawEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawEntry")
            .field("index", &self.index)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("bytes", &Bytes(self.bytes.len()))
            .finish()
    }
}

/// Why the file could not be scanned further (or, when [`ScanError::resumable`], why one
/// entry was skipped). `Display` says where: the line the skipped entry starts on, or the line
/// and column where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.located())]
pub struct ScanError {
    pub message: String,
    pub line: u64,
    pub column: u64,
    /// The entry being read when the error happened, if inside `log.entries`.
    pub entry: Option<u64>,
    /// Only that entry was skipped (it is larger than the scanner's limit); the next call to
    /// `EntryScanner::next_entry` goes on with the next entry. Otherwise the document cannot
    /// be read further.
    pub resumable: bool,
}

impl ScanError {
    fn located(&self) -> String {
        if self.resumable {
            format!("{} (entry starts at line {})", self.message, self.line)
        } else {
            format!(
                "{} at line {} column {}",
                self.message, self.line, self.column
            )
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Root { first: bool },
    Log { first: bool },
    Entries { first: bool },
    Done,
}

/// Streams the entries of a HAR document from any reader.
pub struct EntryScanner<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Start of the entry being captured (kept across refills).
    keep_from: Option<usize>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Newlines are counted up to `buf[counted]`.
    counted: usize,
    line: u64,
    /// Absolute offset of the first byte of the current line.
    line_start: u64,
    state: State,
    found_log: bool,
    found_entries: bool,
    next_index: u64,
    /// Open brackets while skipping a value (reused).
    stack: Vec<u8>,
    /// Largest entry kept, in bytes; a larger one is skipped and reported.
    max_entry_bytes: usize,
    /// Most bytes kept from `keep_from` on; beyond that the span is let go (`dropped`).
    keep_limit: usize,
    /// The span being kept outgrew `keep_limit` and was let go.
    dropped: bool,
    /// Try [`container_len`] before stepping through an entry (off only in tests, which
    /// compare both ways).
    block_scan: bool,
}

/// What the strict skipper expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    /// Right after `[`.
    ValueOrEnd,
    /// After `,` in an object.
    Key,
    /// Right after `{`.
    KeyOrEnd,
    Colon,
    CommaOrEnd,
}

type Scan<T> = Result<T, ScanError>;

impl<R: Read> EntryScanner<R> {
    pub fn new(reader: R) -> Self {
        EntryScanner {
            reader,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
            keep_from: None,
            base: 0,
            counted: 0,
            line: 1,
            line_start: 0,
            state: State::Start,
            found_log: false,
            found_entries: false,
            next_index: 0,
            stack: Vec::new(),
            max_entry_bytes: super::MAX_ENTRY_BYTES,
            keep_limit: usize::MAX,
            dropped: false,
            block_scan: true,
        }
    }

    /// Entries larger than `max` bytes are skipped (memory stays bounded) and reported as a
    /// [`ScanError`] that is [`ScanError::resumable`]. The default is
    /// [`super::MAX_ENTRY_BYTES`].
    pub fn with_max_entry_bytes(mut self, max: usize) -> Self {
        self.max_entry_bytes = max;
        self
    }

    /// Steps through every entry token by token, without the block scan.
    #[cfg(test)]
    fn without_block_scan(mut self) -> Self {
        self.block_scan = false;
        self
    }

    /// Starts keeping the bytes from `pos` on, at most `limit` of them.
    fn begin_keep(&mut self, limit: usize) {
        self.keep_from = Some(self.pos);
        self.keep_limit = limit;
        self.dropped = false;
    }

    /// Stops keeping; the start of the kept span, `None` when it outgrew its limit.
    fn end_keep(&mut self) -> Option<usize> {
        let start = self.keep_from.take();
        let limit = std::mem::replace(&mut self.keep_limit, usize::MAX);
        if std::mem::take(&mut self.dropped) {
            return None;
        }
        start.filter(|s| self.pos - s <= limit)
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The next entry, `Ok(None)` at the end of a well-formed document.
    pub fn next_entry(&mut self) -> Scan<Option<RawEntry>> {
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Start => self.document_start()?,
                State::Root { first } => {
                    if !self.root_member(first)? {
                        return Ok(None);
                    }
                }
                State::Log { first } => self.log_member(first)?,
                State::Entries { first } => {
                    if let Some(entry) = self.next_in_entries(first)? {
                        return Ok(Some(entry));
                    }
                }
            }
        }
    }

    /// The start of the document: an optional byte order mark, then `{`.
    fn document_start(&mut self) -> Scan<()> {
        self.skip_bom()?;
        self.skip_ws()?;
        match self.peek()? {
            None => Err(self.error("the file is empty; expected a HAR document")),
            Some(b'{') => {
                self.pos += 1;
                self.state = State::Root { first: true };
                Ok(())
            }
            Some(b) => Err(self.error(&format!(
                "not a HAR file: expected a JSON object, found {}",
                describe_byte(b)
            ))),
        }
    }

    /// One member of the root object (`log` is entered, others skipped); `false` at the end
    /// of a well-formed document.
    fn root_member(&mut self, first: bool) -> Scan<bool> {
        if !self.member_start(first)? {
            self.document_end()?;
            return Ok(false);
        }
        let key = self.read_key()?;
        self.colon()?;
        if key != "log" {
            self.skip_value(true)?;
            self.state = State::Root { first: false };
            return Ok(true);
        }
        if self.found_log {
            // JSON parsers disagree on duplicate keys (first or last wins): a second `log`
            // makes the file mean different things to different tools.
            return Err(
                self.error("the HAR document has a second `log` member; remove the duplicate")
            );
        }
        self.found_log = true;
        match self.peek()? {
            Some(b'{') => {
                self.pos += 1;
                self.state = State::Log { first: true };
                Ok(true)
            }
            _ => Err(self.error("not a HAR file: `log` is not an object")),
        }
    }

    /// After the root object: nothing but whitespace, and `log.entries` was there.
    fn document_end(&mut self) -> Scan<()> {
        self.skip_ws()?;
        if let Some(b) = self.peek()? {
            return Err(self.error(&format!(
                "trailing {} after the HAR document",
                describe_byte(b)
            )));
        }
        self.state = State::Done;
        if !self.found_log {
            return Err(self.error("not a HAR file: no `log` object"));
        }
        if !self.found_entries {
            return Err(self.error("not a HAR file: `log` has no `entries` array"));
        }
        Ok(())
    }

    /// One member of `log` (`entries` is entered, others skipped).
    fn log_member(&mut self, first: bool) -> Scan<()> {
        if !self.member_start(first)? {
            self.state = State::Root { first: false };
            return Ok(());
        }
        let key = self.read_key()?;
        self.colon()?;
        if key != "entries" {
            self.skip_value(true)?;
            self.state = State::Log { first: false };
            return Ok(());
        }
        if self.found_entries {
            return Err(self.error("`log` has a second `entries` member; remove the duplicate"));
        }
        self.found_entries = true;
        match self.peek()? {
            Some(b'[') => {
                self.pos += 1;
                self.state = State::Entries { first: true };
                Ok(())
            }
            _ => Err(self.error("not a HAR file: `log.entries` is not an array")),
        }
    }

    /// The next element of `log.entries`; `None` when the array closes.
    fn next_in_entries(&mut self, first: bool) -> Scan<Option<RawEntry>> {
        self.skip_ws()?;
        match self.peek()? {
            None => return Err(self.truncated()),
            Some(b']') => {
                self.pos += 1;
                self.state = State::Log { first: false };
                return Ok(None);
            }
            Some(b',') if !first => {
                self.pos += 1;
                self.skip_ws()?;
            }
            Some(b) if !first => {
                return Err(self.error(&format!(
                    "expected `,` or `]` between HAR entries, found {}",
                    describe_byte(b)
                )))
            }
            Some(_) => {}
        }
        if self.peek()?.is_none() {
            return Err(self.truncated());
        }
        self.frame_entry().map(Some)
    }

    /// Frames the entry that starts here: its bytes, or an error when it is over the limit
    /// (skipped without being held).
    fn frame_entry(&mut self) -> Scan<RawEntry> {
        let line = self.line_at(self.pos);
        let column = self.column_at(self.pos);
        let start_offset = self.offset();
        self.begin_keep(self.max_entry_bytes);
        // Lenient: entries are only framed here; serde parses (and reports) each.
        let skipped = self.skip_value(false);
        let start = self.end_keep();
        skipped?;
        let index = self.next_index;
        self.next_index += 1;
        self.state = State::Entries { first: false };
        let Some(start) = start else {
            let size = self.offset() - start_offset;
            return Err(ScanError {
                message: format!(
                    "HAR entry is larger than {} bytes ({size} bytes), so it is not checked",
                    self.max_entry_bytes
                ),
                line,
                column,
                entry: Some(index),
                resumable: true,
            });
        };
        let bytes = self.buf[start..self.pos].to_vec();
        Ok(RawEntry {
            index,
            line,
            column,
            bytes,
        })
    }

    /// Skips whitespace and the separator before an object member; `false` at the closing `}`.
    fn member_start(&mut self, first: bool) -> Scan<bool> {
        self.skip_ws()?;
        match self.peek()? {
            None => Err(self.truncated()),
            Some(b'}') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                self.skip_ws()?;
                Ok(true)
            }
            Some(b'"') if first => Ok(true),
            Some(b) => Err(self.error(&format!(
                "expected {} in an object, found {}",
                if first { "a key or `}`" } else { "`,` or `}`" },
                describe_byte(b)
            ))),
        }
    }

    fn colon(&mut self) -> Scan<()> {
        self.skip_ws()?;
        match self.peek()? {
            Some(b':') => {
                self.pos += 1;
                self.skip_ws()
            }
            None => Err(self.truncated()),
            Some(b) => Err(self.error(&format!(
                "expected `:` after an object key, found {}",
                describe_byte(b)
            ))),
        }
    }

    /// Reads a key string; returns it decoded when short (keys we look for are short), else
    /// empty.
    fn read_key(&mut self) -> Scan<String> {
        self.skip_ws()?;
        if self.peek()? != Some(b'"') {
            return Err(self.error("expected a string key"));
        }
        self.begin_keep(MAX_KEY_BYTES);
        let skipped = self.skip_string(true);
        let start = self.end_keep();
        skipped?;
        let raw = match start {
            Some(start) if self.pos - start <= 64 => &self.buf[start..self.pos],
            // Not `log` nor `entries`; no need to decode.
            _ => return Ok(String::new()),
        };
        serde_json::from_slice::<String>(raw).map_err(|_| self.error("invalid string key"))
    }

    /// Skips a UTF-8 byte order mark at the very start (common Windows exporters write one;
    /// RFC 8259 lets a parser ignore it).
    fn skip_bom(&mut self) -> Scan<()> {
        while self.buf.len() - self.pos < BOM.len() && self.fill()? {}
        if self.buf[self.pos..].starts_with(BOM) {
            self.pos += BOM.len();
        }
        Ok(())
    }

    fn skip_ws(&mut self) -> Scan<()> {
        loop {
            while self.pos < self.buf.len() {
                match self.buf[self.pos] {
                    b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                    _ => return Ok(()),
                }
            }
            if !self.fill()? {
                return Ok(());
            }
        }
    }

    fn peek(&mut self) -> Scan<Option<u8>> {
        if self.pos >= self.buf.len() && !self.fill()? {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// At a `"`: moves past the closing quote. `strict` also checks escapes and rejects raw
    /// control characters.
    fn skip_string(&mut self, strict: bool) -> Scan<()> {
        self.pos += 1;
        if strict {
            return self.skip_string_strict();
        }
        loop {
            match memchr::memchr2(b'"', b'\\', &self.buf[self.pos..]) {
                Some(i) => {
                    let at = self.pos + i;
                    if self.buf[at] == b'"' {
                        self.pos = at + 1;
                        return Ok(());
                    }
                    // A backslash escapes the next byte.
                    if at + 1 < self.buf.len() {
                        self.pos = at + 2;
                    } else {
                        self.pos = at;
                        if !self.fill()? {
                            return Err(self.truncated());
                        }
                        self.pos += 2.min(self.buf.len() - self.pos);
                    }
                }
                None => {
                    self.pos = self.buf.len();
                    if !self.fill()? {
                        return Err(self.truncated());
                    }
                }
            }
        }
    }

    fn skip_string_strict(&mut self) -> Scan<()> {
        loop {
            let Some(b) = self.peek()? else {
                return Err(self.truncated());
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek()? {
                        None => return Err(self.truncated()),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                match self.peek()? {
                                    None => return Err(self.truncated()),
                                    Some(h) if h.is_ascii_hexdigit() => self.pos += 1,
                                    Some(_) => {
                                        return Err(self.error("invalid `\\u` escape in a string"))
                                    }
                                }
                            }
                        }
                        Some(_) => return Err(self.error("invalid escape in a string")),
                    }
                }
                0x00..=0x1f => {
                    return Err(self.error("unescaped control character in a string"));
                }
                _ => {
                    // Plain bytes up to the next quote, backslash or control character.
                    let rest = &self.buf[self.pos..];
                    let n = rest
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                        .unwrap_or(rest.len());
                    self.pos += n;
                }
            }
        }
    }

    /// Skips one JSON value without building it. Iterative: nesting depth costs heap, not
    /// stack. `strict` checks the whole JSON grammar (separators, literals, numbers, string
    /// escapes), so a corrupt member outside the entries is an error; lenient only matches
    /// brackets, for entries, which serde then parses and reports one by one.
    fn skip_value(&mut self, strict: bool) -> Scan<()> {
        if !strict {
            return self.skip_value_lenient();
        }
        self.stack.clear();
        let mut expect = Expect::Value;
        loop {
            self.skip_ws()?;
            let Some(b) = self.peek()? else {
                return Err(self.truncated());
            };
            let in_array = self.stack.last() == Some(&b'[');
            match expect {
                Expect::Value | Expect::ValueOrEnd => match b {
                    b'{' | b'[' => {
                        self.stack.push(b);
                        self.pos += 1;
                        expect = if b == b'{' {
                            Expect::KeyOrEnd
                        } else {
                            Expect::ValueOrEnd
                        };
                        continue;
                    }
                    b']' if expect == Expect::ValueOrEnd => {
                        self.stack.pop();
                        self.pos += 1;
                    }
                    b'"' => self.skip_string(true)?,
                    b'-' | b'0'..=b'9' => self.skip_number()?,
                    b't' | b'f' | b'n' => self.skip_literal()?,
                    _ => return Err(self.expected("a value", b)),
                },
                Expect::Key | Expect::KeyOrEnd => match b {
                    b'"' => {
                        self.skip_string(true)?;
                        expect = Expect::Colon;
                        continue;
                    }
                    b'}' if expect == Expect::KeyOrEnd => {
                        self.stack.pop();
                        self.pos += 1;
                    }
                    _ => {
                        let what = if expect == Expect::KeyOrEnd {
                            "a key or `}`"
                        } else {
                            "a key"
                        };
                        return Err(self.expected(what, b));
                    }
                },
                Expect::Colon => {
                    if b != b':' {
                        return Err(self.expected("`:` after an object key", b));
                    }
                    self.pos += 1;
                    expect = Expect::Value;
                    continue;
                }
                Expect::CommaOrEnd => match b {
                    b',' => {
                        self.pos += 1;
                        expect = if in_array { Expect::Value } else { Expect::Key };
                        continue;
                    }
                    b']' if in_array => {
                        self.stack.pop();
                        self.pos += 1;
                    }
                    b'}' if !in_array => {
                        self.stack.pop();
                        self.pos += 1;
                    }
                    _ => {
                        let what = if in_array {
                            "`,` or `]` in an array"
                        } else {
                            "`,` or `}` in an object"
                        };
                        return Err(self.expected(what, b));
                    }
                },
            }
            // A value is complete.
            if self.stack.is_empty() {
                return Ok(());
            }
            expect = Expect::CommaOrEnd;
        }
    }

    fn expected(&mut self, what: &str, found: u8) -> ScanError {
        self.error(&format!("expected {what}, found {}", describe_byte(found)))
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn skip_number(&mut self) -> Scan<()> {
        if self.peek()? == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits()?,
            None => return Err(self.truncated()),
            Some(_) => return Err(self.error("invalid number")),
        }
        if self.peek()? == Some(b'.') {
            self.pos += 1;
            self.require_digits()?;
        }
        if matches!(self.peek()?, Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek()?, Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.require_digits()?;
        }
        Ok(())
    }

    fn require_digits(&mut self) -> Scan<()> {
        match self.peek()? {
            Some(b'0'..=b'9') => self.skip_digits(),
            None => Err(self.truncated()),
            Some(_) => Err(self.error("invalid number")),
        }
    }

    fn skip_digits(&mut self) -> Scan<()> {
        while matches!(self.peek()?, Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        Ok(())
    }

    /// `true`, `false` or `null`.
    fn skip_literal(&mut self) -> Scan<()> {
        let word: &[u8] = match self.peek()? {
            Some(b't') => b"true",
            Some(b'f') => b"false",
            _ => b"null",
        };
        for &want in word {
            match self.peek()? {
                Some(b) if b == want => self.pos += 1,
                None => return Err(self.truncated()),
                Some(_) => return Err(self.error("invalid literal (expected true, false or null)")),
            }
        }
        Ok(())
    }

    /// Matches brackets only (see [`Self::skip_value`]).
    fn skip_value_lenient(&mut self) -> Scan<()> {
        if self.block_scan {
            self.skip_ws()?;
            if let Some(len) = container_len(&self.buf[self.pos..], &mut self.stack) {
                self.pos += len;
                return Ok(());
            }
        }
        self.stack.clear();
        loop {
            self.skip_ws()?;
            let Some(b) = self.peek()? else {
                return Err(self.truncated());
            };
            match b {
                b'{' | b'[' => {
                    self.stack.push(b);
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    let open = if b == b'}' { b'{' } else { b'[' };
                    if self.stack.pop() != Some(open) {
                        return Err(self.error(&format!("unexpected {}", describe_byte(b))));
                    }
                    self.pos += 1;
                }
                b',' | b':' if !self.stack.is_empty() => {
                    self.pos += 1;
                    continue;
                }
                b'"' => self.skip_string(false)?,
                b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => self.skip_scalar()?,
                _ => return Err(self.error(&format!("unexpected {}", describe_byte(b)))),
            }
            if self.stack.is_empty() {
                return Ok(());
            }
        }
    }

    fn skip_scalar(&mut self) -> Scan<()> {
        loop {
            while self.pos < self.buf.len() {
                match self.buf[self.pos] {
                    b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => self.pos += 1,
                    _ => return Ok(()),
                }
            }
            if !self.fill()? {
                return Ok(());
            }
        }
    }

    /// Reads more input; `false` at end of input. Discards consumed bytes first.
    fn fill(&mut self) -> Scan<bool> {
        if self.eof {
            return Ok(false);
        }
        if let Some(k) = self.keep_from {
            if self.buf.len() - k > self.keep_limit {
                // Too large to keep (see `with_max_entry_bytes`): keep scanning, holding nothing.
                self.keep_from = None;
                self.dropped = true;
            }
        }
        let discard = self.keep_from.unwrap_or(self.pos);
        if discard > 0 && discard >= self.buf.len() / 2 {
            self.count_lines(discard);
            self.buf.drain(..discard);
            self.base += discard as u64;
            self.pos -= discard;
            self.counted -= discard;
            if let Some(k) = self.keep_from.as_mut() {
                *k -= discard;
            }
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.truncate(old + n);
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    self.eof = true;
                    let kind = e.kind();
                    return Err(self.error(&format!("read error ({kind})")));
                }
            }
        }
    }

    /// Counts newlines in `buf[counted..upto]`.
    fn count_lines(&mut self, upto: usize) {
        if upto <= self.counted {
            return;
        }
        let span = &self.buf[self.counted..upto];
        let n = memchr::memchr_iter(b'\n', span).count() as u64;
        if n > 0 {
            self.line += n;
            let last = memchr::memrchr(b'\n', span).unwrap_or(0);
            self.line_start = self.base + (self.counted + last + 1) as u64;
        }
        self.counted = upto;
    }

    fn line_at(&mut self, pos: usize) -> u64 {
        self.count_lines(pos);
        self.line
    }

    /// 1-based column of `pos` (after [`Self::line_at`] of the same position).
    fn column_at(&self, pos: usize) -> u64 {
        (self.base + pos as u64).saturating_sub(self.line_start) + 1
    }

    fn error(&mut self, message: &str) -> ScanError {
        let pos = self.pos.min(self.buf.len());
        let line = self.line_at(pos);
        let column = self.column_at(pos);
        let entry = match self.state {
            State::Entries { .. } => Some(self.next_index),
            _ => None,
        };
        ScanError {
            message: message.to_owned(),
            line,
            column,
            entry,
            resumable: false,
        }
    }

    fn truncated(&mut self) -> ScanError {
        self.error("the HAR document is truncated (unexpected end of file)")
    }
}

/// Describes a byte without quoting content beyond JSON punctuation.
fn describe_byte(b: u8) -> String {
    match b {
        b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"' => format!("`{}`", b as char),
        b'0'..=b'9' | b'-' => "a number".to_owned(),
        b't' | b'f' => "a boolean".to_owned(),
        b'n' => "null".to_owned(),
        0x20..=0x7e => "text".to_owned(),
        _ => format!("byte 0x{b:02x} (binary data?)"),
    }
}

#[cfg(test)]
#[path = "har_framing_tests.rs"]
mod tests;
