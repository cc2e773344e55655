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
            other => write!(f, "<json {}>", crate::messages::json_type(other)),
        }
    }
}

/// A URL or path with every value hidden: the host is `…`, a path segment is kept only when it
/// looks like a word of the API (`visits`, `add_walkin`, `api_v3`, `visits.json`) and is `*`
/// otherwise (ids, names, tokens), query keys are kept the same way and values are `…`.
pub(crate) struct UrlShape<'a>(pub &'a str);

impl fmt::Debug for UrlShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", url_shape(self.0))
    }
}

fn url_shape(url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let (target, query) = match url.split_once('?') {
        Some((t, q)) => (t, Some(q)),
        None => (url, None),
    };
    let mut out = String::new();
    let path = match target.find("://") {
        Some(i) => {
            let scheme = &target[..i];
            if scheme.bytes().all(|b| b.is_ascii_alphabetic()) {
                out.push_str(scheme);
            } else {
                out.push('*');
            }
            out.push_str("://…");
            let after = &target[i + 3..];
            after.find('/').map_or("", |j| &after[j..])
        }
        None => target,
    };
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if seg.is_empty() || api_word(seg.strip_suffix(".json").unwrap_or(seg)) {
            out.push_str(seg);
        } else {
            out.push('*');
        }
    }
    if let Some(query) = query {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            let bare = key.trim_end_matches("[]").trim_end_matches("%5B%5D");
            if api_word(bare) {
                out.push_str(key);
            } else {
                out.push('*');
            }
            if pair.contains('=') {
                out.push_str("=…");
            }
        }
    }
    out
}

/// `[a-z][a-z0-9_]*`, at most 32 characters and 2 digits: the shape of the API's own path
/// words and parameter names, unlike ids, names and tokens.
fn api_word(seg: &str) -> bool {
    let bytes = seg.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 32
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && bytes.iter().filter(|b| b.is_ascii_digit()).count() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_shapes_hide_values() {
        assert_eq!(
            url_shape(
                "https://api.vseepreview.com/vc/next/api_v3/visits/7727.json?version=2&x=Jane#f"
            ),
            "https://…/vc/next/api_v3/visits/*?version=…&x=…"
        );
        assert_eq!(
            url_shape("/intakes/Jane%20Q.%20Patient/tok_SECRET?Name=1&a[]=2&flag"),
            "/intakes/*/*?*=…&a[]=…&flag"
        );
        assert_eq!(
            url_shape("/visits/add_walkin.json"),
            "/visits/add_walkin.json"
        );
        assert_eq!(url_shape("/p12345"), "/*");
    }
}
