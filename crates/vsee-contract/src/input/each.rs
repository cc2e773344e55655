//! Every exchange of one recording file, in order, for tools that read recordings beside the
//! checker (`vsee-learn`, `vsee-diff`): the readers `run` uses (the HAR framer and entry
//! reader, the NDJSON line reader and record decoder), so there is one reader per input form.
//! Messages never quote recorded values.

use std::fs::File;
use std::io::BufReader;

use super::har_framing::{EntryScanner, ScanError};
use super::ndjson::{LineError, Lines};
use super::{har, ndjson, Exchange, InputFile, InputKind};

/// Why one entry of a recording could not be read: where, and what is wrong, without values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {entry}: {message}")]
pub struct UnreadableExchange {
    /// 0-based index of the entry in the file.
    pub entry: u64,
    /// What is wrong, with the line (and column) in the file.
    pub message: String,
}

/// Why the rest of a recording file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordingError {
    /// The file could not be opened.
    #[error("{file}: cannot open: {reason}")]
    Open { file: String, reason: String },
    /// The file stopped being readable (malformed HAR, read error); the entries before were
    /// handed out.
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
}

/// Calls `f` with the 0-based entry index and the exchange (or why that entry could not be
/// read) of every HAR entry or NDJSON record of `file`. Bare and skipped files have none.
/// An error means the rest of the file could not be read.
pub fn each_exchange(
    file: &InputFile,
    f: &mut dyn FnMut(u64, Result<Exchange, UnreadableExchange>),
) -> Result<(), RecordingError> {
    if !matches!(file.kind, InputKind::Har | InputKind::Ndjson) {
        return Ok(());
    }
    let reader = File::open(&file.path)
        .map(BufReader::new)
        .map_err(|e| RecordingError::Open {
            file: file.display.clone(),
            reason: super::io_reason(&e),
        })?;
    let stopped = |message: String| RecordingError::Unreadable {
        file: file.display.clone(),
        message,
    };
    if file.kind == InputKind::Har {
        each_har_entry(reader, f).map_err(|e| stopped(e.to_string()))
    } else {
        each_ndjson_record(reader, f).map_err(|e| stopped(e.to_string()))
    }
}

fn each_har_entry(
    reader: BufReader<File>,
    f: &mut dyn FnMut(u64, Result<Exchange, UnreadableExchange>),
) -> Result<(), ScanError> {
    let mut scanner = EntryScanner::new(reader);
    loop {
        match scanner.next_entry() {
            Ok(None) => return Ok(()),
            Ok(Some(raw)) => f(
                raw.index,
                har::read_entry(&raw).map_err(|e| UnreadableExchange {
                    entry: raw.index,
                    message: e.message,
                }),
            ),
            Err(e) if e.resumable => {
                if let Some(entry) = e.entry {
                    let message = e.to_string();
                    f(entry, Err(UnreadableExchange { entry, message }));
                }
            }
            Err(e) => return Err(e),
        }
    }
}

fn each_ndjson_record(
    reader: BufReader<File>,
    f: &mut dyn FnMut(u64, Result<Exchange, UnreadableExchange>),
) -> Result<(), LineError> {
    let mut lines = Lines::new(reader, super::MAX_ENTRY_BYTES);
    while let Some(line) = lines.next_line() {
        match line {
            Ok(line) => f(
                line.entry,
                ndjson::parse_record(&line.bytes).map_err(|e| UnreadableExchange {
                    entry: line.entry,
                    message: format!("line {}: {}", line.line, e.message),
                }),
            ),
            Err(e @ LineError::TooLong { .. }) => {
                let entry = e.place().0;
                let message = e.to_string();
                f(entry, Err(UnreadableExchange { entry, message }));
            }
            Err(e @ LineError::Read { .. }) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ndjson(dir: &std::path::Path, text: &[u8]) -> InputFile {
        let path = dir.join("r.ndjson");
        std::fs::write(&path, text).expect("write recording");
        InputFile {
            display: "r.ndjson".to_owned(),
            path,
            kind: InputKind::Ndjson,
        }
    }

    /// What `each_exchange` hands out: the entry and `ok` or the error's message.
    fn read(file: &InputFile) -> (Vec<(u64, String)>, Result<(), RecordingError>) {
        let mut seen = Vec::new();
        let result = each_exchange(file, &mut |entry, exchange| {
            seen.push((
                entry,
                exchange.map_or_else(|e| e.to_string(), |_| "ok".into()),
            ));
        });
        (seen, result)
    }

    const RECORD: &str = r#"{"method": "GET", "url": "/visits/1"}"#;

    /// The reader `validate` uses: a byte order mark before the first record is skipped, as
    /// `validate` always did (this reader once read it as part of the record).
    #[test]
    fn a_byte_order_mark_before_the_first_record_is_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = format!("\u{FEFF}{RECORD}\n\n{RECORD}\n");
        let (seen, result) = read(&ndjson(dir.path(), text.as_bytes()));
        assert_eq!(result, Ok(()));
        assert_eq!(seen, [(0, "ok".to_owned()), (1, "ok".to_owned())]);
    }

    /// An oversized line is one unreadable entry; the records after it are still read.
    #[test]
    fn an_oversized_line_is_one_unreadable_entry_and_reading_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut lines = Lines::new(
            std::io::Cursor::new(format!("{RECORD}\n{}\n{RECORD}", "x".repeat(100))),
            64,
        );
        let first = lines.next_line().expect("first line").expect("fits");
        assert_eq!((first.entry, first.line), (0, 1));
        assert_eq!(
            lines.next_line().expect("second line").err(),
            Some(LineError::TooLong {
                entry: 1,
                line: 2,
                max: 64
            })
        );
        let third = lines.next_line().expect("third line").expect("fits");
        assert_eq!((third.entry, third.line), (2, 3));
        assert!(lines.next_line().is_none());
        assert_eq!(lines.bytes_read(), 2 * RECORD.len() as u64 + 102);
        // The same through `each_exchange`, at the real limit: every line is read.
        let text = format!("{RECORD}\nnot json\n{RECORD}\n");
        let (seen, result) = read(&ndjson(dir.path(), text.as_bytes()));
        assert_eq!(result, Ok(()));
        assert_eq!(seen.len(), 3);
        assert!(seen[1].1.starts_with("entry 1: line 2: "), "{:?}", seen[1]);
    }
}
