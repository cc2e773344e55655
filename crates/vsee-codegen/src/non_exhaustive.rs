//! `#[non_exhaustive]` on the structs and enums of `types`, by a typify setting.
//!
//! typify makes every generated struct fully public and every enum exhaustive. For a client of
//! an API that grows, that turns the most common change, a new optional field in a response or
//! a new enum value, into a semver-major change of `vsee-client`: callers could build the
//! struct with a struct literal and `match` the enum without a wildcard. So every named-field
//! struct and every enum typify generates gets `#[non_exhaustive]`, through a `TypePatch` per
//! type (`GenerationSettings::with_patch(name, TypePatch::with_attr(..))`), named by a first
//! generation pass over the type space ([`patch_names`]). Not marked:
//! - the struct builders (`types::builder::*`): how callers build values; their fields are
//!   private already (typify's patches never reach them);
//! - typify's tuple newtypes (`GetVisitId(String)`, `IntakeCreateType(i64)`, and
//!   `types::error::ConversionError`): each wraps one value, is built through
//!   `TryFrom`/`FromStr`, and never gains a field.
//!
//! `#[non_exhaustive]` restricts other crates only: typify's own code in the generated file and
//! the hand-written modules of `vsee-client` compile unchanged. [`check`] reads the output and
//! fails when a struct or enum of `types` was left out (a type the first pass did not see, or a
//! typify upgrade that stops applying patches).

use typify::{TypeDetails, TypeSpace};

/// The attribute added by the patches.
pub const ATTR: &str = "#[non_exhaustive]";

/// How many types of the output carry [`ATTR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NonExhaustive {
    pub structs: usize,
    pub enums: usize,
}

/// The names of the types to patch: every struct and enum of the type space (typify's
/// newtypes, `Option`s, `Vec`s, builtins and `x-rust-type`s are not patched).
pub fn patch_names(type_space: &TypeSpace) -> Vec<String> {
    let mut names: Vec<String> = type_space
        .iter_types()
        .filter(|ty| matches!(ty.details(), TypeDetails::Struct(_) | TypeDetails::Enum(_)))
        .map(|ty| ty.name())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Counts the named-field `pub struct`s and `pub enum`s of the `types` module (and its
/// submodules except `builder`) and checks that each carries `#[non_exhaustive]`; the error
/// names those that do not (or says the `types` module is gone).
pub fn check(file: &syn::File) -> Result<NonExhaustive, String> {
    let types = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, c)| c),
            _ => None,
        })
        .ok_or("the output has no `pub mod types { .. }`")?;
    let mut count = NonExhaustive::default();
    let mut missing = Vec::new();
    count_items(types, &mut count, &mut missing);
    if missing.is_empty() {
        Ok(count)
    } else {
        Err(format!(
            "{} structs/enums of `types` lack #[non_exhaustive]: {}",
            missing.len(),
            missing.join(", ")
        ))
    }
}

fn count_items(items: &[syn::Item], count: &mut NonExhaustive, missing: &mut Vec<String>) {
    for item in items {
        let (attrs, ident, counter) = match item {
            syn::Item::Mod(m) if m.ident != "builder" => {
                if let Some((_, content)) = &m.content {
                    count_items(content, count, missing);
                }
                continue;
            }
            syn::Item::Struct(s) if is_pub(&s.vis) && matches!(s.fields, syn::Fields::Named(_)) => {
                (&s.attrs, &s.ident, &mut count.structs)
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => (&e.attrs, &e.ident, &mut count.enums),
            _ => continue,
        };
        if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
            *counter += 1;
        } else {
            missing.push(ident.to_string());
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_structs_and_enums_of_types_but_not_builders_or_newtypes() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                #[non_exhaustive]
                #[derive(Clone, Debug)]
                #[serde(untagged)]
                pub enum StringOrInt { Int64(i64), String(StringOrIntString) }
                #[non_exhaustive]
                pub struct Visit { pub id: Option<i64> }
                pub struct GetVisitId(::std::string::String);
                struct Private { x: i64 }
                pub mod builder {
                    pub struct Visit { id: Result<Option<i64>, String> }
                    pub enum NotTouched { A }
                }
                pub mod error {
                    pub struct ConversionError(::std::borrow::Cow<'static, str>);
                    #[non_exhaustive]
                    pub enum Nested { A }
                }
            }
            pub mod builder {
                pub struct GetVisit<'a> { client: &'a super::Client }
            }
            pub struct Client { baseurl: String }
            pub enum Outside { A }
        };
        assert_eq!(
            check(&file),
            Ok(NonExhaustive {
                structs: 1,
                enums: 2
            })
        );
    }

    #[test]
    fn an_unmarked_type_or_a_missing_types_module_is_an_error() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Visit { pub id: Option<i64> }
                pub mod error { pub enum Nested { A } }
            }
        };
        assert_eq!(
            check(&file),
            Err("2 structs/enums of `types` lack #[non_exhaustive]: Visit, Nested".to_owned())
        );
        let file: syn::File = syn::parse_quote! { pub struct Client; };
        assert!(check(&file).unwrap_err().contains("no `pub mod types"));
    }
}
