//! Rewrite `debug-shapes`: `Debug` of the generated types shows field names and shapes, never
//! values.
//!
//! typify 0.8 derives `Debug` on every type it emits (the derive set is fixed in its code; a
//! `TypePatch` can add derives, not remove one) and progenitor derives it on its operation
//! builders, so `println!("{visit:?}")` would print a patient's name and date of birth. Each
//! such derive loses `Debug`, and the type gets one `vsee_client::debug_shape!` call listing
//! its fields (or variants): the hand-written macro implements `Debug` (shapes:
//! `Visit { id: Some(<id>), extra: {2 keys} }`) and `DebugShape`, whose
//! `vsee_client::ShowValues(&visit)` prints the values when a developer asks for them.

use syn::punctuated::Punctuated;

use crate::explained::Explained;

pub const EXPLAINED: Explained = Explained {
    name: "debug-shapes",
    title: "`Debug` shows shapes, never values",
    explanation: "typify derives `Debug` on every type (its derive set is fixed; a `TypePatch` \
        adds derives, never removes one) and progenitor on its operation builders, so \
        `println!(\"{visit:?}\")` or `tracing::debug!(?visit)` would write a patient's name, \
        date of birth and phone to the log. Every struct and enum of `types`, \
        `types::builder` and `builder` loses the derived `Debug` and gets one \
        `vsee_client::debug_shape!` call naming its fields or variants; the hand-written \
        macro (`src/debug.rs`) implements `Debug` as field names and shapes (`Visit { id: \
        Some(<id>), member: Some(Member { dob: Some(<str>), .. }), status: \
        Some(<VisitStatus>), extra: {2 keys} }`) and `DebugShape`, through which \
        `vsee_client::ShowValues(&visit)` shows the values when a developer asks for them. \
        Generation fails if a type of those modules still derives `Debug`.",
};

/// Types that keep the derived `Debug`: typify's conversion error holds a message, no value.
const KEEP: [&str; 1] = ["ConversionError"];

/// Replaces the derived `Debug` of the types in `types`, `types::builder` and `builder` by a
/// `crate::debug_shape!` call; returns how many types, or the types it cannot describe.
pub fn debug_shapes(file: &mut syn::File) -> Result<usize, String> {
    let mut count = 0;
    let mut problems = Vec::new();
    for item in &mut file.items {
        if let syn::Item::Mod(m) = item {
            if m.ident == "types" || m.ident == "builder" {
                rewrite_module(m, &mut count, &mut problems);
            }
        }
    }
    if problems.is_empty() {
        Ok(count)
    } else {
        Err(problems.join("; "))
    }
}

fn rewrite_module(module: &mut syn::ItemMod, count: &mut usize, problems: &mut Vec<String>) {
    let Some((_, items)) = &mut module.content else {
        return;
    };
    let mut out = Vec::with_capacity(items.len() * 2);
    for mut item in std::mem::take(items) {
        let call = match &mut item {
            syn::Item::Mod(inner) if inner.ident == "builder" => {
                rewrite_module(inner, count, problems);
                None
            }
            syn::Item::Struct(s) if !KEEP.contains(&s.ident.to_string().as_str()) => {
                take_debug(&mut s.attrs).then(|| struct_call(s))
            }
            syn::Item::Enum(e) => take_debug(&mut e.attrs).then(|| enum_call(e)),
            _ => None,
        };
        out.push(item);
        match call {
            Some(Ok(call)) => {
                out.push(call);
                *count += 1;
            }
            Some(Err(problem)) => problems.push(problem),
            None => {}
        }
    }
    *items = out;
}

/// Removes `Debug` from the item's `#[derive(..)]`s; whether it was there.
fn take_debug(attrs: &mut [syn::Attribute]) -> bool {
    let mut found = false;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths.iter().filter(|p| !p.is_ident("Debug")).collect();
        if kept.len() != paths.len() {
            found = true;
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    found
}

fn struct_call(s: &syn::ItemStruct) -> Result<syn::Item, String> {
    let name = &s.ident;
    let lifetimes: Vec<&syn::Lifetime> = s.generics.lifetimes().map(|l| &l.lifetime).collect();
    if lifetimes.len() > 1 || s.generics.type_params().next().is_some() {
        return Err(format!(
            "struct {name}: generics other than one lifetime are not supported by debug_shape!"
        ));
    }
    let generics = lifetimes.first().map(|l| quote::quote!(<#l>));
    Ok(match &s.fields {
        syn::Fields::Named(fields) => {
            let names = fields.named.iter().map(|f| &f.ident);
            syn::parse_quote!(crate::debug_shape!(#name #generics { #(#names),* });)
        }
        syn::Fields::Unnamed(fields) if generics.is_none() => {
            let indexes = (0..fields.unnamed.len()).map(syn::Index::from);
            syn::parse_quote!(crate::debug_shape!(#name ( #(#indexes),* ));)
        }
        _ => return Err(format!("struct {name}: a unit or generic tuple struct")),
    })
}

fn enum_call(e: &syn::ItemEnum) -> Result<syn::Item, String> {
    let name = &e.ident;
    if !e.generics.params.is_empty() {
        return Err(format!("enum {name}: generic enums are not supported"));
    }
    let mut variants = Vec::new();
    for variant in &e.variants {
        let ident = &variant.ident;
        variants.push(match &variant.fields {
            syn::Fields::Unit => quote::quote!(#ident),
            syn::Fields::Unnamed(fields) => {
                let bindings = (0..fields.unnamed.len())
                    .map(|i| syn::Ident::new(&format!("field{i}"), proc_macro2::Span::call_site()));
                quote::quote!(#ident(#(#bindings),*))
            }
            syn::Fields::Named(_) => {
                return Err(format!("enum {name}: variant {ident} has named fields"));
            }
        });
    }
    Ok(syn::parse_quote!(crate::debug_shape!(enum #name { #(#variants),* });))
}

/// Fails when a struct or enum of `types`, `types::builder` or `builder` still derives `Debug`
/// (a typify or progenitor upgrade that spells its derives differently).
pub fn check_no_derived_debug(file: &syn::File) -> Result<(), String> {
    let mut left = Vec::new();
    for item in &file.items {
        if let syn::Item::Mod(m) = item {
            if m.ident == "types" || m.ident == "builder" {
                derived_debug(m, &mut left);
            }
        }
    }
    if left.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "these types still derive Debug, which would print values: {}",
            left.join(", ")
        ))
    }
}

fn derived_debug(module: &syn::ItemMod, left: &mut Vec<String>) {
    let Some((_, items)) = &module.content else {
        return;
    };
    for item in items {
        let (attrs, ident) = match item {
            syn::Item::Mod(inner) => {
                derived_debug(inner, left);
                continue;
            }
            syn::Item::Struct(s) => (&s.attrs, &s.ident),
            syn::Item::Enum(e) => (&e.attrs, &e.ident),
            _ => continue,
        };
        let derives_debug = attrs.iter().any(|a| {
            a.path().is_ident("derive")
                && a.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                    .is_ok_and(|paths| paths.iter().any(|p| p.is_ident("Debug")))
        });
        if derives_debug && !KEEP.contains(&ident.to_string().as_str()) {
            left.push(ident.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_debug_becomes_a_shape_call_for_structs_newtypes_enums_and_builders() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone, Debug, PartialEq)]
                pub struct Visit { pub id: Option<String>, pub extra: Map }
                #[derive(Clone, Debug)]
                pub struct GetVisitId(String);
                #[derive(Clone, Copy, Debug, Eq)]
                pub enum CloseReason { CallEnded, Other(String, i64) }
                pub mod error {
                    #[derive(Debug)]
                    pub struct ConversionError(String);
                }
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct Visit { id: Result<Option<String>, String> }
                }
            }
            pub mod builder {
                #[derive(Debug, Clone)]
                pub struct GetVisit<'a> { client: &'a super::Client, id: Result<String, String> }
            }
            #[derive(Clone, Debug)]
            pub struct Client;
        };
        assert_eq!(debug_shapes(&mut file), Ok(5));
        assert_eq!(check_no_derived_debug(&file), Ok(()));
        let flat: String = prettyplease::unparse(&file).split_whitespace().collect();
        for expected in [
            "#[derive(::serde::Deserialize,Clone,PartialEq)]pubstructVisit",
            "crate::debug_shape!(Visit{id,extra});",
            "crate::debug_shape!(GetVisitId(0));",
            "#[derive(Clone,Copy,Eq)]pubenumCloseReason",
            "crate::debug_shape!(enumCloseReason{CallEnded,Other(field0,field1)});",
            "crate::debug_shape!(GetVisit<'a>{client,id});",
            // typify's conversion error and the client keep their own Debug.
            "#[derive(Debug)]pubstructConversionError",
            "#[derive(Clone,Debug)]pubstructClient;",
        ] {
            assert!(flat.contains(expected), "{expected}\n{flat}");
        }
        assert_eq!(flat.matches("debug_shape!(Visit{id").count(), 2, "{flat}");
    }

    #[test]
    fn a_type_left_with_a_derived_debug_or_an_unsupported_shape_is_reported() {
        let file: syn::File = syn::parse_quote! {
            pub mod types { #[derive(Debug)] pub struct Visit { id: String } }
        };
        let err = check_no_derived_debug(&file).unwrap_err();
        assert!(err.contains("Visit"), "{err}");
        let mut generic: syn::File = syn::parse_quote! {
            pub mod builder { #[derive(Debug)] pub struct Page<T> { items: Vec<T> } }
        };
        let err = debug_shapes(&mut generic).unwrap_err();
        assert!(err.contains("struct Page"), "{err}");
    }
}
