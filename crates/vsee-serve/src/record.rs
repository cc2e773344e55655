//! A stored record (an intake or a visit) as the mock answers it: the body `{"data":{...}}`
//! byte for byte, where each member lies in it, and for which operations that exact body has
//! already passed the response check. Members are raw JSON text, read on demand; a change is
//! made on a [`Draft`] and becomes a new record.
//!
//! Keeping the body itself (not a tree of values) is what lets a value come back exactly as it
//! was sent, lets a read send the stored bytes without building or checking them again, and
//! keeps a record's memory close to its size on the wire.

use std::ops::Range;

use bytes::Bytes;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::exact::Members;

/// Memory a record takes besides its body (its index and map entries), estimated per member
/// and per record, so that many tiny records count for what they cost.
const BYTES_PER_MEMBER: usize = 64;
const BYTES_PER_RECORD: usize = 256;

/// The facts a booking scan reads of every visit, read once when the record is made.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts {
    pub status: Option<i64>,
    pub kind: Option<i64>,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// A stored record.
#[derive(Debug)]
pub(crate) struct Record {
    /// `{"data":{...}}`.
    body: Bytes,
    /// Where `{...}` lies in `body`.
    data: Range<usize>,
    /// Where each member's value lies in `body`.
    members: IndexMap<String, Range<usize>>,
    facts: Facts,
    /// Operations whose 200 answer is exactly `body` and was found to conform.
    checked: Vec<&'static str>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    data: &'a RawValue,
}

impl Record {
    /// Indexes a body `{"data":{...}}` (as [`Draft::envelope`] writes it, possibly with members
    /// removed since); `None` when it is not one.
    pub fn from_body(body: Bytes) -> Option<Record> {
        let (data, members) = {
            let envelope: Envelope<'_> = serde_json::from_slice(&body).ok()?;
            let text = envelope.data.get();
            let map: IndexMap<String, &RawValue> = serde_json::from_str(text).ok()?;
            let members = map
                .into_iter()
                .map(|(name, value)| (name, span(&body, value.get())))
                .collect();
            (span(&body, text), members)
        };
        let mut record = Record {
            body,
            data,
            members,
            facts: Facts::default(),
            checked: Vec::new(),
        };
        record.facts = Facts {
            status: record.int("status"),
            kind: record.int("type"),
            start: record.int("start"),
            end: record.int("end"),
        };
        Some(record)
    }

    /// The answer body `{"data":{...}}`.
    pub fn body(&self) -> Bytes {
        self.body.clone()
    }

    /// The record itself, `{...}`, as JSON text.
    pub fn data(&self) -> &str {
        self.text(self.data.clone())
    }

    /// A member's value as JSON text.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.members.get(name).map(|r| self.text(r.clone()))
    }

    /// A member's value.
    pub fn value(&self, name: &str) -> Option<Value> {
        serde_json::from_str(self.raw(name)?).ok()
    }

    /// A member holding an integer as a number or a numeric string (`StringOrInt`).
    pub fn int(&self, name: &str) -> Option<i64> {
        int_of(&self.value(name)?)
    }

    /// A member holding a string or a number, as text (ids).
    pub fn string(&self, name: &str) -> Option<String> {
        text_of(&self.value(name)?)
    }

    pub fn facts(&self) -> Facts {
        self.facts
    }

    /// Bytes the record is counted for against the account's limits.
    pub fn size(&self) -> usize {
        self.body.len() + BYTES_PER_RECORD + BYTES_PER_MEMBER * self.members.len()
    }

    pub fn is_checked_for(&self, operation_id: &str) -> bool {
        self.checked.contains(&operation_id)
    }

    /// Notes that the body conforms as `operation_id`'s 200 answer.
    pub fn mark_checked(&mut self, operation_id: &'static str) {
        if !self.is_checked_for(operation_id) {
            self.checked.push(operation_id);
        }
    }

    /// A draft holding this record's members, to change.
    pub fn draft(&self) -> Draft {
        Draft {
            members: self
                .members
                .iter()
                .map(|(name, r)| (name.clone(), self.text(r.clone()).to_owned()))
                .collect(),
        }
    }

    fn text(&self, range: Range<usize>) -> &str {
        // The ranges were cut from this UTF-8 body at JSON token boundaries.
        std::str::from_utf8(self.body.get(range).unwrap_or_default()).unwrap_or_default()
    }
}

/// Where `part` (a slice of `whole`) lies in it.
fn span(whole: &[u8], part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    start..start + part.len()
}

/// A record being made or changed: member name -> JSON text, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    members: IndexMap<String, String>,
}

impl Draft {
    /// A draft of the members of a JSON object (a template from the spec's examples).
    pub fn from_object(object: &serde_json::Map<String, Value>) -> Draft {
        let mut draft = Draft::default();
        for (name, value) in object {
            draft.set(name, value);
        }
        draft
    }

    /// Sets a member to a value.
    pub fn set(&mut self, name: &str, value: &Value) {
        // Serializing a `Value` cannot fail.
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.members.insert(name.to_owned(), text);
    }

    /// Sets a member to JSON text (from a body or another record: valid JSON).
    pub fn set_raw(&mut self, name: &str, text: &str) {
        self.members.insert(name.to_owned(), text.to_owned());
    }

    /// Copies every member sent but `except`, as sent.
    pub fn merge(&mut self, sent: &Members, except: &[&str]) {
        for (name, value) in sent {
            if !except.contains(&name.as_str()) {
                self.set_raw(name, value.get());
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.members.contains_key(name)
    }

    pub fn raw(&self, name: &str) -> Option<&str> {
        self.members.get(name).map(String::as_str)
    }

    /// Members whose value is an object, as `(name, JSON text)`.
    pub fn objects(&self) -> Vec<(String, String)> {
        self.members
            .iter()
            .filter(|(_, text)| text.trim_start().starts_with('{'))
            .map(|(name, text)| (name.clone(), text.clone()))
            .collect()
    }

    /// The answer body, `{"data":{...}}`.
    pub fn envelope(&self) -> Vec<u8> {
        let size: usize = self
            .members
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum();
        let mut out = Vec::with_capacity(size + 12);
        out.extend_from_slice(b"{\"data\":");
        self.write_object(&mut out);
        out.push(b'}');
        out
    }

    fn write_object(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (name, text)) in self.members.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing a string into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, name);
            out.push(b':');
            out.extend_from_slice(text.as_bytes());
        }
        out.push(b'}');
    }
}

/// An integer written as a number (`30`, or a whole `3e1` / `30.0`, as JSON Schema's `integer`
/// reads it) or a numeric string (`StringOrInt`).
pub(crate) fn int_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            // Whole and inside i64 (2^63 itself is not).
            (f.fract() == 0.0 && f >= -(2f64.powi(63)) && f < 2f64.powi(63)).then_some(f as i64)
        }),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A string or a number as text.
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_answers_its_members_as_written() {
        let mut draft = Draft::default();
        draft.set_raw("id", r#""i-1""#);
        draft.set_raw("big", "123456789012345678901234567890");
        draft.set("status", &json!(20));
        draft.set_raw("start", r#""1800000000""#);
        draft.set_raw("nested", r#"{"a" : [1E2]}"#);
        let record = Record::from_body(Bytes::from(draft.envelope())).expect("a record");
        assert_eq!(record.raw("big"), Some("123456789012345678901234567890"));
        assert_eq!(record.raw("nested"), Some(r#"{"a" : [1E2]}"#));
        assert_eq!(record.string("id").as_deref(), Some("i-1"));
        assert_eq!(record.facts().status, Some(20));
        assert_eq!(record.facts().start, Some(1_800_000_000));
        assert_eq!(
            record.data(),
            r#"{"id":"i-1","big":123456789012345678901234567890,"status":20,"start":"1800000000","nested":{"a" : [1E2]}}"#
        );
        assert_eq!(record.body().as_ref(), draft.envelope().as_slice());
        assert_eq!(record.draft().envelope(), draft.envelope());
    }

    #[test]
    fn a_body_that_is_not_an_envelope_is_no_record() {
        for body in [&b"[]"[..], b"{\"data\":[]}", b"{\"data\":{\"a\":1}", b""] {
            assert!(Record::from_body(Bytes::copy_from_slice(body)).is_none());
        }
    }
}
