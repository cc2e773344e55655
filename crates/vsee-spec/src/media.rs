//! Media types: the one set of rules for reading the keys of a `content` map.
//!
//! * [`essence`]: `type/subtype` in lower case, parameters (`; charset=utf-8`) dropped;
//! * [`is_json`]: `application/json` and every structured-syntax `+json` type
//!   (`application/problem+json`, `application/vnd.vsee+json`), with any parameters;
//! * [`is_wildcard`]: `*/*`. It is **not** JSON: a response declared as `*/*` may hold
//!   anything. [`json_body`] still falls back to it when a response declares no JSON media
//!   type at all, because a JSON API that writes `*/*` almost always sends JSON there; a JSON
//!   media type, wherever it is listed, is always preferred;
//! * [`slug`]: the short name used in published request file names (`json`, `form`, ...).
//!
//! `vsee-spec` uses these everywhere it looks at a media type (the JSON Schema conversion, the
//! lint); other crates should use them too instead of their own copies.

/// `type/subtype` in lower case without parameters or surrounding spaces:
/// `"Application/JSON; charset=UTF-8"` -> `"application/json"`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a body of this media type is JSON: `application/json` or any `+json` suffix
/// (RFC 6839), parameters ignored. `*/*`, `application/*` and `text/plain` are not.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || essence.split_once('/').is_some_and(|(ty, sub)| {
            ty != "*" && sub.len() > "+json".len() && sub.ends_with("+json")
        })
}

/// Whether the media type is the full wildcard `*/*` (parameters ignored).
pub fn is_wildcard(media_type: &str) -> bool {
    essence(media_type) == "*/*"
}

/// The entry whose body is read as JSON, from `(media type, value)` pairs in spec order: the
/// first JSON one ([`is_json`]); when there is none, the first `*/*`; else `None`.
///
/// This is how a published response schema is chosen (`response.<status>.json`). Before this
/// rule existed, the first entry that was JSON *or* `*/*` won; the two differ only for a
/// response that lists `*/*` before a JSON type, which `spec/vsee.yaml` does not do, so the
/// published files did not change.
pub fn json_body<'a, T>(entries: impl IntoIterator<Item = (&'a str, T)>) -> Option<(&'a str, T)> {
    let mut wildcard = None;
    for (media_type, value) in entries {
        if is_json(media_type) {
            return Some((media_type, value));
        }
        if wildcard.is_none() && is_wildcard(media_type) {
            wildcard = Some((media_type, value));
        }
    }
    wildcard
}

/// Media type -> slug used in request file names: `json`, `form`
/// (`application/x-www-form-urlencoded`), `multipart` (`multipart/form-data`), else the
/// essence with every run of non-alphanumerics as one `-` (`text/plain` -> `text-plain`).
/// The result holds only `[a-z0-9-]` and is never empty (`*/*` -> `any`), so it is always
/// safe in a file name.
pub fn slug(media_type: &str) -> String {
    let essence = essence(media_type);
    match essence.as_str() {
        "application/json" => "json".into(),
        "application/x-www-form-urlencoded" => "form".into(),
        "multipart/form-data" => "multipart".into(),
        other => {
            let mut slug = String::with_capacity(other.len());
            for c in other.chars() {
                if c.is_ascii_alphanumeric() {
                    slug.push(c);
                } else if !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            let slug = slug.trim_matches('-');
            if slug.is_empty() {
                "any".into()
            } else {
                slug.to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essence_drops_parameters_and_case() {
        assert_eq!(
            essence(" Application/JSON ; charset=UTF-8"),
            "application/json"
        );
        assert_eq!(essence("*/*"), "*/*");
    }

    #[test]
    fn json_media_types() {
        for yes in [
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/problem+json",
            "application/vnd.vsee.v3+json;q=1",
        ] {
            assert!(is_json(yes), "{yes}");
        }
        for no in [
            "*/*",
            "application/*",
            "text/plain",
            "application/jsonx",
            "application/+json",
            "*/+json",
            "application/pdf",
            "",
        ] {
            assert!(!is_json(no), "{no}");
        }
        assert!(is_wildcard("*/*; q=0.1"));
        assert!(!is_wildcard("application/*"));
    }

    #[test]
    fn json_body_prefers_json_over_an_earlier_wildcard() {
        let pick = |list: &[&'static str]| json_body(list.iter().map(|m| (*m, ()))).map(|p| p.0);
        assert_eq!(pick(&["*/*", "application/json"]), Some("application/json"));
        assert_eq!(pick(&["application/pdf", "*/*"]), Some("*/*"));
        assert_eq!(pick(&["application/pdf", "text/plain"]), None);
        assert_eq!(
            pick(&["text/plain", "application/problem+json", "application/json"]),
            Some("application/problem+json")
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("application/json; charset=utf-8"), "json");
        assert_eq!(slug("application/x-www-form-urlencoded"), "form");
        assert_eq!(slug("multipart/form-data; boundary=x"), "multipart");
        assert_eq!(
            slug("application/vnd.vsee+json"),
            "application-vnd-vsee-json"
        );
        assert_eq!(slug("text/plain"), "text-plain");
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug("*/*"), "any");
    }
}
