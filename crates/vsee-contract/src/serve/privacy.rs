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

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasher;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{Map, Number, Value};
use vsee_spec::{media, router::split_url, Spec};

use crate::form;
use crate::record::{ExchangeRecord, RecordedRequest, RecordedResponse};

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
    pub fn new(spec: &Spec, keep_values: bool) -> Policy {
        let mut credentials: HashSet<String> =
            CREDENTIAL_HEADERS.iter().map(|h| (*h).to_owned()).collect();
        if let Some(schemes) = spec
            .document()
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
        {
            for scheme in schemes.values() {
                let scheme = spec.deref(scheme).0;
                if scheme.get("in").and_then(Value::as_str) == Some("header") {
                    if let Some(name) = scheme.get("name").and_then(Value::as_str) {
                        credentials.insert(name.to_ascii_lowercase());
                    }
                }
            }
        }
        Policy {
            keep_values,
            pseudonyms: Pseudonymiser::new(spec_literals(spec)),
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
            method: live.method.to_ascii_uppercase(),
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

/// Strings of the spec that are structure, not data: enum values (strings and integers),
/// literal path segments, server base segments and server variable values.
fn spec_literals(spec: &Spec) -> HashSet<String> {
    let mut out = HashSet::new();
    let doc = spec.document();
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "enum" {
                        for item in child.as_array().into_iter().flatten() {
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
                    }
                    stack.push(child);
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    for op in spec.operations_ref() {
        for seg in op.path.split('/') {
            if !seg.is_empty() && !seg.contains('{') {
                out.insert(seg.to_owned());
            }
        }
    }
    for server in doc
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(url) = server.get("url").and_then(Value::as_str) {
            for seg in split_url(url).0.split('/') {
                if !seg.is_empty() && !seg.contains('{') {
                    out.insert(seg.to_owned());
                }
            }
        }
    }
    out
}

/// Keyed, shape-keeping pseudonyms: the same value gets the same pseudonym for the lifetime
/// of one `Pseudonymiser`; the key is random and never leaves memory.
pub(crate) struct Pseudonymiser {
    key: RandomState,
    literals: HashSet<String>,
}

/// A stream of keyed pseudo-random numbers for one value.
struct Stream<'a> {
    key: &'a RandomState,
    value: &'a str,
    counter: u64,
}

impl Stream<'_> {
    fn next(&mut self, below: u64) -> u64 {
        self.counter += 1;
        self.key.hash_one((self.value, self.counter)) % below
    }

    fn pick(&mut self, from: &[u8]) -> char {
        char::from(from[self.next(from.len() as u64) as usize])
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX_LOWER: &[u8] = b"abcdef";
const HEX_UPPER: &[u8] = b"ABCDEF";
const DIGITS: &[u8] = b"0123456789";
const NONZERO: &[u8] = b"123456789";

impl Pseudonymiser {
    pub fn new(literals: HashSet<String>) -> Pseudonymiser {
        Pseudonymiser {
            key: RandomState::new(),
            literals,
        }
    }

    /// Whether a value is a literal of the spec (kept as it is).
    pub fn is_literal(&self, value: &str) -> bool {
        self.literals.contains(value)
    }

    fn stream<'a>(&'a self, value: &'a str) -> Stream<'a> {
        Stream {
            key: &self.key,
            value,
            counter: 0,
        }
    }

    /// A JSON value with every string (and every integer of two or more digits) replaced;
    /// object keys kept.
    pub fn json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.string(s)),
            Value::Number(n) => self.number(n),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.json(v)))
                    .collect::<Map<String, Value>>(),
            ),
            other => other.clone(),
        }
    }

    fn number(&self, n: &Number) -> Value {
        let text = n.to_string();
        let digits = text.trim_start_matches('-');
        if !(n.is_i64() || n.is_u64()) || digits.len() < 2 || self.is_literal(&text) {
            return Value::Number(n.clone());
        }
        // The same digits a numeric string of this value gets, so `575` and `"575"` agree.
        let pseudo = self.generic(digits, false);
        let signed = if text.starts_with('-') {
            format!("-{pseudo}")
        } else {
            pseudo
        };
        serde_json::from_str::<Number>(&signed)
            .map_or_else(|_| Value::Number(n.clone()), Value::Number)
    }

    /// The pseudonym of one string value.
    pub fn string(&self, s: &str) -> String {
        if s.is_empty() || self.is_literal(s) {
            return s.to_owned();
        }
        if let Some(date) = self.date(s) {
            return date;
        }
        if let Some(email) = self.email(s) {
            return email;
        }
        for scheme in ["https://", "http://"] {
            if let Some(rest) = s.strip_prefix(scheme) {
                return format!("{scheme}{}", self.generic_keyed(s, rest, false));
            }
        }
        self.generic(s, looks_hex(s))
    }

    /// Free text (an unparsable body): every run of letters and digits replaced, the rest kept.
    pub fn text(&self, s: &str) -> String {
        self.generic(s, false)
    }

    /// Letters by letters of the same case, digits by digits (a run keeps a non-zero lead
    /// digit non-zero and a zero lead zero), everything else kept.
    fn generic(&self, s: &str, hex: bool) -> String {
        self.generic_keyed(s, s, hex)
    }

    /// [`Pseudonymiser::generic`] of `part`, keyed by the whole value `whole`.
    fn generic_keyed(&self, whole: &str, part: &str, hex: bool) -> String {
        let mut stream = self.stream(whole);
        let mut out = String::with_capacity(part.len());
        let mut prev_digit = false;
        for c in part.chars() {
            let replaced = if c.is_ascii_digit() {
                let lead = !prev_digit;
                if lead && c == '0' {
                    '0'
                } else if lead {
                    stream.pick(NONZERO)
                } else {
                    stream.pick(DIGITS)
                }
            } else if c.is_ascii_lowercase() {
                if hex && c <= 'f' {
                    stream.pick(HEX_LOWER)
                } else {
                    stream.pick(LOWER)
                }
            } else if c.is_ascii_uppercase() {
                if hex && c <= 'F' {
                    stream.pick(HEX_UPPER)
                } else {
                    stream.pick(UPPER)
                }
            } else if c.is_alphanumeric() {
                stream.pick(LOWER)
            } else {
                c
            };
            prev_digit = c.is_ascii_digit();
            out.push(replaced);
        }
        out
    }

    /// `YYYY-MM-DD` (optionally followed by a time) -> another valid date (and time).
    fn date(&self, s: &str) -> Option<String> {
        let b = s.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if !(digits(0..4)
            && b.get(4) == Some(&b'-')
            && digits(5..7)
            && b.get(7) == Some(&b'-')
            && digits(8..10))
        {
            return None;
        }
        let month: u32 = s[5..7].parse().ok()?;
        let day: u32 = s[8..10].parse().ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let mut stream = self.stream(s);
        let mut out = format!(
            "{:04}-{:02}-{:02}",
            1940 + stream.next(70),
            1 + stream.next(12),
            1 + stream.next(28)
        );
        let rest = &s[10..];
        let rb = rest.as_bytes();
        let two = |i: usize| {
            rb.get(i..i + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        if matches!(rb.first(), Some(b'T' | b' ')) && two(1) && rb.get(3) == Some(&b':') && two(4) {
            out.push(char::from(rb[0]));
            out.push_str(&format!("{:02}:{:02}", stream.next(24), stream.next(60)));
            let mut at = 6;
            if rb.get(6) == Some(&b':') && two(7) {
                out.push_str(&format!(":{:02}", stream.next(60)));
                at = 9;
            }
            // Fractions and the zone offset are kept: they say nothing about the patient.
            out.push_str(&rest[at..]);
        } else {
            out.push_str(&self.generic_keyed(s, rest, false));
        }
        Some(out)
    }

    /// `local@domain.tld` -> `pseudo@pseudo.tld`.
    fn email(&self, s: &str) -> Option<String> {
        let (local, domain) = s.split_once('@')?;
        let (host, tld) = domain.rsplit_once('.')?;
        if local.is_empty()
            || host.is_empty()
            || tld.is_empty()
            || domain.contains('@')
            || s.chars().any(char::is_whitespace)
        {
            return None;
        }
        let local = self.generic_keyed(s, local, false);
        let host = self.generic_keyed(&format!("@{s}"), host, false);
        Some(format!("{local}@{host}.{tld}"))
    }
}

/// Hex-looking ids (`57a0705e-1c4c-…`, `56e8c580f55c44a2…`): at least 8 characters of hex
/// digits and dashes, with both digits and letters.
fn looks_hex(s: &str) -> bool {
    s.len() >= 8
        && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pseudonymiser {
        Pseudonymiser::new(
            ["visits", "patient_end_call", "10", "2"]
                .map(String::from)
                .into(),
        )
    }

    fn shape(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => '9',
                'a'..='z' => 'a',
                'A'..='Z' => 'A',
                other => other,
            })
            .collect()
    }

    #[test]
    fn same_value_same_pseudonym_and_shape_kept() {
        let p = p();
        for value in ["Jane Q. Patient", "6505551234", "(334) 229-4100", "A1b2-C3"] {
            let a = p.string(value);
            assert_eq!(a, p.string(value));
            assert_ne!(a, value);
            assert_eq!(shape(&a), shape(value), "{value}");
        }
    }

    #[test]
    fn literals_kept_and_empty_kept() {
        let p = p();
        assert_eq!(p.string("patient_end_call"), "patient_end_call");
        assert_eq!(p.string("10"), "10");
        assert_eq!(p.string(""), "");
    }

    #[test]
    fn dates_stay_valid_dates_and_emails_stay_emails() {
        let p = p();
        let d = p.string("1983-02-02");
        assert_ne!(d, "1983-02-02");
        let (y, m, day) = (&d[0..4], &d[5..7], &d[8..10]);
        assert!(y.parse::<u32>().is_ok());
        assert!((1..=12).contains(&m.parse::<u32>().unwrap()));
        assert!((1..=28).contains(&day.parse::<u32>().unwrap()));
        let t = p.string("2021-03-16T23:59:58.123Z");
        assert!(t.ends_with(".123Z") && t.as_bytes()[10] == b'T', "{t}");
        let e = p.string("anton+1@vsee.com");
        assert!(
            e.ends_with(".com") && e.contains('@') && e.contains('+'),
            "{e}"
        );
        assert_ne!(e, "anton+1@vsee.com");
    }

    #[test]
    fn hex_stays_hex_and_numbers_keep_digit_count() {
        let p = p();
        let h = p.string("56e8c536-566c-44b6-bbca-66f0ac1f0144");
        assert!(looks_hex(&h), "{h}");
        let n = p.json(&serde_json::json!(14396847));
        assert_eq!(n.to_string().len(), 8);
        assert_ne!(n, serde_json::json!(14396847));
        assert_eq!(
            n.to_string(),
            p.string("14396847"),
            "an id as number and as string agree"
        );
        assert_eq!(p.json(&serde_json::json!(7)), serde_json::json!(7));
        assert_eq!(p.json(&serde_json::json!(2.5)), serde_json::json!(2.5));
    }

    #[test]
    fn another_key_gives_other_pseudonyms() {
        let (a, b) = (p(), p());
        assert_ne!(a.string("Jane Q. Patient"), b.string("Jane Q. Patient"));
    }
}
