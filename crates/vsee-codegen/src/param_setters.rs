//! Rewrite `parameter-setters`: the operation builders' setters say what the spec asks of
//! each parameter, in their docs and in their errors, and id parameters take every id form.
//!
//! progenitor 0.15 writes each parameter's setter without a doc comment, drops the conversion
//! error (`.map_err(|_| "conversion to `:: std :: num :: NonZeroU64` for limit failed")`, with
//! the type as spaced tokens and without the rule that failed), says `id was not initialized`
//! for a missing required parameter, and has no setting for any of it. It has the spec, and so
//! has this rewrite: each setter is found by its operation (the `operation_id` of the builder's
//! `send`) and its name.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use serde_json::Value;
use syn::visit_mut::VisitMut;

use crate::explained::Explained;
use crate::redacted_errors::operation_id;
use crate::rules::vsee_type::MARKER;

pub const EXPLAINED: Explained = Explained {
    name: "parameter-setters",
    title: "Parameter setters document and name the spec's rule",
    explanation: "progenitor gives the operation builders' setters no doc comment, drops why a \
        value was refused (`conversion to `:: std :: num :: NonZeroU64` for limit failed`) \
        and says `id was not initialized` for a missing required parameter. Each setter \
        (found by its operation's id and the parameter's name) gets the parameter's \
        description, whether it is required and the spec's rule as its doc; a refused value \
        is an `Error::InvalidRequest` naming the rule and the type plainly (``invalid `limit` \
        (`NonZeroU64`): it must be at least 1 (`minimum: 1`)``), never the value; a missing \
        one says which setter to call. An id parameter whose checked type typify makes (a `pattern`) \
        also converts from `&String`, `Id`, `&Id` and integers (`vsee_client::validated_id!`), \
        so every id parameter takes `Id`, `&Id`, `&str`, `String`, `&String` and integers. \
        The request body's setters say whether a body is required. Generation fails if a \
        setter has no parameter in the spec or progenitor's messages are left.",
};

/// What [`rewrite_parameter_setters`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ParameterSetters {
    pub setters: usize,
    pub validated_ids: usize,
}

/// Rewrites the setters of every operation builder of `builder`, and adds a
/// `crate::validated_id!` call to `types` for each validated id parameter type.
pub fn rewrite_parameter_setters(
    file: &mut syn::File,
    spec: &vsee_spec::Spec,
) -> Result<ParameterSetters, String> {
    let mut out = ParameterSetters::default();
    let mut validated: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "builder" {
            continue;
        }
        for item in module
            .content
            .iter_mut()
            .flat_map(|(_, items)| items.iter_mut())
        {
            let syn::Item::Impl(imp) = item else { continue };
            let Some(operation) = imp.items.iter().find_map(|i| match i {
                syn::ImplItem::Fn(f) => operation_id(&f.block),
                _ => None,
            }) else {
                continue;
            };
            let Some(op) = spec.operations().into_iter().find(|o| o.id == operation) else {
                problems.push(format!(
                    "builder of `{operation}`: no such operation in the spec"
                ));
                continue;
            };
            let params = parameters(spec, &op);
            for impl_item in &mut imp.items {
                let syn::ImplItem::Fn(f) = impl_item else {
                    continue;
                };
                match rewrite_fn(f, &op, &params) {
                    Ok(Some(validated_type)) => {
                        out.setters += 1;
                        validated.extend(validated_type);
                    }
                    Ok(None) => {}
                    Err(problem) => problems.push(format!("{operation}: {problem}")),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    out.validated_ids = validated.len();
    add_validated_ids(file, &validated)?;
    check_leftovers(file)?;
    Ok(out)
}

/// One parameter as the setters' docs and errors need it.
struct Param {
    name: String,
    setter: String,
    description: Option<String>,
    required: bool,
    schema: Value,
}

/// The operation's parameters with their descriptions (path-level ones included, references
/// resolved).
fn parameters(spec: &vsee_spec::Spec, op: &vsee_spec::Operation) -> Vec<Param> {
    let view = vsee_spec::schema_view::SchemaView::new(spec.document());
    let op_node = spec.document().pointer(&op.pointer);
    let item_pointer = &op.pointer[..op.pointer.rfind('/').unwrap_or(0)];
    let item_node = spec.document().pointer(item_pointer);
    let described: Vec<&Value> = [item_node, op_node]
        .into_iter()
        .flatten()
        .filter_map(|node| node.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|p| view.resolve(p))
        .collect();
    op.parameters
        .iter()
        .map(|p| {
            let description = described
                .iter()
                .rev()
                .find(|d| d["name"] == p.name.as_str() && d["in"] == p.location.as_str())
                .and_then(|d| d.get("description"))
                .and_then(Value::as_str)
                .map(|d| d.trim().to_owned());
            Param {
                setter: p.name.to_snake_case(),
                name: p.name.clone(),
                description,
                required: p.required,
                schema: p.schema.clone().unwrap_or(Value::Null),
            }
        })
        .collect()
}

/// Rewrites one method of an operation builder; `Some(types)` when it was a parameter setter
/// (with the validated id type it converts to, if any).
fn rewrite_fn(
    f: &mut syn::ImplItemFn,
    op: &vsee_spec::Operation,
    params: &[Param],
) -> Result<Option<Option<String>>, String> {
    let name = f.sig.ident.to_string();
    match name.as_str() {
        "new" => {
            required_messages(f, params);
            return Ok(None);
        }
        "body" | "body_map" => {
            let required = if op.request_required {
                "Required: the API rejects the request without a body."
            } else {
                "Optional."
            };
            let text = if name == "body" {
                format!("Sets the request body to a value of its type (or anything that converts into it).\n\n{required}")
            } else {
                format!("Builds the request body field by field: `.body_map(|b| b.field(..))`; each field's setter says whether the field is required.\n\n{required}")
            };
            set_doc(f, &text);
            return Ok(None);
        }
        _ => {}
    }
    let Some(target) = try_into_target(f) else {
        return Ok(None);
    };
    let param = params
        .iter()
        .find(|p| p.setter == name)
        .ok_or_else(|| format!("setter `{name}` has no parameter in the spec"))?;
    let type_name = plain_type(&target);
    let rule = rule_text(&param.schema);
    let message = match &rule {
        Some(rule) => format!("invalid `{}` (`{type_name}`): it must {rule}", param.name),
        None => format!(
            "invalid `{}` (`{type_name}`): the value does not convert to that type",
            param.name
        ),
    };
    replace_error(f, &message)?;
    let kind = param.schema.get(MARKER).and_then(Value::as_str);
    set_doc(f, &doc_text(param, rule.as_deref(), kind));
    let validated = match (kind, &target) {
        (Some("id"), syn::Type::Path(p))
            if p.path.segments.first().is_some_and(|s| s.ident == "types") =>
        {
            Some(type_name)
        }
        _ => None,
    };
    Ok(Some(validated))
}

/// The `T` of the setter's `V: std::convert::TryInto<T>` bound.
fn try_into_target(f: &syn::ImplItemFn) -> Option<syn::Type> {
    let where_clause = f.sig.generics.where_clause.as_ref()?;
    where_clause.predicates.iter().find_map(|p| {
        let syn::WherePredicate::Type(t) = p else {
            return None;
        };
        t.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(tr) = b else {
                return None;
            };
            let last = tr.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
                    syn::GenericArgument::Type(ty) => Some(ty.clone()),
                    _ => None,
                }),
                _ => None,
            }
        })
    })
}

/// `::std::num::NonZeroU64` -> `NonZeroU64`, `types::GetVisitId` -> `GetVisitId`.
fn plain_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        other => quote::ToTokens::to_token_stream(other)
            .to_string()
            .replace(' ', ""),
    }
}

/// What the spec asks of a value beyond its type (`match the pattern `^[0-9]+$``), or `None`.
pub(crate) fn rule_text(schema: &Value) -> Option<String> {
    let mut rules = Vec::new();
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        rules.push(format!("match the pattern `{pattern}`"));
    }
    for (key, exclusive, words) in [
        (
            "minimum",
            "exclusiveMinimum",
            ["be at least", "be greater than"],
        ),
        (
            "maximum",
            "exclusiveMaximum",
            ["be at most", "be less than"],
        ),
    ] {
        if let Some(bound) = schema.get(key) {
            let strict = schema.get(exclusive) == Some(&Value::Bool(true));
            let words = words[usize::from(strict)];
            rules.push(format!("{words} {bound} (`{key}: {bound}`)"));
        }
    }
    for (key, words) in [
        ("minLength", "have at least"),
        ("maxLength", "have at most"),
    ] {
        if let Some(n) = schema.get(key) {
            rules.push(format!("{words} {n} characters (`{key}: {n}`)"));
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let listed: Vec<String> = values.iter().map(Value::to_string).collect();
        rules.push(format!("be one of {} (`enum`)", listed.join(", ")));
    }
    (!rules.is_empty()).then(|| rules.join(" and "))
}

fn doc_text(param: &Param, rule: Option<&str>, kind: Option<&str>) -> String {
    let mut text = param
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` parameter.", param.name));
    text.push_str("\n\n");
    text.push_str(if param.required {
        "Required: `send()` fails with `Error::InvalidRequest` when it is not set."
    } else {
        "Optional: leave it unset to omit it."
    });
    if let Some(rule) = rule {
        text.push_str(&format!(
            " The value must {rule}; another is refused before sending."
        ));
    }
    match kind {
        Some("id") => text.push_str(
            " Takes an id in any form: `Id`, `&Id`, `&str`, `String`, `&String` or an integer.",
        ),
        Some("unix-time") => text.push_str(" Takes unix seconds: a `UnixTime` or an integer."),
        _ => {}
    }
    text
}

/// Replaces the doc comments of `f` by `text`, one `#[doc]` per line.
pub(crate) fn set_doc(f: &mut syn::ImplItemFn, text: &str) {
    f.attrs.retain(|a| !a.path().is_ident("doc"));
    let docs = text.lines().map(|line| {
        let line = format!(" {line}");
        let line = line.trim_end();
        syn::parse_quote!(#[doc = #line])
    });
    let mut attrs: Vec<syn::Attribute> = docs.collect();
    attrs.append(&mut f.attrs);
    f.attrs = attrs;
}

/// `.map_err(|_| "conversion to .. failed".to_string())` -> `.map_err(|_| MESSAGE.to_string())`.
fn replace_error(f: &mut syn::ImplItemFn, message: &str) -> Result<(), String> {
    struct Replace<'a> {
        message: &'a str,
        done: usize,
    }
    impl VisitMut for Replace<'_> {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            syn::visit_mut::visit_expr_method_call_mut(self, call);
            if call.method == "map_err" && call.args.len() == 1 {
                let message = self.message;
                call.args[0] = syn::parse_quote!(|_| #message.to_string());
                self.done += 1;
            }
        }
    }
    let mut replace = Replace { message, done: 0 };
    replace.visit_block_mut(&mut f.block);
    match replace.done {
        1 => Ok(()),
        n => Err(format!(
            "setter `{}` has {n} `map_err` calls, not progenitor's one",
            f.sig.ident
        )),
    }
}

/// In `new()`: `Err("id was not initialized")` -> `Err("`id` is required: set it with `.id(..)`")`.
fn required_messages(f: &mut syn::ImplItemFn, params: &[Param]) {
    struct Required<'a>(&'a [Param]);
    impl VisitMut for Required<'_> {
        fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
            let value = lit.value();
            if let Some(setter) = value.strip_suffix(" was not initialized") {
                if let Some(p) = self.0.iter().find(|p| p.setter == setter) {
                    let message = format!("`{}` is required: set it with `.{setter}(..)`", p.name);
                    *lit = syn::LitStr::new(&message, lit.span());
                }
            }
        }
    }
    Required(params).visit_block_mut(&mut f.block);
}

/// `crate::validated_id!(X);` in `types`, after the type.
fn add_validated_ids(file: &mut syn::File, names: &BTreeSet<String>) -> Result<(), String> {
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, c)| c),
            _ => None,
        })
        .ok_or("the output has no `pub mod types { .. }`")?;
    for name in names {
        let at = types
            .iter()
            .position(|i| matches!(i, syn::Item::Struct(s) if s.ident == name))
            .ok_or_else(|| format!("the validated id type `{name}` is not in `types`"))?;
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        types.insert(at + 1, syn::parse_quote!(crate::validated_id!(#ident);));
    }
    Ok(())
}

/// Fails when progenitor's own messages are left in the operation builders.
fn check_leftovers(file: &syn::File) -> Result<(), String> {
    struct Find(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            let value = lit.value();
            if value.ends_with(" was not initialized") || value.starts_with("conversion to `::") {
                self.0.push(value);
            }
        }
    }
    let mut find = Find(Vec::new());
    syn::visit::Visit::visit_file(&mut find, file);
    match find.0.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "{} of progenitor's setter messages are left (e.g. {first:?}): a setter the rewrite \
             did not recognise",
            find.0.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_are_named_as_the_spec_writes_them() {
        assert_eq!(
            rule_text(&json!({"type": "string", "pattern": "^[0-9]+$"})).as_deref(),
            Some("match the pattern `^[0-9]+$`")
        );
        assert_eq!(
            rule_text(&json!({"type": "integer", "minimum": 1})).as_deref(),
            Some("be at least 1 (`minimum: 1`)")
        );
        assert_eq!(
            rule_text(&json!({"type": "integer", "enum": [2]})).as_deref(),
            Some("be one of 2 (`enum`)")
        );
        assert_eq!(
            rule_text(&json!({"maximum": 9, "exclusiveMaximum": true, "maxLength": 3})).as_deref(),
            Some("be less than 9 (`maximum: 9`) and have at most 3 characters (`maxLength: 3`)")
        );
        assert_eq!(rule_text(&json!({"type": "string"})), None);
    }

    fn spec() -> vsee_spec::Spec {
        vsee_spec::load_str(
            "spec.yaml",
            r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
              "/visits": {"get": {"operationId": "list_visits", "responses": {},
                "parameters": [
                  {"name": "limit", "in": "query", "description": "Visits per page.",
                   "schema": {"type": "integer", "minimum": 1}},
                  {"$ref": "#/components/parameters/Id"}]}}},
              "components": {"parameters": {"Id": {"name": "id", "in": "query", "required": true,
                "description": "The visit.",
                "schema": {"type": "string", "pattern": "^[0-9]+$", "x-vsee-type": "id"}}}}}"##,
        )
        .expect("the test spec loads")
    }

    #[test]
    fn setters_get_docs_rules_and_required_messages_and_id_types_their_conversions() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct ListVisitsId(String);
            }
            pub mod builder {
                impl<'a> ListVisits<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client, id: Err("id was not initialized".to_string()), limit: Ok(None) }
                    }
                    pub fn id<V>(mut self, value: V) -> Self
                    where
                        V: std::convert::TryInto<types::ListVisitsId>,
                    {
                        self.id = value.try_into().map_err(|_| "conversion to `ListVisitsId` for id failed".to_string());
                        self
                    }
                    pub fn limit<V>(mut self, value: V) -> Self
                    where
                        V: std::convert::TryInto<::std::num::NonZeroU64>,
                    {
                        self.limit = value.try_into().map(Some).map_err(|_| "conversion to `:: std :: num :: NonZeroU64` for limit failed".to_string());
                        self
                    }
                    async fn send(self) -> Result<(), ()> {
                        let info = OperationInfo { operation_id: "list_visits" };
                        Ok(())
                    }
                }
            }
        };
        let done = rewrite_parameter_setters(&mut file, &spec()).unwrap();
        assert_eq!(
            done,
            ParameterSetters {
                setters: 2,
                validated_ids: 1
            }
        );
        let text = prettyplease::unparse(&file);
        for expected in [
            "/// Visits per page.\n",
            "/// Optional: leave it unset to omit it. The value must be at least 1 (`minimum: 1`); another is refused before sending.",
            "\"invalid `limit` (`NonZeroU64`): it must be at least 1 (`minimum: 1`)\"",
            "/// Required: `send()` fails with `Error::InvalidRequest` when it is not set.",
            "Takes an id in any form: `Id`, `&Id`, `&str`, `String`, `&String` or an integer.",
            "\"invalid `id` (`ListVisitsId`): it must match the pattern `^[0-9]+$`\"",
            "\"`id` is required: set it with `.id(..)`\"",
            "pub struct ListVisitsId(String);\n    crate::validated_id!(ListVisitsId);",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
        assert!(!text.contains("conversion to"), "{text}");
    }

    #[test]
    fn a_setter_without_a_parameter_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {}
            pub mod builder {
                impl<'a> ListVisits<'a> {
                    pub fn page<V>(mut self, value: V) -> Self where V: std::convert::TryInto<i64> {
                        self.page = value.try_into().map_err(|_| "x".to_string());
                        self
                    }
                    async fn send(self) { let info = OperationInfo { operation_id: "list_visits" }; }
                }
            }
        };
        let err = rewrite_parameter_setters(&mut file, &spec()).unwrap_err();
        assert!(err.contains("setter `page` has no parameter"), "{err}");
    }
}
