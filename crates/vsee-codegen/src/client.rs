//! The typed client: `crates/vsee-client/src/generated.rs` and `typed_check.rs`.
//!
//! Pipeline (every step in memory; nothing is written here):
//! 1. [`crate::rules`]: a copy of the spec, changed by the copy rules so that progenitor and
//!    typify accept it and produce code that compiles without losing data;
//! 2. [`crate::generator`]: progenitor with the settings listed there (`#[non_exhaustive]`
//!    comes from typify patches); a panic is reported naming the operation when it can;
//! 3. [`crate::rewrite`]: the rewrites no setting can do;
//! 4. prettyplease formats the result under the header of [`crate::summary`], which lists
//!    every step and what it changed, so a reviewer sees it in the diff ([`client_syntax`]
//!    stops before this step, for the `crate` verdict);
//! 5. [`crate::typed_check`]: the per-operation, per-status decode table for the contract
//!    validator, read off the generated code (so it decodes exactly what the client decodes).

use crate::error::{shape, Error};
use crate::file::GeneratedFile;
use crate::rules::{self, nullable};
use crate::{
    debug_shapes, field_setters, generator, non_exhaustive, optional_setters, param_setters,
    redacted_errors, rewrite, summary, typed_check,
};

/// Where the client's generated files go, relative to the workspace root.
pub const GENERATED_RS: &str = "crates/vsee-client/src/generated.rs";
pub const TYPED_CHECK_RS: &str = "crates/vsee-client/src/typed_check.rs";
pub const CODES_RS: &str = "crates/vsee-client/src/codes.rs";

/// The client's generated files, and what a reviewer should know about them.
#[derive(Debug)]
pub struct ClientOutput {
    /// `generated.rs`, `typed_check.rs`, then `codes.rs`.
    pub files: Vec<GeneratedFile>,
    pub notes: Vec<String>,
    /// Each property that accepts null (copy rule `nullable`), by pointer, with the
    /// `Struct.field`s that carried its marker.
    pub nullable_fields: Vec<(String, Vec<String>)>,
}

/// Generates the client from `spec`; `spec_name` is the spec's name in the headers.
pub fn generate(spec: &vsee_spec::Spec, spec_name: &str) -> Result<ClientOutput, Error> {
    let built = build(spec, spec_name)?;
    let generated = format!("{}{}", built.header, prettyplease::unparse(&built.file));
    Ok(ClientOutput {
        files: vec![
            GeneratedFile {
                path: GENERATED_RS.into(),
                contents: generated,
            },
            GeneratedFile {
                path: TYPED_CHECK_RS.into(),
                contents: built.typed_check,
            },
            GeneratedFile {
                path: CODES_RS.into(),
                contents: built.codes,
            },
        ],
        notes: built.notes,
        nullable_fields: built.nullable_fields,
    })
}

/// The client as generated, before `generated.rs` is formatted: its syntax tree, and the other
/// outputs.
struct Built {
    file: syn::File,
    header: String,
    typed_check: String,
    codes: String,
    notes: Vec<String>,
    nullable_fields: Vec<(String, Vec<String>)>,
}

fn build(spec: &vsee_spec::Spec, spec_name: &str) -> Result<Built, Error> {
    let prepared = prepare_copy(spec)?;
    let openapi = to_openapi(&prepared.document)?;
    let tokens = generator::run(&openapi)
        .map_err(|message| locate_failure(spec, &prepared.document, message))?;
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::Internal(format!(
            "progenitor produced code that does not parse ({e}); this is a progenitor bug"
        ))
    })?;
    let (rewrites, typed_check) = apply_rewrites(&mut file, spec, spec_name)?;
    let nullable_fields: Vec<(String, Vec<String>)> = prepared
        .nullable
        .iter()
        .enumerate()
        .map(|(n, pointer)| {
            let fields = rewrites
                .lossless
                .marked
                .iter()
                .filter(|(m, _)| *m == n)
                .map(|(_, field)| field.clone())
                .collect();
            (pointer.clone(), fields)
        })
        .collect();
    check_nullable_markers(spec, &nullable_fields, &rewrites.lossless.marked, &file)?;

    let header = summary::client_header(spec_name, &prepared.changes, &rewrites.details());
    let mut notes = Vec::new();
    if !prepared.changes.is_empty() {
        notes.push(format!(
            "the generator's copy of the spec differs from it in {} places, listed in the header \
             of {GENERATED_RS}",
            prepared.changes.len()
        ));
    }
    Ok(Built {
        file,
        header,
        typed_check,
        codes: codes_file(spec_name, &prepared.coded),
        notes,
        nullable_fields,
    })
}

/// The generator's copy of the spec (the copy rules applied), or every problem located.
fn prepare_copy(spec: &vsee_spec::Spec) -> Result<rules::Prepared, Error> {
    rules::prepare(spec.document()).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}: {} [generator: {}]",
                    spec.locate(&p.pointer),
                    p.pointer,
                    p.message,
                    p.rule
                )
            })
            .collect();
        Error::Spec(format!(
            "{}\nthe client generator cannot use the spec as it is: fix the problems above \
             (the rules are in the book, \"What the generator sees\": docs/src/workflows/edit-the-spec.md)",
            lines.join("\n")
        ))
    })
}

/// What each output rewrite changed, for the generated file's header.
struct Rewrites {
    marked: non_exhaustive::NonExhaustive,
    extra_defaults: usize,
    snippets: usize,
    parameters: param_setters::ParameterSetters,
    optional_setters: usize,
    fields: field_setters::FieldSetters,
    redacted: usize,
    debug: usize,
    lossless: rewrite::Lossless,
}

impl Rewrites {
    fn details(&self) -> [(&'static str, String); 9] {
        let (marked, parameters, fields, lossless) =
            (&self.marked, &self.parameters, &self.fields, &self.lossless);
        [
            (
                "non-exhaustive",
                format!("{} structs and {} enums", marked.structs, marked.enums),
            ),
            (
                "extra-default",
                format!("{} struct builders", self.extra_defaults),
            ),
            ("snippets-as-text", format!("{} snippets", self.snippets)),
            (
                "parameter-setters",
                format!(
                    "{} setters, {} validated id types",
                    parameters.setters, parameters.validated_ids
                ),
            ),
            (
                "optional-setters",
                format!("{} setters", self.optional_setters),
            ),
            (
                "field-setters",
                format!(
                    "{} setters, {} required fields",
                    fields.setters, fields.required
                ),
            ),
            ("redacted-errors", format!("{} operations", self.redacted)),
            ("debug-shapes", format!("{} types", self.debug)),
            (
                "tri-state",
                format!(
                    "{} `Option<Option<T>>` fields, {} `Option<Vec/map>` fields",
                    lossless.tri_state, lossless.collections
                ),
            ),
        ]
    }
}

/// The output rewrites no generator setting can do, in their order; also the typed-check
/// table, read off progenitor's own `send()`s before `redacted-errors` wraps them.
fn apply_rewrites(
    file: &mut syn::File,
    spec: &vsee_spec::Spec,
    spec_name: &str,
) -> Result<(Rewrites, String), Error> {
    let marked = non_exhaustive::check(file)
        .map_err(|p| shape(p, "crates/vsee-codegen/src/non_exhaustive.rs"))?;
    let extra_defaults = rewrite::default_extra_in_builders(file);
    let snippets = rewrite::ignore_snippets_as_text(file);
    let typed_check = typed_check::generate(file, spec_name)?;
    let parameters = param_setters::rewrite_parameter_setters(file, spec).map_err(|p| {
        shape(
            format!("cannot document the parameter setters: {p}"),
            "crates/vsee-codegen/src/param_setters.rs",
        )
    })?;
    let redacted = redacted_errors::redact_send_errors(file).map_err(|p| {
        shape(
            format!("cannot wrap the operations' errors: {p}"),
            "crates/vsee-codegen/src/redacted_errors.rs",
        )
    })?;
    let optional_setters = optional_setters::optional_setters(file).map_err(|p| {
        shape(
            format!("cannot make the optional setters take the value itself: {p}"),
            "crates/vsee-codegen/src/optional_setters.rs",
        )
    })?;
    rewrite::check_leftovers(file).map_err(|p| shape(p, "crates/vsee-codegen/src/rewrite.rs"))?;
    let lossless =
        rewrite::keep_present_null_and_empty(file, nullable::MARKER_PREFIX).map_err(|problem| {
            shape(
                format!("cannot make the optional fields keep a present null/[]/{{}}: {problem}"),
                "crates/vsee-codegen/src/rewrite.rs",
            )
        })?;
    let fields = field_setters::document_field_setters(file)
        .map_err(|p| shape(p, "crates/vsee-codegen/src/field_setters.rs"))?;
    let debug = debug_shapes::debug_shapes(file)
        .and_then(|n| debug_shapes::check_no_derived_debug(file).map(|()| n))
        .map_err(|p| shape(p, "crates/vsee-codegen/src/debug_shapes.rs"))?;
    let rewrites = Rewrites {
        marked,
        extra_defaults,
        snippets,
        parameters,
        optional_setters,
        fields,
        redacted,
        debug,
        lossless,
    };
    Ok((rewrites, typed_check))
}

/// `codes.rs`: the enums of the copy rule `coded-enums`, one `coded_enum!` each.
fn codes_file(spec_name: &str, coded: &[rules::CodedEnum]) -> String {
    format!(
        "{}//\n// The enumerated codes of the spec (copy rule `coded-enums`): one variant per \
         `x-enum-varnames`\n// name, plus `Unknown(Code)` for a value the spec does not list.\n{}",
        crate::file::generated_header(spec_name),
        rules::coded::codes_source(coded)
    )
}

/// The generated client of `spec` as a syntax tree: every copy rule, setting and rewrite
/// applied, not yet formatted. What `vsee-diff` compares for the `crate` verdict
/// (`diff_crate_syntax`): the same public API as [`client_source`] reads, without formatting
/// the file and parsing it back.
pub fn client_syntax(spec: &vsee_spec::Spec) -> Result<syn::File, Error> {
    build(spec, spec.file()).map(|built| built.file)
}

/// The generated client source of `spec` (its `generated.rs`), exactly as `cargo xtask
/// generate` writes it, with `spec.file()` as the spec's name.
pub fn client_source(spec: &vsee_spec::Spec) -> Result<String, Error> {
    let output = generate(spec, spec.file())?;
    output
        .files
        .into_iter()
        .find(|f| f.path == std::path::Path::new(GENERATED_RS))
        .map(|f| f.contents)
        .ok_or_else(|| Error::Internal(format!("the client generator produced no {GENERATED_RS}")))
}

/// progenitor's messages rarely say where: name the operation (from the message, or by
/// generating each operation alone) and point into the spec.
fn locate_failure(spec: &vsee_spec::Spec, prepared: &serde_json::Value, message: String) -> Error {
    let culprits: Vec<vsee_spec::Operation> = spec
        .operations()
        .into_iter()
        .filter(|op| !op.id.is_empty() && mentions(&message, &op.id))
        .collect();
    let culprits = if culprits.is_empty() {
        failing_operations(spec, prepared)
    } else {
        culprits
    };
    let places: Vec<String> = culprits
        .iter()
        .map(|op| {
            format!(
                "{}: {}: operation {} ({} {}) cannot be generated",
                spec.locate(&op.pointer),
                op.pointer,
                op.id,
                op.method,
                op.path
            )
        })
        .collect();
    let places = if places.is_empty() {
        "(no single operation fails on its own: look at the shared components)".to_owned()
    } else {
        places.join("\n")
    };
    Error::Spec(format!(
        "{places}\n{message}\nno file was written; change the spec (or the copy rules in \
         crates/vsee-codegen/src/rules/) so that the generator accepts it"
    ))
}

/// Every property marked by the copy rule `nullable` must have produced a field (whose marker
/// the rewrite `tri-state` removed), and no marker may be left anywhere in the output.
fn check_nullable_markers(
    spec: &vsee_spec::Spec,
    marked: &[(String, Vec<String>)],
    found: &[(usize, String)],
    file: &syn::File,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    for (n, (pointer, fields)) in marked.iter().enumerate() {
        if fields.is_empty() {
            problems.push(format!(
                "{}: {pointer}: this property accepts null but no field of `types` carries its \
                 marker {}, so its field cannot keep a present null",
                spec.locate(pointer),
                nullable::marker(n)
            ));
        }
    }
    if let Some((n, field)) = found.iter().find(|(n, _)| *n >= marked.len()) {
        problems.push(format!("{field}: unknown nullable marker number {n}"));
    }
    // Formatted only to quote a leftover line; the syntax tree says whether there is one.
    let text = if has_marker(file) {
        prettyplease::unparse(file)
    } else {
        String::new()
    };
    let left: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(nullable::MARKER_PREFIX))
        .map(str::trim)
        .collect();
    if !left.is_empty() {
        problems.push(format!(
            "{} generated lines still carry a nullable marker ({}N]]), e.g. `{}`",
            left.len(),
            nullable::MARKER_PREFIX,
            left[0]
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(shape(
        format!(
            "{}\nthe nullable properties could not be matched to their fields (copy rule \
             `nullable`, rewrite `tri-state`)",
            problems.join("\n")
        ),
        "crates/vsee-codegen/src/rules/nullable.rs and rewrite.rs",
    ))
}

/// Whether a string literal of `file` (doc comments included) still holds a nullable marker.
fn has_marker(file: &syn::File) -> bool {
    struct Find(bool);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            self.0 |= lit.value().contains(nullable::MARKER_PREFIX);
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_file(&mut find, file);
    find.0
}

fn to_openapi(document: &serde_json::Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_json::from_value(document.clone()).map_err(|e| {
        Error::Internal(format!(
            "the generator's copy of the spec is not OpenAPI 3.0 any more ({e}); a copy rule \
             of crates/vsee-codegen/src/rules/ broke it"
        ))
    })
}

/// The operations progenitor fails on when each is generated alone (with all components):
/// only run after a failure, to say where it is.
fn failing_operations(
    spec: &vsee_spec::Spec,
    prepared: &serde_json::Value,
) -> Vec<vsee_spec::Operation> {
    spec.operations()
        .into_iter()
        .filter(|op| {
            let mut alone = prepared.clone();
            let Some(item) = prepared.get("paths").and_then(|p| p.get(&op.path)) else {
                return false;
            };
            let mut single = serde_json::Map::new();
            for (key, value) in item.as_object().into_iter().flatten() {
                // Keep the path-level fields (parameters, ...) and only this method.
                let is_method = vsee_spec::METHODS.contains(&key.as_str());
                if !is_method || key.eq_ignore_ascii_case(&op.method) {
                    single.insert(key.clone(), value.clone());
                }
            }
            alone["paths"] = serde_json::json!({ op.path.clone(): single });
            match to_openapi(&alone) {
                Ok(openapi) => generator::fails(&openapi),
                Err(_) => false,
            }
        })
        .collect()
}

/// True when `text` contains `word` not as part of a longer identifier (so `get_visit` is not
/// found in `get_visits`).
fn mentions(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_whole_identifiers_only() {
        assert!(mentions("media types for get_visit: 3", "get_visit"));
        assert!(!mentions("media types for get_visits: 3", "get_visit"));
        assert!(!mentions("x_get_visit", "get_visit"));
    }

    /// The spec's three spellings of a property that takes `null`, written out independently
    /// of `vsee_spec::schema_view::accepts_null`: `nullable: true` (beside a `type`), a nullable
    /// reference `anyOf: [{$ref: ..}, {enum: [null]}]`, and a property of unknown type (no
    /// typing keyword at all).
    fn takes_null(property: &serde_json::Value) -> bool {
        let null_only = serde_json::json!({"enum": [null]});
        let untyped = [
            "type",
            "$ref",
            "allOf",
            "oneOf",
            "anyOf",
            "enum",
            "properties",
            "items",
        ]
        .iter()
        .all(|key| property.get(*key).is_none());
        property.get("nullable") == Some(&serde_json::Value::Bool(true))
            || property["anyOf"]
                .as_array()
                .is_some_and(|branches| branches.contains(&null_only))
            || untyped
    }

    /// Pointers of every property that takes `null` ([`takes_null`]), found by walking the whole
    /// document (independently of `prepare`'s schema walk).
    fn nullable_properties(value: &serde_json::Value, pointer: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    let child_pointer = format!("{pointer}/{}", vsee_spec::pointer::escape(key));
                    if key == "properties" {
                        for (name, property) in child.as_object().into_iter().flatten() {
                            if takes_null(property) {
                                out.push(format!(
                                    "{child_pointer}/{}",
                                    vsee_spec::pointer::escape(name)
                                ));
                            }
                        }
                    }
                    nullable_properties(child, &child_pointer, out);
                }
            }
            serde_json::Value::Array(list) => {
                for (i, child) in list.iter().enumerate() {
                    nullable_properties(child, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn a_marker_left_over_or_a_marked_property_without_a_field_fails() {
        let spec = vsee_spec::embedded().expect("the embedded spec loads");
        let file: syn::File = syn::parse_quote! {
            #[doc = "[[xtask-nullable:1]]"]
            pub struct Left;
        };
        let marked = vec![
            (
                "/components/schemas/Visit/properties/state".to_owned(),
                vec![],
            ),
            (
                "/components/schemas/Visit/properties/room_id".to_owned(),
                vec!["Visit.room_id".to_owned()],
            ),
        ];
        let found = [(1, "Visit.room_id".to_owned())];
        let err = check_nullable_markers(&spec, &marked, &found, &file)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/components/schemas/Visit/properties/state: this property accepts null"),
            "{err}"
        );
        assert!(!err.contains("properties/room_id:"), "{err}");
        assert!(
            err.contains("1 generated lines still carry a nullable marker"),
            "{err}"
        );

        let clean: syn::File = syn::parse_quote! { pub struct Clean; };
        let marked = &marked[1..];
        let found = [(0, "Visit.room_id".to_owned())];
        assert!(check_nullable_markers(&spec, marked, &found, &clean).is_ok());
    }

    #[test]
    fn every_nullable_property_of_the_spec_is_one_tri_state_field() {
        let spec = vsee_spec::embedded().expect("the embedded spec loads");
        let mut expected = Vec::new();
        nullable_properties(spec.document(), "", &mut expected);
        assert!(!expected.is_empty(), "the spec has nullable properties");

        let output = generate(&spec, "spec/vsee.yaml").expect("the client generates");
        let marked: Vec<&String> = output.nullable_fields.iter().map(|(p, _)| p).collect();
        for pointer in &expected {
            assert!(
                marked.contains(&pointer),
                "{pointer} is nullable but was not marked"
            );
        }
        let generated = &output
            .files
            .iter()
            .find(|f| f.path == std::path::Path::new(GENERATED_RS))
            .expect("generated.rs")
            .contents;
        let tri_state = generated
            .matches("deserialize_with = \"crate::tri_state::deserialize\"")
            .count();
        let mut fields = 0;
        for (pointer, found) in &output.nullable_fields {
            assert_eq!(found.len(), 1, "{pointer}: marked on {found:?}");
            fields += found.len();
        }
        // None of the spec's nullable properties is required, so each is one tri-state field,
        // and no other field is one.
        assert_eq!(fields, expected.len());
        assert_eq!(
            tri_state,
            expected.len(),
            "tri-state fields in generated.rs"
        );
        assert!(!generated.contains(nullable::MARKER_PREFIX));
    }
}
