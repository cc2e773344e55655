//! HAR 1.2: a streaming scanner that hands out `log.entries[i]` one at a time (bounded memory
//! on files of any size), and small, tolerant serde structs for one entry.
//!
//! The scanner only frames JSON: it finds `log` and `entries`, skips every other member without
//! building it (iteratively, so deep nesting cannot overflow the stack), and copies the bytes
//! of each entry out. Each entry is then parsed on its own ([`parse_entry`]), typically on a
//! worker thread, so a malformed entry is reported by index and the others are still checked.

use std::fmt;
use std::io::{ErrorKind, Read};

use base64::Engine;
use serde::{Deserialize, Deserializer};

use crate::exchange::{Body, Exchange, Message, Response};
use crate::form::Field;
use crate::messages;
use crate::redact::{opt_bytes, Bytes, UrlShape};

const CHUNK: usize = 256 * 1024;
/// Longest object key kept while looking for `log` and `entries` (a longer key is neither).
const MAX_KEY_BYTES: usize = 1024;

/// The bytes of one `log.entries` element (`Debug` shows their count, not their content).
pub struct RawEntry {
    /// 0-based index in `log.entries`.
    pub index: u64,
    /// 1-based line where the entry starts.
    pub line: u64,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for RawEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawEntry")
            .field("index", &self.index)
            .field("line", &self.line)
            .field("bytes", &Bytes(self.bytes.len()))
            .finish()
    }
}

/// Why the file could not be scanned further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub message: String,
    pub line: u64,
    pub column: u64,
    /// The entry being read when the error happened, if inside `log.entries`.
    pub entry: Option<u64>,
    /// Only that entry was skipped (it is larger than the scanner's limit); the next call to
    /// [`EntryScanner::next_entry`] goes on with the next entry. Otherwise the document cannot
    /// be read further.
    pub resumable: bool,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
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
            max_entry_bytes: crate::MAX_ENTRY_BYTES,
            keep_limit: usize::MAX,
            dropped: false,
        }
    }

    /// Entries larger than `max` bytes are skipped (memory stays bounded) and reported as a
    /// [`ScanError`] that is [`ScanError::resumable`]. The default is
    /// [`crate::MAX_ENTRY_BYTES`].
    pub fn with_max_entry_bytes(mut self, max: usize) -> Self {
        self.max_entry_bytes = max;
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
                State::Start => {
                    self.skip_ws()?;
                    match self.peek()? {
                        None => {
                            return Err(self.error("the file is empty; expected a HAR document"))
                        }
                        Some(b'{') => {
                            self.pos += 1;
                            self.state = State::Root { first: true };
                        }
                        Some(b) => {
                            return Err(self.error(&format!(
                                "not a HAR file: expected a JSON object, found {}",
                                describe_byte(b)
                            )))
                        }
                    }
                }
                State::Root { first } => {
                    if !self.member_start(first)? {
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
                        return Ok(None);
                    }
                    let key = self.read_key()?;
                    self.colon()?;
                    if key == "log" && !self.found_log {
                        self.found_log = true;
                        match self.peek()? {
                            Some(b'{') => {
                                self.pos += 1;
                                self.state = State::Log { first: true };
                            }
                            _ => return Err(self.error("not a HAR file: `log` is not an object")),
                        }
                    } else {
                        self.skip_value(true)?;
                        self.state = State::Root { first: false };
                    }
                }
                State::Log { first } => {
                    if !self.member_start(first)? {
                        self.state = State::Root { first: false };
                        continue;
                    }
                    let key = self.read_key()?;
                    self.colon()?;
                    if key == "entries" && !self.found_entries {
                        self.found_entries = true;
                        match self.peek()? {
                            Some(b'[') => {
                                self.pos += 1;
                                self.state = State::Entries { first: true };
                            }
                            _ => {
                                return Err(
                                    self.error("not a HAR file: `log.entries` is not an array")
                                )
                            }
                        }
                    } else {
                        self.skip_value(true)?;
                        self.state = State::Log { first: false };
                    }
                }
                State::Entries { first } => {
                    self.skip_ws()?;
                    match self.peek()? {
                        None => return Err(self.truncated()),
                        Some(b']') => {
                            self.pos += 1;
                            self.state = State::Log { first: false };
                            continue;
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
                                "HAR entry is larger than {} bytes ({size} bytes), so it is not \
                                 checked",
                                self.max_entry_bytes
                            ),
                            line,
                            column,
                            entry: Some(index),
                            resumable: true,
                        });
                    };
                    let bytes = self.buf[start..self.pos].to_vec();
                    return Ok(Some(RawEntry { index, line, bytes }));
                }
            }
        }
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

// ---------------------------------------------------------------------------------------------
// One entry

/// `log.entries[i]`, the parts this tool reads. Every field but `request.method`,
/// `request.url` is optional, `null` is accepted for optional fields, and unknown fields
/// (`_initiator`, `timings`, ...) are ignored.
///
/// `Debug` of these types shows structure only (method, URL shape, header names, media types,
/// sizes), never a recorded value: entries hold tokens and patient data.
#[derive(Deserialize)]
pub struct HarEntry {
    pub request: HarRequest,
    #[serde(default)]
    pub response: Option<HarResponse>,
}

#[derive(Deserialize)]
pub struct HarRequest {
    pub method: String,
    pub url: String,
    #[serde(default, deserialize_with = "null_default")]
    pub headers: Vec<HarHeader>,
    #[serde(default, rename = "postData")]
    pub post_data: Option<HarPostData>,
}

#[derive(Deserialize)]
pub struct HarHeader {
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub value: String,
}

#[derive(Deserialize)]
pub struct HarPostData {
    #[serde(default, rename = "mimeType")]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub params: Vec<HarParam>,
    /// Not in HAR 1.2, but some exporters base64-encode binary request bodies.
    #[serde(default)]
    pub encoding: Option<String>,
}

#[derive(Deserialize)]
pub struct HarParam {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default, rename = "fileName")]
    pub file_name: Option<String>,
    #[serde(default, rename = "contentType")]
    pub content_type: Option<String>,
}

#[derive(Deserialize)]
pub struct HarResponse {
    #[serde(deserialize_with = "lenient_status")]
    pub status: i64,
    #[serde(default, deserialize_with = "null_default")]
    pub headers: Vec<HarHeader>,
    #[serde(default)]
    pub content: Option<HarContent>,
}

#[derive(Deserialize)]
pub struct HarContent {
    #[serde(default, rename = "mimeType")]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default, deserialize_with = "lenient_size")]
    pub size: Option<i64>,
}

impl fmt::Debug for HarEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarEntry")
            .field("request", &self.request)
            .field("response", &self.response)
            .finish()
    }
}

impl fmt::Debug for HarRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarRequest")
            .field("method", &self.method)
            .field("url", &UrlShape(&self.url))
            .field("headers", &self.headers)
            .field("post_data", &self.post_data)
            .finish()
    }
}

impl fmt::Debug for HarHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarHeader")
            .field("name", &self.name)
            .field("value", &Bytes(self.value.len()))
            .finish()
    }
}

impl fmt::Debug for HarPostData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarPostData")
            .field("mime_type", &self.mime_type)
            .field("text", &opt_bytes(self.text.as_ref()))
            .field("params", &self.params)
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl fmt::Debug for HarParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarParam")
            .field("name", &self.name)
            .field("value", &opt_bytes(self.value.as_ref()))
            .field("file_name", &opt_bytes(self.file_name.as_ref()))
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl fmt::Debug for HarResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("content", &self.content)
            .finish()
    }
}

impl fmt::Debug for HarContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarContent")
            .field("mime_type", &self.mime_type)
            .field("text", &opt_bytes(self.text.as_ref()))
            .field("encoding", &self.encoding)
            .field("size", &self.size)
            .finish()
    }
}

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrString {
    Int(i64),
    Float(f64),
    Text(String),
}

/// A status as a number, a float (`200.0`) or a numeric string (`"200"`).
fn lenient_status<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match NumOrString::deserialize(d)? {
        NumOrString::Int(i) => Ok(i),
        NumOrString::Float(f) if f.fract() == 0.0 && f.abs() < 1e9 => Ok(f as i64),
        NumOrString::Text(s) if s.trim().parse::<i64>().is_ok() => {
            Ok(s.trim().parse().unwrap_or(0))
        }
        _ => Err(serde::de::Error::custom(
            "`status` is not an integer status code",
        )),
    }
}

fn lenient_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<NumOrString>::deserialize(d)? {
        Some(NumOrString::Int(i)) => Some(i),
        Some(NumOrString::Float(f)) => Some(f as i64),
        Some(NumOrString::Text(s)) => s.trim().parse().ok(),
        None => None,
    })
}

/// Why an entry could not be read: a message without values, and the serde path. `Debug`
/// leaves out `detail`.
pub struct EntryError {
    pub message: String,
    /// The serde message, which may quote values (shown only with `--show-values`).
    pub detail: String,
    /// 1-based line inside the entry's bytes (0 when unknown).
    pub line: usize,
}

impl fmt::Debug for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntryError")
            .field("message", &self.message)
            .field("detail", &Bytes(self.detail.len()))
            .field("line", &self.line)
            .finish()
    }
}

/// Parses one entry's bytes into an [`Exchange`].
pub fn parse_entry(bytes: &[u8]) -> Result<Exchange, EntryError> {
    const WORDING: messages::ItemWording = messages::ItemWording {
        noun: "HAR entry",
        expected: "expected an object with `request`",
        see: "",
        syntax_noun: "HAR entry",
        problem: |err| messages::json_problem(err).to_owned(),
    };
    let entry: HarEntry = messages::decode_item(bytes, &WORDING).map_err(|f| EntryError {
        message: f.message,
        detail: f.detail,
        line: f.line,
    })?;
    entry_to_exchange(entry)
}

fn header<'a>(headers: &'a [HarHeader], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn entry_to_exchange(entry: HarEntry) -> Result<Exchange, EntryError> {
    let HarEntry { request, response } = entry;
    let request_media = request
        .post_data
        .as_ref()
        .and_then(|p| non_empty(p.mime_type.clone()))
        .or_else(|| header(&request.headers, "content-type").map(str::to_owned));
    let request_body = match request.post_data {
        None => Body::Absent,
        Some(post) => {
            let has_text = post.text.as_deref().is_some_and(|t| !t.is_empty());
            if !has_text && !post.params.is_empty() {
                Body::Fields(
                    post.params
                        .into_iter()
                        .map(|p| Field {
                            json: p
                                .content_type
                                .as_deref()
                                .is_some_and(vsee_spec::media::is_json),
                            file: p.file_name.is_some(),
                            name: p.name,
                            text: p.value.unwrap_or_default(),
                        })
                        .collect(),
                )
            } else {
                decode_text(post.text, post.encoding.as_deref(), None)
            }
        }
    };
    // Browsers record blocked or cancelled requests with status 0.
    let response = response.filter(|r| r.status > 0);
    let status = match &response {
        Some(r) => u16::try_from(r.status).map_err(|_| EntryError {
            message: "HAR entry has the wrong shape at `response.status` (not an HTTP status \
                      code: larger than 65535)"
                .to_owned(),
            detail: format!("status {}", r.status),
            line: 0,
        })?,
        None => 0,
    };
    let response = response.map(|r| {
        let content = r.content;
        let media = content
            .as_ref()
            .and_then(|c| non_empty(c.mime_type.clone()))
            .or_else(|| header(&r.headers, "content-type").map(str::to_owned));
        let body = match content {
            None => Body::Absent,
            Some(c) => decode_text(c.text, c.encoding.as_deref(), c.size),
        };
        Response {
            status,
            message: Message {
                media_type: media,
                body,
            },
        }
    });
    Ok(Exchange {
        method: request.method,
        url: request.url,
        request: Message {
            media_type: request_media,
            body: request_body,
        },
        response,
    })
}

/// Decodes standard base64, ignoring line breaks and spaces (some exporters wrap it).
pub fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let engine = &base64::engine::general_purpose::STANDARD;
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let cleaned: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        engine.decode(cleaned)
    } else {
        engine.decode(text.as_bytes())
    }
}

/// `text` + `encoding` (+ `size`) -> a body. A missing text, or an empty one when the size says
/// there were bytes, means the exporter did not record the body.
fn decode_text(text: Option<String>, encoding: Option<&str>, size: Option<i64>) -> Body {
    match text {
        None => {
            if size == Some(0) {
                Body::Empty
            } else {
                Body::Absent
            }
        }
        Some(t) if t.is_empty() => {
            if size.is_some_and(|s| s > 0) {
                Body::Absent
            } else {
                Body::Empty
            }
        }
        Some(t) => {
            if encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
                match decode_base64(&t) {
                    Ok(bytes) => Body::Bytes(bytes),
                    Err(_) => Body::Invalid("body is marked base64 but is not valid base64".into()),
                }
            } else {
                Body::Text(t)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(text: &str) -> (Vec<RawEntry>, Option<ScanError>) {
        let mut scanner = EntryScanner::new(text.as_bytes());
        let mut out = Vec::new();
        loop {
            match scanner.next_entry() {
                Ok(Some(e)) => out.push(e),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    #[test]
    fn finds_entries_anywhere_in_log() {
        let har = "{\"x\": [1, {\"a\": \"}\\\"]\"}],\n \"log\": {\"version\": \"1.2\", \"pages\": [[[]]],\n\"entries\": [\n {\"a\": 1},\n  {\"b\": [2]}\n], \"after\": null}, \"z\": true}\n";
        let (entries, err) = scan_all(har);
        assert_eq!(err, None);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].bytes, b"{\"a\": 1}");
        assert_eq!(entries[0].line, 4);
        assert_eq!(entries[1].line, 5);
        assert_eq!(entries[1].index, 1);
    }

    #[test]
    fn shape_errors() {
        assert!(scan_all("").1.unwrap().message.contains("empty"));
        assert!(scan_all("[1]").1.unwrap().message.contains("not a HAR"));
        assert!(scan_all("{\"log\": 1}")
            .1
            .unwrap()
            .message
            .contains("not an object"));
        assert!(scan_all("{\"log\": {}}")
            .1
            .unwrap()
            .message
            .contains("no `entries`"));
        assert!(scan_all("{\"a\": 1}")
            .1
            .unwrap()
            .message
            .contains("no `log`"));
        let (entries, err) = scan_all("{\"log\": {\"entries\": [{\"a\": 1}, {\"b\": ");
        assert_eq!(entries.len(), 1);
        let err = err.unwrap();
        assert!(err.message.contains("truncated"), "{err:?}");
        assert_eq!(err.entry, Some(1));
        assert!(scan_all("{\"log\": {\"entries\": []}} x").1.is_some());
        let deep = format!(
            "{{\"log\": {{\"pages\": {}{}, \"entries\": []}}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(scan_all(&deep).1, None);
    }

    #[test]
    fn members_outside_the_entries_must_be_valid_json() {
        let ok = r#"{"a": [1, -2.5e+3, true, false, null, "s\u00e9\n", {}, [], {"k": [{}]}],
            "log": {"creator": {"name": "x"}, "entries": [], "comment": ""}, "z": 0}"#;
        assert_eq!(scan_all(ok).1, None);
        for (bad, expected) in [
            (
                r#"{"x": [1 2], "log": {"entries": []}}"#,
                "expected `,` or `]`",
            ),
            (
                r#"{"x": [,,], "log": {"entries": []}}"#,
                "expected a value, found `,`",
            ),
            (
                r#"{"x": [1,], "log": {"entries": []}}"#,
                "expected a value, found `]`",
            ),
            (
                r#"{"x": {"a" "b"}, "log": {"entries": []}}"#,
                "expected `:`",
            ),
            (
                r#"{"x": {,}, "log": {"entries": []}}"#,
                "expected a key or `}`",
            ),
            (
                r#"{"x": {"a": 1 "b": 2}, "log": {"entries": []}}"#,
                "expected `,` or `}`",
            ),
            (
                r#"{"x": [1}, "log": {"entries": []}}"#,
                "expected `,` or `]`",
            ),
            (r#"{"x": nul, "log": {"entries": []}}"#, "invalid literal"),
            (r#"{"x": -, "log": {"entries": []}}"#, "invalid number"),
            (r#"{"x": 1.e5, "log": {"entries": []}}"#, "invalid number"),
            (r#"{"x": "\x", "log": {"entries": []}}"#, "invalid escape"),
            (
                r#"{"x": "\u12g4", "log": {"entries": []}}"#,
                "invalid `\\u` escape",
            ),
            (
                "{\"x\": \"a\tb\", \"log\": {\"entries\": []}}",
                "control character",
            ),
            (
                r#"{"log": {"pages": [1 2], "entries": []}}"#,
                "expected `,` or `]`",
            ),
            (
                r#"{"log": {"entries": [], "pages": [1 2]}}"#,
                "expected `,` or `]`",
            ),
        ] {
            let err = scan_all(bad).1.unwrap_or_else(|| panic!("{bad} passes"));
            assert!(err.message.contains(expected), "{bad}: {err:?}");
            assert!(!err.resumable);
        }
        // Inside an entry only brackets frame it; serde reports its syntax, entry by entry.
        let (entries, err) = scan_all(r#"{"log": {"entries": [{"a" 1}, {"b": 2}]}}"#);
        assert_eq!(err, None);
        assert_eq!(entries.len(), 2);
        assert!(parse_entry(&entries[0].bytes).is_err());
    }

    /// An endless supply of one byte, after a prefix (a huge document without building it).
    struct Repeat {
        prefix: Vec<u8>,
        byte: u8,
        left: usize,
        suffix: Vec<u8>,
    }

    impl Read for Repeat {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if !self.prefix.is_empty() {
                let n = self.prefix.len().min(buf.len());
                buf[..n].copy_from_slice(&self.prefix[..n]);
                self.prefix.drain(..n);
                return Ok(n);
            }
            if self.left > 0 {
                let n = self.left.min(buf.len());
                buf[..n].fill(self.byte);
                self.left -= n;
                return Ok(n);
            }
            let n = self.suffix.len().min(buf.len());
            buf[..n].copy_from_slice(&self.suffix[..n]);
            self.suffix.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn an_entry_over_the_limit_is_skipped_without_being_held() {
        const HUGE: usize = 64 << 20;
        let har = |left| Repeat {
            prefix: b"{\"log\": {\"entries\": [{\"a\": 1},\n{\"text\": \"".to_vec(),
            byte: b'x',
            left,
            suffix: b"\"}, {\"b\": 2}]}}".to_vec(),
        };
        let mut scanner = EntryScanner::new(har(HUGE)).with_max_entry_bytes(1 << 20);
        assert_eq!(scanner.next_entry().unwrap().unwrap().bytes, b"{\"a\": 1}");
        let err = scanner.next_entry().unwrap_err();
        assert!(err.resumable, "{err:?}");
        assert_eq!((err.entry, err.line, err.column), (Some(1), 2, 1));
        assert!(err.message.contains("larger than 1048576 bytes"), "{err:?}");
        assert!(
            scanner.buf.capacity() < 4 << 20,
            "the entry was not held: {} bytes buffered",
            scanner.buf.capacity()
        );
        let next = scanner.next_entry().unwrap().unwrap();
        assert_eq!((next.index, next.bytes.as_slice()), (2, &b"{\"b\": 2}"[..]));
        assert!(scanner.next_entry().unwrap().is_none());
        // Under the limit: kept whole. A huge key outside the entries is not held either.
        let mut scanner = EntryScanner::new(har(1000)).with_max_entry_bytes(1 << 20);
        scanner.next_entry().unwrap();
        assert_eq!(
            scanner.next_entry().unwrap().unwrap().bytes.len(),
            1000 + 12
        );
        let mut scanner = EntryScanner::new(Repeat {
            prefix: b"{\"".to_vec(),
            byte: b'k',
            left: HUGE,
            suffix: b"\": 1, \"log\": {\"entries\": []}}".to_vec(),
        });
        assert!(scanner.next_entry().unwrap().is_none());
        assert!(scanner.buf.capacity() < 4 * CHUNK);
        // Cut inside the huge entry: the file ends there (not resumable).
        let mut cut = har(HUGE);
        cut.suffix.clear();
        let mut scanner = EntryScanner::new(cut).with_max_entry_bytes(1 << 20);
        scanner.next_entry().unwrap();
        let err = scanner.next_entry().unwrap_err();
        assert!(
            !err.resumable && err.message.contains("truncated"),
            "{err:?}"
        );
    }

    #[test]
    fn small_reads_give_same_result() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let har = "{\"log\": {\"entries\": [{\"s\": \"a\\\\\\\"b\"}, {\"t\": 1}]}}";
        let mut scanner = EntryScanner::new(OneByte(har.as_bytes()));
        let first = scanner.next_entry().unwrap().unwrap();
        assert_eq!(first.bytes, b"{\"s\": \"a\\\\\\\"b\"}");
        assert!(scanner.next_entry().unwrap().is_some());
        assert!(scanner.next_entry().unwrap().is_none());
    }

    #[test]
    fn entry_quirks() {
        let e = parse_entry(br#"{"request": {"method": "GET", "url": "/visits", "headers": null},
            "response": {"status": "200", "content": {"mimeType": "application/json; charset=utf-8", "size": 5, "text": "eyJhIjoxfQ==", "encoding": "base64"}}}"#).unwrap();
        let r = e.response.unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.message.body, Body::Bytes(b"{\"a\":1}".to_vec()));
        let e = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 0}}"#,
        )
        .unwrap();
        assert!(e.response.is_none());
        let err = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": "Jane"}}"#,
        )
        .unwrap_err();
        assert!(!err.message.contains("Jane"), "{}", err.message);
        assert!(err.message.contains("response.status"), "{}", err.message);
        let err = parse_entry(br#"[1]"#).unwrap_err();
        assert!(err.message.contains("wrong shape"));
        let err = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 70000}}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("response.status"), "{}", err.message);
        assert!(!err.message.contains("70000"), "{}", err.message);
        let ok = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 65535}}"#,
        )
        .unwrap();
        assert_eq!(ok.response.unwrap().status, 65535);
    }
}
