//! Support for the generated `typed_check` table: decode a JSON value into a generated type
//! and describe a failure without quoting the value (bodies hold patient data).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One row of the generated table: a generated type, by name and as functions.
pub(crate) struct Entry {
    pub type_name: &'static str,
    pub decode: fn(&Value) -> Result<(), String>,
    pub reencode: fn(&Value) -> Result<Value, String>,
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

/// `Ok(())` when `body` deserializes into `T`; otherwise where (a JSON pointer into `body`)
/// and what went wrong, with every value from `body` removed from serde's message.
pub(crate) fn decode<T: DeserializeOwned>(body: &Value) -> Result<(), String> {
    typed::<T>(body).map(drop)
}

/// Decodes `body` as `T` and serializes it back.
pub(crate) fn reencode<T: DeserializeOwned + Serialize>(body: &Value) -> Result<Value, String> {
    let value = typed::<T>(body)?;
    // Generated types serialize to JSON without fail (string keys, no non-finite floats from
    // a JSON input); report rather than panic all the same.
    serde_json::to_value(value)
        .map_err(|e| format!("cannot serialize back: {}", redact(&e.to_string())))
}

fn typed<T: DeserializeOwned>(body: &Value) -> Result<T, String> {
    match serde_path_to_error::deserialize::<_, T>(body) {
        Ok(value) => Ok(value),
        Err(err) => {
            let pointer = pointer(err.path());
            let at = if pointer.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("at {pointer}")
            };
            Err(format!("{at}: {}", redact(&err.inner().to_string())))
        }
    }
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

/// Removes the values serde quotes in its messages. serde's `Unexpected` prints
/// ``boolean `true` ``, ``integer `5` ``, ``floating point `1.5` ``, ``character `c` `` and
/// `string "text"` (Rust-escaped); `unknown_variant` prints ``unknown variant `X` ``. What the
/// spec expects (after "expected") is kept: it comes from the generated types, not the body.
pub(crate) fn redact(message: &str) -> String {
    const BACKTICKED: [&str; 5] = [
        "boolean `",
        "integer `",
        "floating point `",
        "character `",
        "unknown variant `",
    ];
    const QUOTED: &str = "string \"";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let next_backticked = BACKTICKED
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min_by_key(|(at, _)| *at);
        let next_quoted = rest.find(QUOTED).map(|at| (at, QUOTED));
        let next = match (next_backticked, next_quoted) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((at, prefix)) = next else {
            out.push_str(rest);
            return out;
        };
        // Keep the kind ("integer", "string", ...), drop the value.
        out.push_str(&rest[..at]);
        out.push_str(prefix.trim_end_matches([' ', '`', '"']));
        let value_start = at + prefix.len();
        let after = &rest[value_start..];
        let value_len = if prefix == QUOTED {
            closing_quote(after)
        } else {
            after.find('`')
        };
        match value_len {
            Some(len) => rest = &after[len + 1..],
            // Unterminated: drop everything after the prefix rather than risk leaking it.
            None => return out,
        }
    }
}

/// Index of the `"` that ends a Rust-escaped string starting at `text[0]`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_quoted_value_and_keeps_expectations() {
        assert_eq!(
            redact("invalid type: string \"Jane \\\"J\\\" Doe\", expected i64"),
            "invalid type: string, expected i64"
        );
        assert_eq!(
            redact("invalid type: integer `5551234`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            redact("invalid value: floating point `1.5`, expected u8"),
            "invalid value: floating point, expected u8"
        );
        assert_eq!(
            redact("invalid type: boolean `true`, expected a sequence"),
            "invalid type: boolean, expected a sequence"
        );
        assert_eq!(
            redact("unknown variant `99`, expected one of `10`, `20`"),
            "unknown variant, expected one of `10`, `20`"
        );
        assert_eq!(redact("missing field `id`"), "missing field `id`");
        assert_eq!(
            redact("invalid type: string \"unterminated"),
            "invalid type: string"
        );
    }

    #[test]
    fn decode_reports_a_pointer_without_the_value() {
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
        let body = serde_json::json!({"items": [{"n": 1}, {"n": "secret-value"}]});
        let err = decode::<Outer>(&body).unwrap_err();
        assert_eq!(err, "at /items/1/n: invalid type: string, expected i64");
        assert_eq!(decode::<Outer>(&serde_json::json!({"items": []})), Ok(()));
    }
}
