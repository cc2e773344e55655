//! Reading an optional field without losing a present `null` (used by the generated code).
//!
//! typify gives a non-required field `Option<T>` and skips it on serialization when it is
//! `None`, so a `null` that was sent would be read as "absent" and not written back. The
//! generator (rewrite `tri-state`, `crates/vsee-codegen/src/rewrite.rs`) turns such a field,
//! when its property is nullable (or untyped), into `Option<Option<T>>`, deserialized with
//! [`deserialize`]:
//!
//! | JSON                | value              | written back as |
//! |---------------------|--------------------|-----------------|
//! | member absent       | `None`             | absent          |
//! | `"field": null`     | `Some(None)`       | `null`          |
//! | `"field": value`    | `Some(Some(value))`| `value`         |
//!
//! (`#[serde(default)]` gives `None` for an absent member, since serde only calls
//! `deserialize_with` for members that are present; `skip_serializing_if = "Option::is_none"`
//! leaves it out again.)

use serde::{Deserialize, Deserializer};

/// `deserialize_with` helper of the tri-state fields: a present member, `null` included, is
/// `Some(..)`.
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct S {
        #[serde(
            default,
            deserialize_with = "super::deserialize",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        f: Option<Option<i64>>,
    }

    #[test]
    fn absent_null_and_value_are_three_states_that_round_trip() {
        for (json, value) in [
            ("{}", None),
            (r#"{"f":null}"#, Some(None)),
            (r#"{"f":3}"#, Some(Some(3))),
        ] {
            let s: S = serde_json::from_str(json).unwrap();
            assert_eq!(s, S { f: value }, "{json}");
            assert_eq!(serde_json::to_string(&s).unwrap(), json);
        }
    }
}
