//! The workers' shared source of work (it frames exchanges into numbered batches, taken by
//! one worker at a time) and the workers (they take a batch, parse and check it).

use std::fs::File;
use std::io::BufReader;
use std::sync::mpsc::{self, SyncSender};
use std::sync::Mutex;

use crate::check::{Checked, Checker, EntryCtx};
use crate::input::bare::read_bare;
use crate::input::har_framing::{EntryScanner, RawEntry};
use crate::input::ndjson::{self, Line, LineError, Lines};
use crate::input::{har, input_finding, io_reason, InputFile, InputKind};
use crate::report::Finding;

use super::options::RunOptions;
use super::quiet_panics;

/// One exchange to check.
pub(super) enum Item {
    Har { file: usize, raw: RawEntry },
    Line { file: usize, line: Line },
    Bare { file: usize, bytes: Vec<u8> },
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
    Ndjson(Lines<BufReader<File>>),
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
                    units.push(found(e.entry, Some(e.line), e.to_string(), true));
                    return Some(0);
                }
                Err(e) => {
                    units.push(found(e.entry, Some(e.line), e.to_string(), false));
                    done(units, scanner.offset());
                }
            },
            Open::Ndjson(lines) => match lines.next_line() {
                Some(Ok(line)) => {
                    let len = line.bytes.len();
                    units.push(Unit::Item(Item::Line { file: index, line }));
                    return Some(len);
                }
                Some(Err(e)) => {
                    let (entry, line) = e.place();
                    // An oversized line is an unreadable exchange, and reading goes on.
                    let resumable = matches!(e, LineError::TooLong { .. });
                    units.push(found(Some(entry), Some(line), e.to_string(), resumable));
                    if resumable {
                        return Some(0);
                    }
                    done(units, lines.bytes_read());
                }
                None => done(units, lines.bytes_read()),
            },
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
            InputKind::Ndjson => Open::Ndjson(Lines::new(
                BufReader::with_capacity(256 * 1024, file),
                self.max_entry_bytes,
            )),
            InputKind::Bare => {
                // Counted against the batch's byte limit like any exchange.
                let (unit, read, held) = match read_bare(file) {
                    Ok(bare) => {
                        let held = bare.bytes.len();
                        let item = Item::Bare {
                            file: index,
                            bytes: bare.bytes,
                        };
                        (Unit::Item(item), bare.read, held)
                    }
                    Err(e) => (found(e.to_string(), true), e.read(), 0),
                };
                units.push(unit);
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
                    Item::Line { file, line } => (*file, Some(line.entry), Some(line.line)),
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
            match har::read_entry(&raw) {
                Ok(ex) => checked(checker, options, file, display, ex, (raw.index, raw.line)),
                Err(err) => {
                    let message = with_detail(err.message, &err.detail, options);
                    let place = (Some(raw.index), Some(err.line));
                    input_event(file, display, place, message, true)
                }
            }
        }
        Item::Line { file, line } => {
            let display = &files[file].display;
            match ndjson::parse_record(&line.bytes) {
                Ok(ex) => checked(checker, options, file, display, ex, (line.entry, line.line)),
                Err(err) => {
                    let message = format!("line {}: {}", line.line, err.message);
                    let message = with_detail(message, &err.detail, options);
                    let place = (Some(line.entry), Some(line.line));
                    input_event(file, display, place, message, true)
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

/// An exchange read at `place` (its entry and line), checked.
fn checked(
    checker: &Checker,
    options: &RunOptions,
    file: usize,
    display: &str,
    ex: crate::input::Exchange,
    place: (u64, u64),
) -> Event {
    let ctx = EntryCtx {
        file: display,
        entry: Some(place.0),
        line: Some(place.1),
        show_values: options.show_values,
    };
    Event::Exchange {
        file,
        entry: Some(place.0),
        checked: checker.check_exchange(&ex, &ctx),
    }
}

/// A message of an unreadable entry, with serde's own text when values may be shown.
fn with_detail(message: String, detail: &str, options: &RunOptions) -> String {
    if options.show_values {
        format!("{message}: {detail}")
    } else {
        message
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
        batches_with_limit(files, crate::input::MAX_ENTRY_BYTES)
    }

    fn batches_with_limit(files: &[InputFile], max_entry_bytes: usize) -> Vec<String> {
        let mut source = Source::new(files, max_entry_bytes);
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

    /// An NDJSON line over the limit is a finding for that exchange, and the lines after it are
    /// still read (they once went unchecked), as a HAR entry over the limit is.
    #[test]
    fn lines_after_an_oversized_line_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = format!("{{\"a\": 1}}\n{}\n{{\"b\": 2}}\n", "x".repeat(64));
        let files = vec![input(
            dir.path(),
            "a.ndjson",
            InputKind::Ndjson,
            text.as_bytes(),
        )];
        assert_eq!(batches_with_limit(&files, 32), ["IFIF"]);
    }
}
