//! One exchange in the form every input kind is reduced to before it is checked.
//!
//! `Debug` of these types shows structure only (method, URL shape, media types, body kinds and
//! sizes), never a recorded value.

use std::fmt;

use serde_json::Value;

use crate::form::Field;
use crate::messages;
use crate::record::{ExchangeRecord, RecordedRequest, RecordedResponse};
use crate::redact::{Bytes, JsonShape, UrlShape};

/// A body as recorded.
#[derive(Clone, PartialEq)]
pub enum Body {
    /// Not recorded (HAR `content.text` absent, NDJSON without a body): not checked.
    Absent,
    /// Recorded as zero bytes.
    Empty,
    /// Raw text, to be parsed according to the media type.
    Text(String),
    /// Raw bytes (base64-decoded), to be parsed according to the media type.
    Bytes(Vec<u8>),
    /// An already-parsed JSON value (NDJSON `body`).
    Json(Value),
    /// Form fields recorded one by one (HAR `postData.params`).
    Fields(Vec<Field>),
    /// The recording itself is broken (e.g. invalid base64); the message names why.
    Invalid(String),
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Absent => f.write_str("Absent"),
            Body::Empty => f.write_str("Empty"),
            Body::Text(t) => f.debug_tuple("Text").field(&Bytes(t.len())).finish(),
            Body::Bytes(b) => f.debug_tuple("Bytes").field(&Bytes(b.len())).finish(),
            Body::Json(v) => f.debug_tuple("Json").field(&JsonShape(v)).finish(),
            Body::Fields(fields) => f.debug_tuple("Fields").field(fields).finish(),
            // Built by this crate from facts, not from the recorded value.
            Body::Invalid(why) => f.debug_tuple("Invalid").field(why).finish(),
        }
    }
}

impl Body {
    /// Whether anything was sent.
    pub fn is_present(&self) -> bool {
        !matches!(self, Body::Absent | Body::Empty)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// As recorded (may carry parameters such as `charset` or `boundary`).
    pub media_type: Option<String>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub message: Message,
}

/// A request and (when recorded) its response. `Debug` shows the URL's shape only.
#[derive(Clone, PartialEq)]
pub struct Exchange {
    pub method: String,
    /// URL or path, with its query string.
    pub url: String,
    pub request: Message,
    pub response: Option<Response>,
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exchange")
            .field("method", &self.method)
            .field("url", &UrlShape(&self.url))
            .field("request", &self.request)
            .field("response", &self.response)
            .finish()
    }
}

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
    const WORDING: messages::ItemWording = messages::ItemWording {
        noun: "exchange record",
        expected: "expected an object with `method` and `url`; see `vsee-contract schema exchange`",
        see: " (see `vsee-contract schema exchange`)",
        syntax_noun: "record",
        problem: problem_at,
    };
    let record: ExchangeRecord =
        messages::decode_item(line, &WORDING).map_err(|f| RecordError {
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
        return match crate::har::decode_base64(&b) {
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
