//! The recorded-exchange format of `.ndjson` / `.jsonl` files: one [`ExchangeRecord`] per line.
//!
//! ```json
//! {"method": "GET", "url": "https://api.vsee.me/api_v3/visits/7727.json",
//!  "request": {"headers": {"X-AccountCode": "vclinic"}},
//!  "response": {"status": 200, "media_type": "application/json", "body": {"data": {"id": "7727"}}}}
//! ```
//!
//! A body is given either as `body` (a JSON value: the JSON body itself, or for form and
//! multipart bodies an object of field -> value, or the encoded form text as a string) or as
//! `body_text` (the raw text exactly as sent, parsed by `media_type`: use it when the body may
//! not be valid JSON, e.g. a truncated response). `body_base64` carries bytes that are not text.
//! When none is present the body was not recorded and is not checked.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::privacy::debug::{opt_bytes, JsonShape, UrlShape};

/// One recorded request/response pair (one line of an NDJSON file).
///
/// `Debug` shows the structure (method, URL shape, header names, media types, body types and
/// sizes), never a recorded value: records hold tokens and patient data.
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "VSee recorded exchange")]
pub struct ExchangeRecord {
    /// HTTP method, any case (`GET`, `post`).
    pub method: String,
    /// Full URL on any documented server base (`https://api.vsee.me/api_v3/visits?page=2`), or a
    /// path (`/visits/7727.json`), with or without the `.json` suffix, with its query string.
    pub url: String,
    /// The request; absent for a request without headers or body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RecordedRequest>,
    /// The response; absent when no response was recorded (it is then not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RecordedResponse>,
}

/// The request half of an [`ExchangeRecord`] (`Debug` is redacted, see [`ExchangeRecord`]).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordedRequest {
    /// Header name -> value. Only `Content-Type` is read (when `media_type` is absent); header
    /// values never appear in reports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Media type of the body (`application/json`, `application/x-www-form-urlencoded`,
    /// `multipart/form-data; boundary=...`); defaults to the `Content-Type` header, then to JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The body as a JSON value: the JSON body itself; for form and multipart bodies an object
    /// of field -> value (string values are coerced like form fields) or the urlencoded text.
    /// `null` is a recorded JSON null. At most one of `body`, `body_text`, `body_base64`.
    #[serde(
        default,
        deserialize_with = "present_value",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// The body as raw text exactly as sent, parsed according to the media type (use it when the
    /// body may not be valid JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// The body as base64 bytes, parsed according to the media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

/// The response half of an [`ExchangeRecord`] (`Debug` is redacted, see [`ExchangeRecord`]).
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordedResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header name -> value; only `Content-Type` is read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Media type of the body; defaults to the `Content-Type` header, then to JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The body as a JSON value: the JSON body itself; for form and multipart bodies an object
    /// of field -> value (string values are coerced like form fields) or the urlencoded text.
    /// `null` is a recorded JSON null. At most one of `body`, `body_text`, `body_base64`.
    #[serde(
        default,
        deserialize_with = "present_value",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// The body as raw text exactly as sent, parsed according to the media type (use it when the
    /// body may not be valid JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// The body as base64 bytes, parsed according to the media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

impl fmt::Debug for ExchangeRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExchangeRecord")
            .field("method", &self.method)
            .field("url", &UrlShape(&self.url))
            .field("request", &self.request)
            .field("response", &self.response)
            .finish()
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("media_type", &self.media_type)
            .field("body", &self.body.as_ref().map(JsonShape))
            .field("body_text", &opt_bytes(self.body_text.as_ref()))
            .field("body_base64", &opt_bytes(self.body_base64.as_ref()))
            .finish()
    }
}

impl fmt::Debug for RecordedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("media_type", &self.media_type)
            .field("body", &self.body.as_ref().map(JsonShape))
            .field("body_text", &opt_bytes(self.body_text.as_ref()))
            .field("body_base64", &opt_bytes(self.body_base64.as_ref()))
            .finish()
    }
}

/// `"body": null` is a recorded JSON `null`, not an absent body. The body is read on its own
/// (skipped as raw text inside the record, then parsed), so its nesting is counted from its own
/// root, as for a body recorded as text, and it is read as the foreign validators read it
/// ([`crate::input::json`]).
fn present_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    use serde::de::Error;
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    crate::input::json::parse_str(raw.get())
        .map(Some)
        .map_err(|e| {
            D::Error::custom(format_args!(
                "{}{}",
                crate::input::decode::OWN_MESSAGE,
                crate::privacy::messages::json_problem(&e)
            ))
        })
}

/// JSON Schema (2020-12) of one NDJSON line, [`ExchangeRecord`].
pub fn exchange_record_schema() -> Value {
    schemars::schema_for!(ExchangeRecord).to_value()
}
