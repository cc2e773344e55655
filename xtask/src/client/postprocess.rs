//! Changes made to progenitor's output after generation (documented in the generated header).
//!
//! progenitor 0.15.1 sends an `api-version` header, set to the spec's `info.version`, with every
//! request, and has no setting to turn it off (`progenitor-impl` `method.rs`, `headers_build`).
//! The VSee API does not define that header, and `info.version` here is the version of our
//! curated description (`3.0.0-curated.1`), not anything the server knows: sending it leaks an
//! internal detail and could one day collide with a real header. So the statement
//!
//! ```text
//! header_map.append(
//!     ::reqwest::header::HeaderName::from_static("api-version"),
//!     ::reqwest::header::HeaderValue::from_static(Client::api_version()),
//! );
//! ```
//!
//! is removed wherever it appears. The caller checks that it was found once per operation, so a
//! progenitor upgrade that changes its shape fails loudly instead of silently sending it again.
//!
//! typify 0.8's struct builders (`types::builder::*`, what `body_map` hands you) start every
//! field without a default as `Err("no value supplied for <field>")`, including `extra`, the
//! flattened map of additional properties that every object of this spec has. So
//! `client.add_walkin().body_map(|b| b.intake_id("i").room_code("r"))` would fail with
//! "no value supplied for extra" unless the caller also wrote `.extra(Map::new())`. An empty
//! map is exactly what deserializing an object without additional properties gives, so the
//! builders' `Default` impls start `extra` as `Ok(Default::default())` instead.
//!
//! progenitor documents each operation with a usage snippet fenced as ` ```ignore ` (it uses
//! variables it does not define). rustdoc counts every such block as an ignored doctest, so
//! `cargo test` would report 15 ignored tests that nobody can un-ignore; they are fenced as
//! ` ```text ` instead, which renders the same.
//!
//! typify makes every generated struct fully public (every field `pub`) and every enum
//! exhaustive. For a client of an API that grows, that turns the most common change, a new
//! optional field in a response or a new value of an enum, into a semver-major change of
//! `vsee-client`: callers could build the struct with a struct literal (which stops compiling
//! when a field is added) and `match` the enum without a wildcard (which stops compiling when a
//! variant is added). So every named-field `pub struct` and every `pub enum` of the `types`
//! module (and of its submodules) gets `#[non_exhaustive]`, except:
//! - `types::builder::*`: the struct builders are how callers build values
//!   (`types::Visit::builder().status(..)`, `.body_map(|b| ..)`); their fields are private
//!   already, and a new field only adds a setter;
//! - tuple structs (typify's validated newtypes such as `GetVisitId(String)` or
//!   `IntakeCreateType(i64)`, and `types::error::ConversionError`): each wraps exactly one
//!   value, is built through `TryFrom`/`FromStr`, and never gains a field.
//!
//! `#[non_exhaustive]` restricts other crates only: typify's own code in the generated file
//! (struct literals in the builders' `TryFrom`, `From<X> for builder::X`, exhaustive `match`es
//! in `Display`/`FromStr`) compiles unchanged, and so do the hand-written modules of
//! `vsee-client`. Outside the crate, values are built with the builders (`X::builder()` or
//! `types::builder::X::default()`, then `.try_into()`), patterns on the structs need `..`, and a
//! `match` on a generated enum needs a `_` arm. progenitor-client's `Error` and `ResponseValue`
//! are re-exported, not generated, and are not touched.

use syn::visit_mut::VisitMut;

/// How many types [`mark_types_non_exhaustive`] marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NonExhaustive {
    pub structs: usize,
    pub enums: usize,
}

/// Adds `#[non_exhaustive]` to every named-field `pub struct` and every `pub enum` in the
/// top-level `types` module and its submodules, except the `builder` submodule and tuple
/// structs (see the module documentation). Returns how many were marked (types already
/// marked are left as they are and not counted), or `None` when the file has no inline
/// `types` module, which means progenitor's output changed shape.
pub fn mark_types_non_exhaustive(file: &mut syn::File) -> Option<NonExhaustive> {
    let (_, types) = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
        _ => None,
    })?;
    let mut count = NonExhaustive::default();
    mark_items(types, &mut count);
    Some(count)
}

fn mark_items(items: &mut [syn::Item], count: &mut NonExhaustive) {
    for item in items {
        let (attrs, counter) = match item {
            syn::Item::Mod(m) if m.ident != "builder" => {
                if let Some((_, content)) = &mut m.content {
                    mark_items(content, count);
                }
                continue;
            }
            syn::Item::Struct(s) if is_pub(&s.vis) && matches!(s.fields, syn::Fields::Named(_)) => {
                (&mut s.attrs, &mut count.structs)
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => (&mut e.attrs, &mut count.enums),
            _ => continue,
        };
        if add_non_exhaustive(attrs) {
            *counter += 1;
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Appends `#[non_exhaustive]` (after the derives and their helper attributes) unless the
/// item has it already; returns whether it was added.
fn add_non_exhaustive(attrs: &mut Vec<syn::Attribute>) -> bool {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        return false;
    }
    attrs.push(syn::parse_quote!(#[non_exhaustive]));
    true
}

/// Removes every `header_map.append(HeaderName::from_static("api-version"), ..)` statement;
/// returns how many were removed.
pub fn remove_api_version_header(file: &mut syn::File) -> usize {
    let mut remover = Remover { removed: 0 };
    remover.visit_file_mut(file);
    remover.removed
}

struct Remover {
    removed: usize,
}

/// Makes typify's builders default their flattened `extra` map to empty; returns how many
/// builders were changed.
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

impl VisitMut for Remover {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !is_api_version_append(stmt));
        self.removed += before - block.stmts.len();
        syn::visit_mut::visit_block_mut(self, block);
    }
}

fn is_api_version_append(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    if call.method != "append" {
        return false;
    }
    let Some(syn::Expr::Call(name)) = call.args.first() else {
        return false;
    };
    let syn::Expr::Path(func) = name.func.as_ref() else {
        return false;
    };
    let is_from_static = func
        .path
        .segments
        .last()
        .is_some_and(|s| s.ident == "from_static");
    let names_api_version = matches!(
        name.args.first(),
        Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))
            if s.value().eq_ignore_ascii_case("api-version")
    );
    is_from_static && names_api_version
}

/// Re-fences progenitor's ` ```ignore ` doc snippets as ` ```text `; returns how many.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_named_structs_and_enums_of_types_but_not_builders_or_newtypes() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(Clone, Debug)]
                #[serde(untagged)]
                pub enum StringOrInt { Int64(i64), String(StringOrIntString) }
                pub struct Visit { pub id: Option<i64> }
                pub struct GetVisitId(::std::string::String);
                pub struct UnixTime(pub StringOrInt);
                #[non_exhaustive]
                pub struct Already { pub x: i64 }
                struct Private { x: i64 }
                pub mod builder {
                    pub struct Visit { id: Result<Option<i64>, String> }
                    pub enum NotTouched { A }
                }
                pub mod error {
                    pub struct ConversionError(::std::borrow::Cow<'static, str>);
                    pub enum Nested { A }
                }
            }
            pub mod builder {
                pub struct GetVisit<'a> { client: &'a super::Client }
            }
            pub struct Client { baseurl: String }
            pub enum Outside { A }
        };
        let count = mark_types_non_exhaustive(&mut file).unwrap();
        assert_eq!(
            count,
            NonExhaustive {
                structs: 1,
                enums: 2
            }
        );
        let text = prettyplease::unparse(&file);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let marked: Vec<&str> = lines
            .windows(2)
            .filter(|w| w[0] == "#[non_exhaustive]")
            .map(|w| w[1])
            .collect();
        assert_eq!(
            marked,
            [
                "pub enum StringOrInt {",
                "pub struct Visit {",
                "pub struct Already {",
                "pub enum Nested {",
            ],
            "{text}"
        );
        // Derive helper attributes stay right after the derive; the marker comes last.
        let at = lines
            .iter()
            .position(|l| *l == "#[serde(untagged)]")
            .unwrap();
        assert_eq!(lines[at - 1], "#[derive(Clone, Debug)]", "{text}");
        assert_eq!(lines[at + 1], "#[non_exhaustive]", "{text}");
        // Running it again changes nothing.
        assert_eq!(
            mark_types_non_exhaustive(&mut file),
            Some(NonExhaustive::default())
        );
    }

    #[test]
    fn a_file_without_a_types_module_is_reported() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Client;
        };
        assert_eq!(mark_types_non_exhaustive(&mut file), None);
    }

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
    fn removes_only_the_api_version_append() {
        let mut file: syn::File = syn::parse_quote! {
            fn op() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(Client::api_version()),
                );
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("x-other"),
                    ::reqwest::header::HeaderValue::from_static("1"),
                );
            }
        };
        assert_eq!(remove_api_version_header(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("api-version"), "{text}");
        assert!(text.contains("x-other"), "{text}");
    }
}
