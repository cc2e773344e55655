//! Inference: the smallest schema that accepts every observed value, written as YAML lines.
//!
//! Named schemas of the spec are reused where the values need what they say (a number or a
//! numeric string: the spec's `StringOrInt`); objects become inline object schemas with
//! `additionalProperties: {}` (the workspace's convention) and their properties inferred the
//! same way. No recorded value is ever part of the result: only types, formats and
//! references.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::observe::{kind_of, Judge};

/// A YAML node this crate writes: only structure and its own scalars, never recorded text.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A scalar, already formatted for YAML (`string`, `'#/components/schemas/X'`, `35`).
    Scalar(String),
    /// A block mapping in key order; an empty one is written `{}`.
    Map(Vec<(String, Yaml)>),
    /// A block sequence.
    Seq(Vec<Yaml>),
}

impl Yaml {
    pub fn scalar(text: impl Into<String>) -> Yaml {
        Yaml::Scalar(text.into())
    }

    pub fn map(entries: Vec<(&str, Yaml)>) -> Yaml {
        Yaml::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    /// A `$ref` to a local pointer, quoted as the spec quotes its references.
    pub fn reference(target: &str) -> Yaml {
        Yaml::map(vec![("$ref", Yaml::scalar(format!("'#{target}'")))])
    }

    fn is_inline(&self) -> bool {
        match self {
            Yaml::Scalar(_) => true,
            Yaml::Map(m) => m.is_empty(),
            Yaml::Seq(s) => s.is_empty(),
        }
    }

    fn inline(&self) -> String {
        match self {
            Yaml::Scalar(s) => s.clone(),
            Yaml::Map(_) => "{}".to_owned(),
            Yaml::Seq(_) => "[]".to_owned(),
        }
    }

    /// The lines of `key: self` at `indent` spaces (no line endings).
    pub fn entry_lines(&self, key: &str, indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        if self.is_inline() {
            return vec![format!("{pad}{key}: {}", self.inline())];
        }
        let mut out = vec![format!("{pad}{key}:")];
        out.extend(self.body_lines(indent + 2));
        out
    }

    /// The lines of this node's body (a mapping's entries or a sequence's items) at `indent`.
    pub fn body_lines(&self, indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        match self {
            Yaml::Map(entries) => entries
                .iter()
                .flat_map(|(k, v)| v.entry_lines(k, indent))
                .collect(),
            Yaml::Seq(items) => items
                .iter()
                .flat_map(|item| item.item_lines(indent))
                .collect(),
            Yaml::Scalar(s) => vec![format!("{pad}{s}")],
        }
    }

    /// The lines of `- self` with the dash at `indent`.
    pub fn item_lines(&self, indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        if self.is_inline() {
            return vec![format!("{pad}- {}", self.inline())];
        }
        let mut lines = self.body_lines(indent + 2);
        if let Some(first) = lines.first_mut() {
            // `  key: v` -> `- key: v`: the dash takes the first line's indentation.
            *first = format!("{pad}- {}", &first[indent + 2..]);
        }
        lines
    }
}

/// A named schema the inference may reuse: a component whose only job is to unite JSON types
/// (`oneOf`/`anyOf` of `integer` and `string`, like `StringOrInt`).
#[derive(Debug, Clone)]
pub struct NamedUnion {
    pub pointer: String,
    /// The JSON kinds its branches declare.
    pub kinds: Vec<String>,
}

/// The spec's named type unions, in document order.
pub fn named_unions(doc: &Value) -> Vec<NamedUnion> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, schema) in schemas {
        for keyword in ["oneOf", "anyOf"] {
            let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            let kinds: Option<Vec<String>> = branches
                .iter()
                .map(|b| {
                    let typed = b.get("type").and_then(Value::as_str)?;
                    // A union of codes (an enum per branch) is not a general type.
                    (b.get("enum").is_none()).then(|| typed.to_owned())
                })
                .collect();
            if let Some(kinds) = kinds.filter(|k| k.len() > 1) {
                out.push(NamedUnion {
                    pointer: format!("/components/schemas/{}", vsee_spec::pointer::escape(name)),
                    kinds,
                });
            }
        }
    }
    out
}

/// The schema of one JSON kind, for a new branch or a new property (`integer` carries
/// `format: int64`, since ids exceed 32 bits).
pub fn schema_of_kind(kind: &str) -> Yaml {
    match kind {
        "integer" => Yaml::map(vec![
            ("type", Yaml::scalar("integer")),
            ("format", Yaml::scalar("int64")),
        ]),
        "array" => Yaml::map(vec![
            ("type", Yaml::scalar("array")),
            ("items", Yaml::Map(vec![])),
        ]),
        "object" => Yaml::map(vec![
            ("type", Yaml::scalar("object")),
            ("additionalProperties", Yaml::Map(vec![])),
        ]),
        other => Yaml::map(vec![("type", Yaml::scalar(other))]),
    }
}

/// The smallest schema accepting every value of `values` (at least one), reusing named
/// unions where the values need one.
pub fn infer(judge: &mut Judge<'_>, values: &[&Value], depth: usize) -> Yaml {
    let nullable = values.iter().any(|v| v.is_null());
    let present: Vec<&Value> = values.iter().copied().filter(|v| !v.is_null()).collect();
    if present.is_empty() || depth > 16 {
        // Only nulls: the type is unknown, so the schema says nothing (which accepts null).
        return Yaml::Map(vec![]);
    }
    let mut kinds: Vec<&str> = present.iter().map(|v| kind_of(v)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds == ["integer", "number"] {
        kinds = vec!["number"];
    }
    let mut schema = if kinds.len() == 1 {
        match kinds[0] {
            "object" => infer_object(judge, &present, depth),
            "array" => {
                let items: Vec<&Value> = present
                    .iter()
                    .filter_map(|v| v.as_array())
                    .flatten()
                    .collect();
                let items = if items.is_empty() {
                    Yaml::Map(vec![])
                } else {
                    infer(judge, &items, depth + 1)
                };
                Yaml::map(vec![("type", Yaml::scalar("array")), ("items", items)])
            }
            kind => schema_of_kind(kind),
        }
    } else {
        // Several kinds: a named union of the spec when one accepts them all, else `anyOf`.
        let doc = judge.spec().document();
        let union = named_unions(doc)
            .into_iter()
            .find(|u| present.iter().all(|v| judge.accepts(&u.pointer, v)));
        match union {
            Some(u) => Yaml::reference(&u.pointer),
            None => Yaml::map(vec![(
                "anyOf",
                Yaml::Seq(kinds.iter().map(|k| schema_of_kind(k)).collect()),
            )]),
        }
    };
    if nullable {
        schema = make_nullable(schema);
    }
    schema
}

/// `nullable: true` beside the type (strict OAS 3.0.3), or a null branch beside a
/// reference or a union, as the spec writes them.
fn make_nullable(schema: Yaml) -> Yaml {
    let Yaml::Map(mut entries) = schema else {
        return schema;
    };
    if entries.iter().any(|(k, _)| k == "type") {
        let at = entries
            .iter()
            .position(|(k, _)| k == "type")
            .map_or(0, |i| i + 1);
        entries.insert(at, ("nullable".to_owned(), Yaml::scalar("true")));
        return Yaml::Map(entries);
    }
    if let Some((_, Yaml::Seq(branches))) = entries.iter_mut().find(|(k, _)| k == "anyOf") {
        branches.push(null_branch());
        return Yaml::Map(entries);
    }
    if entries.iter().any(|(k, _)| k == "$ref") {
        return Yaml::map(vec![(
            "anyOf",
            Yaml::Seq(vec![Yaml::Map(entries), null_branch()]),
        )]);
    }
    Yaml::Map(entries)
}

/// The spec's null branch beside a reference: `enum: [null]`.
pub fn null_branch() -> Yaml {
    Yaml::map(vec![("enum", Yaml::scalar("[null]"))])
}

fn infer_object(judge: &mut Judge<'_>, objects: &[&Value], depth: usize) -> Yaml {
    let mut seen: BTreeMap<usize, (String, Vec<&Value>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for object in objects {
        for (name, value) in object.as_object().into_iter().flatten() {
            let index = match order.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    order.push(name.clone());
                    order.len() - 1
                }
            };
            seen.entry(index)
                .or_insert_with(|| (name.clone(), Vec::new()))
                .1
                .push(value);
        }
    }
    let mut entries = vec![
        ("type".to_owned(), Yaml::scalar("object")),
        ("additionalProperties".to_owned(), Yaml::Map(vec![])),
    ];
    let properties: Vec<(String, Yaml)> = seen
        .into_values()
        .filter(|(name, _)| is_plain_name(name))
        .map(|(name, values)| {
            let schema = infer(judge, &values, depth + 1);
            (name, schema)
        })
        .collect();
    if !properties.is_empty() {
        entries.push(("properties".to_owned(), Yaml::Map(properties)));
    }
    Yaml::Map(entries)
}

/// A property name that can be written as a plain YAML key and is a field name rather than
/// data (custom keys such as e-mail addresses or free text are left in `extra`).
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}
