//! JSON kept exactly as it was sent: reading a request body for the mock, and editing JSON text
//! without rewriting what is not edited.
//!
//! The mock stores what a client sends as raw JSON text (`serde_json`'s [`RawValue`]), so that
//! a 30-digit integer, `1E2`, `-0` or `"\u00e9"` comes back byte for byte (a `Value` would turn
//! them into `1.2345678901234568e+29`, `100.0`, `-0.0`, `"é"`). serde_json's
//! `arbitrary_precision` would do the same for numbers, but it changes `Value` for every crate of
//! the workspace (the validator included), so it stays off.
//!
//! What cannot be kept exactly is refused instead of half-stored, by pointer and reason: a
//! number beyond the range of a double (`1e400`: JSON readers disagree on it, and the validator
//! judges a stand-in), a string or member name holding a lone UTF-16 surrogate escape (not
//! Unicode text: the validator judges a replacement character), and a member that appears twice
//! in one object (one of its values would be lost). The same one reading gives the checker the
//! value it judges, so the request check and the mock always agree on what parses.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

/// The members of a JSON object body, each as the JSON text it was sent as.
pub(crate) type Members = IndexMap<String, Box<RawValue>>;

/// Why a body cannot be kept exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    NumberOutOfRange,
    LoneSurrogate,
    LoneSurrogateInName,
    RepeatedMember,
}

impl Reason {
    /// What is wrong and what to do, without the value.
    pub fn message(self) -> &'static str {
        match self {
            Reason::NumberOutOfRange => {
                "this number is out of range of a double (beyond about 1.8e308): JSON readers \
                 disagree on it, so the mock cannot keep it exactly; send it as a string"
            }
            Reason::LoneSurrogate => {
                "this string holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its \
                 pair): it is not Unicode text, so the mock cannot keep it exactly"
            }
            Reason::LoneSurrogateInName => {
                "a member name of this object holds a lone UTF-16 surrogate escape (\\ud800-\\udfff \
                 without its pair): it is not Unicode text, so the mock cannot keep it exactly"
            }
            Reason::RepeatedMember => {
                "this member appears twice in its object: one of its values would be lost, so the \
                 mock cannot keep the body exactly; send each member once"
            }
        }
    }
}

/// The place and reason a body cannot be kept exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unkeepable {
    /// RFC 6901 pointer into the body.
    pub pointer: String,
    pub reason: Reason,
}

/// A JSON body read for the mock.
#[derive(Debug)]
pub(crate) enum Read {
    /// The value the checker judges (numbers as doubles where they must be).
    Kept(Value),
    /// Valid JSON that cannot be kept exactly.
    Unkeepable(Unkeepable),
    /// Not JSON: the checker says why, as `validate` does.
    Malformed,
}

/// Reads a JSON body strictly (see the module documentation).
pub(crate) fn read(bytes: &[u8]) -> Read {
    let mut state = State::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = Seed { state: &mut state }
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    match result {
        Ok(value) => Read::Kept(value),
        Err(_) if state.repeated => Read::Unkeepable(Unkeepable {
            pointer: state.failed_at.unwrap_or_default(),
            reason: Reason::RepeatedMember,
        }),
        Err(e) if vsee_contract::json::is_repairable(&e) => {
            let reason = if e.to_string().starts_with("number out of range") {
                Reason::NumberOutOfRange
            } else if state.failed_in_name {
                Reason::LoneSurrogateInName
            } else {
                Reason::LoneSurrogate
            };
            Read::Unkeepable(Unkeepable {
                pointer: state.failed_at.unwrap_or_default(),
                reason,
            })
        }
        Err(_) => Read::Malformed,
    }
}

/// The members of an object body as sent; `None` when the body is not an object. Call it on
/// a body [`read`] kept: its grammar is the same, so it cannot fail then.
pub(crate) fn members(bytes: &[u8]) -> Option<Members> {
    serde_json::from_slice(bytes).ok()
}

/// The members of an object value (a form body, as the schema coerced it), each serialized.
pub(crate) fn members_of(value: &Value) -> Members {
    let Value::Object(map) = value else {
        return Members::new();
    };
    map.iter()
        .filter_map(|(k, v)| Some((k.clone(), serde_json::value::to_raw_value(v).ok()?)))
        .collect()
}

/// The members of a form body: the object its schema coerced (`coerced`), with each field
/// sent once under a plain name kept as its text where that text is the JSON of the value (a
/// JSON-encoded part, or a number the schema asked for). A JSON-encoded field that cannot be
/// kept exactly is refused, pointed at inside the field.
pub(crate) fn form_members(
    fields: &[vsee_contract::form::Field],
    coerced: &Value,
    json_fields: &std::collections::HashSet<String>,
) -> Result<Members, Unkeepable> {
    let mut members = members_of(coerced);
    for field in fields {
        let json = field.json || json_fields.contains(form_base(&field.name));
        if json {
            if let Read::Unkeepable(u) = read(field.text.as_bytes()) {
                return Err(Unkeepable {
                    pointer: format!("{}{}", form_pointer(&field.name), u.pointer),
                    reason: u.reason,
                });
            }
        }
        let plain = !field.name.contains('[')
            && fields.iter().filter(|f| f.name == field.name).count() == 1;
        let number = matches!(coerced.get(&field.name), Some(Value::Number(_)))
            && field
                .text
                .starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            && field.text == field.text.trim_end();
        if plain && (json || number) {
            if let Ok(raw) = serde_json::from_str::<Box<RawValue>>(field.text.trim()) {
                members.insert(field.name.clone(), raw);
            }
        }
    }
    Ok(members)
}

/// The property a form field name sets (`a` of `a[b][]`).
fn form_base(name: &str) -> &str {
    match name.find('[') {
        Some(open) if open > 0 => &name[..open],
        _ => name,
    }
}

/// Where a form field's value lies in the body's object: `a[b][]` -> `/a/b/-`.
fn form_pointer(name: &str) -> String {
    let base = form_base(name);
    let mut pointer = format!("/{}", vsee_spec::pointer::escape(base));
    for segment in name[base.len()..].split(']') {
        if let Some(key) = segment.strip_prefix('[') {
            pointer.push('/');
            pointer.push_str(&vsee_spec::pointer::escape(if key.is_empty() {
                "-"
            } else {
                key
            }));
        }
    }
    pointer
}

/// One step of the path from the root to the value being read.
enum Step {
    Name(String),
    Index(usize),
}

#[derive(Default)]
struct State {
    path: Vec<Step>,
    /// Where the innermost error surfaced, as a pointer (the first one noted wins).
    failed_at: Option<String>,
    failed_in_name: bool,
    repeated: bool,
}

impl State {
    fn note(&mut self, in_name: bool) {
        if self.failed_at.is_some() {
            return;
        }
        let mut pointer = String::new();
        for step in &self.path {
            pointer.push('/');
            match step {
                Step::Name(name) => pointer.push_str(&vsee_spec::pointer::escape(name)),
                Step::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        self.failed_at = Some(pointer);
        self.failed_in_name = in_name;
    }
}

struct Seed<'s> {
    state: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
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
        // serde_json refuses a number that overflows, so `v` is finite.
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.state.path.push(Step::Index(items.len()));
            let next = seq.next_element_seed(Seed {
                state: &mut *self.state,
            });
            if next.is_err() {
                self.state.note(false);
            }
            self.state.path.pop();
            match next? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        loop {
            let name = match map.next_key::<String>() {
                Ok(Some(name)) => name,
                Ok(None) => return Ok(Value::Object(members)),
                Err(e) => {
                    self.state.note(true);
                    return Err(e);
                }
            };
            let repeated = members.contains_key(&name);
            self.state.path.push(Step::Name(name));
            if repeated {
                self.state.note(false);
                self.state.repeated = true;
                return Err(de::Error::custom("a member appears twice"));
            }
            let value = map.next_value_seed(Seed {
                state: &mut *self.state,
            });
            if value.is_err() {
                self.state.note(false);
            }
            let value = value?;
            if let Some(Step::Name(name)) = self.state.path.pop() {
                members.insert(name, value);
            }
        }
    }
}

/// `text` (a JSON document) with the member or item `pointer` names removed, everything else
/// kept as written; `None` when nothing is there to remove.
pub(crate) fn remove_at(text: &str, pointer: &str) -> Option<String> {
    let tokens = vsee_spec::pointer::tokens(pointer);
    if tokens.is_empty() {
        return None;
    }
    remove_in(text, &tokens)
}

fn remove_in(text: &str, tokens: &[String]) -> Option<String> {
    let (first, rest) = tokens.split_first()?;
    match text.trim_start().as_bytes().first()? {
        b'{' => {
            let mut map: IndexMap<String, &RawValue> = serde_json::from_str(text).ok()?;
            let edited = if rest.is_empty() {
                map.shift_remove(first)?;
                None
            } else {
                Some(remove_in(map.get(first)?.get(), rest)?)
            };
            let mut out = String::with_capacity(text.len());
            out.push('{');
            for (i, (name, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(name).ok()?);
                out.push(':');
                match &edited {
                    Some(new) if name == first => out.push_str(new),
                    _ => out.push_str(value.get()),
                }
            }
            out.push('}');
            Some(out)
        }
        b'[' => {
            let mut items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
            let index: usize = first.parse().ok().filter(|i| *i < items.len())?;
            let edited = if rest.is_empty() {
                items.remove(index);
                None
            } else {
                Some(remove_in(items[index].get(), rest)?)
            };
            let parts: Vec<&str> = items
                .iter()
                .enumerate()
                .map(|(i, item)| match &edited {
                    Some(new) if i == index => new.as_str(),
                    _ => item.get(),
                })
                .collect();
            Some(format!("[{}]", parts.join(",")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unkeepable(text: &str) -> Unkeepable {
        match read(text.as_bytes()) {
            Read::Unkeepable(u) => u,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn what_cannot_be_kept_is_named_by_pointer_and_reason() {
        for (text, pointer, reason) in [
            (
                r#"{"a":{"b":[1,1e400]}}"#,
                "/a/b/1",
                Reason::NumberOutOfRange,
            ),
            (r#"[-1E+999]"#, "/0", Reason::NumberOutOfRange),
            ("1e400", "", Reason::NumberOutOfRange),
            (r#"{"x/y":"\ud800"}"#, "/x~1y", Reason::LoneSurrogate),
            (r#"{"a":["ok","\udc00x"]}"#, "/a/1", Reason::LoneSurrogate),
            (r#"{"a":{"\ud800":1}}"#, "/a", Reason::LoneSurrogateInName),
            (
                r#"{"a":1,"b":{"c":1,"c":2}}"#,
                "/b/c",
                Reason::RepeatedMember,
            ),
            (r#"{"a":1,"a":1}"#, "/a", Reason::RepeatedMember),
        ] {
            assert_eq!(
                unkeepable(text),
                Unkeepable {
                    pointer: pointer.to_owned(),
                    reason
                },
                "{text}"
            );
        }
    }

    #[test]
    fn what_can_be_kept_reads_as_serde_json_reads_it() {
        for text in [
            r#"{"a":123456789012345678901234567890,"b":1E2,"c":-0,"d":"caf\u00e9 \ud83d\ude00"}"#,
            r#"[1,2.5,null,true,{"x":[]}]"#,
            r#""text""#,
        ] {
            let Read::Kept(value) = read(text.as_bytes()) else {
                panic!("{text}")
            };
            assert_eq!(
                value,
                serde_json::from_str::<Value>(text).unwrap(),
                "{text}"
            );
        }
        for text in ["{", "[1,]", "{\"a\" 1}", "1 2", ""] {
            assert!(matches!(read(text.as_bytes()), Read::Malformed), "{text}");
        }
    }

    #[test]
    fn members_keep_the_text_sent() {
        let members = members(br#"{"n": 1E2, "s": "\u00e9", "o": {"k" : [ -0 ]}}"#).unwrap();
        let texts: Vec<&str> = members.values().map(|v| v.get()).collect();
        assert_eq!(texts, ["1E2", r#""\u00e9""#, r#"{"k" : [ -0 ]}"#]);
    }

    #[test]
    fn form_fields_keep_their_json_text() {
        use vsee_contract::form::Field;
        let mut part = Field::new(
            "consultation",
            r#" {"duration": 34794972435351881522662235701248} "#,
        );
        part.json = true;
        let fields = vec![
            part,
            Field::new("provider_id", "1E2"),
            Field::new("room_code", "12"),
            Field::new("list", "1"),
            Field::new("list", "2"),
        ];
        let coerced = serde_json::json!({
            "consultation": {"duration": 3.479497243535188e31},
            "provider_id": 100.0,
            "room_code": "12",
            "list": [1, 2],
        });
        let members = form_members(&fields, &coerced, &Default::default()).unwrap();
        let texts: Vec<(&str, &str)> = members.iter().map(|(k, v)| (k.as_str(), v.get())).collect();
        assert_eq!(
            texts,
            [
                (
                    "consultation",
                    r#"{"duration": 34794972435351881522662235701248}"#
                ),
                ("provider_id", "1E2"),
                ("room_code", r#""12""#),
                ("list", "[1,2]"),
            ]
        );
        let mut bad = Field::new("consultation[x]", r#"{"a": "\ud800"}"#);
        bad.json = true;
        let refused = form_members(&[bad], &serde_json::json!({}), &Default::default());
        assert_eq!(
            refused.unwrap_err(),
            Unkeepable {
                pointer: "/consultation/x/a".to_owned(),
                reason: Reason::LoneSurrogate
            }
        );
    }

    #[test]
    fn remove_at_edits_only_what_it_removes() {
        let text = r#"{"data":{"a":1E2,"list":[1,2,{"x":-0,"y":3}],"x/y":2}}"#;
        assert_eq!(
            remove_at(text, "/data/list/2/y").unwrap(),
            r#"{"data":{"a":1E2,"list":[1,2,{"x":-0}],"x/y":2}}"#
        );
        assert_eq!(
            remove_at(text, "/data/list/0").unwrap(),
            r#"{"data":{"a":1E2,"list":[2,{"x":-0,"y":3}],"x/y":2}}"#
        );
        assert_eq!(
            remove_at(text, "/data/x~1y").unwrap(),
            r#"{"data":{"a":1E2,"list":[1,2,{"x":-0,"y":3}]}}"#
        );
        assert_eq!(remove_at(text, "/data/missing"), None);
        assert_eq!(remove_at(text, "/data/list/9"), None);
        assert_eq!(remove_at(text, ""), None);
    }
}
