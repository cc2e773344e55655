//! One exchange in the form every input kind is reduced to before it is checked.
//!
//! `Debug` of these types shows structure only (method, URL shape, media types, body kinds and
//! sizes), never a recorded value.

use std::fmt;

use base64::Engine;
use serde_json::Value;

use crate::input::form::Field;
use crate::privacy::debug::{Bytes, JsonShape, UrlShape};

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
