//! Pieces of the redacting `Debug` impls of the types that hold recorded traffic.
//!
//! Recorded exchanges carry tokens (`X-ApiToken`) and patient data (bodies, query strings, path
//! segments), and `Debug` output ends up in logs, panic messages and test failures. Those
//! types therefore show their structure only: method, the shape of the URL, media types,
//! header names, and the size or JSON type of a body, never a recorded value.

use std::fmt;

use serde_json::Value;

/// `<N bytes>` in place of a value.
pub(crate) struct Bytes(pub usize);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// `<N bytes>` for a present value, `None` for an absent one.
pub(crate) fn opt_bytes(value: Option<&String>) -> Option<Bytes> {
    value.map(|v| Bytes(v.len()))
}

/// The JSON type (and size) of a value in place of the value.
pub(crate) struct JsonShape<'a>(pub &'a Value);

impl fmt::Debug for JsonShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(map) => write!(f, "<json object, {} members>", map.len()),
            Value::Array(items) => write!(f, "<json array, {} items>", items.len()),
            other => write!(f, "<json {}>", super::messages::json_type(other)),
        }
    }
}

/// A URL or path with every value hidden: the host is `…`, a path segment is kept only when it
/// looks like a word of the API (`visits`, `add_walkin`, `api_v3`, `visits.json`) and is `*`
/// otherwise (ids, names, tokens), query keys are kept the same way and values are `…`.
pub(crate) struct UrlShape<'a>(pub &'a str);

impl fmt::Debug for UrlShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\"",
            super::url::shape_url(self.0, &super::url::api_word)
        )
    }
}
