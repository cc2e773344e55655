//! NDJSON input: the one line reader ([`Lines`]) and one [`ExchangeRecord`] per line, converted
//! to an [`Exchange`].

use std::fmt;
use std::io::{BufRead, Read};

use serde_json::Value;

use crate::input::decode::{self, ItemWording};
use crate::input::exchange::{decode_base64, Body, Exchange, Message, Response};
use crate::input::record::{ExchangeRecord, RecordedRequest, RecordedResponse};
use crate::input::BOM;
use crate::privacy::debug::Bytes;
use crate::privacy::messages;

/// Why an NDJSON line could not be read. `Debug` leaves out `detail`.
pub struct RecordError {
    pub message: String,
    /// serde's message, which may quote values (shown only with `--show-values`).
    pub detail: String,
}

impl fmt::Debug for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordError")
            .field("message", &self.message)
            .field("detail", &Bytes(self.detail.len()))
            .finish()
    }
}

/// Parses one NDJSON line into an [`Exchange`].
pub fn parse_record(line: &[u8]) -> Result<Exchange, RecordError> {
    const WORDING: ItemWording = ItemWording {
        noun: "exchange record",
        expected: "expected an object with `method` and `url`; see `vsee-contract schema exchange`",
        see: " (see `vsee-contract schema exchange`)",
        syntax_noun: "record",
        problem: problem_at,
    };
    let record: ExchangeRecord = decode::decode_item(line, &WORDING).map_err(|f| RecordError {
        message: f.message,
        detail: f.detail,
    })?;
    Ok(record_to_exchange(record))
}

/// A JSON error of a one-line record: its class and column.
fn problem_at(err: &serde_json::Error) -> String {
    let what = messages::json_problem(err);
    if err.line() == 1 && err.column() > 0 {
        format!("{what} at column {}", err.column())
    } else {
        what.to_owned()
    }
}

fn header(headers: &std::collections::BTreeMap<String, String>, name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

fn body_of(body: Option<Value>, text: Option<String>, base64: Option<String>) -> Body {
    if let Some(v) = body {
        return Body::Json(v);
    }
    if let Some(t) = text {
        return if t.is_empty() {
            Body::Empty
        } else {
            Body::Text(t)
        };
    }
    if let Some(b) = base64 {
        return match decode_base64(&b) {
            Ok(bytes) if bytes.is_empty() => Body::Empty,
            Ok(bytes) => Body::Bytes(bytes),
            Err(_) => Body::Invalid("`body_base64` is not valid base64".to_owned()),
        };
    }
    Body::Absent
}

/// Converts a record into an exchange.
pub fn record_to_exchange(record: ExchangeRecord) -> Exchange {
    let ExchangeRecord {
        method,
        url,
        request,
        response,
    } = record;
    let RecordedRequest {
        headers,
        media_type,
        body,
        body_text,
        body_base64,
    } = request.unwrap_or_default();
    let request = Message {
        media_type: media_type.or_else(|| header(&headers, "content-type")),
        body: body_of(body, body_text, body_base64),
    };
    let response = response.and_then(
        |RecordedResponse {
             status,
             headers,
             media_type,
             body,
             body_text,
             body_base64,
         }| {
            (status != 0).then(|| Response {
                status,
                message: Message {
                    media_type: media_type.or_else(|| header(&headers, "content-type")),
                    body: body_of(body, body_text, body_base64),
                },
            })
        },
    );
    Exchange {
        method,
        url,
        request,
        response,
    }
}

/// One non-blank line of an NDJSON file.
pub(crate) struct Line {
    /// 0-based index of the exchange in the file (blank lines do not count).
    pub entry: u64,
    /// 1-based line number.
    pub line: u64,
    pub bytes: Vec<u8>,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LineError {
    /// One line over the limit: read past without being held, and not checked; the next line
    /// is read as usual, so one oversized record hides none of those after it.
    #[error("line {line} is longer than {max} bytes, so it is not checked")]
    TooLong { entry: u64, line: u64, max: usize },
    /// The file cannot be read further.
    #[error("read error: {reason}")]
    Read {
        entry: u64,
        line: u64,
        reason: String,
    },
}

impl LineError {
    /// The entry and the line the error is about.
    pub fn place(&self) -> (u64, u64) {
        match self {
            LineError::TooLong { entry, line, .. } | LineError::Read { entry, line, .. } => {
                (*entry, *line)
            }
        }
    }
}

/// The one NDJSON reader (`validate`'s workers and [`crate::each_exchange`] both read through
/// it): non-blank lines, in order, each at most `max` bytes, with a byte order mark before the
/// first line skipped.
pub(crate) struct Lines<R> {
    reader: R,
    max: usize,
    bytes_read: u64,
    line: u64,
    entry: u64,
    failed: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            bytes_read: 0,
            line: 0,
            entry: 0,
            failed: false,
        }
    }

    /// Bytes consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The next non-blank line, or why it could not be read; `None` at the end of the file
    /// and after a [`LineError::Read`].
    pub fn next_line(&mut self) -> Option<Result<Line, LineError>> {
        if self.failed {
            return None;
        }
        loop {
            let mut buf = Vec::with_capacity(4096);
            let read = (&mut self.reader)
                .take(self.max as u64 + 1)
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) => return None,
                Ok(n) => self.bytes_read += n as u64,
                Err(e) => return Some(Err(self.read_error(&e, self.line + 1))),
            }
            self.line += 1;
            if buf.len() > self.max {
                return Some(self.skip_long_line(buf.ends_with(b"\n")));
            }
            if self.line == 1 && buf.starts_with(BOM) {
                buf.drain(..BOM.len());
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let entry = self.entry;
            self.entry += 1;
            return Some(Ok(Line {
                entry,
                line: self.line,
                bytes: buf,
            }));
        }
    }

    /// Reads past the rest of a line over the limit (`ended`: its line break was read
    /// already) without keeping it; the error that reports it.
    fn skip_long_line(&mut self, ended: bool) -> Result<Line, LineError> {
        if !ended {
            match self.reader.skip_until(b'\n') {
                Ok(n) => self.bytes_read += n as u64,
                Err(e) => return Err(self.read_error(&e, self.line)),
            }
        }
        let entry = self.entry;
        self.entry += 1;
        Err(LineError::TooLong {
            entry,
            line: self.line,
            max: self.max,
        })
    }

    fn read_error(&mut self, e: &std::io::Error, line: u64) -> LineError {
        self.failed = true;
        LineError::Read {
            entry: self.entry,
            line,
            reason: super::io_reason(e),
        }
    }
}
