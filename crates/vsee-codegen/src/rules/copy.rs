//! What a copy rule is and what it works on (the types every rule file uses).

use serde_json::{Map, Value};

/// One change made to the generator's copy, or one reason the copy cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Name of the rule that made the change (or found the problem).
    pub rule: &'static str,
    /// RFC 6901 pointer into the spec of the node concerned.
    pub pointer: String,
    pub message: String,
}

/// One generated code enum (the copy rule `coded-enums` finds them; `codes.rs` is written
/// from them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedEnum {
    /// The component's name, also the enum's.
    pub name: String,
    pub description: Option<String>,
    /// `(variant name, value)`, in the spec's order.
    pub variants: Vec<(String, i64)>,
}

/// The copy while the rules change it.
#[derive(Debug)]
pub struct SpecCopy {
    pub document: Value,
    /// Every change made, in the order the rules made them.
    pub changes: Vec<Note>,
    /// Every reason the copy cannot be generated from.
    pub errors: Vec<Note>,
    /// Pointers of the properties that accept null, marked by the rule `nullable`; the marker of
    /// `nullable[n]` is `nullable::marker``(n)`.
    pub nullable: Vec<String>,
    /// The code enums the rule `coded-enums` made (generated into `codes.rs`).
    pub coded: Vec<CodedEnum>,
    rule: &'static str,
}

impl SpecCopy {
    pub(super) fn new(document: Value) -> Self {
        SpecCopy {
            document,
            changes: Vec::new(),
            errors: Vec::new(),
            nullable: Vec::new(),
            coded: Vec::new(),
            rule: "",
        }
    }

    /// Names the rule that the next changes and errors come from.
    pub(super) fn set_rule(&mut self, name: &'static str) {
        self.rule = name;
    }

    /// Calls `f(pointer, schema)` on every schema object of the copy, outermost first, with
    /// vsee-spec's schema walk. Reference objects are skipped: OpenAPI 3.0 ignores a `$ref`'s
    /// siblings, so a rule has nothing to change on one (its target is visited where it lives).
    pub fn each_schema_mut(&mut self, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
        vsee_spec::walk::each_schema_mut(&mut self.document, &mut |pointer, schema| {
            if !schema.contains_key("$ref") {
                f(pointer, schema);
            }
        });
    }

    /// Records a change made by the rule being applied.
    pub fn change(&mut self, pointer: String, message: String) {
        let rule = self.rule;
        self.changes.push(Note {
            rule,
            pointer,
            message,
        });
    }

    /// Records a reason the copy cannot be generated from.
    pub fn error(&mut self, pointer: String, message: String) {
        let rule = self.rule;
        self.errors.push(Note {
            rule,
            pointer,
            message,
        });
    }
}

/// One copy rule.
pub struct Rule {
    /// Short name, as the header and the book show it.
    pub name: &'static str,
    /// What the rule does, in a few words.
    pub title: &'static str,
    /// Why and how, in one Markdown paragraph (no line breaks).
    pub explanation: &'static str,
    /// Changes the copy, recording each change (or problem) on it.
    pub apply: fn(&mut SpecCopy),
}
