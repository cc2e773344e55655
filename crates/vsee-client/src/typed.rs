//! Support for the generated `typed_check` table: decode a JSON value into a generated type
//! and say where a failure is, as a structured error.
//!
//! Nothing here rewords or redacts serde's message: callers that show it (the validator) do so
//! through their own privacy policy, because serde's messages quote the body's values and
//! bodies hold patient data. This crate's own `Display` and `Debug` of [`DecodeError`] therefore
//! never print serde's message.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Why a body does not decode into its generated type: where (an RFC 6901 pointer into the
/// body), which generated type was expected, and serde's own error.
///
/// `Display` and `Debug` show the pointer, the expected type and the error's category only
/// (every one of them comes from the spec or the body's shape, never from its values).
/// [`DecodeError::error`] gives serde's error, whose message may quote values from the body:
/// redact it before showing it to anyone who did not ask for values.
pub struct DecodeError {
    pointer: String,
    expected: String,
    error: serde_json::Error,
}

impl DecodeError {
    /// Where the decode failed, as a JSON pointer into the body (`""` for the top level).
    /// Segments serde cannot name (inside flattened or untagged parts) end the pointer: the
    /// error is at or below it.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The generated type the body was decoded into (`VisitEnvelope`, `Vec<Visit>`).
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// serde's error (its message may quote values from the body).
    pub fn error(&self) -> &serde_json::Error {
        &self.error
    }

    /// The pointer and serde's error, taken out.
    pub fn into_parts(self) -> (String, serde_json::Error) {
        (self.pointer, self.error)
    }

    /// A failure decoding the body's bytes, with no pointer into them (bytes that are not
    /// JSON at all: `error` is serde_json's syntax error).
    pub(crate) fn of_bytes<T>(error: serde_json::Error) -> DecodeError {
        DecodeError {
            pointer: String::new(),
            expected: short_type_name::<T>(),
            error,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use serde_json::error::Category;
        let expected = &self.expected;
        match self.error.classify() {
            Category::Syntax | Category::Eof | Category::Io => write!(
                f,
                "the body is not JSON ({:?} error at line {}, column {}), expected `{expected}`",
                self.error.classify(),
                self.error.line(),
                self.error.column()
            ),
            Category::Data => {
                if self.pointer.is_empty() {
                    write!(
                        f,
                        "the body does not decode into `{expected}` at the top level"
                    )
                } else {
                    let at = &self.pointer;
                    write!(f, "the body does not decode into `{expected}` at {at}")
                }
            }
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("pointer", &self.pointer)
            .field("expected", &self.expected)
            .field("category", &self.error.classify())
            .finish_non_exhaustive()
    }
}

impl std::error::Error for DecodeError {}

/// `T`'s name without module paths: `alloc::vec::Vec<vsee_client::generated::types::Visit>`
/// -> `Vec<Visit>`.
fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    let mut segment_start = 0;
    for (i, c) in full.char_indices() {
        if matches!(c, '<' | '>' | ',' | ' ' | '(' | ')' | '[' | ']' | ';' | '&') {
            out.push_str(last_segment(&full[segment_start..i]));
            out.push(c);
            segment_start = i + c.len_utf8();
        }
    }
    out.push_str(last_segment(&full[segment_start..]));
    out
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// One row of the generated table: a generated type, by name and as functions.
pub(crate) struct Entry {
    pub type_name: &'static str,
    pub decode: fn(&Value) -> Result<(), DecodeError>,
    pub reencode: fn(&Value) -> Result<Value, DecodeError>,
    pub debug: fn(&Value, bool) -> Result<String, DecodeError>,
}

impl Entry {
    pub(crate) fn of<T: DeserializeOwned + Serialize + crate::DebugShape>(
        type_name: &'static str,
    ) -> Entry {
        Entry {
            type_name,
            decode: decode::<T>,
            reencode: reencode::<T>,
            debug: debug::<T>,
        }
    }
}

/// Decodes `body` as `T` and formats it as `Debug` (shapes) or [`crate::ShowValues`] does.
fn debug<T: DeserializeOwned + crate::DebugShape>(
    body: &Value,
    values: bool,
) -> Result<String, DecodeError> {
    let value = typed::<T>(body)?;
    Ok(format!("{:?}", crate::debug::Nested(&value, values)))
}

/// `Ok(())` when `body` deserializes into `T`; otherwise where and why.
pub(crate) fn decode<T: DeserializeOwned>(body: &Value) -> Result<(), DecodeError> {
    // Most bodies decode, and tracking the path costs time at every value: only a body that
    // fails is decoded again, with tracking, to say where.
    match T::deserialize(body) {
        Ok(_) => Ok(()),
        Err(_) => typed::<T>(body).map(drop),
    }
}

/// Decodes `body` as `T` and serializes it back.
pub(crate) fn reencode<T: DeserializeOwned + Serialize>(
    body: &Value,
) -> Result<Value, DecodeError> {
    let value = typed::<T>(body)?;
    // Generated types serialize to JSON without fail (string keys, no non-finite floats from
    // a JSON input); report rather than panic all the same.
    serde_json::to_value(value).map_err(|error| DecodeError {
        pointer: String::new(),
        expected: short_type_name::<T>(),
        error,
    })
}

fn typed<T: DeserializeOwned>(body: &Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize::<_, T>(body).map_err(|err| DecodeError {
        pointer: pointer(err.path()),
        expected: short_type_name::<T>(),
        error: err.into_inner(),
    })
}

/// serde_path_to_error's path as an RFC 6901 pointer. Segments serde cannot name (inside
/// flattened or untagged parts) end the pointer: the error is at or below what is shown.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: i64,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn decode_reports_a_pointer_and_serde_error_and_prints_no_value() {
        let body = serde_json::json!({"items": [{"n": 1}, {"n": "secret-value"}]});
        let err = decode::<Outer>(&body).unwrap_err();
        assert_eq!(err.pointer(), "/items/1/n");
        assert_eq!(err.expected(), "Outer");
        assert_eq!(
            err.to_string(),
            "the body does not decode into `Outer` at /items/1/n"
        );
        // The structured error keeps serde's own message (the caller's policy shapes it) ...
        assert!(err.error().to_string().contains("secret-value"));
        // ... but this crate never prints it.
        assert!(!err.to_string().contains("secret-value"), "{err}");
        assert!(!format!("{err:?}").contains("secret-value"), "{err:?}");
        assert!(decode::<Outer>(&serde_json::json!({"items": []})).is_ok());
    }

    #[test]
    fn keys_are_escaped_not_split() {
        let body = serde_json::json!({"items": [{"n": 1}]});
        assert_eq!(decode::<Outer>(&body).ok(), Some(()));
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Odd {
            #[serde(rename = "a: b/c~d")]
            x: i64,
        }
        let err = decode::<Odd>(&serde_json::json!({"a: b/c~d": "v"})).unwrap_err();
        assert_eq!(err.pointer(), "/a: b~1c~0d");
    }

    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(short_type_name::<Outer>(), "Outer");
        assert_eq!(
            short_type_name::<Vec<std::collections::BTreeMap<String, Outer>>>(),
            "Vec<BTreeMap<String, Outer>>"
        );
    }

    #[test]
    fn a_body_that_is_not_json_says_so_without_quoting_it() {
        let error = serde_json::from_slice::<serde_json::Value>(b"Jane Doe").unwrap_err();
        let err = DecodeError::of_bytes::<Outer>(error);
        let shown = format!("{err} {err:?}");
        assert!(shown.starts_with("the body is not JSON (Syntax error at line 1, column 1)"));
        assert!(!shown.contains("Jane"), "{shown}");
    }
}
