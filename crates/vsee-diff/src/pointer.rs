//! RFC 6901 JSON pointers (the few helpers this crate needs).

/// `parent` + one escaped token.
pub(crate) fn push(parent: &str, token: &str) -> String {
    format!("{parent}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// Reverses the escaping of one token.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The unescaped tokens of a pointer.
pub(crate) fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(unescape)
        .collect()
}

/// The pointer of a local reference: `#/components/schemas/X` -> `/components/schemas/X`
/// (`%`-escapes decoded). `None` for references to other documents.
pub(crate) fn local_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    Some(percent_decode(fragment))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `/components/<kind>/<name>` when `pointer` is inside a component, with the kind and name.
pub(crate) fn component_of(pointer: &str) -> Option<(String, String, String)> {
    let t = tokens(pointer);
    if t.len() >= 3 && t[0] == "components" {
        let p = push(&push(&push("", "components"), &t[1]), &t[2]);
        return Some((p, t[1].clone(), t[2].clone()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers() {
        assert_eq!(push("/paths", "/visits/{id}"), "/paths/~1visits~1{id}");
        assert_eq!(
            tokens("/paths/~1visits/get"),
            vec!["paths", "/visits", "get"]
        );
        assert_eq!(
            local_ref("#/components/schemas/A%20B").as_deref(),
            Some("/components/schemas/A B")
        );
        assert_eq!(local_ref("#/a%2").as_deref(), Some("/a%2"));
        assert_eq!(local_ref("other.yaml#/x"), None);
        assert_eq!(
            component_of("/components/schemas/Visit/properties/id"),
            Some((
                "/components/schemas/Visit".to_owned(),
                "schemas".to_owned(),
                "Visit".to_owned()
            ))
        );
        assert_eq!(component_of("/paths/x"), None);
    }
}
