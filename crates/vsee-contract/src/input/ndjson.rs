//! NDJSON input: one [`ExchangeRecord`] per line, converted to an [`Exchange`].

use std::fmt;

use serde_json::Value;

use crate::input::decode::{self, ItemWording};
use crate::input::exchange::{decode_base64, Body, Exchange, Message, Response};
use crate::input::record::{ExchangeRecord, RecordedRequest, RecordedResponse};
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
