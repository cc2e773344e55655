//! Building a `serde_json::Value` from a JSON text, each object allocated at its final size.
//!
//! serde_json's own `Value` visitor starts every object empty and inserts its members one by
//! one; with `preserve_order` an object is an `IndexMap`, so a body's larger objects (a visit
//! has over a hundred members) grow and rehash several times each. Here an object's members
//! wait in one scratch list shared by the whole text until the object closes, and the map is
//! then built at its size. The value is the same as serde_json's (the tests compare both), but
//! for one thing: serde_json's own visitor, with the `raw_value` feature this crate uses, reads
//! an object whose first key is its private raw-value token as that token's value, and a
//! recorded body is read here as the object it is. Only the building is cheaper: parsing the
//! bench's visit bodies takes about 20% less time (`cargo bench -p vsee-cli --bench
//! throughput` times the validator with it).

use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Reads one whole JSON text (nothing but whitespace may follow it) from `de`.
pub(crate) fn read<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<Value, serde_json::Error> {
    let mut pending = Vec::new();
    let value = ValueSeed {
        pending: &mut pending,
    }
    .deserialize(&mut *de)?;
    de.end()?;
    Ok(value)
}

/// One value; `pending` holds the members of the objects still open around it.
struct ValueSeed<'a> {
    pending: &'a mut Vec<(String, Value)>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json: a float that is not finite has no JSON number.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ValueSeed {
            pending: &mut *self.pending,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let start = self.pending.len();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                pending: &mut *self.pending,
            })?;
            self.pending.push((key, value));
        }
        let mut object = Map::with_capacity(self.pending.len() - start);
        // `insert`, as serde_json: a repeated key keeps its first place and its last value.
        for (key, value) in self.pending.drain(start..) {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's own reading and this one, as text: `Value`'s equality ignores the order of
    /// an object's members, the text shows it.
    fn both(text: &str) -> (String, String) {
        let theirs = serde_json::from_str::<Value>(text).map(|v| v.to_string());
        let ours = read(&mut serde_json::Deserializer::from_str(text)).map(|v| v.to_string());
        match (theirs, ours) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => panic!("{text}: serde_json {a:?}, here {b:?}"),
        }
    }

    #[test]
    fn reads_what_serde_json_reads_in_the_same_order() {
        for text in [
            r#"{"b": 1, "a": [true, false, null, -1, 18446744073709551615, 1.5e300, "s\u00e9"]}"#,
            r#"{"k": 1, "k": {"x": {}, "y": []}, "j": 2, "k": 3}"#,
            r#"[{"a": {"b": {"c": [{"d": 1}, {"e": 2, "f": 3}]}}}, {}]"#,
            r#"  "text"  "#,
            "0",
        ] {
            let (theirs, ours) = both(text);
            assert_eq!(ours, theirs, "{text}");
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/payloads");
        let mut compared = 0;
        for op in std::fs::read_dir(&root).expect("tests/payloads") {
            for file in std::fs::read_dir(op.expect("dir").path()).expect("payload dir") {
                let text = std::fs::read_to_string(file.expect("file").path()).expect("payload");
                let (theirs, ours) = both(&text);
                assert_eq!(ours, theirs);
                compared += 1;
            }
        }
        assert!(compared >= 15, "{compared}");
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in ["{", "[1,]", "{\"a\" 1}", "1 2", "", "[1e400]"] {
            let theirs = serde_json::from_str::<Value>(text).unwrap_err();
            let ours = read(&mut serde_json::Deserializer::from_str(text)).unwrap_err();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
        // The nesting limit is serde_json's.
        for depth in 120..140 {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let theirs = serde_json::from_str::<Value>(&text).is_ok();
            let ours = read(&mut serde_json::Deserializer::from_str(&text)).is_ok();
            assert_eq!(ours, theirs, "{depth}");
        }
    }

    /// serde_json's `Value` (with its `raw_value` feature, which this crate uses) reads an
    /// object whose first key is its private raw-value token as the token's value; a recorded
    /// body is read as what it says.
    #[test]
    fn an_object_is_an_object_whatever_its_keys() {
        let text = r#"{"$serde_json::private::RawValue": "1"}"#;
        assert_eq!(serde_json::from_str::<Value>(text).unwrap(), Value::from(1));
        let ours = read(&mut serde_json::Deserializer::from_str(text)).unwrap();
        assert_eq!(
            ours.to_string(),
            r#"{"$serde_json::private::RawValue":"1"}"#
        );
    }
}
