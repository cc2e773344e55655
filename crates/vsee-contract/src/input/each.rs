//! Every exchange of one recording file, in order, for tools that read recordings beside the
//! checker (`vsee-learn`): the same HAR framing and NDJSON decoding `run` uses, so there is
//! one reader. Messages never quote recorded values.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use super::har_framing::EntryScanner;
use super::{har, ndjson, Exchange, InputFile, InputKind};

/// Calls `f` with the 0-based entry index and the exchange (or why that entry could not be
/// read) of every HAR entry or NDJSON record of `file`. Bare and skipped files have none.
/// An error means the rest of the file could not be read.
pub fn each_exchange(
    file: &InputFile,
    f: &mut dyn FnMut(u64, Result<Exchange, String>),
) -> Result<(), String> {
    if !matches!(file.kind, InputKind::Har | InputKind::Ndjson) {
        return Ok(());
    }
    let reader = File::open(&file.path)
        .map(BufReader::new)
        .map_err(|e| format!("{}: cannot open: {}", file.display, super::io_reason(&e)))?;
    if file.kind == InputKind::Har {
        let mut scanner = EntryScanner::new(reader);
        loop {
            match scanner.next_entry() {
                Ok(None) => return Ok(()),
                Ok(Some(raw)) => f(
                    raw.index,
                    har::parse_entry(&raw.bytes).map_err(|e| {
                        format!("entry {} (line {}): {}", raw.index, raw.line, e.message)
                    }),
                ),
                Err(e) if e.resumable => {
                    if let Some(entry) = e.entry {
                        f(entry, Err(format!("line {}: {}", e.line, e.message)));
                    }
                }
                Err(e) => {
                    return Err(format!(
                        "{}:{}:{}: {}",
                        file.display, e.line, e.column, e.message
                    ))
                }
            }
        }
    }
    let mut reader = reader;
    let (mut line, mut entry) = (0u64, 0u64);
    loop {
        let mut buf = Vec::new();
        let read = (&mut reader)
            .take(crate::MAX_ENTRY_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("{}: cannot read: {}", file.display, super::io_reason(&e)))?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        if buf.len() > crate::MAX_ENTRY_BYTES {
            return Err(format!(
                "{}: line {line} is longer than {} bytes",
                file.display,
                crate::MAX_ENTRY_BYTES
            ));
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        f(
            entry,
            ndjson::parse_record(&buf).map_err(|e| format!("line {line}: {}", e.message)),
        );
        entry += 1;
    }
}
