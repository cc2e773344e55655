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
/// body) and serde's own error.
///
/// `Display` and `Debug` show the pointer and the error's category only. [`DecodeError::error`]
/// gives serde's error, whose message may quote values from the body: redact it before showing
/// it to anyone who did not ask for values.
pub struct DecodeError {
    pointer: String,
    error: serde_json::Error,
}

impl DecodeError {
    /// Where the decode failed, as a JSON pointer into the body (`""` for the top level).
    /// Segments serde cannot name (inside flattened or untagged parts) end the pointer: the
    /// error is at or below it.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// serde's error (its message may quote values from the body).
    pub fn error(&self) -> &serde_json::Error {
        &self.error
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "at the top level"
        } else {
            &self.pointer
        };
        write!(f, "the body does not decode into its generated type ({at})")
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("pointer", &self.pointer)
            .field("category", &self.error.classify())
            .finish_non_exhaustive()
    }
}

impl std::error::Error for DecodeError {}

/// One row of the generated table: a generated type, by name and as functions.
pub(crate) struct Entry {
    pub type_name: &'static str,
    pub decode: fn(&Value) -> Result<(), DecodeError>,
    pub reencode: fn(&Value) -> Result<Value, DecodeError>,
}

impl Entry {
    pub(crate) fn of<T: DeserializeOwned + Serialize>(type_name: &'static str) -> Entry {
        Entry {
            type_name,
            decode: decode::<T>,
            reencode: reencode::<T>,
        }
    }
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
        error,
    })
}

fn typed<T: DeserializeOwned>(body: &Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize::<_, T>(body).map_err(|err| DecodeError {
        pointer: pointer(err.path()),
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
}
