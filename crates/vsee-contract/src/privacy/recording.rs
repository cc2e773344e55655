//! The privacy policy of recordings: what of live traffic may reach a recording file.
//!
//! One entry point, [`Policy::record`]: a live exchange in, an [`ExchangeRecord`] out.
//!
//! * **Credentials never**: no header is recorded but `Content-Type` (as `media_type`); with
//!   `keep_values` the other headers are kept except credentials ([`Policy::is_credential`]:
//!   `X-ApiToken`, `X-ApiKey`, `X-ApiSecret`, `Authorization`, `Proxy-Authorization`,
//!   `Cookie`, `Set-Cookie`, and every header a security scheme of the spec names).
//! * **Values, by default, as pseudonyms** ([`Pseudonymiser`]): every string in JSON and form
//!   bodies, query values and path segments, and every integer of two or more digits, is
//!   replaced by a keyed pseudonym of the same shape (digits by digits of the same length,
//!   letters by letters of the same case, hex by hex, punctuation kept; dates stay valid
//!   dates, emails stay emails with their top-level domain, URLs keep their scheme). The
//!   same value gets the same pseudonym throughout one run (one key, drawn at random per
//!   run and never written), so ids still join up and the recording validates exactly as
//!   the traffic did. Literals of the spec (enum values, path words, server bases) and
//!   object keys are structure, not data, and are kept; so are booleans, null, fractions
//!   and one-digit integers (codes and flags).
//! * Bodies of other media types (files, binary) are left out unless `keep_values`.

use std::collections::{BTreeMap, HashSet};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::Value;
use vsee_spec::{media, router::split_url, walk};

use super::pseudonym::Pseudonymiser;
use crate::check::Checker;
use crate::input::form;
use crate::input::record::{ExchangeRecord, RecordedRequest, RecordedResponse};

/// Headers that carry credentials whatever the spec says.
const CREDENTIAL_HEADERS: [&str; 7] = [
    "x-apitoken",
    "x-apikey",
    "x-apisecret",
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Characters escaped in a path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One message of live traffic, as seen on the wire.
pub(crate) struct LiveMessage<'a> {
    /// Header name -> value (lossy text).
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl LiveMessage<'_> {
    fn media_type(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str())
    }
}

/// One exchange of live traffic.
pub(crate) struct LiveExchange<'a> {
    pub method: &'a str,
    /// Path and query as the client sent them.
    pub target: &'a str,
    pub request: LiveMessage<'a>,
    /// Status and message; `None` when no response came back.
    pub response: Option<(u16, LiveMessage<'a>)>,
}

/// What may be recorded.
pub(crate) struct Policy {
    keep_values: bool,
    pseudonyms: Pseudonymiser,
    /// Lower-case header names never recorded.
    credentials: HashSet<String>,
}

impl Policy {
    /// The policy for one recording; `keep_values` records values as sent (never credentials).
    pub fn new(checker: &Checker, keep_values: bool) -> Policy {
        let spec = checker.spec();
        let mut credentials: HashSet<String> =
            CREDENTIAL_HEADERS.iter().map(|h| (*h).to_owned()).collect();
        for (_, scheme) in vsee_spec::security::schemes(spec) {
            if let Some(header) = vsee_spec::security::scheme_header(scheme) {
                credentials.insert(header.to_ascii_lowercase());
            }
        }
        Policy {
            keep_values,
            pseudonyms: Pseudonymiser::new(spec_literals(checker)),
            credentials,
        }
    }

    /// Whether a header is never recorded.
    pub fn is_credential(&self, header: &str) -> bool {
        self.credentials.contains(&header.to_ascii_lowercase())
    }

    /// The record of a live exchange under this policy.
    pub fn record(&self, live: &LiveExchange<'_>) -> ExchangeRecord {
        let (req_media, body, body_text, body_base64) = if live.request.body.is_empty() {
            // No body sent: nothing to record (an empty response body, though, is a fact).
            (
                live.request.media_type().map(str::to_owned),
                None,
                None,
                None,
            )
        } else {
            self.body(&live.request)
        };
        let request = RecordedRequest {
            headers: self.headers(&live.request.headers),
            media_type: req_media,
            body,
            body_text,
            body_base64,
        };
        let response = live.response.as_ref().map(|(status, message)| {
            let (media_type, body, body_text, body_base64) = self.body(message);
            RecordedResponse {
                status: *status,
                headers: self.headers(&message.headers),
                media_type,
                body,
                body_text,
                body_base64,
            }
        });
        ExchangeRecord {
            method: super::shape::method(live.method, self.keep_values),
            url: self.target(live.target),
            request: Some(request),
            response,
        }
    }

    fn headers(&self, headers: &[(String, String)]) -> BTreeMap<String, String> {
        if !self.keep_values {
            return BTreeMap::new();
        }
        headers
            .iter()
            .filter(|(k, _)| !self.is_credential(k))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect()
    }

    /// Path segments that are not spec literals and query values, pseudonymised.
    fn target(&self, target: &str) -> String {
        if self.keep_values {
            return target.to_owned();
        }
        let (path, query) = split_url(target);
        let mut out = String::with_capacity(target.len());
        for (i, seg) in path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            if seg.is_empty() {
                continue;
            }
            let (bare, suffix) = match seg.strip_suffix(".json") {
                Some(b) => (b, ".json"),
                None => (seg, ""),
            };
            let decoded = percent_decode_str(bare).decode_utf8_lossy();
            if self.pseudonyms.is_literal(&decoded) {
                out.push_str(seg);
            } else {
                let pseudo = self.pseudonyms.string(&decoded);
                out.extend(utf8_percent_encode(&pseudo, SEGMENT));
                out.push_str(suffix);
            }
        }
        if let Some(query) = query {
            out.push('?');
            out.push_str(&self.urlencoded(query));
        }
        out
    }

    fn urlencoded(&self, text: &str) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(text.as_bytes()) {
            ser.append_pair(&k, &self.pseudonyms.string(&v));
        }
        ser.finish()
    }

    /// `(media_type, body, body_text, body_base64)` of a message.
    #[allow(clippy::type_complexity)]
    fn body(
        &self,
        message: &LiveMessage<'_>,
    ) -> (
        Option<String>,
        Option<Value>,
        Option<String>,
        Option<String>,
    ) {
        let media_type = message.media_type().map(str::to_owned);
        if message.body.is_empty() {
            return (media_type, None, Some(String::new()), None);
        }
        let essence = media_type.as_deref().map(media::essence);
        let is_json = essence.as_deref().is_none_or(media::is_json);
        if self.keep_values {
            if is_json {
                if let Ok(v) = serde_json::from_slice::<Value>(message.body) {
                    return (media_type, Some(v), None, None);
                }
            }
            return match std::str::from_utf8(message.body) {
                Ok(text) => (media_type, None, Some(text.to_owned()), None),
                Err(_) => {
                    use base64::Engine as _;
                    let b64 = base64::engine::general_purpose::STANDARD.encode(message.body);
                    (media_type, None, None, Some(b64))
                }
            };
        }
        if is_json {
            return match serde_json::from_slice::<Value>(message.body) {
                Ok(v) => (media_type, Some(self.pseudonyms.json(&v)), None, None),
                // Not JSON after all: its shape (punctuation) kept, its words replaced.
                Err(_) => {
                    let text = String::from_utf8_lossy(message.body);
                    (media_type, None, Some(self.pseudonyms.text(&text)), None)
                }
            };
        }
        match essence.as_deref() {
            Some("application/x-www-form-urlencoded") => {
                let text = String::from_utf8_lossy(message.body);
                (media_type, None, Some(self.urlencoded(&text)), None)
            }
            Some("multipart/form-data") => {
                let boundary = media_type.as_deref().and_then(form::boundary);
                match boundary.and_then(|b| {
                    form::parse_multipart(message.body, &b)
                        .ok()
                        .map(|fields| (b, fields))
                }) {
                    Some((boundary, fields)) => {
                        let text = self.multipart(&boundary, &fields);
                        (media_type, None, Some(text), None)
                    }
                    // Unreadable: its shape kept, its words replaced.
                    None => {
                        let text = String::from_utf8_lossy(message.body);
                        (media_type, None, Some(self.pseudonyms.text(&text)), None)
                    }
                }
            }
            // Files and other binary bodies are not recorded.
            _ => (media_type, None, None, None),
        }
    }

    fn multipart(&self, boundary: &str, fields: &[form::Field]) -> String {
        let mut out = String::new();
        for field in fields {
            out.push_str("--");
            out.push_str(boundary);
            out.push_str("\r\nContent-Disposition: form-data; name=\"");
            out.push_str(&field.name.replace(['"', '\r', '\n'], "_"));
            out.push('"');
            if field.file {
                out.push_str("; filename=\"file\"");
            }
            out.push_str("\r\n");
            let value = if field.json {
                out.push_str("Content-Type: application/json\r\n");
                match serde_json::from_str::<Value>(&field.text) {
                    Ok(v) => self.pseudonyms.json(&v).to_string(),
                    Err(_) => self.pseudonyms.text(&field.text),
                }
            } else {
                self.pseudonyms.string(&field.text)
            };
            out.push_str("\r\n");
            out.push_str(&value);
            out.push_str("\r\n");
        }
        out.push_str("--");
        out.push_str(boundary);
        out.push_str("--\r\n");
        out
    }
}

/// Strings of the spec that are structure, not data: the words the checker keeps in reports
/// (literal path segments, server bases, server variable values) and every enum value of a
/// schema (strings and integers), found by the one schema walk of `vsee-spec`.
fn spec_literals(checker: &Checker) -> HashSet<String> {
    let mut out = checker.literals().clone();
    walk::each_schema(checker.spec().document(), &mut |_, schema| {
        for item in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match item {
                Value::String(s) => {
                    out.insert(s.clone());
                }
                Value::Number(n) => {
                    out.insert(n.to_string());
                }
                _ => {}
            }
        }
    });
    out
}
