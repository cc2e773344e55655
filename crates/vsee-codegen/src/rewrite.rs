//! The rewrites of progenitor's output that no progenitor or typify setting can do, listed
//! once in [`REWRITES`] (the generated header and the book's "What the generator sees" table
//! are rendered from it). Each one checks the shape it rewrites and fails loudly (an
//! [`crate::Error::OutputShape`]) when a progenitor upgrade changes it, instead of silently
//! leaving the output as it was.
//!
//! Why no setting does them: typify 0.8 has no per-field settings at all (a `TypePatch` renames
//! a type or adds derives and attributes to it, never to its fields or builder), progenitor
//! 0.15 has no setting for its doc snippets, and typify's builders take no default for a
//! flattened map.
//!
//! typify makes a non-required property `#[serde(default, skip_serializing_if =
//! "Option::is_none")] f: Option<T>` (a JSON `null` is read as `None`, then left out), and a
//! non-required array or map `#[serde(default, skip_serializing_if = "Vec::is_empty")] f:
//! Vec<T>` (a `[]` or `{}` is left out). So a response read and written back (a proxy, a
//! cache, a test replaying fixtures) would lose the members that were `null`, `[]` or `{}`.
//! Such fields of a `types` struct are therefore changed so that absent and present stay
//! apart:
//! - a non-required `Option<T>` field **of a property that accepts `null`** (`nullable: true`,
//!   `anyOf: [{$ref}, {enum: [null]}]`, or a property without any type: rule 4 of
//!   `prepare.rs`) becomes
//!   `Option<Option<T>>`, `#[serde(default, deserialize_with =
//!   "crate::tri_state::deserialize", skip_serializing_if = "Option::is_none")]`: absent is
//!   `None`, `null` is `Some(None)`, a value is `Some(Some(v))`, each written back as read.
//!   The helper (the usual serde "double option") is hand-written, in `vsee-client`'s
//!   `src/tri_state.rs`; the generated code names it by path.
//! - every non-required `Vec<T>` / map becomes `Option<Vec<T>>` / `Option<map>`,
//!   `#[serde(default, skip_serializing_if = "Option::is_none")]`: absent is `None`, `[]` is
//!   `Some(vec![])`.
//!
//! Other non-required `Option<T>` fields stay `Option<T>`: a valid payload never has `null`
//! there, so `None` (absent) loses nothing. typify gives a nullable and a non-nullable
//! property the same `Option<T>`, so the generated code alone cannot tell them apart: the copy rule
//! `nullable` (`rules/nullable.rs`) appends a marker `[[xtask-nullable:N]]` to the description of every
//! property that accepts `null` in the generator's copy of the spec, typify puts that
//! description into the field's doc comment, and [`keep_present_null_and_empty`] reads the
//! marker off the field (and removes it, and a doc attribute left empty, and the copy of the
//! description typify puts on an inline type's doc). The caller fails when a marker is left
//! anywhere in the output or a marked property produced no field. Required properties are
//! untouched (a required nullable one is `Option<T>` without `skip_serializing_if`, so its
//! `null` is written back already).
//!
//! The struct builders of `types::builder` are changed to match: each changed field is stored
//! as the new type (starting as `None`, i.e. absent), `From<X>`/`TryFrom<builder::X>` move it
//! unchanged, and the setter keeps the *old* type as its `TryInto` target, so
//! `b.reason_for_visit("Rash".to_string())` and `b.hosts(vec![..])` compile as before. A setter
//! call means "present": `Some(v)`/`v` is sent as `v`, a `Vec`/map even when empty, while
//! `None` passed to an `Option` setter leaves the field absent (as it did before). To send an
//! explicit `null`, set the built value's field to `Some(None)`.

use syn::visit_mut::VisitMut;

use crate::explained::Explained;

/// Every output rewrite, in the order they run.
pub const REWRITES: [Explained; 8] = [
    Explained {
        name: "extra-default",
        title: "Builders start `extra` empty",
        explanation: "typify 0.8's struct builders (`types::builder::*`, what `body_map` hands \
            you) start every field without a default as `Err(\"no value supplied for ..\")`, \
            including `extra`, the flattened map of additional properties every object here \
            has, so `body_map(|b| b.intake_id(..))` would fail unless the caller also wrote \
            `.extra(Map::new())`. The builders' `Default` impls start `extra` as an empty map, \
            which is what reading an object without additional properties gives.",
    },
    Explained {
        name: "snippets-as-text",
        title: "Usage snippets are not doctests",
        explanation: "progenitor documents each operation with a usage snippet fenced \
            ` ```ignore ` (it uses variables it does not define); rustdoc would count each as \
            an ignored doctest that nobody can un-ignore. They are fenced ` ```text `, which \
            renders the same.",
    },
    crate::param_setters::EXPLAINED,
    crate::optional_setters::EXPLAINED,
    Explained {
        name: "tri-state",
        title: "Optional fields keep a present null, `[]` and `{}`",
        explanation: "typify skips a non-required `Option<T>` when `None` and a non-required \
            `Vec`/map when empty, so a payload read and written back would lose its `null`, \
            `[]` and `{}` members. The optional fields of properties marked by the copy rule \
            `nullable` become `Option<Option<T>>` (absent `None`, `null` `Some(None)`, a value \
            `Some(Some(v))`, read by the hand-written `src/tri_state.rs`), every other \
            `Option<T>` stays as it is (a valid payload has no `null` there), and every \
            non-required `Vec`/map becomes `Option<..>` (absent `None`, `[]` `Some(vec![])`). \
            The builders store the new type and their setters take the old one (`None` leaves \
            an `Option` field absent); adding or removing `nullable: true` on an optional \
            property therefore changes its field's type.",
    },
    crate::field_setters::EXPLAINED,
    Explained {
        name: "redacted-errors",
        title: "Errors never show a response body",
        explanation: "progenitor's `Error` prints an undecodable body in `Display` \
            (`Invalid Response Payload (b\"{\\\"data\\\": ...`) and every body in `Debug`: a \
            logged error would write a patient's visit to the log. Each builder's `send` \
            becomes a private `send_unredacted`, and a new `send` (same docs) returns \
            `vsee_client::Error`, made from progenitor's by the hand-written \
            `Error::from_progenitor` with the operation id, inside a `tracing` span for the \
            operation (`src/observe.rs`). Its `Display`/`Debug` show the operation, the status \
            and, for a body that does not decode, the JSON pointer and the expected type; \
            `.body()` gives the raw bytes to whoever asks.",
    },
    crate::debug_shapes::EXPLAINED,
];

/// Makes typify's builders default their flattened `extra` map to empty (rewrite
/// `extra-default`); returns how many builders were changed.
pub fn default_extra_in_builders(file: &mut syn::File) -> usize {
    let mut fixer = ExtraDefault { changed: 0 };
    fixer.visit_file_mut(file);
    fixer.changed
}

struct ExtraDefault {
    changed: usize,
}

impl VisitMut for ExtraDefault {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_extra = matches!(&field.member, syn::Member::Named(n) if n == "extra");
        if is_extra && is_missing_value_error(&field.expr, "extra") {
            field.expr = syn::parse_quote!(Ok(Default::default()));
            self.changed += 1;
        }
        syn::visit_mut::visit_field_value_mut(self, field);
    }
}

/// `Err("no value supplied for <field>".to_string())`
fn is_missing_value_error(expr: &syn::Expr, field: &str) -> bool {
    let syn::Expr::Call(call) = expr else {
        return false;
    };
    let is_err = matches!(call.func.as_ref(), syn::Expr::Path(p) if p.path.is_ident("Err"));
    let Some(syn::Expr::MethodCall(to_string)) = call.args.first() else {
        return false;
    };
    let message = match to_string.receiver.as_ref() {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value(),
        _ => return false,
    };
    is_err && message == format!("no value supplied for {field}")
}

/// Re-fences progenitor's ` ```ignore ` doc snippets as ` ```text ` (rewrite
/// `snippets-as-text`); returns how many.
pub fn ignore_snippets_as_text(file: &mut syn::File) -> usize {
    let mut fixer = SnippetFence { changed: 0 };
    fixer.visit_file_mut(file);
    fixer.changed
}

struct SnippetFence {
    changed: usize,
}

impl VisitMut for SnippetFence {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::NameValue(nv) = &mut attr.meta {
            if let (
                true,
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }),
            ) = (nv.path.is_ident("doc"), &mut nv.value)
            {
                let text = s.value();
                if text.contains("```ignore") {
                    *s = syn::LitStr::new(&text.replace("```ignore", "```text"), s.span());
                    self.changed += 1;
                }
            }
        }
        syn::visit_mut::visit_attribute_mut(self, attr);
    }
}

/// Fails when progenitor's output still has what `extra-default` and `snippets-as-text`
/// rewrite (their shape changed, so the rewrites found nothing to change).
pub fn check_leftovers(file: &syn::File) -> Result<(), String> {
    // Read off the syntax tree: formatting the whole client to search its text cost more than
    // generating it, in a debug build.
    let mut seen = Leftovers::default();
    syn::visit::Visit::visit_file(&mut seen, file);
    let mut problems = Vec::new();
    if seen.extra_default {
        problems.push("a struct builder still starts `extra` as \"no value supplied\" (rewrite extra-default)");
    }
    if seen.ignore_fence {
        problems.push("a doc snippet is still fenced ```ignore (rewrite snippets-as-text)");
    }
    if crate::optional_setters::left_over(file) {
        problems
            .push("a builder setter still takes `TryInto<Option<X>>` (rewrite optional-setters)");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// What [`check_leftovers`] looks for: string literals (doc comments are `#[doc = ".."]`
/// literals too) and generic bounds.
#[derive(Default)]
struct Leftovers {
    extra_default: bool,
    ignore_fence: bool,
}

impl<'ast> syn::visit::Visit<'ast> for Leftovers {
    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        let value = lit.value();
        self.extra_default |= value.contains("no value supplied for extra");
        self.ignore_fence |= value.contains("```ignore");
    }
}

/// Path of the hand-written `deserialize_with` helper that reads a present `null` as
/// `Some(None)` (in `crates/vsee-client/src/tri_state.rs`).
pub const TRI_STATE_DESERIALIZE: &str = "crate::tri_state::deserialize";

/// What [`keep_present_null_and_empty`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lossless {
    /// Non-required `Option<T>` fields of nullable properties that became `Option<Option<T>>`.
    pub tri_state: usize,
    /// Non-required `Vec`/map fields that became `Option<..>`.
    pub collections: usize,
    /// The nullable markers (`N` of `[[xtask-nullable:N]]`) found on fields, each with its
    /// `Struct.field`, in file order.
    pub marked: Vec<(usize, String)>,
}

/// Removes every nullable marker (`prefix` + digits + `]]`) from the doc attributes in
/// `attrs`, dropping a doc attribute left empty; returns the numbers of the markers removed.
fn take_markers(attrs: &mut Vec<syn::Attribute>, prefix: &str) -> Vec<usize> {
    let mut found = Vec::new();
    attrs.retain_mut(|attr| {
        let syn::Meta::NameValue(nv) = &mut attr.meta else {
            return true;
        };
        if !nv.path.is_ident("doc") {
            return true;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &mut nv.value
        else {
            return true;
        };
        let mut text = s.value();
        if !text.contains(prefix) {
            return true;
        }
        while let Some(at) = text.find(prefix) {
            let rest = &text[at + prefix.len()..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || !rest[digits..].starts_with("]]") {
                // Not a marker we wrote: leave it, the caller reports it.
                return true;
            }
            found.push(rest[..digits].parse().expect("ascii digits"));
            text.replace_range(at..at + prefix.len() + digits + 2, "");
        }
        let text = text.trim_end();
        if text.trim().is_empty() {
            return false;
        }
        *s = syn::LitStr::new(text, s.span());
        true
    });
    found
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Loss {
    /// `Option<T>` skipped when `None`: a present `null` would be dropped.
    Null,
    /// `Vec`/map skipped when empty: a present `[]`/`{}` would be dropped.
    Empty,
}

/// Makes the non-required fields of the structs of `types` keep what was sent (see the module
/// documentation): a field whose doc carries a nullable marker (`marker_prefix`, see
/// the copy rule `nullable`) and is `Option<T>` skipped when `None` becomes `Option<Option<T>>` read
/// with [`TRI_STATE_DESERIALIZE`], and every `Vec`/map skipped when empty becomes `Option<..>`
/// skipped when `None`. The markers are removed from the docs of `types` and reported in
/// [`Lossless::marked`]. The builder of each changed struct stores the new type; its setter
/// still takes the old one. Errors when progenitor's output does not have the expected shape.
pub fn keep_present_null_and_empty(
    file: &mut syn::File,
    marker_prefix: &str,
) -> Result<Lossless, String> {
    let (_, types) = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
            _ => None,
        })
        .ok_or("no `pub mod types { .. }`")?;
    let mut changed: Vec<(String, String, Loss)> = Vec::new();
    let mut count = Lossless::default();
    for item in types.iter_mut() {
        // typify also puts an inline type's description on the type itself.
        match item {
            syn::Item::Struct(s) => {
                take_markers(&mut s.attrs, marker_prefix);
            }
            syn::Item::Enum(e) => {
                take_markers(&mut e.attrs, marker_prefix);
            }
            syn::Item::Type(t) => {
                take_markers(&mut t.attrs, marker_prefix);
            }
            _ => {}
        }
        let syn::Item::Struct(s) = item else { continue };
        let syn::Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        for field in &mut fields.named {
            let markers = take_markers(&mut field.attrs, marker_prefix);
            let name = field.ident.as_ref().expect("named field").to_string();
            for n in &markers {
                count.marked.push((*n, format!("{}.{name}", s.ident)));
            }
            let Some(loss) = rewrite_field(field, !markers.is_empty())? else {
                continue;
            };
            match loss {
                Loss::Null => count.tri_state += 1,
                Loss::Empty => count.collections += 1,
            }
            changed.push((s.ident.to_string(), name, loss));
        }
    }
    let builders = types
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, c)| c),
            _ => None,
        })
        .ok_or("no `pub mod builder { .. }` in `types`")?;
    let mut fields_done = 0;
    let mut setters_done = 0;
    for item in builders.iter_mut() {
        match item {
            syn::Item::Struct(s) => {
                let owner = s.ident.to_string();
                let syn::Fields::Named(fields) = &mut s.fields else {
                    continue;
                };
                for field in &mut fields.named {
                    let name = field.ident.as_ref().expect("named field").to_string();
                    let Some(loss) = lookup(&changed, &owner, &name) else {
                        continue;
                    };
                    let inner = result_ok_type(&mut field.ty).ok_or_else(|| {
                        format!("builder::{owner}::{name} is not a `Result<T, String>`")
                    })?;
                    *inner = wrap_type(inner, loss);
                    fields_done += 1;
                }
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let syn::Type::Path(self_ty) = imp.self_ty.as_ref() else {
                    continue;
                };
                let Some(owner) = self_ty.path.get_ident().map(ToString::to_string) else {
                    continue;
                };
                for impl_item in &mut imp.items {
                    let syn::ImplItem::Fn(f) = impl_item else {
                        continue;
                    };
                    let name = f.sig.ident.to_string();
                    let Some(loss) = lookup(&changed, &owner, &name) else {
                        continue;
                    };
                    if rewrite_setter(&mut f.block, &name, loss) {
                        setters_done += 1;
                    } else {
                        return Err(format!(
                            "the setter builder::{owner}::{name} does not assign \
                             `self.{name} = value.try_into()..`"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    if fields_done != changed.len() || setters_done != changed.len() {
        return Err(format!(
            "{} fields changed in `types` but {fields_done} builder fields and {setters_done} \
             setters found",
            changed.len()
        ));
    }
    Ok(count)
}

fn lookup(changed: &[(String, String, Loss)], owner: &str, field: &str) -> Option<Loss> {
    changed
        .iter()
        .find(|(o, f, _)| o == owner && f == field)
        .map(|(_, _, loss)| *loss)
}

/// `Option<T>` becomes `Option<Option<T>>`, `Vec<T>`/maps `Option<Vec<T>>`.
fn wrap_type(ty: &syn::Type, _loss: Loss) -> syn::Type {
    syn::parse_quote!(::std::option::Option<#ty>)
}

/// The `T` of `Result<T, String>`.
fn result_ok_type(ty: &mut syn::Type) -> Option<&mut syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last_mut()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else {
        return None;
    };
    match args.args.first_mut()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// Rewrites one field of a `types` struct when typify skips it on serialization and that loses
/// a valid value (`null` only when `nullable`); returns what it would have lost.
fn rewrite_field(field: &mut syn::Field, nullable: bool) -> Result<Option<Loss>, String> {
    type Metas = syn::punctuated::Punctuated<syn::Meta, syn::Token![,]>;
    let name = field
        .ident
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    for attr in &mut field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let metas = attr
            .parse_args_with(Metas::parse_terminated)
            .map_err(|e| format!("field {name}: unreadable #[serde(..)]: {e}"))?;
        let skip = metas.iter().find_map(|m| match m {
            syn::Meta::NameValue(nv) if nv.path.is_ident("skip_serializing_if") => {
                match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value().replace(' ', "")),
                    _ => None,
                }
            }
            _ => None,
        });
        let Some(skip) = skip else { continue };
        let loss = if skip.ends_with("Option::is_none") && is_option(&field.ty) {
            if !nullable {
                return Ok(None);
            }
            Loss::Null
        } else if skip.ends_with("::is_empty") {
            Loss::Empty
        } else {
            return Err(format!(
                "field {name}: unexpected skip_serializing_if = {skip:?}"
            ));
        };
        if metas.iter().any(|m| {
            m.path().is_ident("deserialize_with")
                || m.path().is_ident("with")
                || m.path().is_ident("serialize_with")
        }) {
            return Err(format!("field {name}: already has a serde `with`"));
        }
        let mut kept: Vec<syn::Meta> = metas
            .into_iter()
            .filter(|m| !m.path().is_ident("default") && !m.path().is_ident("skip_serializing_if"))
            .collect();
        kept.push(syn::parse_quote!(default));
        if loss == Loss::Null {
            kept.push(syn::parse_quote!(deserialize_with = #TRI_STATE_DESERIALIZE));
        }
        kept.push(syn::parse_quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
        *attr = syn::parse_quote!(#[serde(#(#kept),*)]);
        field.ty = wrap_type(&field.ty, loss);
        return Ok(Some(loss));
    }
    Ok(None)
}

/// `self.f = value.try_into().map_err(..);` becomes `self.f = value.try_into().map_err(..)
/// .map(WRAP);`: the setter takes the field's old type (`Option<T>`: `None` leaves the field
/// absent; `Vec<T>`/map: present, even when empty).
fn rewrite_setter(block: &mut syn::Block, field: &str, loss: Loss) -> bool {
    let mut done = 0;
    for stmt in &mut block.stmts {
        let syn::Stmt::Expr(syn::Expr::Assign(assign), _) = stmt else {
            continue;
        };
        let targets_field = matches!(assign.left.as_ref(), syn::Expr::Field(f)
            if matches!(&f.member, syn::Member::Named(n) if n == field)
            && matches!(f.base.as_ref(), syn::Expr::Path(p) if p.path.is_ident("self")));
        if !targets_field {
            continue;
        }
        let right = &assign.right;
        *assign.right = match loss {
            Loss::Null => syn::parse_quote!(
                #right.map(|value| value.map(::std::option::Option::Some))
            ),
            Loss::Empty => syn::parse_quote!(#right.map(::std::option::Option::Some)),
        };
        done += 1;
    }
    done == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_fences_become_text() {
        let mut file: syn::File = syn::parse_quote! {
            #[doc = "Get it\n```ignore\nlet r = client.get().send().await;\n```"]
            fn get() {}
        };
        assert_eq!(ignore_snippets_as_text(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("```text") && !text.contains("```ignore"),
            "{text}"
        );
    }

    #[test]
    fn leftovers_of_a_changed_output_shape_are_reported() {
        let file: syn::File = syn::parse_quote! {
            #[doc = "```ignore\nx\n```"]
            fn f() -> Result<(), String> { Err("no value supplied for extra".to_string()) }
        };
        let err = check_leftovers(&file).unwrap_err();
        assert!(
            err.contains("extra-default") && err.contains("snippets-as-text"),
            "{err}"
        );
        let clean: syn::File = syn::parse_quote! { fn f() {} };
        assert_eq!(check_leftovers(&clean), Ok(()));
    }

    #[test]
    fn builders_default_extra_to_empty_and_keep_required_fields_required() {
        let mut file: syn::File = syn::parse_quote! {
            impl ::std::default::Default for WalkinCreate {
                fn default() -> Self {
                    Self {
                        intake_id: Err("no value supplied for intake_id".to_string()),
                        extra: Err("no value supplied for extra".to_string()),
                    }
                }
            }
        };
        assert_eq!(default_extra_in_builders(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("extra: Ok(Default::default())"), "{text}");
        assert!(text.contains("no value supplied for intake_id"), "{text}");
    }

    #[test]
    fn optional_fields_keep_present_null_and_empty_and_builders_follow() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Meeting {
                    pub id: ::std::string::String,
                    pub required_nullable: ::std::option::Option<i64>,
                    #[doc = "The PIN.\n\n[[xtask-nullable:0]]"]
                    #[serde(rename = "Pin", skip_serializing_if = "::std::option::Option::is_none")]
                    pub pin: ::std::option::Option<i64>,
                    #[doc = "Not nullable."]
                    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                    pub note: ::std::option::Option<::std::string::String>,
                    #[doc = "[[xtask-nullable:1]]"]
                    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                    pub remark: ::std::option::Option<::serde_json::Value>,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub hosts: ::std::vec::Vec<::std::string::String>,
                    #[serde(default, skip_serializing_if = ":: std :: collections :: HashMap::is_empty")]
                    pub phones: ::std::collections::HashMap<::std::string::String, i64>,
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                }
                pub mod builder {
                    pub struct Meeting {
                        id: ::std::result::Result<::std::string::String, ::std::string::String>,
                        pin: ::std::result::Result<::std::option::Option<i64>, ::std::string::String>,
                        note: ::std::result::Result<::std::option::Option<::std::string::String>, ::std::string::String>,
                        remark: ::std::result::Result<::std::option::Option<::serde_json::Value>, ::std::string::String>,
                        hosts: ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>,
                        phones: ::std::result::Result<::std::collections::HashMap<::std::string::String, i64>, ::std::string::String>,
                    }
                    impl Meeting {
                        pub fn pin<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::option::Option<i64>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.pin = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                        pub fn note<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.note = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                        pub fn remark<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::option::Option<::serde_json::Value>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.remark = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                        pub fn hosts<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::vec::Vec<::std::string::String>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.hosts = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                        pub fn phones<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::collections::HashMap<::std::string::String, i64>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.phones = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                    }
                }
            }
        };
        assert_eq!(
            keep_present_null_and_empty(&mut file, "[[xtask-nullable:"),
            Ok(Lossless {
                tri_state: 2,
                collections: 2,
                marked: vec![(0, "Meeting.pin".into()), (1, "Meeting.remark".into())],
            })
        );
        let text = prettyplease::unparse(&file);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "pub id: ::std::string::String,",
            "pub required_nullable: ::std::option::Option<i64>,",
            "#[serde( rename = \"Pin\", default, deserialize_with = \"crate::tri_state::deserialize\", skip_serializing_if = \"::std::option::Option::is_none\" )] pub pin: ::std::option::Option<::std::option::Option<i64>>,",
            "#[serde(default, skip_serializing_if = \"::std::option::Option::is_none\")] pub hosts: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
            "pub phones: ::std::option::Option< ::std::collections::HashMap<::std::string::String, i64>, >,",
            "id: ::std::result::Result<::std::string::String, ::std::string::String>,",
            "pin: ::std::result::Result< ::std::option::Option<::std::option::Option<i64>>, ::std::string::String, >,",
            "///The PIN. #[serde(",
            "///Not nullable. #[serde(default, skip_serializing_if = \"::std::option::Option::is_none\")] pub note: ::std::option::Option<::std::string::String>,",
            "note: ::std::result::Result< ::std::option::Option<::std::string::String>, ::std::string::String, >,",
            "pub remark: ::std::option::Option<::std::option::Option<::serde_json::Value>>,",
            "T: ::std::convert::TryInto<::std::option::Option<i64>>,",
            ".map(|value| value.map(::std::option::Option::Some));",
            ".map(::std::option::Option::Some);",
        ] {
            assert!(flat.contains(expected), "{expected}\n{text}");
        }
        assert!(!text.contains("is_empty"), "{text}");
        assert!(!text.contains("xtask-nullable"), "{text}");
        // The marker was the whole doc of `remark`: the doc attribute is gone.
        assert!(
            flat.contains("::std::option::Option<::std::string::String>, #[serde( default,"),
            "{text}"
        );
    }

    #[test]
    fn a_changed_field_without_a_builder_setter_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Meeting {
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub hosts: ::std::vec::Vec<::std::string::String>,
                }
                pub mod builder {
                    pub struct Meeting {
                        hosts: ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>,
                    }
                }
            }
        };
        let err = keep_present_null_and_empty(&mut file, "[[xtask-nullable:").unwrap_err();
        assert!(err.contains("0 setters"), "{err}");
    }
}
