//! Recorded methods, media types and body pointers as their shape: a recorded value is shown
//! only when it is one the specs' world names (an HTTP method OpenAPI knows, a registered media
//! type, a field name); anything else is `*` or `*/*`, because a request line, a
//! `Content-Type` header or an object key can carry whatever a client put there.

/// The methods an OpenAPI path item can document.
const METHODS: [&str; 8] = [
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
];

/// Registered media types (IANA) a recording of this API plausibly carries.
const MEDIA_TYPES: [&str; 16] = [
    "application/json",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "text/html",
    "text/csv",
    "text/xml",
    "application/xml",
    "application/octet-stream",
    "application/pdf",
    "application/javascript",
    "image/png",
    "image/jpeg",
    "image/gif",
    "application/zip",
];

/// Whether a media type essence is one of the registered types above.
pub(crate) fn is_registered(essence: &str) -> bool {
    MEDIA_TYPES.contains(&essence)
}

/// `method` upper-cased when OpenAPI knows it, `*` otherwise (unless values are shown).
pub fn method(method: &str, show_values: bool) -> String {
    let upper = method.to_ascii_uppercase();
    if show_values || METHODS.contains(&upper.as_str()) {
        upper
    } else {
        "*".to_owned()
    }
}

/// A media type's essence when it is registered (or declared by the spec, `declared`), `*/*`
/// otherwise (unless values are shown).
pub(crate) fn media_type(essence: &str, declared: &[&str], show_values: bool) -> String {
    if show_values || is_registered(essence) || declared.contains(&essence) {
        essence.to_owned()
    } else {
        "*/*".to_owned()
    }
}

/// Whether an object key is a field name (letters, digits, `_`, starting with a letter or `_`,
/// at most 64 characters, not a YAML keyword) rather than data: an API that keys a map by an
/// e-mail address or a patient's name puts data into keys, and such a key is shown as `*`.
pub fn is_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// An RFC 6901 pointer into a body as a pattern: every array index and every key that is not a
/// field name ([`is_field_name`]) becomes `*` (`/data/3/member/jane@x.org` ->
/// `/data/*/member/*`), so the same place in every element has one name, and no data key is
/// shown.
pub fn pointer_pattern(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for token in pointer.split('/').skip(1) {
        out.push('/');
        let name = vsee_spec::pointer::unescape(token);
        if is_field_name(&name) {
            out.push_str(token);
        } else {
            out.push('*');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_and_media_types_are_not_copied() {
        assert_eq!(method("get", false), "GET");
        assert_eq!(method("CANARY_M", false), "*");
        assert_eq!(method("CANARY_M", true), "CANARY_M");
        assert_eq!(
            media_type("application/json", &[], false),
            "application/json"
        );
        assert_eq!(media_type("x-canary/jane-doe", &[], false), "*/*");
        assert_eq!(
            media_type("x-vendor/a", &["x-vendor/a"], false),
            "x-vendor/a"
        );
        assert_eq!(media_type("x-canary/jane", &[], true), "x-canary/jane");
    }

    #[test]
    fn pointer_patterns_hide_indices_and_data_keys() {
        assert_eq!(pointer_pattern(""), "");
        assert_eq!(pointer_pattern("/data/3/status"), "/data/*/status");
        assert_eq!(
            pointer_pattern("/data/0/custom/jane~1doe@x.org/0"),
            "/data/*/custom/*/*"
        );
        assert_eq!(pointer_pattern("/member/first_name"), "/member/first_name");
        assert!(!is_field_name("null"));
        assert!(!is_field_name("Jane Doe"));
        assert!(is_field_name("_links"));
    }
}
