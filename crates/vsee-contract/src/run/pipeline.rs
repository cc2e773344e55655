//! The reader thread (frames exchanges into numbered batches) and the worker threads (parse
//! and check them).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{self, Receiver, SyncSender};
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

/// Exchanges travel in batches: one channel hand-off per exchange would cost more in thread
/// wake-ups than checking a small exchange does.
pub(super) struct Batch {
    seq: u64,
    items: Vec<Item>,
}

/// Items per batch at most.
pub(super) const BATCH_ITEMS: usize = 64;
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

/// The receiving end is gone (the run is over).
pub(super) struct Closed;

pub(super) struct Reader {
    pub(super) max_entry_bytes: usize,
    pub(super) seq: u64,
    pub(super) tokens: SyncSender<()>,
    pub(super) jobs: SyncSender<Batch>,
    pub(super) events: mpsc::Sender<(u64, Vec<Event>)>,
    pub(super) batch: Vec<Item>,
    pub(super) batch_bytes: usize,
}

impl Reader {
    /// Takes an in-flight slot and numbers the next batch or event.
    fn next_seq(&mut self) -> Result<u64, Closed> {
        self.tokens.send(()).map_err(|_| Closed)?;
        let s = self.seq;
        self.seq += 1;
        Ok(s)
    }

    fn push(&mut self, item: Item, bytes: usize) -> Result<(), Closed> {
        self.batch.push(item);
        self.batch_bytes += bytes;
        if self.batch.len() >= BATCH_ITEMS || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Closed> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let seq = self.next_seq()?;
        let items = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_ITEMS));
        self.batch_bytes = 0;
        self.jobs.send(Batch { seq, items }).map_err(|_| Closed)
    }

    /// Sends an event directly, after the exchanges read before it.
    fn event(&mut self, event: Event) -> Result<(), Closed> {
        self.flush()?;
        let seq = self.next_seq()?;
        self.events.send((seq, vec![event])).map_err(|_| Closed)
    }

    fn input(
        &mut self,
        file: usize,
        display: &str,
        entry: Option<u64>,
        line: Option<u64>,
        message: String,
        is_exchange: bool,
    ) -> Result<(), Closed> {
        let finding = input_finding(display, entry, line, message);
        self.event(Event::Input {
            file,
            finding,
            is_exchange,
        })
    }

    pub(super) fn read_all(&mut self, files: &[InputFile]) -> Result<(), Closed> {
        for (index, input) in files.iter().enumerate() {
            if input.kind == InputKind::Skipped {
                continue;
            }
            let bytes = match File::open(&input.path) {
                Ok(file) => self.read_file(index, input, file)?,
                Err(e) => {
                    self.input(
                        index,
                        &input.display,
                        None,
                        None,
                        format!("cannot read: {}", io_reason(&e)),
                        false,
                    )?;
                    0
                }
            };
            self.event(Event::FileDone { file: index, bytes })?;
        }
        self.flush()
    }

    /// Frames one file's exchanges; returns the bytes read.
    fn read_file(&mut self, index: usize, input: &InputFile, file: File) -> Result<u64, Closed> {
        let display = &input.display;
        match input.kind {
            InputKind::Skipped => Ok(0),
            InputKind::Har => {
                let mut scanner =
                    EntryScanner::new(file).with_max_entry_bytes(self.max_entry_bytes);
                loop {
                    match scanner.next_entry() {
                        Ok(Some(raw)) => {
                            let len = raw.bytes.len();
                            self.push(Item::Har { file: index, raw }, len)?;
                        }
                        Ok(None) => break,
                        Err(e) if e.resumable => {
                            // One entry too large to check; the next one is read.
                            self.input(
                                index,
                                display,
                                e.entry,
                                Some(e.line),
                                format!("{} (entry starts at line {})", e.message, e.line),
                                true,
                            )?;
                        }
                        Err(e) => {
                            self.input(
                                index,
                                display,
                                e.entry,
                                Some(e.line),
                                format!("{} at line {} column {}", e.message, e.line, e.column),
                                false,
                            )?;
                            break;
                        }
                    }
                }
                Ok(scanner.offset())
            }
            InputKind::Ndjson => {
                let mut reader = BufReader::with_capacity(256 * 1024, file);
                let mut bytes_read = 0u64;
                let mut line_no = 0u64;
                let mut entry = 0u64;
                loop {
                    let mut buf = Vec::with_capacity(4096);
                    let read = (&mut reader)
                        .take(self.max_entry_bytes as u64 + 1)
                        .read_until(b'\n', &mut buf);
                    match read {
                        Ok(0) => break,
                        Ok(n) => {
                            bytes_read += n as u64;
                            line_no += 1;
                            if buf.len() > self.max_entry_bytes {
                                self.input(
                                    index,
                                    display,
                                    Some(entry),
                                    Some(line_no),
                                    format!(
                                        "line {line_no} is longer than {} bytes; the rest of \
                                         the file is not checked",
                                        self.max_entry_bytes
                                    ),
                                    true,
                                )?;
                                break;
                            }
                            if line_no == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                                // A byte order mark (RFC 8259 lets a parser ignore it).
                                buf.drain(..3);
                            }
                            if buf.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            let len = buf.len();
                            self.push(
                                Item::Line {
                                    file: index,
                                    index: entry,
                                    line: line_no,
                                    bytes: buf,
                                },
                                len,
                            )?;
                            entry += 1;
                        }
                        Err(e) => {
                            self.input(
                                index,
                                display,
                                Some(entry),
                                Some(line_no + 1),
                                format!("read error: {}", io_reason(&e)),
                                false,
                            )?;
                            break;
                        }
                    }
                }
                Ok(bytes_read)
            }
            InputKind::Bare => {
                let mut bytes = Vec::new();
                let result = file.take(MAX_BARE_BYTES + 1).read_to_end(&mut bytes);
                let read = bytes.len() as u64;
                match result {
                    Ok(_) if read > MAX_BARE_BYTES => self.input(
                        index,
                        display,
                        None,
                        None,
                        format!("payload is larger than {MAX_BARE_BYTES} bytes"),
                        true,
                    )?,
                    Ok(_) => {
                        if bytes.starts_with(b"\xEF\xBB\xBF") {
                            bytes.drain(..3);
                        }
                        let len = bytes.len();
                        self.push(Item::Bare { file: index, bytes }, len)?;
                    }
                    Err(e) => self.input(
                        index,
                        display,
                        None,
                        None,
                        format!("read error: {}", io_reason(&e)),
                        true,
                    )?,
                }
                Ok(read)
            }
        }
    }
}

pub(super) fn worker(
    checker: &Checker,
    files: &[InputFile],
    options: &RunOptions,
    jobs: &Mutex<Receiver<Batch>>,
    events: mpsc::Sender<(u64, Vec<Event>)>,
) {
    loop {
        let batch = {
            let Ok(rx) = jobs.lock() else { return };
            match rx.recv() {
                Ok(batch) => batch,
                Err(_) => return,
            }
        };
        let out: Vec<Event> = batch
            .items
            .into_iter()
            .map(|item| {
                let (file, entry, line) = match &item {
                    Item::Har { file, raw } => (*file, Some(raw.index), Some(raw.line)),
                    Item::Line {
                        file, index, line, ..
                    } => (*file, Some(*index), Some(*line)),
                    Item::Bare { file, .. } => (*file, None, None),
                };
                quiet_panics::catch(|| process(checker, files, options, item)).unwrap_or_else(
                    |caught| Event::Input {
                        file,
                        finding: input_finding(
                            &files[file].display,
                            entry,
                            line,
                            caught.message(options.show_values),
                        ),
                        is_exchange: true,
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
                    Event::Input {
                        file,
                        finding: input_finding(display, Some(raw.index), Some(line), message),
                        is_exchange: true,
                    }
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
                    Event::Input {
                        file,
                        finding: input_finding(display, Some(index), Some(line), message),
                        is_exchange: true,
                    }
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
