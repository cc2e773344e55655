//! What becomes of one recorded value: kept (a literal of the spec), shifted (a timestamp) or
//! replaced by a pseudonym. The one rule for values wherever a recording holds them: JSON
//! bodies ([`super::json_text`]), form fields, query values and path segments
//! ([`super::form_value`]).

use std::collections::HashSet;

use serde_json::Value;
use vsee_spec::{walk, Spec};

use super::number;
use super::pseudonym::{Pseudonymiser, Purpose};
use super::timeshift::TimeShift;

/// What the policy did with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Treatment {
    /// Recorded as sent: a literal of the spec, an HTTP status, a number of one digit.
    Kept,
    /// A timestamp moved by the run's time shift.
    Shifted,
    /// Replaced by a keyed pseudonym of the same shape.
    Pseudonym,
}

/// The value policy of one recording run.
pub(crate) struct Values {
    pseudonyms: Pseudonymiser,
    shift: TimeShift,
    /// Strings that are structure, not data (see [`Values::new`]).
    literals: HashSet<String>,
    /// The literals that are numbers, by value ([`number::canonical`]).
    numeric_literals: HashSet<String>,
    /// Property and parameter names whose schema says unix time.
    unix_names: HashSet<String>,
}

impl Values {
    /// The policy with `literals` kept, `unix_names` read as unix times, and the keys of
    /// `pseudonyms` (the time shift is drawn from them too).
    pub fn new(
        pseudonyms: Pseudonymiser,
        literals: HashSet<String>,
        unix_names: HashSet<String>,
    ) -> Values {
        let shift = TimeShift::from_random(pseudonyms.stream(Purpose::TimeShift, b"").u64());
        let numeric_literals = literals
            .iter()
            .filter_map(|l| number::canonical(l))
            .collect();
        Values {
            pseudonyms,
            shift,
            literals,
            numeric_literals,
            unix_names,
        }
    }

    pub fn pseudonyms(&self) -> &Pseudonymiser {
        &self.pseudonyms
    }

    #[cfg(test)]
    pub fn shift(&self) -> TimeShift {
        self.shift
    }

    /// Whether a string is a literal of the spec (kept as it is).
    pub fn is_literal(&self, value: &str) -> bool {
        self.literals.contains(value)
    }

    /// Whether a JSON number's text is, by value, a literal of the spec.
    pub fn is_numeric_literal(&self, text: &str) -> bool {
        number::canonical(text).is_some_and(|c| self.numeric_literals.contains(&c))
    }

    /// Whether values under `name` are unix times.
    pub fn is_unix_name(&self, name: &str) -> bool {
        self.unix_names.contains(name)
    }

    /// A string value under the member or parameter `name`: empty strings and literals kept;
    /// a unix time (plain digits, under a unix-time name) or a date / date-time shifted;
    /// anything else a pseudonym of the same shape.
    pub fn string(&self, s: &str, name: Option<&str>) -> (String, Treatment) {
        if s.is_empty() || self.is_literal(s) {
            return (s.to_owned(), Treatment::Kept);
        }
        let shifted = match name {
            Some(n) if self.is_unix_name(n) => self.shift.unix_text(s),
            _ => None,
        };
        if let Some(t) = shifted.or_else(|| self.shift.date_text(s)) {
            return (t, Treatment::Shifted);
        }
        // Kept only when every draw was the value or a literal (see `with_retries`).
        replaced(
            s,
            self.pseudonyms
                .shaped_avoiding(s, &|p| self.is_structure(p)),
        )
    }

    /// What a pseudonym must not be: a literal of the spec, as text or by value. One test for
    /// strings and numbers, so that `575` and `"575"` keep the same pseudonym.
    fn is_structure(&self, pseudonym: &str) -> bool {
        self.is_literal(pseudonym) || self.is_numeric_literal(pseudonym)
    }

    /// A JSON number's text under `name`: a literal of the spec (by value: `1.0` is the enum's
    /// `1`) kept; a unix time under a unix-time name shifted; anything else as
    /// [`Pseudonymiser::number_avoiding`] says (numbers of one digit are kept).
    pub fn number(&self, text: &str, name: Option<&str>) -> (String, Treatment) {
        if self.is_numeric_literal(text) {
            return (text.to_owned(), Treatment::Kept);
        }
        if let Some(t) = name
            .filter(|n| self.is_unix_name(n))
            .and_then(|_| self.shift.unix_text(text))
        {
            return (t, Treatment::Shifted);
        }
        replaced(
            text,
            self.pseudonyms
                .number_avoiding(text, &|p| self.is_structure(p)),
        )
    }

    /// Text that is not one value and not JSON (see [`Pseudonymiser::opaque`]).
    pub fn opaque(&self, bytes: &[u8]) -> Vec<u8> {
        self.pseudonyms.opaque(bytes)
    }
}

/// A pseudonym drawn for `value`, with its treatment: `Kept` when it is the value itself (no
/// character to replace, or no draw that is not a literal).
fn replaced(value: &str, pseudonym: String) -> (String, Treatment) {
    let treatment = if pseudonym == value {
        Treatment::Kept
    } else {
        Treatment::Pseudonym
    };
    (pseudonym, treatment)
}

/// The names of the properties and parameters whose schema is marked as unix time
/// (`x-vsee-type: unix-time`), found once with the one schema walk: the mark counts on the
/// schema itself, on any schema a `$ref` chain leads to (so every reference to a `UnixTime`
/// component that carries it counts), on any branch of `allOf` / `anyOf` / `oneOf`, and on
/// `items` (an array of unix times).
pub(crate) fn unix_time_names(spec: &Spec) -> HashSet<String> {
    let mut names = HashSet::new();
    let document = spec.document();
    walk::each_schema(document, &mut |ptr, schema| {
        if !marked_unix(spec, schema, 0) {
            return;
        }
        let (parent, last) = ptr.rsplit_once('/').unwrap_or(("", ptr));
        if parent.ends_with("/properties") {
            names.insert(vsee_spec::pointer::unescape(last));
        } else if last == "schema" {
            // A parameter's schema: the parameter object holds the name.
            if let Some(name) = document
                .pointer(parent)
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
            {
                names.insert(name.to_owned());
            }
        }
    });
    names
}

/// Deepest chain of references and combinators followed when looking for the mark.
const MAX_MARK_DEPTH: usize = 32;

fn marked_unix(spec: &Spec, schema: &Value, depth: usize) -> bool {
    if depth > MAX_MARK_DEPTH {
        return false;
    }
    let (schema, _) = spec.deref(schema);
    if schema.get("x-vsee-type").and_then(Value::as_str) == Some("unix-time") {
        return true;
    }
    let branches = ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten();
    branches
        .chain(schema.get("items"))
        .any(|s| marked_unix(spec, s, depth + 1))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /slots:
    get:
      operationId: get_slots
      parameters:
        - {name: start, in: query, schema: {$ref: '#/components/schemas/UnixTime'}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Slot'}
components:
  schemas:
    UnixTime:
      x-vsee-type: unix-time
      oneOf: [{type: integer}, {type: string}]
    Stamp:
      allOf: [{$ref: '#/components/schemas/UnixTime'}]
    Slot:
      type: object
      additionalProperties: {}
      properties:
        slot_start: {$ref: '#/components/schemas/UnixTime'}
        slot_end: {$ref: '#/components/schemas/Stamp'}
        history: {type: array, items: {$ref: '#/components/schemas/UnixTime'}}
        note: {anyOf: [{type: string}, {x-vsee-type: unix-time, type: integer}]}
        phone: {type: string}
        id: {x-vsee-type: id, type: string}
"##;

    #[test]
    fn unix_time_places_are_found_through_refs_combinators_and_items() {
        let spec = vsee_spec::load_str("t.yaml", SPEC).unwrap();
        let mut names: Vec<String> = unix_time_names(&spec).into_iter().collect();
        names.sort();
        assert_eq!(
            names,
            ["history", "note", "slot_end", "slot_start", "start"]
        );
    }

    pub(crate) fn values() -> Values {
        Values::new(
            Pseudonymiser::seeded(b"values tests"),
            ["10", "walkin"].map(String::from).into(),
            ["slot_start", "slot_end"].map(String::from).into(),
        )
    }

    /// Issue 21: `slot_end` was pseudonymised to a time before `slot_start`.
    #[test]
    fn timestamps_keep_their_order_and_durations() {
        let v = values();
        let (start, t1) = v.number("1800000000", Some("slot_start"));
        let (end, t2) = v.string("1800001800", Some("slot_end"));
        assert_eq!((t1, t2), (Treatment::Shifted, Treatment::Shifted));
        let (start, end): (i64, i64) = (start.parse().unwrap(), end.parse().unwrap());
        assert_eq!(end - start, 1800);
        assert_eq!(start - 1_800_000_000, v.shift().days() * 86_400);
        let (d1, _) = v.string("2021-03-16", None);
        let (d2, _) = v.string("2021-03-17T09:30:00Z", Some("anything"));
        assert!(d1 < d2 && d1 != "2021-03-16", "{d1} {d2}");
    }

    /// A shifted phone number would be recovered from one known time: only times shift.
    #[test]
    fn values_that_are_not_times_are_never_shifted() {
        let v = values();
        for (value, name) in [
            ("6505550199", Some("phone")),
            ("6505550199", None),
            ("12", Some("slot_start")),
            ("1800000000.5", Some("slot_start")),
        ] {
            let (out, treatment) = v.number(value, name);
            assert_eq!(treatment, Treatment::Pseudonym, "{value}");
            assert_ne!(out, value);
        }
        let (_, t) = v.string("not a time", Some("slot_start"));
        assert_eq!(t, Treatment::Pseudonym);
    }

    #[test]
    fn literals_are_kept_by_value() {
        let v = values();
        assert_eq!(v.number("10.0", None), ("10.0".to_owned(), Treatment::Kept));
        assert_eq!(v.string("walkin", None).1, Treatment::Kept);
    }

    /// A visit status VSee does not document (77 beside 10, 20, 25, 30 and 40) came out of a
    /// recording as `30` for about one key in eighteen: the recording then validated, and the
    /// drift was gone (a flaky end-to-end test found it). No key may turn a value that is not
    /// a literal into one.
    #[test]
    fn a_pseudonym_is_never_a_literal_of_the_spec() {
        let literals: HashSet<String> = ["10", "20", "25", "30.0", "40", "1", "2", "3"]
            .map(String::from)
            .into();
        for key in 0..2000u32 {
            let v = Values::new(
                Pseudonymiser::seeded(&key.to_le_bytes()),
                literals.clone(),
                HashSet::new(),
            );
            assert_eq!(
                v.number("77", None),
                (v.string("77", None).0, Treatment::Pseudonym),
                "key {key}: 77 and \"77\" are one id"
            );
            for (value, out) in [
                ("77", v.number("77", None).0),
                ("77.0", v.number("77.0", None).0),
                ("77", v.string("77", None).0),
                ("7", v.string("7", None).0),
            ] {
                assert_ne!(out, value, "key {key}");
                assert!(
                    !v.is_literal(&out) && !v.is_numeric_literal(&out),
                    "key {key}: {value} became the literal {out}"
                );
            }
        }
    }

    /// When every pseudonym of a value's shape is a literal (`"9"` beside an enum of `"1"` to
    /// `"8"`), the value is kept as sent: a literal would hide the drift.
    #[test]
    fn a_value_without_a_free_pseudonym_is_kept_rather_than_made_a_literal() {
        let digits: HashSet<String> = (1..=8).map(|d| d.to_string()).collect();
        let v = Values::new(Pseudonymiser::seeded(b"exhausted"), digits, HashSet::new());
        assert_eq!(v.string("9", None), ("9".to_owned(), Treatment::Kept));
        assert_eq!(v.string("x", None).1, Treatment::Pseudonym);
    }
}
