//! Rule `coded-enums`: enumerated integer codes become named Rust enums that also read values
//! the spec does not list.

use serde_json::{json, Map, Value};

use super::copy::{CodedEnum, Rule, SpecCopy};
use vsee_spec::pointer::escape;

pub const RULE: Rule = Rule {
    name: "coded-enums",
    title: "Enumerated codes are named enums that read any value",
    explanation: "typify turns `oneOf: [{type: integer, enum: [10, 20]}, {type: string, enum: \
        ['10', '20']}]` into `Integer(X) | String(Y)` with variants `X10`, and rejects a value \
        the spec does not list, losing the whole response. A component schema whose integer \
        enum carries `x-enum-varnames` (openapi-generator's convention, one name per value) \
        gets `x-rust-type: vsee_client::Coded<vsee_client::codes::Name>` in the copy; \
        `codes.rs` (generated) defines the enum with one variant per name plus \
        `Unknown(Code)`, and `Coded` reads a number, a whole float or a numeric string and \
        writes back exactly what it read. An inline integer enum with `x-enum-varnames` whose \
        every value and name belong to one such component (e.g. a request's `type: integer, \
        enum: [1, 2]`) uses that component's type; any other is an error. The spec stays \
        strict: the validator still reports an unlisted value.",
    apply,
};

/// Path of the generated enums' module, as `x-rust-type` names it.
pub const CODES_PATH: &str = "vsee_client::codes";

fn coded_type(name: &str) -> Value {
    json!({
        "crate": "vsee-client", "version": "*", "path": "vsee_client::Coded",
        "parameters": [{"x-rust-type": {
            "crate": "vsee-client", "version": "*", "path": format!("{CODES_PATH}::{name}")
        }}]
    })
}

fn apply(copy: &mut SpecCopy) {
    // Components first, so that inline enums can be matched against them.
    let names: Vec<String> = copy
        .document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for name in names {
        let pointer = format!("/components/schemas/{}", escape(&name));
        let Some(schema) = copy
            .document
            .pointer_mut(&pointer)
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let Some(found) = integer_codes(schema) else {
            continue;
        };
        match found {
            Ok(variants) => {
                let description = schema
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                use_coded_type(schema, &name);
                copy.change(
                    pointer,
                    format!(
                        "coded enum vsee_client::Coded<codes::{name}> ({} named values + Unknown)",
                        variants.len()
                    ),
                );
                copy.coded.push(CodedEnum {
                    name,
                    description,
                    variants,
                });
            }
            Err(message) => {
                // Reported once, here; not again as an inline enum.
                schema.remove("x-enum-varnames");
                copy.error(pointer, message);
            }
        }
    }

    let coded = copy.coded.clone();
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    copy.each_schema_mut(&mut |pointer, schema| {
        let Some(found) = integer_codes(schema) else {
            return;
        };
        let variants = match found {
            Ok(v) => v,
            Err(message) => return errors.push((pointer.to_owned(), message)),
        };
        let owner = coded
            .iter()
            .find(|c| variants.iter().all(|v| c.variants.contains(v)));
        let Some(owner) = owner else {
            return errors.push((
                pointer.to_owned(),
                "this enum's `x-enum-varnames` name values of no component enum: give its \
                 codes a component schema (with `x-enum-varnames`) and use that"
                    .to_owned(),
            ));
        };
        use_coded_type(schema, &owner.name);
        changes.push((pointer.to_owned(), owner.name.clone()));
    });
    for (pointer, name) in changes {
        copy.change(
            pointer,
            format!("inline codes are those of {name}: vsee_client::Coded<codes::{name}>"),
        );
    }
    for (pointer, message) in errors {
        copy.error(pointer, message);
    }
}

/// Points `schema` at the coded enum `name`. The schema itself stays (typify reads
/// `x-rust-type` first; the other rules still see what it accepts); its names go, so that it is
/// not read again as an inline enum.
fn use_coded_type(schema: &mut Map<String, Value>, name: &str) {
    schema.remove("x-enum-varnames");
    if let Some(branches) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
        for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
            branch.remove("x-enum-varnames");
        }
    }
    schema.insert("x-rust-type".into(), coded_type(name));
}

/// `None` when `schema` is not an integer enum with `x-enum-varnames` (directly, or as a
/// branch of its `oneOf`); else its `(name, value)` pairs or what is wrong with them.
fn integer_codes(schema: &Map<String, Value>) -> Option<Result<Vec<(String, i64)>, String>> {
    let branch = if has_names(schema) {
        schema
    } else {
        schema
            .get("oneOf")?
            .as_array()?
            .iter()
            .filter_map(Value::as_object)
            .find(|b| has_names(b))?
    };
    Some(pairs(branch))
}

fn has_names(schema: &Map<String, Value>) -> bool {
    schema.contains_key("x-enum-varnames")
}

fn pairs(schema: &Map<String, Value>) -> Result<Vec<(String, i64)>, String> {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return Err("`x-enum-varnames` is read beside an integer enum (`type: integer`)".into());
    }
    let values = schema
        .get("enum")
        .and_then(Value::as_array)
        .ok_or("`x-enum-varnames` without an `enum` beside it")?;
    let names = schema
        .get("x-enum-varnames")
        .and_then(Value::as_array)
        .ok_or("`x-enum-varnames` must be a list of names")?;
    if values.len() != names.len() {
        return Err(format!(
            "`x-enum-varnames` has {} names for {} values: give one name per value",
            names.len(),
            values.len()
        ));
    }
    let mut out = Vec::new();
    for (value, name) in values.iter().zip(names) {
        let value = value
            .as_i64()
            .ok_or("every value of an integer enum must be an integer")?;
        let name = name
            .as_str()
            .filter(|n| is_variant_name(n))
            .ok_or("every `x-enum-varnames` entry must be an UpperCamelCase Rust name")?;
        if name == "Unknown" {
            return Err("`Unknown` is the variant for unlisted values: choose another name".into());
        }
        out.push((name.to_owned(), value));
    }
    Ok(out)
}

fn is_variant_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// The generated `codes.rs` body: one `coded_enum!` per enum.
pub fn codes_source(coded: &[CodedEnum]) -> String {
    let mut out = String::new();
    for c in coded {
        out.push_str("\ncrate::coded_enum! {\n");
        if let Some(d) = &c.description {
            for line in d.trim_end().lines() {
                out.push_str(format!("    /// {line}").trim_end());
                out.push('\n');
            }
        }
        out.push_str(&format!("    {} {{\n", c.name));
        for (name, value) in &c.variants {
            out.push_str(&format!(
                "        /// `{value}`\n        {name} = {value},\n"
            ));
        }
        out.push_str("    }\n}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{doc_with, prepare};
    use super::*;

    fn status() -> Value {
        json!({"description": "Status.", "oneOf": [
            {"type": "integer", "enum": [10, 30], "x-enum-varnames": ["Pending", "Completed"]},
            {"type": "string", "enum": ["10", "30"]}
        ]})
    }

    #[test]
    fn a_named_component_enum_becomes_coded_and_inline_subsets_use_it() {
        let mut doc = doc_with(
            json!({"type": "object", "additionalProperties": {}, "properties": {
                "s": {"type": "integer", "enum": [30], "x-enum-varnames": ["Completed"]},
                "plain": {"type": "integer", "enum": [1, 2]}
            }}),
        );
        doc["components"]["schemas"]["Status"] = status();
        let prepared = prepare(&doc).unwrap();
        let schemas = &prepared.document["components"]["schemas"];
        assert_eq!(schemas["Status"]["x-rust-type"], coded_type("Status"));
        assert_eq!(schemas["Status"]["description"], "Status.");
        assert!(schemas["Status"]["oneOf"][0]
            .get("x-enum-varnames")
            .is_none());
        assert_eq!(
            schemas["T"]["properties"]["s"]["x-rust-type"],
            coded_type("Status")
        );
        // Without names, typify's own enum stays.
        assert_eq!(schemas["T"]["properties"]["plain"]["enum"], json!([1, 2]));
        assert_eq!(
            prepared.coded,
            vec![CodedEnum {
                name: "Status".into(),
                description: Some("Status.".into()),
                variants: vec![("Pending".into(), 10), ("Completed".into(), 30)],
            }]
        );
    }

    #[test]
    fn mismatched_names_are_errors_with_the_place() {
        let mut doc = doc_with(
            json!({"type": "object", "additionalProperties": {}, "properties": {
                "s": {"type": "integer", "enum": [30], "x-enum-varnames": ["Done"]}
            }}),
        );
        doc["components"]["schemas"]["Status"] = status();
        doc["components"]["schemas"]["Bad"] =
            json!({"type": "integer", "enum": [1, 2], "x-enum-varnames": ["One"]});
        let errors = prepare(&doc).unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/Bad",
                "/components/schemas/T/properties/s"
            ]
        );
        assert!(errors[0].message.contains("1 names for 2 values"));
    }

    #[test]
    fn codes_source_lists_every_variant() {
        let source = codes_source(&[CodedEnum {
            name: "Status".into(),
            description: Some("Status.\n".into()),
            variants: vec![("Pending".into(), 10)],
        }]);
        assert_eq!(
            source,
            "\ncrate::coded_enum! {\n    /// Status.\n    Status {\n        /// `10`\n        Pending = 10,\n    }\n}\n"
        );
    }
}
