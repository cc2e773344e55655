//! Finding input files and checking them on every core, with output in a deterministic order.
//!
//! One reader thread walks the files in order, frames exchanges (HAR entries via
//! [`crate::har::EntryScanner`], NDJSON lines, bare payloads) and numbers them; worker threads
//! parse and check them; the calling thread puts the results back in order and builds the
//! report. Memory stays bounded whatever the file size: the reader blocks once
//! [`RunOptions::in_flight`] exchanges are read but not yet reported.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;
use std::time::Instant;

use crate::check::{exercised_keys, BareTarget, Checked, Checker, EntryCtx};
use crate::exchange;
use crate::har::{self, EntryScanner};
use crate::report::{
    Coverage, ExchangeResult, FileSummary, Finding, Kind, Location, OperationCoverage, Report,
    Summary,
};

/// Largest bare JSON payload read.
pub const MAX_BARE_BYTES: u64 = 1024 * 1024 * 1024;

/// How an input file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    Ndjson,
    /// A bare JSON payload (needs [`RunOptions::bare`]).
    Bare,
    /// Found in a directory but not checked: a `.json` file that is not a HAR export, when no
    /// [`RunOptions::bare`] target says what it is. Counted in [`crate::Summary::skipped`].
    Skipped,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Har => "har",
            InputKind::Ndjson => "ndjson",
            InputKind::Bare => "json",
            InputKind::Skipped => "skipped",
        }
    }
}

/// One file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// As shown in reports (`/` separators).
    pub display: String,
    pub path: PathBuf,
    pub kind: InputKind,
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Include recorded values in messages (`--show-values`).
    pub show_values: bool,
    /// What bare `.json` payloads are checked against.
    pub bare: Option<BareTarget>,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Findings listed in the report at most (the rest are counted).
    pub max_findings: Option<u64>,
    /// Keep per-exchange results (for JUnit).
    pub keep_exchanges: bool,
    /// Progress lines on stderr.
    pub progress: bool,
    /// Exchanges read but not yet reported, at most (bounds memory). Exchanges travel in
    /// batches of up to 64 (or 1 MiB), so this is rounded to whole batches, and never below
    /// two batches per worker.
    pub in_flight: usize,
    /// Largest NDJSON line or HAR entry read, in bytes (default [`crate::MAX_ENTRY_BYTES`]);
    /// a larger one is an `input` finding and is not held in memory.
    pub max_entry_bytes: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            show_values: false,
            bare: None,
            jobs: 0,
            max_findings: None,
            keep_exchanges: false,
            progress: false,
            in_flight: 512,
            max_entry_bytes: crate::MAX_ENTRY_BYTES,
        }
    }
}

fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn kind_by_extension(path: &Path) -> Option<InputKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "har" => Some(InputKind::Har),
        "ndjson" | "jsonl" => Some(InputKind::Ndjson),
        "json" => Some(InputKind::Bare),
        _ => None,
    }
}

/// Whether a file starts like a HAR document (`{ "log"`).
fn looks_like_har(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut head = vec![0u8; 4096];
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = text.trim_ascii_start();
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    rest.trim_ascii_start().starts_with(b"\"log\"")
}

fn input_finding(file: &str, entry: Option<u64>, line: Option<u64>, message: String) -> Finding {
    Finding {
        file: file.to_owned(),
        entry,
        line,
        method: None,
        path: None,
        operation_id: None,
        status: None,
        part: None,
        kind: Kind::Input,
        location: Location::Input,
        instance_path: String::new(),
        keyword: "input".to_owned(),
        message,
        schema_path: None,
        value: None,
    }
}

/// Expands paths into input files. Directories are walked recursively in sorted order for
/// `.har`, `.ndjson`, `.jsonl` and `.json` files, skipping hidden entries. Explicit files are
/// taken by extension. Without `bare_json`, a `.json` file is read as HAR when it starts like
/// one (`{"log"`); otherwise an explicit one is an input finding and one found in a directory
/// is listed as [`InputKind::Skipped`] (counted and named in the report, not checked). Paths
/// that cannot be used become input findings.
pub fn collect_inputs(paths: &[PathBuf], bare_json: bool) -> (Vec<InputFile>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let display = display_path(path);
        match std::fs::metadata(path) {
            Err(e) => problems.push(input_finding(
                &display,
                None,
                None,
                format!("cannot read: {}", io_reason(&e)),
            )),
            Ok(meta) if meta.is_dir() => walk(path, bare_json, &mut files, &mut problems),
            Ok(_) => match kind_by_extension(path) {
                Some(InputKind::Bare) if !bare_json => {
                    if looks_like_har(path) {
                        files.push(InputFile {
                            display,
                            path: path.clone(),
                            kind: InputKind::Har,
                        });
                    } else {
                        problems.push(input_finding(
                            &display,
                            None,
                            None,
                            "a bare JSON payload needs `--operation ID --status CODE` or \
                             `--schema COMPONENT` (or use .har / .ndjson recordings)"
                                .to_owned(),
                        ));
                    }
                }
                Some(kind) => files.push(InputFile {
                    display,
                    path: path.clone(),
                    kind,
                }),
                None if looks_like_har(path) => files.push(InputFile {
                    display,
                    path: path.clone(),
                    kind: InputKind::Har,
                }),
                None => problems.push(input_finding(
                    &display,
                    None,
                    None,
                    "unknown file type: expected .har, .ndjson, .jsonl or .json".to_owned(),
                )),
            },
        }
    }
    (files, problems)
}

fn walk(dir: &Path, bare_json: bool, files: &mut Vec<InputFile>, problems: &mut Vec<Finding>) {
    // Iterative, so a deep directory tree cannot overflow the stack.
    let mut pending = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(input_finding(
                    &display_path(&dir),
                    None,
                    None,
                    format!("cannot list directory: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                match kind_by_extension(&path) {
                    Some(InputKind::Bare) if !bare_json => found.push(InputFile {
                        display: display_path(&path),
                        kind: if looks_like_har(&path) {
                            InputKind::Har
                        } else {
                            InputKind::Skipped
                        },
                        path,
                    }),
                    Some(k) => found.push(InputFile {
                        display: display_path(&path),
                        path,
                        kind: k,
                    }),
                    None => {}
                }
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    files.extend(found);
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        kind => format!("{kind}"),
    }
}

/// One exchange to check.
enum Item {
    Har {
        file: usize,
        raw: har::RawEntry,
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
struct Batch {
    seq: u64,
    items: Vec<Item>,
}

/// Items per batch at most.
const BATCH_ITEMS: usize = 64;
/// Bytes per batch at most (a batch closes after the item that crosses this).
const BATCH_BYTES: usize = 1024 * 1024;

enum Event {
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

/// Checks every file and builds the report. `problems` are input findings found while
/// collecting paths; they are listed first.
pub fn run(
    checker: &Checker,
    files: &[InputFile],
    problems: Vec<Finding>,
    options: &RunOptions,
) -> Report {
    // A panic while checking an exchange (a bug) becomes a finding; the default hook would
    // print its message, which may quote recorded values, to stderr.
    let _quiet = quiet_panics::Guard::install();
    let jobs = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.jobs
    };
    // In-flight batches: enough to keep every worker busy while the collector catches up.
    let in_flight = (options.in_flight / BATCH_ITEMS).max(2 * jobs + 2);
    let mut collector = Collector::new(checker, files, options);
    for finding in problems {
        collector.add_finding(finding);
    }

    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    let (job_tx, job_rx) = mpsc::sync_channel::<Batch>(in_flight);
    let (event_tx, event_rx) = mpsc::channel::<(u64, Vec<Event>)>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let event_tx = event_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || worker(checker, files, options, job_rx, event_tx));
        }
        {
            let event_tx = event_tx.clone();
            scope.spawn(move || {
                let mut reader = Reader {
                    max_entry_bytes: options.max_entry_bytes,
                    seq: 0,
                    tokens: token_tx,
                    jobs: job_tx,
                    events: event_tx,
                    batch: Vec::with_capacity(BATCH_ITEMS),
                    batch_bytes: 0,
                };
                // `Err` only when the collector is gone; nothing is left to report to then.
                let _ = reader.read_all(files);
            });
        }
        drop(event_tx);

        let mut next = 0u64;
        let mut pending: BTreeMap<u64, Vec<Event>> = BTreeMap::new();
        for (seq, events) in event_rx {
            pending.insert(seq, events);
            while let Some(events) = pending.remove(&next) {
                for event in events {
                    collector.event(event);
                }
                next += 1;
                // Frees one in-flight slot for the reader.
                let _ = token_rx.recv();
            }
        }
    });
    collector.finish()
}

/// The receiving end is gone (the run is over).
struct Closed;

struct Reader {
    max_entry_bytes: usize,
    seq: u64,
    tokens: SyncSender<()>,
    jobs: SyncSender<Batch>,
    events: mpsc::Sender<(u64, Vec<Event>)>,
    batch: Vec<Item>,
    batch_bytes: usize,
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

    fn read_all(&mut self, files: &[InputFile]) -> Result<(), Closed> {
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

fn worker(
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
                    let mut message = if err.line > 0 {
                        format!("{} at line {line}", err.message)
                    } else {
                        format!("{} (entry starts at line {})", err.message, raw.line)
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
            match exchange::parse_record(&bytes) {
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

struct Collector<'a> {
    checker: &'a Checker,
    files: &'a [InputFile],
    options: &'a RunOptions,
    summary: Summary,
    findings: Vec<Finding>,
    exchanges: Vec<ExchangeResult>,
    per_file: Vec<FileSummary>,
    /// operation id -> status -> exchanges
    seen: HashMap<String, BTreeMap<u16, u64>>,
    op_exchanges: HashMap<String, u64>,
    started: Instant,
    last_progress: u64,
    bytes_done: u64,
    files_done: u64,
}

impl<'a> Collector<'a> {
    fn new(checker: &'a Checker, files: &'a [InputFile], options: &'a RunOptions) -> Self {
        Collector {
            checker,
            files,
            options,
            summary: Summary {
                spec: checker.spec().file().to_owned(),
                files: files
                    .iter()
                    .filter(|f| f.kind != InputKind::Skipped)
                    .count() as u64,
                skipped_files: files
                    .iter()
                    .filter(|f| f.kind == InputKind::Skipped)
                    .map(|f| f.display.clone())
                    .collect(),
                values_shown: options.show_values,
                ..Summary::default()
            },
            findings: Vec::new(),
            exchanges: Vec::new(),
            per_file: files
                .iter()
                .map(|f| FileSummary {
                    file: f.display.clone(),
                    format: f.kind.as_str().to_owned(),
                    exchanges: 0,
                    findings: 0,
                    bytes: 0,
                })
                .collect(),
            seen: HashMap::new(),
            op_exchanges: HashMap::new(),
            started: Instant::now(),
            last_progress: 0,
            bytes_done: 0,
            files_done: 0,
        }
    }

    /// Adds a finding; returns whether it was listed.
    fn add_finding(&mut self, finding: Finding) -> bool {
        self.summary.findings += 1;
        *self
            .summary
            .by_keyword
            .entry(finding.keyword.clone())
            .or_default() += 1;
        let listed = self
            .options
            .max_findings
            .is_none_or(|max| (self.findings.len() as u64) < max);
        if listed {
            self.findings.push(finding);
        } else {
            self.summary.findings_omitted += 1;
        }
        listed
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Exchange {
                file,
                entry,
                checked,
            } => {
                self.summary.exchanges += 1;
                self.per_file[file].exchanges += 1;
                if !checked.routed {
                    self.summary.unrouted += 1;
                }
                if !checked.response_recorded {
                    self.summary.responses_not_recorded += 1;
                } else if !checked.body_recorded {
                    self.summary.bodies_not_recorded += 1;
                }
                if let (true, Some(op)) = (checked.routed, checked.operation_id.as_ref()) {
                    *self.op_exchanges.entry(op.clone()).or_default() += 1;
                    if let Some(status) = checked.status {
                        *self
                            .seen
                            .entry(op.clone())
                            .or_default()
                            .entry(status)
                            .or_default() += 1;
                    }
                }
                let count = checked.findings.len() as u64;
                if count == 0 {
                    self.summary.conforming += 1;
                } else {
                    self.summary.with_findings += 1;
                }
                self.per_file[file].findings += count;
                let first = self.findings.len();
                let mut listed = 0;
                for f in checked.findings {
                    if self.add_finding(f) {
                        listed += 1;
                    }
                }
                if self.options.keep_exchanges {
                    self.exchanges.push(ExchangeResult {
                        file: self.files[file].display.clone(),
                        entry,
                        method: checked.method,
                        path: checked.path,
                        operation_id: checked.operation_id,
                        status: checked.status,
                        findings: count,
                        first_finding: first,
                        listed,
                    });
                }
                if self.options.progress && self.summary.exchanges - self.last_progress >= 10_000 {
                    self.last_progress = self.summary.exchanges;
                    self.progress_line(None);
                }
            }
            Event::Input {
                file,
                finding,
                is_exchange,
            } => {
                self.per_file[file].findings += 1;
                if is_exchange {
                    self.summary.exchanges += 1;
                    self.summary.with_findings += 1;
                    self.per_file[file].exchanges += 1;
                }
                let entry = finding.entry;
                let first = self.findings.len();
                let listed = usize::from(self.add_finding(finding));
                if self.options.keep_exchanges {
                    self.exchanges.push(ExchangeResult {
                        file: self.files[file].display.clone(),
                        entry: if is_exchange { entry } else { None },
                        method: None,
                        path: None,
                        operation_id: None,
                        status: None,
                        findings: 1,
                        first_finding: first,
                        listed,
                    });
                }
            }
            Event::FileDone { file, bytes } => {
                self.per_file[file].bytes = bytes;
                self.bytes_done += bytes;
                self.files_done += 1;
                if self.options.progress {
                    self.progress_line(Some(file));
                }
            }
        }
    }

    fn progress_line(&self, done: Option<usize>) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let mut err = std::io::stderr().lock();
        let line = match done {
            Some(i) => format!(
                "vsee-contract: [{}/{}] {}: {} exchanges, {} findings ({:.1} MB/s overall)",
                self.files_done,
                self.summary.files,
                self.files[i].display,
                self.per_file[i].exchanges,
                self.per_file[i].findings,
                self.bytes_done as f64 / 1e6 / secs
            ),
            None => format!(
                "vsee-contract: {} exchanges checked, {} findings, {:.0} exchanges/s",
                self.summary.exchanges,
                self.summary.findings,
                self.summary.exchanges as f64 / secs
            ),
        };
        let _ = writeln!(err, "{line}");
    }

    fn finish(mut self) -> Report {
        let mut operations = Vec::new();
        let mut exercised_ops = 0u64;
        for id in self.checker.operation_ids() {
            let Some((method, path, documented)) = self.checker.operation(id) else {
                continue;
            };
            let statuses = self.seen.get(id).cloned().unwrap_or_default();
            let exchanges = self.op_exchanges.get(id).copied().unwrap_or(0);
            if exchanges > 0 {
                exercised_ops += 1;
            }
            let set: BTreeSet<u16> = statuses.keys().copied().collect();
            let hit = exercised_keys(documented, &set);
            let exercised: Vec<String> = documented
                .iter()
                .filter(|k| hit.contains(*k))
                .cloned()
                .collect();
            let not_exercised: Vec<String> = documented
                .iter()
                .filter(|k| !hit.contains(*k))
                .cloned()
                .collect();
            operations.push(OperationCoverage {
                operation_id: id.clone(),
                method: method.to_owned(),
                path: path.to_owned(),
                exchanges,
                statuses: statuses
                    .into_iter()
                    .map(|(s, n)| (s.to_string(), n))
                    .collect(),
                documented: documented.to_vec(),
                exercised,
                not_exercised,
            });
        }
        self.summary.skipped = self.summary.skipped_files.len() as u64;
        self.summary.per_file = self
            .per_file
            .into_iter()
            .zip(self.files)
            .filter(|(_, f)| f.kind != InputKind::Skipped)
            .map(|(summary, _)| summary)
            .collect();
        Report {
            summary: self.summary,
            coverage: Coverage {
                operations_total: operations.len() as u64,
                operations_exercised: exercised_ops,
                operations,
            },
            findings: self.findings,
            exchanges: self.exchanges,
        }
    }
}

/// Panics on worker threads, caught and reported as findings without printing them.
///
/// While a run is active (a [`Guard`] lives), the process's panic hook is replaced by one that
/// stays silent for panics inside [`catch`] on this crate's worker threads, noting only where
/// they happened, and hands every other panic to the hook it replaced. The last guard to go
/// puts that hook back. (The panic hook is process-wide: a hook set by someone else while a
/// run is active is replaced when the run ends.)
mod quiet_panics {
    use std::cell::{Cell, RefCell};
    use std::panic::{self, PanicHookInfo};
    use std::sync::{Arc, Mutex, PoisonError};

    type Hook = Arc<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

    struct Installed {
        guards: usize,
        previous: Option<Hook>,
    }

    static INSTALLED: Mutex<Installed> = Mutex::new(Installed {
        guards: 0,
        previous: None,
    });

    thread_local! {
        /// Inside [`catch`] on this thread.
        static QUIET: Cell<bool> = const { Cell::new(false) };
        /// Where the last quiet panic of this thread happened (`file:line` of the source).
        static WHERE: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    /// Keeps the quiet hook installed while it lives.
    pub(super) struct Guard(());

    impl Guard {
        pub(super) fn install() -> Guard {
            let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
            if state.guards == 0 {
                let previous: Hook = Arc::from(panic::take_hook());
                let others = Arc::clone(&previous);
                panic::set_hook(Box::new(move |info| {
                    if QUIET.with(Cell::get) {
                        let at = info
                            .location()
                            .map(|l| format!("{}:{}", l.file(), l.line()));
                        WHERE.with(|w| *w.borrow_mut() = at);
                    } else {
                        others(info);
                    }
                }));
                state.previous = Some(previous);
            }
            state.guards += 1;
            Guard(())
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
            state.guards -= 1;
            // `set_hook` cannot be called while panicking; the quiet hook then stays, which is
            // harmless: it hands every panic outside `catch` to the previous hook.
            if state.guards == 0 && !std::thread::panicking() {
                if let Some(previous) = state.previous.take() {
                    panic::set_hook(Box::new(move |info| previous(info)));
                }
            }
        }
    }

    /// A caught panic.
    pub(super) struct Caught {
        /// The panic message, which may quote recorded values.
        payload: Option<String>,
        /// `file:line` in the source where it happened.
        location: Option<String>,
    }

    impl Caught {
        /// The finding's message: the payload only with `show_values`.
        pub(super) fn message(&self, show_values: bool) -> String {
            let at = self
                .location
                .as_ref()
                .map_or_else(String::new, |l| format!(" at {l}"));
            let mut message = format!(
                "internal error while checking this entry (a bug in vsee-contract{at}; the other \
                 entries are still checked)"
            );
            if let (true, Some(payload)) = (show_values, &self.payload) {
                message.push_str(": ");
                message.push_str(payload);
            }
            message
        }
    }

    /// Runs `f`; a panic in it is returned (not printed: see the module docs).
    pub(super) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
        QUIET.with(|q| q.set(true));
        let result = panic::catch_unwind(panic::AssertUnwindSafe(f));
        QUIET.with(|q| q.set(false));
        result.map_err(|payload| Caught {
            payload: payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned()),
            location: WHERE.with(|w| w.borrow_mut().take()),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::sync::atomic::{AtomicUsize, Ordering};

        static PRINTED: AtomicUsize = AtomicUsize::new(0);

        fn panic_elsewhere() {
            let _ = std::thread::spawn(|| panic!("outside a run")).join();
        }

        #[test]
        fn panics_in_workers_are_quiet_and_the_hook_is_restored() {
            let original = panic::take_hook();
            panic::set_hook(Box::new(|_| {
                PRINTED.fetch_add(1, Ordering::SeqCst);
            }));

            let guard = Guard::install();
            let nested = Guard::install();
            let Err(caught) = catch(|| -> u8 { panic!("patient Jane Q. Patient") }) else {
                panic!("the panic is caught");
            };
            assert_eq!(PRINTED.load(Ordering::SeqCst), 0, "nothing printed");
            let quiet = caught.message(false);
            assert!(!quiet.contains("Jane"), "{quiet}");
            assert!(quiet.contains("internal error"), "{quiet}");
            assert!(
                quiet.contains("run.rs:"),
                "the source location is kept: {quiet}"
            );
            assert!(caught.message(true).ends_with(": patient Jane Q. Patient"));
            assert_eq!(catch(|| 7).ok(), Some(7));

            // Other threads' panics still reach the previous hook.
            panic_elsewhere();
            assert_eq!(PRINTED.load(Ordering::SeqCst), 1);
            drop(nested);
            panic_elsewhere();
            assert_eq!(PRINTED.load(Ordering::SeqCst), 2);
            // The last guard puts the previous hook back.
            drop(guard);
            panic_elsewhere();
            assert_eq!(PRINTED.load(Ordering::SeqCst), 3);

            panic::set_hook(original);
        }
    }
}
