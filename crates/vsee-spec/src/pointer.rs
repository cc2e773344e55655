//! RFC 6901 JSON pointer helpers.

use std::borrow::Cow;

use serde_json::Value;

/// Escapes one reference token (`~` -> `~0`, `/` -> `~1`).
pub fn escape(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Reverses [`escape`].
pub fn unescape(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// `parent` + one escaped token.
pub fn push(parent: &str, token: &str) -> String {
    let escaped = escape(token);
    let mut out = String::with_capacity(parent.len() + 1 + escaped.len());
    out.push_str(parent);
    out.push('/');
    out.push_str(&escaped);
    out
}

/// The pointer one level up, or `None` for the root.
pub fn parent(pointer: &str) -> Option<&str> {
    if pointer.is_empty() {
        return None;
    }
    Some(pointer.rfind('/').map_or("", |i| &pointer[..i]))
}

/// The unescaped tokens of a pointer (`""` has none).
pub fn tokens(pointer: &str) -> Vec<String> {
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

/// Follows a pointer inside `root`; `None` when any step is missing. Like
/// `serde_json::Value::pointer`, without copying each token (`$ref`s are followed for every
/// checked exchange): only a token with a `~` escape is unescaped into a new string.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(root, |target, token| {
            let token: Cow<'_, str> = if token.contains('~') {
                Cow::Owned(unescape(token))
            } else {
                Cow::Borrowed(token)
            };
            match target {
                Value::Object(map) => map.get(token.as_ref()),
                Value::Array(list) => array_index(&token).and_then(|i| list.get(i)),
                _ => None,
            }
        })
}

/// An array index token as RFC 6901 writes it: decimal digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// The pointer of the value a `serde_path_to_error` path names, e.g. the place in a document
/// where deserializing into a typed structure failed.
///
/// Map keys and sequence indices become tokens. The variant of an externally tagged enum is a
/// token too: after the variant, serde reads the variant's content, which in JSON is the value
/// under a key of that name (`{"Variant": ...}`). A segment serde cannot name (inside a
/// flattened or untagged part) ends the pointer: the error is at or below the place shown.
pub fn from_serde_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out = push(&out, &index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => out = push(&out, key),
            Segment::Unknown => break,
        }
    }
    out
}

/// The local pointer of a `#/...` reference (`"#/components/schemas/X"` -> `/components/schemas/X`),
/// percent-decoded as URI fragments are.
pub fn local_ref_pointer(reference: &str) -> Option<String> {
    local_ref_fragment(reference).map(Cow::into_owned)
}

/// [`local_ref_pointer`], borrowed from `reference` when it has no percent escapes (the
/// validator follows `$ref`s for every exchange: most of them need no copy).
pub fn local_ref_fragment(reference: &str) -> Option<Cow<'_, str>> {
    let fragment = reference.strip_prefix('#')?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    Some(percent_encoding::percent_decode_str(fragment).decode_utf8_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_reads_pointers_as_serde_json_does() {
        let doc = serde_json::json!({"a/b": {"c~d": [10, 20]}, "": 1, "e": {"0": "zero"}});
        for ptr in [
            "",
            "/",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/2",
            "/e/0",
            "/x",
            "x",
            "/a/b",
        ] {
            assert_eq!(get(&doc, ptr), doc.pointer(ptr), "{ptr}");
        }
    }

    #[test]
    fn escaping_round_trips() {
        assert_eq!(escape("/visits/{id}"), "~1visits~1{id}");
        assert_eq!(escape("a~b"), "a~0b");
        assert_eq!(unescape("~1visits~1{id}"), "/visits/{id}");
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(push("/paths", "/visits"), "/paths/~1visits");
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some(""));
        assert_eq!(parent(""), None);
        assert_eq!(
            tokens("/paths/~1visits/get"),
            vec!["paths", "/visits", "get"]
        );
        assert_eq!(
            local_ref_pointer("#/components/schemas/A%20B").as_deref(),
            Some("/components/schemas/A B")
        );
        assert_eq!(local_ref_pointer("other.yaml#/x"), None);
    }

    #[test]
    fn serde_paths_become_pointers() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            items: Vec<std::collections::BTreeMap<String, u8>>,
        }
        let json = r#"{"items": [{"a/b": 1}, {"~x": "not a number"}]}"#;
        let mut de = serde_json::Deserializer::from_str(json);
        let err = serde_path_to_error::deserialize::<_, Doc>(&mut de).unwrap_err();
        assert_eq!(from_serde_path(err.path()), "/items/1/~0x");
    }
}
