//! HAR 1.2 entries: small, tolerant serde structs for one `log.entries[i]` and their conversion
//! to an [`Exchange`]. Framing the file into entries is [`super::har_framing`]'s job.

use std::fmt;

use std::borrow::Cow;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::input::decode::{self, ItemWording};
use crate::input::exchange::{decode_base64, Body, Exchange, Message, Response};
use crate::input::form::Field;
use crate::input::har_framing::RawEntry;
use crate::privacy::debug::{opt_bytes, Bytes, UrlShape};
use crate::privacy::messages;

/// `log.entries[i]`, the parts this tool reads. Every field but `request.method`,
/// `request.url` is optional, `null` is accepted for optional fields, and unknown fields
/// (`_initiator`, `timings`, ...) are ignored.
///
/// `Debug` of these types shows structure only (method, URL shape, media types,
/// sizes), never a recorded value: entries hold tokens and patient data.
#[derive(Deserialize)]
pub struct HarEntry {
    pub request: HarRequest,
    #[serde(default)]
    pub response: Option<HarResponse>,
}

#[derive(Deserialize)]
pub struct HarRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: ContentType,
    #[serde(default, rename = "postData")]
    pub post_data: Option<HarPostData>,
}

/// Of a recorded header list, the one value this tool reads: the first `Content-Type`'s.
/// The other headers (tokens, cookies) are read past without being copied.
#[derive(Default)]
pub struct ContentType(pub Option<String>);

/// One `{name, value}` of a header list; `null` reads as absent.
#[derive(Deserialize)]
struct HeaderRef<'a> {
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
    #[serde(default, borrow)]
    value: Option<Text<'a>>,
}

/// A string borrowed from the entry's bytes where it has no escapes. (serde borrows a field
/// only when its type is `Cow<str>` itself: an `Option<Cow<str>>` would always be copied.)
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'de> Deserialize<'de> for ContentType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Headers;
        impl<'de> Visitor<'de> for Headers {
            type Value = ContentType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of headers")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<ContentType, E> {
                Ok(ContentType(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<ContentType, E> {
                Ok(ContentType(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ContentType, D::Error> {
                d.deserialize_seq(Headers)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ContentType, A::Error> {
                let mut found = None;
                while let Some(header) = seq.next_element::<HeaderRef<'de>>()? {
                    let is_content_type = header
                        .name
                        .as_ref()
                        .is_some_and(|n| n.0.eq_ignore_ascii_case("content-type"));
                    if found.is_none() && is_content_type {
                        found = Some(header.value.map(|v| v.0.into_owned()).unwrap_or_default());
                    }
                }
                Ok(ContentType(found))
            }
        }
        d.deserialize_option(Headers)
    }
}

#[derive(Deserialize)]
pub struct HarPostData {
    #[serde(default, rename = "mimeType")]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub params: Vec<HarParam>,
    /// Not in HAR 1.2, but some exporters base64-encode binary request bodies.
    #[serde(default)]
    pub encoding: Option<String>,
}

#[derive(Deserialize)]
pub struct HarParam {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default, rename = "fileName")]
    pub file_name: Option<String>,
    #[serde(default, rename = "contentType")]
    pub content_type: Option<String>,
}

#[derive(Deserialize)]
pub struct HarResponse {
    #[serde(deserialize_with = "lenient_status")]
    pub status: i64,
    #[serde(default)]
    pub headers: ContentType,
    #[serde(default)]
    pub content: Option<HarContent>,
}

#[derive(Deserialize)]
pub struct HarContent {
    #[serde(default, rename = "mimeType")]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default, deserialize_with = "lenient_size")]
    pub size: Option<i64>,
}

impl fmt::Debug for HarEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarEntry")
            .field("request", &self.request)
            .field("response", &self.response)
            .finish()
    }
}

impl fmt::Debug for HarRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarRequest")
            .field("method", &self.method)
            .field("url", &UrlShape(&self.url))
            .field("headers", &self.headers)
            .field("post_data", &self.post_data)
            .finish()
    }
}

impl fmt::Debug for ContentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContentType")
            .field("value", &opt_bytes(self.0.as_ref()))
            .finish()
    }
}

impl fmt::Debug for HarPostData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarPostData")
            .field("mime_type", &self.mime_type)
            .field("text", &opt_bytes(self.text.as_ref()))
            .field("params", &self.params)
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl fmt::Debug for HarParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarParam")
            .field("name", &self.name)
            .field("value", &opt_bytes(self.value.as_ref()))
            .field("file_name", &opt_bytes(self.file_name.as_ref()))
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl fmt::Debug for HarResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("content", &self.content)
            .finish()
    }
}

impl fmt::Debug for HarContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarContent")
            .field("mime_type", &self.mime_type)
            .field("text", &opt_bytes(self.text.as_ref()))
            .field("encoding", &self.encoding)
            .field("size", &self.size)
            .finish()
    }
}

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A number or a string, read without buffering (an untagged enum would copy the value
/// first, for every entry).
enum NumOrString {
    Int(i64),
    Float(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for NumOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;
        impl<'de> Visitor<'de> for Scalar {
            type Value = NumOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a numeric string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumOrString, E> {
                Ok(NumOrString::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumOrString, E> {
                Ok(i64::try_from(v).map_or(NumOrString::Float(v as f64), NumOrString::Int))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumOrString, E> {
                Ok(NumOrString::Float(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumOrString, E> {
                Ok(NumOrString::Text(v.to_owned()))
            }
        }
        d.deserialize_any(Scalar)
    }
}

/// A status as an integer or a numeric string (`"200"`). A number written with a fraction or
/// an exponent (`200.0`, `1e-400`) is not a status code: read as one, `1e-400` became 0 ("not
/// recorded") and passed silently.
fn lenient_status<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match NumOrString::deserialize(d)? {
        NumOrString::Int(i) => Ok(i),
        NumOrString::Text(s) if s.trim().parse::<i64>().is_ok() => {
            Ok(s.trim().parse().unwrap_or(0))
        }
        _ => Err(serde::de::Error::custom(
            "`status` is not an integer status code",
        )),
    }
}

fn lenient_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<NumOrString>::deserialize(d)? {
        Some(NumOrString::Int(i)) => Some(i),
        Some(NumOrString::Float(f)) => Some(f as i64),
        Some(NumOrString::Text(s)) => s.trim().parse().ok(),
        None => None,
    })
}

/// Why an entry could not be read: a message without values, and the serde path. `Debug`
/// leaves out `detail`.
pub struct EntryError {
    pub message: String,
    /// The serde message, which may quote values (shown only with `--show-values`).
    pub detail: String,
    /// 1-based line inside the entry's bytes (0 when unknown).
    pub line: usize,
    /// 1-based column inside that line (0 when unknown).
    pub column: usize,
}

impl fmt::Debug for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntryError")
            .field("message", &self.message)
            .field("detail", &Bytes(self.detail.len()))
            .field("line", &self.line)
            .finish()
    }
}

/// Parses one entry's bytes into an [`Exchange`].
pub fn parse_entry(bytes: &[u8]) -> Result<Exchange, EntryError> {
    const WORDING: ItemWording = ItemWording {
        noun: "HAR entry",
        expected: "expected an object with `request`",
        see: "",
        syntax_noun: "HAR entry",
        problem: |err| messages::json_problem(err).to_owned(),
    };
    let entry: HarEntry = decode::decode_item(bytes, &WORDING).map_err(|f| EntryError {
        message: f.message,
        detail: f.detail,
        line: f.line,
        column: f.column,
    })?;
    entry_to_exchange(entry)
}

/// An entry that did not decode, located in its file. `Debug` leaves out `detail`.
pub(crate) struct UnreadableEntry {
    /// The line in the file where the problem is (where the entry starts when unknown).
    pub line: u64,
    /// What is wrong and where (`... at line L column C`), without values.
    pub message: String,
    /// serde's message, which may quote values (shown only with `--show-values`).
    pub detail: String,
}

impl fmt::Debug for UnreadableEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnreadableEntry")
            .field("line", &self.line)
            .field("message", &self.message)
            .field("detail", &Bytes(self.detail.len()))
            .finish()
    }
}

/// Reads one framed entry into an [`Exchange`]: the one HAR entry reader (`validate`'s workers
/// and [`crate::each_exchange`]). An error is located in the file: the entry's own start plus
/// the place inside it.
pub(crate) fn read_entry(raw: &RawEntry) -> Result<Exchange, UnreadableEntry> {
    parse_entry(&raw.bytes).map_err(|err| {
        let line = if err.line > 0 {
            raw.line + err.line as u64 - 1
        } else {
            raw.line
        };
        // On the entry's first line, columns add up.
        let column = match (err.line, err.column) {
            (1, c) if c > 0 => raw.column + c as u64 - 1,
            (_, c) => c as u64,
        };
        let message = if err.line > 0 && column > 0 {
            format!("{} at line {line} column {column}", err.message)
        } else {
            format!(
                "{} (entry starts at line {} column {})",
                err.message, raw.line, raw.column
            )
        };
        UnreadableEntry {
            line,
            message,
            detail: err.detail,
        }
    })
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn entry_to_exchange(entry: HarEntry) -> Result<Exchange, EntryError> {
    let HarEntry { request, response } = entry;
    let request_media = request
        .post_data
        .as_ref()
        .and_then(|p| non_empty(p.mime_type.clone()))
        .or(request.headers.0);
    let request_body = match request.post_data {
        None => Body::Absent,
        Some(post) => {
            let has_text = post.text.as_deref().is_some_and(|t| !t.is_empty());
            if !has_text && !post.params.is_empty() {
                Body::Fields(
                    post.params
                        .into_iter()
                        .map(|p| Field {
                            json: p
                                .content_type
                                .as_deref()
                                .is_some_and(vsee_spec::media::is_json),
                            file: p.file_name.is_some(),
                            name: p.name,
                            text: p.value.unwrap_or_default(),
                        })
                        .collect(),
                )
            } else {
                decode_text(post.text, post.encoding.as_deref(), None)
            }
        }
    };
    // Browsers record blocked or cancelled requests with status 0.
    let response = response.filter(|r| r.status > 0);
    let status = match &response {
        Some(r) => u16::try_from(r.status).map_err(|_| EntryError {
            message: "HAR entry has the wrong shape at `response.status` (not an HTTP status \
                      code: larger than 65535)"
                .to_owned(),
            detail: format!("status {}", r.status),
            line: 0,
            column: 0,
        })?,
        None => 0,
    };
    let response = response.map(|r| {
        let content = r.content;
        let media = content
            .as_ref()
            .and_then(|c| non_empty(c.mime_type.clone()))
            .or(r.headers.0);
        let body = match content {
            None => Body::Absent,
            Some(c) => decode_text(c.text, c.encoding.as_deref(), c.size),
        };
        Response {
            status,
            message: Message {
                media_type: media,
                body,
            },
        }
    });
    Ok(Exchange {
        method: request.method,
        url: request.url,
        request: Message {
            media_type: request_media,
            body: request_body,
        },
        response,
    })
}

/// `text` + `encoding` (+ `size`) -> a body. A missing text means the exporter did not record
/// the body (not checked, and counted as such in the coverage). An empty text is an empty body,
/// unless the size says there were bytes: then the exporter dropped them, and saying so is a
/// finding rather than a silent pass. Only `base64` is an encoding this tool decodes; a body
/// marked with any other (`gzip`, ...) cannot be read as sent, which is a finding too.
fn decode_text(text: Option<String>, encoding: Option<&str>, size: Option<i64>) -> Body {
    let encoding = encoding.map(str::trim).filter(|e| !e.is_empty());
    let base64 =
        match encoding {
            None => false,
            Some(e) if e.eq_ignore_ascii_case("base64") => true,
            // The name is recorded data: not quoted.
            Some(_) => return Body::Invalid(
                "body is marked with an `encoding` other than `base64`, which this tool cannot \
                 decode, so it is not checked; record the body as text or base64"
                    .to_owned(),
            ),
        };
    match text {
        None => {
            if size == Some(0) {
                Body::Empty
            } else {
                Body::Absent
            }
        }
        Some(t) if t.is_empty() => match size {
            Some(s) if s > 0 => Body::Invalid(format!(
                "body is recorded as empty text, but `content.size` says it had {s} bytes: the \
                 exporter did not save it, so it is not checked"
            )),
            _ => Body::Empty,
        },
        Some(t) => {
            if base64 {
                match decode_base64(&t) {
                    Ok(bytes) if bytes.is_empty() => Body::Empty,
                    Ok(bytes) => Body::Bytes(bytes),
                    Err(_) => Body::Invalid("body is marked base64 but is not valid base64".into()),
                }
            } else {
                Body::Text(t)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_written_as_a_float_is_not_a_status() {
        for status in ["200.0", "1e-400", "2e2"] {
            let text = format!(
                r#"{{"request": {{"method": "GET", "url": "/visits"}}, "response": {{"status": {status}}}}}"#
            );
            let err = parse_entry(text.as_bytes()).unwrap_err();
            assert!(
                err.message.contains("response.status"),
                "{status}: {}",
                err.message
            );
        }
        let ok =
            br#"{"request": {"method": "GET", "url": "/visits"}, "response": {"status": "200"}}"#;
        assert_eq!(parse_entry(ok).unwrap().response.unwrap().status, 200);
    }

    #[test]
    fn the_first_content_type_header_is_the_media_type_when_mime_type_is_absent() {
        let e = parse_entry(
            br#"{"request": {"method": "POST", "url": "/intakes", "headers": [
                    {"name": null, "value": "x"}, {"name": "X-ApiToken"},
                    {"name": "content-type", "value": "application/x-www-form-urlencoded"},
                    {"name": "Content-Type", "value": "text/plain"}],
                  "postData": {"text": "a=1"}},
                "response": {"status": 200, "headers": null, "content": {"text": "{}"}}}"#,
        )
        .unwrap();
        assert_eq!(
            e.request.media_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(e.response.unwrap().message.media_type, None);
        let err = parse_entry(
            br#"{"request": {"method": "GET", "url": "/", "headers": {"Content-Type": "a/b"}}}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("request.headers"), "{}", err.message);
    }

    #[test]
    fn entry_quirks() {
        let e = parse_entry(br#"{"request": {"method": "GET", "url": "/visits", "headers": null},
            "response": {"status": "200", "content": {"mimeType": "application/json; charset=utf-8", "size": 5, "text": "eyJhIjoxfQ==", "encoding": "base64"}}}"#).unwrap();
        let r = e.response.unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.message.body, Body::Bytes(b"{\"a\":1}".to_vec()));
        let e = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 0}}"#,
        )
        .unwrap();
        assert!(e.response.is_none());
        let err = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": "Jane"}}"#,
        )
        .unwrap_err();
        assert!(!err.message.contains("Jane"), "{}", err.message);
        assert!(err.message.contains("response.status"), "{}", err.message);
        let err = parse_entry(br#"[1]"#).unwrap_err();
        assert!(err.message.contains("wrong shape"));
        let err = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 70000}}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("response.status"), "{}", err.message);
        assert!(!err.message.contains("70000"), "{}", err.message);
        let ok = parse_entry(
            br#"{"request": {"method": "GET", "url": "/"}, "response": {"status": 65535}}"#,
        )
        .unwrap();
        assert_eq!(ok.response.unwrap().status, 65535);
    }
}
