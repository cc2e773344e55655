//! A reviewer's view of the client's API: one line per operation, read off `src/generated.rs`
//! with syn, snapshotted with insta. A spec change that changes the client changes this
//! snapshot; `cargo insta review` shows how.
//!
//! Line format (builder interface: arguments are the builder's setters):
//! `fn name(required: Type, optional?: Type) -> Success (error: Error)   // METHOD /path`

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;

fn generated() -> syn::File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A type as compact text: std paths, `types::` and `vsee_client::` shortened to the last
/// segment (every generated type is in `vsee_client::types`).
fn show_type(ty: &syn::Type) -> String {
    use syn::visit_mut::VisitMut;
    struct Shorten;
    impl VisitMut for Shorten {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            let first = ty.path.segments.first().map(|s| s.ident.to_string());
            if matches!(first.as_deref(), Some("std" | "types" | "vsee_client")) {
                let last = ty.path.segments.pop().unwrap().into_value();
                ty.path.segments.clear();
                ty.path.segments.push(last);
                ty.path.leading_colon = None;
            }
            syn::visit_mut::visit_type_path_mut(self, ty);
        }
    }
    let mut ty = ty.clone();
    Shorten.visit_type_mut(&mut ty);
    compact(&ty.to_token_stream().to_string())
}

/// `Option < String >` -> `Option<String>`.
fn compact(text: &str) -> String {
    text.replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace(" :: ", "::")
        .replace("& '", "&'")
}

/// The type arguments of the last segment of a path type.
fn type_args(ty: &syn::Type) -> Vec<syn::Type> {
    let syn::Type::Path(p) = ty else {
        return Vec::new();
    };
    match &p.path.segments.last().unwrap().arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn last_ident(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
        _ => String::new(),
    }
}

fn items_of<'a>(file: &'a syn::File, module: &str) -> &'a [syn::Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == module => m.content.as_ref().map(|(_, i)| &i[..]),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `mod {module}` in generated.rs"))
}

/// The setter's argument type: `V: TryInto<T>` -> `T`.
fn setter_type(method: &syn::ImplItemFn) -> String {
    let predicate = method
        .sig
        .generics
        .where_clause
        .as_ref()
        .and_then(|w| w.predicates.first());
    let Some(syn::WherePredicate::Type(predicate)) = predicate else {
        panic!("setter {} has no `V: TryInto<T>` bound", method.sig.ident);
    };
    let target = predicate.bounds.iter().find_map(|b| match b {
        syn::TypeParamBound::Trait(t) => {
            let last = t.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(show_type(t)),
                    _ => None,
                }),
                _ => None,
            }
        }
        _ => None,
    });
    target.unwrap_or_else(|| panic!("setter {} has no TryInto bound", method.sig.ident))
}

/// Builder fields typed `Result<Option<T>, String>` are optional; the others must be set
/// (or, for `body`, are built field by field with `body_map`).
fn optional_fields(builder: &syn::ItemStruct) -> Vec<String> {
    builder
        .fields
        .iter()
        .filter(|f| {
            let inner = type_args(&f.ty);
            inner.first().is_some_and(|t| last_ident(t) == "Option")
        })
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect()
}

fn surface(file: &syn::File) -> String {
    // Builder struct name (`GetVisit`) -> its struct and impl block.
    let mut builders: BTreeMap<String, &syn::ItemImpl> = BTreeMap::new();
    let mut structs: BTreeMap<String, &syn::ItemStruct> = BTreeMap::new();
    for item in items_of(file, "builder") {
        match item {
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                builders.insert(last_ident(&imp.self_ty), imp);
            }
            syn::Item::Struct(st) => {
                structs.insert(st.ident.to_string(), st);
            }
            _ => {}
        }
    }
    let mut lines = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let is_client =
            matches!(imp.self_ty.as_ref(), syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client || imp.trait_.is_some() {
            continue;
        }
        for method in imp.items.iter().filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        }) {
            // Operations return `builder::Xxx<'_>`; `new`/`new_with_client` do not.
            let syn::ReturnType::Type(_, ret) = &method.sig.output else {
                continue;
            };
            let is_builder = matches!(ret.as_ref(), syn::Type::Path(p)
                if p.path.segments.first().is_some_and(|s| s.ident == "builder"));
            if !is_builder {
                continue;
            }
            let builder = last_ident(ret);
            let imp = builders
                .get(&builder)
                .unwrap_or_else(|| panic!("no impl for builder::{builder}"));
            let fns: Vec<&syn::ImplItemFn> = imp
                .items
                .iter()
                .filter_map(|i| match i {
                    syn::ImplItem::Fn(f) => Some(f),
                    _ => None,
                })
                .collect();
            let optional = optional_fields(structs[&builder]);
            let send = fns.iter().find(|f| f.sig.ident == "send").unwrap();
            let args: Vec<String> = fns
                .iter()
                .filter(|f| {
                    !matches!(
                        f.sig.ident.to_string().as_str(),
                        "new" | "send" | "send_unredacted" | "body_map"
                    )
                })
                .map(|f| {
                    let name = f.sig.ident.to_string();
                    let mark = if optional.contains(&name) { "?" } else { "" };
                    format!("{name}{mark}: {}", setter_type(f))
                })
                .collect();
            // `Result<ResponseValue<T>, Error<E>>` -> `T, error E`
            let syn::ReturnType::Type(_, result) = &send.sig.output else {
                panic!("{builder}::send returns nothing");
            };
            let [ok, err] = &type_args(result)[..] else {
                panic!("{builder}::send does not return Result<_, _>");
            };
            let output = format!(
                "{} (error: {})",
                show_type(&type_args(ok)[0]),
                show_type(&type_args(err)[0])
            );
            let sends = method
                .attrs
                .iter()
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => {
                        Some(nv.value.to_token_stream().to_string())
                    }
                    _ => None,
                })
                .find_map(|doc| {
                    let at = doc.find("Sends a `")?;
                    let rest = &doc[at + "Sends a `".len()..];
                    let (verb, rest) = rest.split_once("` request to `")?;
                    let path = rest.split('`').next()?;
                    Some(format!("{verb} {path}"))
                })
                .unwrap_or_default();
            lines.push(format!(
                "fn {}({}) -> {output}   // {sends}",
                method.sig.ident,
                args.join(", ")
            ));
        }
    }
    lines.join("\n")
}

#[test]
fn client_operations() {
    let file = generated();
    let surface = surface(&file);
    assert_eq!(
        surface.lines().count(),
        15,
        "one line per operation:\n{surface}"
    );
    insta::assert_snapshot!("client_operations", surface);
}
