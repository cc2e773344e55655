//! The privacy policy of recordings: what of live traffic may reach a recording file.
//!
//! One entry point, [`Policy::record`]: a live exchange in, a [`RecordLine`] out.
//!
//! * **Credentials never**: no header is recorded but `Content-Type` (as `media_type`); with
//!   `keep_values` the other headers are kept except credentials ([`Policy::is_credential`]:
//!   `X-ApiToken`, `X-ApiKey`, `X-ApiSecret`, `Authorization`, `Proxy-Authorization`,
//!   `Cookie`, `Set-Cookie`, and every header a security scheme of the spec names).
//! * **Values, by default, as pseudonyms** (`Values`): every string and every number of
//!   two or more digits, in JSON and form bodies, query values and path segments, is replaced
//!   by a keyed pseudonym of the same shape, made from the text that was sent (digits by
//!   digits, letters by letters of the same case, hex by hex, punctuation kept; emails keep
//!   their top-level domain, URLs their scheme; a number keeps its sign, point, exponent,
//!   digit count and the way the checker reads it). The same text gets the same pseudonym
//!   throughout one run (one key, drawn at random per run and never written), so ids still
//!   join up, and `575` and `"575"` agree.
//! * **Timestamps shifted** (`timeshift`): dates and date-times anywhere, and unix
//!   times at the places the spec marks `x-vsee-type: unix-time`, all move by one secret
//!   number of days per run, so order and durations survive. Nothing else is shifted.
//! * **Kept**, as structure rather than data: object keys and form field names, literals of
//!   the spec (enum values, by value for numbers; path words; server bases), booleans, null,
//!   numbers of one digit, and in an error response (status 400 or more) the top-level
//!   `code` and `status` members when they are an HTTP status (an integer from 100 to 599).
//! * **Media types as structure only**: the essence when it is registered or declared by the
//!   spec (another one is recorded as `application/x-unrecorded`, or
//!   `application/x-unrecorded+json` for a `+json` type), a well-known `charset` spelled
//!   canonically, and for multipart bodies a boundary of the recording's own.
//! * **Every body recorded so that `validate` finds what the live check found**
//!   (`recorded_body`): the same keyword at the same place for JSON, form, multipart,
//!   text, binary, empty, undeclared and unparsable bodies.
//!
//! With `keep_values`, values, media types and bodies are recorded as sent (a JSON body as its
//! exact text, numbers included; line breaks between tokens become spaces, as one exchange is
//! one line).

pub(crate) mod form_value;
pub(crate) mod json_text;
pub(crate) mod number;
pub(crate) mod promises;
pub(crate) mod pseudonym;
pub(crate) mod record_line;
pub(crate) mod recorded_body;
pub(crate) mod timeshift;
pub(crate) mod values;

use std::collections::{BTreeMap, HashSet};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::Value;
use vsee_spec::{router::split_url, walk, Spec};

pub use self::pseudonym::NoRandomKey;
use self::pseudonym::Pseudonymiser;
use self::record_line::LineMessage;
pub use self::record_line::RecordLine;
use self::values::{unix_time_names, Values};
use crate::check::Checker;

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
pub struct LiveMessage<'a> {
    /// Header name -> value (lossy text).
    pub headers: Vec<(String, String)>,
    /// The `Content-Type` as the live check read it (absent when missing or not readable).
    pub media_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// One exchange of live traffic.
pub struct LiveExchange<'a> {
    pub method: &'a str,
    /// Path and query as the client sent them.
    pub target: &'a str,
    pub request: LiveMessage<'a>,
    /// Status and message; `None` when no response came back.
    pub response: Option<(u16, LiveMessage<'a>)>,
}

/// What may be recorded.
pub struct Policy {
    pub(super) keep_values: bool,
    pub(super) values: Values,
    /// Lower-case header names never recorded.
    credentials: HashSet<String>,
    /// Media type essences the spec declares (recorded as they are).
    pub(super) declared: HashSet<String>,
}

impl Policy {
    /// The policy for one recording, with a random key; `keep_values` records values as sent
    /// (never credentials).
    pub fn new(checker: &Checker, keep_values: bool) -> Result<Policy, NoRandomKey> {
        Ok(Policy::with(checker, keep_values, Pseudonymiser::random()?))
    }

    /// The policy with a fixed key: the same pseudonyms and time shift on every run.
    #[cfg(test)]
    pub fn seeded(checker: &Checker, keep_values: bool, seed: &[u8]) -> Policy {
        Policy::with(checker, keep_values, Pseudonymiser::seeded(seed))
    }

    fn with(checker: &Checker, keep_values: bool, pseudonyms: Pseudonymiser) -> Policy {
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
            values: Values::new(pseudonyms, spec_literals(checker), unix_time_names(spec)),
            credentials,
            declared: declared_media_types(spec),
        }
    }

    /// The value policy (shared with the fuzz target's checks).
    pub(crate) fn values(&self) -> &Values {
        &self.values
    }

    /// Whether a header is never recorded.
    pub fn is_credential(&self, header: &str) -> bool {
        self.credentials.contains(&header.to_ascii_lowercase())
    }

    /// The record of a live exchange under this policy.
    pub fn record(&self, live: &LiveExchange<'_>) -> RecordLine {
        let (media_type, body) = self.message(&live.request, None);
        let request = LineMessage::new(None, self.headers(&live.request.headers), media_type, body);
        let response = live.response.as_ref().map(|(status, message)| {
            let (media_type, body) = self.message(message, Some(*status));
            LineMessage::new(
                Some(*status),
                self.headers(&message.headers),
                media_type,
                body,
            )
        });
        RecordLine {
            method: crate::privacy::shape::method(live.method, self.keep_values),
            url: self.target(live.target),
            request,
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

    /// Path segments that are not spec literals and query values, through the value policy.
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
            if self.values.is_literal(&decoded) {
                out.push_str(seg);
            } else {
                let pseudo = form_value::form_value(&self.values, &decoded, None);
                out.extend(utf8_percent_encode(&pseudo, SEGMENT));
                out.push_str(suffix);
            }
        }
        if let Some(query) = query {
            out.push('?');
            let pairs = form_urlencoded::parse(query.as_bytes());
            out.push_str(&self.form_pairs(pairs.map(|(k, v)| (k.into_owned(), v.into_owned()))));
        }
        out
    }

    /// `name=value&...` with each value through [`form_value`](form_value::form_value) under its name
    /// (`start[]` and `start[0]` count as `start`).
    pub(super) fn form_pairs(&self, pairs: impl Iterator<Item = (String, String)>) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            let base = k.split('[').next().unwrap_or(&k);
            ser.append_pair(&k, &form_value::form_value(&self.values, &v, Some(base)));
        }
        ser.finish()
    }
}

/// Strings of the spec that are structure, not data: the words the checker keeps in reports
/// (literal path segments, server bases, server variable values) and every enum value of a
/// schema (strings and numbers), found by the one schema walk of `vsee-spec`.
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

/// The essences of every media type the spec declares for a request or response body.
fn declared_media_types(spec: &Spec) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |owner: &Value| {
        let (owner, _) = spec.deref(owner);
        for key in owner
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|c| c.keys())
        {
            out.insert(vsee_spec::media::essence(key));
        }
    };
    for op in spec.operations_ref() {
        let Some(op_value) = vsee_spec::pointer::get(spec.document(), &op.pointer) else {
            continue;
        };
        if let Some(body) = op_value.get("requestBody") {
            add(body);
        }
        for response in op_value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|r| r.values())
        {
            add(response);
        }
    }
    out
}
