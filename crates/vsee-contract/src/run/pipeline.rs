//! The workers' shared source of work (it frames exchanges into numbered batches, taken by
//! one worker at a time) and the workers (they take a batch, parse and check it).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{self, SyncSender};
use std::sync::Mutex;

use crate::check::{Checked, Checker, EntryCtx};
use crate::input::har_framing::{EntryScanner, RawEntry};
use crate::input::{har, input_finding, io_reason, ndjson, InputFile, InputKind, MAX_BARE_BYTES};
use crate::report::Finding;

use super::options::RunOptions;
use super::quiet_panics;

/// One exchange to check.
pub(super) enum Item {
    Har {
        file: usize,
        raw: RawEntry,
    },
    Line {
        file: usize,
        index: u64,
        line: u64,
        bytes: Vec<u8>,
    },
    Bare {
        file: usize,
        bytes: Vec<u8>,
    },
}

/// One step of a batch, in reading order: an exchange to check, or what reading found (a file
/// problem, the end of a file), which needs no checking.
pub(super) enum Unit {
    Item(Item),
    /// Rare beside exchanges: boxed, so that a batch of exchanges stays small.
    Found(Box<Event>),
}

/// Exchanges travel in batches: taking work one exchange at a time would cost more in locking
/// and channel hand-offs than checking a small exchange does.
pub(super) struct Batch {
    seq: u64,
    units: Vec<Unit>,
}

/// Units per batch at most.
pub(super) const BATCH_ITEMS: usize = 256;
/// Bytes per batch at most (a batch closes after the item that crosses this).
const BATCH_BYTES: usize = 1024 * 1024;

pub(super) enum Event {
    Exchange {
        file: usize,
        entry: Option<u64>,
        checked: Checked,
    },
    /// An unreadable entry (counts as an exchange) or a file-level problem (does not).
    Input {
        file: usize,
        finding: Finding,
        is_exchange: bool,
    },
    FileDone {
        file: usize,
        bytes: u64,
    },
}

/// The file being read.
enum Open {
    Har(EntryScanner<File>),
    Ndjson {
        reader: BufReader<File>,
        bytes_read: u64,
        line: u64,
        entry: u64,
    },
}

/// Every input file in order, framed into numbered batches on demand. Workers take turns
/// (behind a lock) to frame the next batch, then check it: framing is a small part of the
/// work, and the batch's bytes are then checked by the thread that just read them.
pub(super) struct Source<'f> {
    files: &'f [InputFile],
    max_entry_bytes: usize,
    /// The next file to open.
    next_file: usize,
    /// The file being read, and its index.
    open: Option<(usize, Open)>,
    seq: u64,
}

impl<'f> Source<'f> {
    pub(super) fn new(files: &'f [InputFile], max_entry_bytes: usize) -> Self {
        Source {
            files,
            max_entry_bytes,
            next_file: 0,
            open: None,
            seq: 0,
        }
    }

    /// The next batch; `None` once every file is read.
    pub(super) fn next_batch(&mut self) -> Option<Batch> {
        let mut units = Vec::with_capacity(BATCH_ITEMS);
        let mut bytes = 0;
        while units.len() < BATCH_ITEMS && bytes < BATCH_BYTES {
            match self.step(&mut units) {
                Some(read) => bytes += read,
                None => break,
            }
        }
        if units.is_empty() {
            return None;
        }
        let seq = self.seq;
        self.seq += 1;
        Some(Batch { seq, units })
    }

    /// Reads one unit (or opens the next file); the bytes of an exchange read, `None` at the
    /// end of the last file.
    fn step(&mut self, units: &mut Vec<Unit>) -> Option<usize> {
        let Some((index, open)) = self.open.as_mut() else {
            return self.open_next(units);
        };
        let index = *index;
        let display = &self.files[index].display;
        let max = self.max_entry_bytes;
        let found = |entry, line, message, is_exchange| {
            Unit::Found(Box::new(input_event(
                index,
                display,
                (entry, line),
                message,
                is_exchange,
            )))
        };
        let done = |units: &mut Vec<Unit>, bytes| units.push(file_done(index, bytes));
        match open {
            Open::Har(scanner) => match scanner.next_entry() {
                Ok(Some(raw)) => {
                    let len = raw.bytes.len();
                    units.push(Unit::Item(Item::Har { file: index, raw }));
                    return Some(len);
                }
                Ok(None) => done(units, scanner.offset()),
                Err(e) if e.resumable => {
                    // One entry too large to check; the next one is read.
                    let message = format!("{} (entry starts at line {})", e.message, e.line);
                    units.push(found(e.entry, Some(e.line), message, true));
                    return Some(0);
                }
                Err(e) => {
                    let message = format!("{} at line {} column {}", e.message, e.line, e.column);
                    units.push(found(e.entry, Some(e.line), message, false));
                    done(units, scanner.offset());
                }
            },
            Open::Ndjson {
                reader,
                bytes_read,
                line,
                entry,
            } => {
                let mut buf = Vec::with_capacity(4096);
                let read = (&mut *reader)
                    .take(max as u64 + 1)
                    .read_until(b'\n', &mut buf);
                match read {
                    Ok(0) => done(units, *bytes_read),
                    Ok(n) => {
                        *bytes_read += n as u64;
                        *line += 1;
                        if buf.len() > max {
                            let message = format!(
                                "line {line} is longer than {max} bytes; the rest of the file \
                                 is not checked"
                            );
                            units.push(found(Some(*entry), Some(*line), message, true));
                            done(units, *bytes_read);
                        } else {
                            if *line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                                // A byte order mark (RFC 8259 lets a parser ignore it).
                                buf.drain(..3);
                            }
                            if buf.iter().all(u8::is_ascii_whitespace) {
                                return Some(0);
                            }
                            let len = buf.len();
                            units.push(Unit::Item(Item::Line {
                                file: index,
                                index: *entry,
                                line: *line,
                                bytes: buf,
                            }));
                            *entry += 1;
                            return Some(len);
                        }
                    }
                    Err(e) => {
                        let message = format!("read error: {}", io_reason(&e));
                        units.push(found(Some(*entry), Some(*line + 1), message, false));
                        done(units, *bytes_read);
                    }
                }
            }
        }
        self.open = None;
        Some(0)
    }

    /// Opens the next file to read; a bare payload is read whole into `units` at once. The
    /// bytes of an exchange read (a bare payload's), `None` when no file is left.
    fn open_next(&mut self, units: &mut Vec<Unit>) -> Option<usize> {
        let index = self.next_file;
        let input = self.files.get(index)?;
        self.next_file += 1;
        let display = &input.display;
        let found = |message, is_exchange| {
            Unit::Found(Box::new(input_event(
                index,
                display,
                (None, None),
                message,
                is_exchange,
            )))
        };
        if input.kind == InputKind::Skipped {
            return Some(0);
        }
        let file = match File::open(&input.path) {
            Ok(file) => file,
            Err(e) => {
                units.push(found(format!("cannot read: {}", io_reason(&e)), false));
                units.push(file_done(index, 0));
                return Some(0);
            }
        };
        let open = match input.kind {
            InputKind::Skipped => return Some(0),
            InputKind::Har => {
                Open::Har(EntryScanner::new(file).with_max_entry_bytes(self.max_entry_bytes))
            }
            InputKind::Ndjson => Open::Ndjson {
                reader: BufReader::with_capacity(256 * 1024, file),
                bytes_read: 0,
                line: 0,
                entry: 0,
            },
            InputKind::Bare => {
                let mut bytes = Vec::new();
                let result = file.take(MAX_BARE_BYTES + 1).read_to_end(&mut bytes);
                let read = bytes.len() as u64;
                // Counted against the batch's byte limit like any exchange.
                let held = if result.is_ok() && read <= MAX_BARE_BYTES {
                    bytes.len()
                } else {
                    0
                };
                units.push(match result {
                    Ok(_) if read > MAX_BARE_BYTES => found(
                        format!("payload is larger than {MAX_BARE_BYTES} bytes"),
                        true,
                    ),
                    Ok(_) => {
                        if bytes.starts_with(b"\xEF\xBB\xBF") {
                            bytes.drain(..3);
                        }
                        Unit::Item(Item::Bare { file: index, bytes })
                    }
                    Err(e) => found(format!("read error: {}", io_reason(&e)), true),
                });
                units.push(file_done(index, read));
                return Some(held);
            }
        };
        self.open = Some((index, open));
        Some(0)
    }
}

/// An input finding as an event: `place` is the entry and the line, when known.
fn input_event(
    file: usize,
    display: &str,
    place: (Option<u64>, Option<u64>),
    message: String,
    is_exchange: bool,
) -> Event {
    Event::Input {
        file,
        finding: input_finding(display, place.0, place.1, message),
        is_exchange,
    }
}

/// The end of a file, after `bytes` read.
fn file_done(file: usize, bytes: u64) -> Unit {
    Unit::Found(Box::new(Event::FileDone { file, bytes }))
}

/// Takes batches from `source` until it is empty: checks each, and sends the batch's events.
/// A slot of `tokens` is taken first: it bounds the batches read but not yet reported.
pub(super) fn worker(
    checker: &Checker,
    files: &[InputFile],
    options: &RunOptions,
    source: &Mutex<Source<'_>>,
    tokens: SyncSender<()>,
    events: mpsc::Sender<(u64, Vec<Event>)>,
) {
    loop {
        if tokens.send(()).is_err() {
            return;
        }
        let batch = {
            let Ok(mut source) = source.lock() else {
                return;
            };
            match source.next_batch() {
                Some(batch) => batch,
                None => return,
            }
        };
        let out: Vec<Event> = batch
            .units
            .into_iter()
            .map(|unit| {
                let item = match unit {
                    Unit::Found(event) => return *event,
                    Unit::Item(item) => item,
                };
                let (file, entry, line) = match &item {
                    Item::Har { file, raw } => (*file, Some(raw.index), Some(raw.line)),
                    Item::Line {
                        file, index, line, ..
                    } => (*file, Some(*index), Some(*line)),
                    Item::Bare { file, .. } => (*file, None, None),
                };
                quiet_panics::catch(|| process(checker, files, options, item)).unwrap_or_else(
                    |caught| {
                        let message = caught.message(options.show_values);
                        input_event(file, &files[file].display, (entry, line), message, true)
                    },
                )
            })
            .collect();
        if events.send((batch.seq, out)).is_err() {
            return;
        }
    }
}

fn process(checker: &Checker, files: &[InputFile], options: &RunOptions, item: Item) -> Event {
    match item {
        Item::Har { file, raw } => {
            let display = &files[file].display;
            match har::parse_entry(&raw.bytes) {
                Ok(ex) => {
                    let ctx = EntryCtx {
                        file: display,
                        entry: Some(raw.index),
                        line: Some(raw.line),
                        show_values: options.show_values,
                    };
                    Event::Exchange {
                        file,
                        entry: Some(raw.index),
                        checked: checker.check_exchange(&ex, &ctx),
                    }
                }
                Err(err) => {
                    let line = if err.line > 0 {
                        raw.line + err.line as u64 - 1
                    } else {
                        raw.line
                    };
                    // A position in the file: the entry's own start plus the place inside it
                    // (on the entry's first line, columns add up).
                    let column = match (err.line, err.column) {
                        (1, c) if c > 0 => raw.column + c as u64 - 1,
                        (_, c) => c as u64,
                    };
                    let mut message = if err.line > 0 && column > 0 {
                        format!("{} at line {line} column {column}", err.message)
                    } else {
                        format!(
                            "{} (entry starts at line {} column {})",
                            err.message, raw.line, raw.column
                        )
                    };
                    if options.show_values {
                        message = format!("{message}: {}", err.detail);
                    }
                    input_event(file, display, (Some(raw.index), Some(line)), message, true)
                }
            }
        }
        Item::Line {
            file,
            index,
            line,
            bytes,
        } => {
            let display = &files[file].display;
            match ndjson::parse_record(&bytes) {
                Ok(ex) => {
                    let ctx = EntryCtx {
                        file: display,
                        entry: Some(index),
                        line: Some(line),
                        show_values: options.show_values,
                    };
                    Event::Exchange {
                        file,
                        entry: Some(index),
                        checked: checker.check_exchange(&ex, &ctx),
                    }
                }
                Err(err) => {
                    let mut message = format!("line {line}: {}", err.message);
                    if options.show_values {
                        message = format!("{message}: {}", err.detail);
                    }
                    input_event(file, display, (Some(index), Some(line)), message, true)
                }
            }
        }
        Item::Bare { file, bytes } => {
            let display = &files[file].display;
            let ctx = EntryCtx {
                file: display,
                entry: None,
                line: None,
                show_values: options.show_values,
            };
            let checked = match &options.bare {
                Some(target) => checker.check_bare(&bytes, target, &ctx),
                None => Checked {
                    findings: vec![input_finding(
                        display,
                        None,
                        None,
                        "a bare JSON payload needs `--operation ID --status CODE` or \
                         `--schema COMPONENT`"
                            .to_owned(),
                    )],
                    ..Checked::default()
                },
            };
            Event::Exchange {
                file,
                entry: None,
                checked,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(dir: &std::path::Path, name: &str, kind: InputKind, bytes: &[u8]) -> InputFile {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write input");
        InputFile {
            display: name.to_owned(),
            path,
            kind,
        }
    }

    /// What each batch holds: `I` an exchange, `F` a finding or the end of a file.
    fn batches(files: &[InputFile]) -> Vec<String> {
        let mut source = Source::new(files, crate::MAX_ENTRY_BYTES);
        let mut out = Vec::new();
        let mut expected_seq = 0;
        while let Some(batch) = source.next_batch() {
            assert_eq!(batch.seq, expected_seq);
            expected_seq += 1;
            out.push(
                batch
                    .units
                    .iter()
                    .map(|u| match u {
                        Unit::Item(_) => 'I',
                        Unit::Found(_) => 'F',
                    })
                    .collect(),
            );
        }
        out
    }

    /// Bare payloads count against a batch's byte limit like any exchange, so that a folder of
    /// large payloads is spread over the workers and not held in one batch.
    #[test]
    fn large_bare_payloads_fill_a_batch_each() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = vec![b' '; BATCH_BYTES + 1];
        let files: Vec<InputFile> = (0..3)
            .map(|i| input(dir.path(), &format!("{i}.json"), InputKind::Bare, &big))
            .chain([input(dir.path(), "small.json", InputKind::Bare, b"{}")])
            .collect();
        assert_eq!(batches(&files), ["IF", "IF", "IF", "IF"]);
    }

    /// Exchanges and what reading found stay in reading order across files, and a batch holds
    /// at most `BATCH_ITEMS` units.
    #[test]
    fn units_keep_reading_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lines = "{\"a\": 1}\n".repeat(BATCH_ITEMS + 1);
        let files = vec![
            input(dir.path(), "a.ndjson", InputKind::Ndjson, lines.as_bytes()),
            input(dir.path(), "skipped.txt", InputKind::Skipped, b""),
            InputFile {
                display: "missing.har".to_owned(),
                path: dir.path().join("missing.har"),
                kind: InputKind::Har,
            },
            input(
                dir.path(),
                "b.har",
                InputKind::Har,
                br#"{"log": {"entries": [{"a": 1}, {"b": 2}]}}"#,
            ),
        ];
        let first = "I".repeat(BATCH_ITEMS);
        assert_eq!(batches(&files), [first, "IFFFIIF".to_owned()]);
    }
}
