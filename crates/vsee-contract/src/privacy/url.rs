//! Recorded URLs and paths as their shape: a path segment is kept only when it is a known word,
//! every other segment (ids, names, tokens) is `*`; the host and query values are never shown.
//!
//! One policy with one rule for every caller; what counts as a "known word" is the caller's
//! vocabulary: the spec's literal path segments in reports, the shape of the API's words in
//! `Debug` output (which has no spec at hand).

use vsee_spec::router::split_url;

/// The path of `url` (scheme, host, query and fragment dropped), each segment kept when
/// `known` accepts it (with or without a `.json` suffix) and `*` otherwise; `/` when empty.
pub(crate) fn shape_path(url: &str, known: &dyn Fn(&str) -> bool) -> String {
    let (path, _) = split_url(url);
    let mut out = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        let bare = seg.strip_suffix(".json").unwrap_or(seg);
        if known(seg) {
            out.push_str(seg);
        } else if known(bare) {
            out.push_str(bare);
            out.push_str(".json");
        } else {
            out.push('*');
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A whole URL's shape: `scheme://…` for an absolute URL, [`shape_path`] for the path, and
/// query keys kept by the same rule with every value `…`.
pub(crate) fn shape_url(url: &str, known: &dyn Fn(&str) -> bool) -> String {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let mut out = String::new();
    if let Some(i) = url.split_once('?').map_or(url, |(t, _)| t).find("://") {
        let scheme = &url[..i];
        if scheme.bytes().all(|b| b.is_ascii_alphabetic()) {
            out.push_str(scheme);
        } else {
            out.push('*');
        }
        out.push_str("://…");
    }
    out.push_str(&shape_path(url, known));
    if let Some((_, query)) = url.split_once('?') {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            let bare = key.trim_end_matches("[]").trim_end_matches("%5B%5D");
            if known(bare) {
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
/// words and parameter names, unlike ids, names and tokens. The vocabulary of `Debug` output.
pub(crate) fn api_word(seg: &str) -> bool {
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
            shape_url(
                "https://api.vseepreview.com/vc/next/api_v3/visits/7727.json?version=2&x=Jane#f",
                &api_word
            ),
            "https://…/vc/next/api_v3/visits/*?version=…&x=…"
        );
        assert_eq!(
            shape_url(
                "/intakes/Jane%20Q.%20Patient/tok_SECRET?Name=1&a[]=2&flag",
                &api_word
            ),
            "/intakes/*/*?*=…&a[]=…&flag"
        );
        assert_eq!(
            shape_url("/visits/add_walkin.json", &api_word),
            "/visits/add_walkin.json"
        );
        assert_eq!(shape_url("/p12345", &api_word), "/*");
        assert_eq!(shape_url("https://host.example", &api_word), "https://…/");
    }

    #[test]
    fn paths_keep_only_known_words() {
        let known = |s: &str| ["visits", "api_v3"].contains(&s);
        assert_eq!(
            shape_path("https://h/api_v3/visits/7727.json?x=1", &known),
            "/api_v3/visits/*"
        );
        assert_eq!(shape_path("/visits.json", &known), "/visits.json");
        assert_eq!(shape_path("", &known), "/");
    }
}
