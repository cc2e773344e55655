//! The `crate` verdict: Rust semver of the generated client, from its source before and after.
//!
//! The generated source is parsed with `syn` and reduced to its public API: public types
//! (fields and their types, variants, `#[non_exhaustive]`, derived traits), functions and
//! methods (signatures without parameter names, which are not part of the API), trait impls,
//! aliases, constants and re-exports. Two APIs are compared with the rules of the Cargo book's
//! "SemVer compatibility" chapter, the ones that matter for generated code:
//!
//! * removing or changing anything public is major (`breaking`); adding is minor (`additive`);
//! * adding a field to a struct whose fields are all public and that is not
//!   `#[non_exhaustive]` is major: code that builds it with a struct literal stops compiling;
//! * adding a variant to an enum that is not `#[non_exhaustive]` is major: exhaustive `match`es
//!   stop compiling;
//! * adding `#[non_exhaustive]` is major, removing it minor;
//! * a builder that starts to require a field is major even though everything still compiles:
//!   a public struct whose `Default` impl starts a field as `Err(..)` (typify's struct builders,
//!   `types::builder::*`) fails to build until that field is set, so code that built the value
//!   without it now fails at run time ("no value supplied for ..."). This is what keeps a new
//!   required field major once the structs are `#[non_exhaustive]` and built with builders.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

use crate::model::{CrateChange, Level};

/// The generated source could not be parsed as Rust.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {side} generated client is not valid Rust at {line}:{column}: {message}")]
pub struct ParseError {
    /// Which side: `OLD` or `NEW`.
    pub side: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    name: String,
    ty: String,
    public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeDef {
    Struct {
        generics: String,
        fields: Vec<Field>,
        non_exhaustive: bool,
    },
    Enum {
        generics: String,
        /// Variant name -> its fields, rendered (`""` for a unit variant).
        variants: Vec<(String, String)>,
        non_exhaustive: bool,
    },
    Union {
        generics: String,
        fields: Vec<Field>,
    },
}

/// The public API of one generated source.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PublicApi {
    types: BTreeMap<String, TypeDef>,
    /// `types::Visit::builder`, `Client::get_visit`, `free_fn` -> signature.
    functions: BTreeMap<String, String>,
    /// `types::Visit: Clone`, `impl From<&Visit> for Visit` (with its module).
    impls: BTreeSet<String>,
    /// Aliases, constants, statics, traits, re-exports, macros -> their rendering.
    others: BTreeMap<String, String>,
    /// Builders (`types::builder::Visit`) -> the fields their `Default` starts as `Err(..)`,
    /// which must be set before the value can be built.
    required: BTreeMap<String, BTreeSet<String>>,
}

/// Token text with the spaces `to_string` puts between every token removed where Rust does
/// not need them: `Option < String >` -> `Option<String>`.
fn tidy(tokens: impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'' || c == '"';
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let keep = match (prev, next) {
                (Some(p), Some(n)) => {
                    (word(p) && word(n))
                        || (p == ',' && n != '>')
                        || n == '='
                        || p == '='
                        || (p == ':' && !out.ends_with("::"))
                        || n == '+'
                        || p == '+'
                        || (n == '-' && chars.get(i + 2) == Some(&'>'))
                        || (p == '>' && out.ends_with("->"))
                }
                _ => false,
            };
            if keep {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    // prettyplease adds trailing commas where it wraps long lines; they mean nothing, and
    // would make a longer name elsewhere look like a changed signature.
    let mut clean = String::with_capacity(out.len());
    let chars: Vec<char> = out.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars[i + 1..].iter().find(|c| **c != ' ');
        if c == ',' && matches!(next, None | Some('>' | ')' | ']' | '}')) {
            continue;
        }
        clean.push(c);
    }
    clean.trim_end().to_owned()
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

fn fields(fields: &syn::Fields) -> Vec<Field> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| Field {
            name: f
                .ident
                .as_ref()
                .map_or_else(|| i.to_string(), ToString::to_string),
            ty: tidy(&f.ty),
            public: is_public(&f.vis),
        })
        .collect()
}

fn fields_shape(f: &syn::Fields) -> String {
    match f {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(u) => format!(
            "({})",
            u.unnamed
                .iter()
                .map(|f| tidy(&f.ty))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        syn::Fields::Named(n) => format!(
            " {{ {} }}",
            n.named
                .iter()
                .map(|f| format!(
                    "{}: {}",
                    f.ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    tidy(&f.ty)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A signature without parameter names or binding modes (`mut self`), which callers do not
/// see.
fn signature(sig: &syn::Signature) -> String {
    let mut out = String::new();
    if sig.constness.is_some() {
        out.push_str("const ");
    }
    if sig.asyncness.is_some() {
        out.push_str("async ");
    }
    if sig.unsafety.is_some() {
        out.push_str("unsafe ");
    }
    out.push_str("fn ");
    out.push_str(&sig.ident.to_string());
    if !sig.generics.params.is_empty() {
        out.push_str(&tidy(&sig.generics));
    }
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            syn::FnArg::Receiver(r) => {
                if r.colon_token.is_some() {
                    format!("self: {}", tidy(&r.ty))
                } else {
                    match &r.reference {
                        Some((_, lifetime)) => format!(
                            "&{}{}self",
                            lifetime
                                .as_ref()
                                .map(|l| format!("{l} "))
                                .unwrap_or_default(),
                            if r.mutability.is_some() { "mut " } else { "" }
                        ),
                        None => "self".to_owned(),
                    }
                }
            }
            syn::FnArg::Typed(t) => tidy(&t.ty),
        })
        .collect();
    out.push('(');
    out.push_str(&inputs.join(", "));
    out.push(')');
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(" -> ");
        out.push_str(&tidy(ty));
    }
    if let Some(w) = &sig.generics.where_clause {
        out.push(' ');
        out.push_str(&tidy(w));
    }
    out
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// The last identifier of a type path: `Visit` for `types::Visit<'a>`.
fn type_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => type_ident(&r.elem),
        _ => None,
    }
}

struct Pending {
    /// (module, self type ident, key, value)
    methods: Vec<(String, String, String, String)>,
    impls: Vec<(String, String, String)>,
    /// (module, self type ident, fields its `Default` starts as `Err(..)`)
    required: Vec<(String, String, BTreeSet<String>)>,
}

/// The fields that `impl Default for X { fn default() -> Self { Self { f: Err(..), .. } } }`
/// starts as `Err(..)` (`None` when the impl is not of that shape).
fn fields_started_as_err(i: &syn::ItemImpl) -> Option<BTreeSet<String>> {
    let (_, path, _) = i.trait_.as_ref()?;
    if path.segments.last()?.ident != "Default" {
        return None;
    }
    let body = i.items.iter().find_map(|it| match it {
        syn::ImplItem::Fn(f) if f.sig.ident == "default" => Some(&f.block),
        _ => None,
    })?;
    let Some(syn::Stmt::Expr(syn::Expr::Struct(value), None)) = body.stmts.last() else {
        return None;
    };
    let fields: BTreeSet<String> = value
        .fields
        .iter()
        .filter(|fv| {
            matches!(&fv.expr, syn::Expr::Call(call)
                if matches!(call.func.as_ref(), syn::Expr::Path(p) if p.path.is_ident("Err")))
        })
        .filter_map(|fv| match &fv.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        })
        .collect();
    Some(fields)
}

fn walk(
    items: &[syn::Item],
    module: &str,
    public: bool,
    api: &mut PublicApi,
    pending: &mut Pending,
) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, content)) = &m.content {
                    let path = join(module, &m.ident.to_string());
                    let public = public && is_public(&m.vis);
                    if public {
                        api.others.insert(format!("mod {path}"), String::new());
                    }
                    walk(content, &path, public, api, pending);
                }
            }
            syn::Item::Struct(s) if public && is_public(&s.vis) => {
                let path = join(module, &s.ident.to_string());
                for d in derives(&s.attrs) {
                    api.impls.insert(format!("{path}: {d}"));
                }
                api.types.insert(
                    path,
                    TypeDef::Struct {
                        generics: tidy(&s.generics),
                        fields: fields(&s.fields),
                        non_exhaustive: has_attr(&s.attrs, "non_exhaustive"),
                    },
                );
            }
            syn::Item::Enum(e) if public && is_public(&e.vis) => {
                let path = join(module, &e.ident.to_string());
                for d in derives(&e.attrs) {
                    api.impls.insert(format!("{path}: {d}"));
                }
                api.types.insert(
                    path,
                    TypeDef::Enum {
                        generics: tidy(&e.generics),
                        variants: e
                            .variants
                            .iter()
                            .map(|v| (v.ident.to_string(), fields_shape(&v.fields)))
                            .collect(),
                        non_exhaustive: has_attr(&e.attrs, "non_exhaustive"),
                    },
                );
            }
            syn::Item::Union(u) if public && is_public(&u.vis) => {
                let path = join(module, &u.ident.to_string());
                api.types.insert(
                    path,
                    TypeDef::Union {
                        generics: tidy(&u.generics),
                        fields: fields(&syn::Fields::Named(u.fields.clone())),
                    },
                );
            }
            syn::Item::Fn(f) if public && is_public(&f.vis) => {
                api.functions
                    .insert(join(module, &f.sig.ident.to_string()), signature(&f.sig));
            }
            syn::Item::Impl(i) => {
                let Some(ident) = type_ident(&i.self_ty) else {
                    continue;
                };
                if let Some(fields) = fields_started_as_err(i).filter(|f| !f.is_empty()) {
                    pending
                        .required
                        .push((module.to_owned(), ident.clone(), fields));
                }
                match &i.trait_ {
                    Some((bang, path, _)) => {
                        let header = format!(
                            "impl{} {}{} for {}",
                            tidy(&i.generics),
                            if bang.is_some() { "!" } else { "" },
                            tidy(path),
                            tidy(&i.self_ty)
                        );
                        let header = match &i.generics.where_clause {
                            Some(w) => format!("{header} {}", tidy(w)),
                            None => header,
                        };
                        pending.impls.push((
                            module.to_owned(),
                            ident,
                            format!("{module}: {header}"),
                        ));
                    }
                    None => {
                        for it in &i.items {
                            if let syn::ImplItem::Fn(f) = it {
                                if is_public(&f.vis) {
                                    pending.methods.push((
                                        module.to_owned(),
                                        ident.clone(),
                                        f.sig.ident.to_string(),
                                        signature(&f.sig),
                                    ));
                                }
                            } else if let syn::ImplItem::Const(c) = it {
                                if is_public(&c.vis) {
                                    pending.methods.push((
                                        module.to_owned(),
                                        ident.clone(),
                                        c.ident.to_string(),
                                        format!("const: {}", tidy(&c.ty)),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            syn::Item::Type(t) if public && is_public(&t.vis) => {
                api.others.insert(
                    format!("type {}", join(module, &t.ident.to_string())),
                    format!("{} = {}", tidy(&t.generics), tidy(&t.ty)),
                );
            }
            syn::Item::Const(c) if public && is_public(&c.vis) => {
                api.others.insert(
                    format!("const {}", join(module, &c.ident.to_string())),
                    tidy(&c.ty),
                );
            }
            syn::Item::Static(s) if public && is_public(&s.vis) => {
                api.others.insert(
                    format!("static {}", join(module, &s.ident.to_string())),
                    tidy(&s.ty),
                );
            }
            syn::Item::Trait(t) if public && is_public(&t.vis) => {
                let mut trait_items: Vec<String> = t
                    .items
                    .iter()
                    .filter_map(|it| match it {
                        syn::TraitItem::Fn(f) => Some(signature(&f.sig)),
                        syn::TraitItem::Type(ty) => Some(format!("type {}", ty.ident)),
                        syn::TraitItem::Const(c) => {
                            Some(format!("const {}: {}", c.ident, tidy(&c.ty)))
                        }
                        _ => None,
                    })
                    .collect();
                trait_items.sort();
                api.others.insert(
                    format!("trait {}", join(module, &t.ident.to_string())),
                    format!(
                        "{}: {} {{ {} }}",
                        tidy(&t.generics),
                        tidy(&t.supertraits),
                        trait_items.join("; ")
                    ),
                );
            }
            syn::Item::Use(u) if public && is_public(&u.vis) => {
                api.others
                    .insert(format!("use {}: {}", module, tidy(&u.tree)), String::new());
            }
            syn::Item::Macro(m) if has_attr(&m.attrs, "macro_export") => {
                if let Some(ident) = &m.ident {
                    api.others.insert(format!("macro {ident}"), String::new());
                }
            }
            _ => {}
        }
    }
}

impl PublicApi {
    /// Parses a generated source. `side` names it in errors (`OLD` / `NEW`).
    pub fn parse(side: &str, source: &str) -> Result<PublicApi, ParseError> {
        let file = syn::parse_file(source).map_err(|e| {
            let start = e.span().start();
            ParseError {
                side: side.to_owned(),
                line: start.line,
                column: start.column + 1,
                message: e.to_string(),
            }
        })?;
        let mut api = PublicApi::default();
        let mut pending = Pending {
            methods: Vec::new(),
            impls: Vec::new(),
            required: Vec::new(),
        };
        walk(&file.items, "", true, &mut api, &mut pending);
        // Methods and impls count when their type is public (looked up in the module of the
        // impl, where generated code puts them).
        for (module, ident, name, sig) in pending.methods {
            let ty = join(&module, &ident);
            if api.types.contains_key(&ty) {
                api.functions.insert(join(&ty, &name), sig);
            }
        }
        for (module, ident, key) in pending.impls {
            if api.types.contains_key(&join(&module, &ident)) {
                api.impls.insert(key);
            }
        }
        for (module, ident, fields) in pending.required {
            let ty = join(&module, &ident);
            if api.types.contains_key(&ty) {
                api.required.entry(ty).or_default().extend(fields);
            }
        }
        Ok(api)
    }

    /// Number of public items (types, functions and methods, impls, others).
    pub fn len(&self) -> usize {
        self.types.len() + self.functions.len() + self.impls.len() + self.others.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn change(kind: &str, item: &str, level: Level, message: String, reason: &str) -> CrateChange {
    CrateChange {
        kind: kind.to_owned(),
        item: item.to_owned(),
        message,
        level,
        reason: reason.to_owned(),
    }
}

const REMOVED: &str = "code that uses it stops compiling (semver: major)";
const CHANGED: &str = "code written against the old form stops compiling (semver: major)";
const ADDED: &str = "new public API; existing code keeps compiling (semver: minor)";

fn generics_of(t: &TypeDef) -> &str {
    match t {
        TypeDef::Struct { generics, .. }
        | TypeDef::Enum { generics, .. }
        | TypeDef::Union { generics, .. } => generics,
    }
}

fn compare_type(path: &str, a: &TypeDef, b: &TypeDef, out: &mut Vec<CrateChange>) {
    if generics_of(a) != generics_of(b) {
        out.push(change(
            "generics-changed",
            path,
            Level::Breaking,
            format!(
                "generic parameters changed from `{}` to `{}`",
                generics_of(a),
                generics_of(b)
            ),
            CHANGED,
        ));
    }
    match (a, b) {
        (
            TypeDef::Struct {
                fields: fa,
                non_exhaustive: xa,
                ..
            },
            TypeDef::Struct {
                fields: fb,
                non_exhaustive: xb,
                ..
            },
        ) => {
            // Callers could build it with a struct literal: every field public, not
            // non_exhaustive.
            let constructible = !xa && fa.iter().all(|f| f.public);
            non_exhaustive_change(path, *xa, *xb, out);
            compare_fields(path, fa, fb, constructible, out);
        }
        (TypeDef::Union { fields: fa, .. }, TypeDef::Union { fields: fb, .. }) => {
            let constructible = fa.iter().all(|f| f.public);
            compare_fields(path, fa, fb, constructible, out);
        }
        (
            TypeDef::Enum {
                variants: va,
                non_exhaustive: xa,
                ..
            },
            TypeDef::Enum {
                variants: vb,
                non_exhaustive: xb,
                ..
            },
        ) => {
            non_exhaustive_change(path, *xa, *xb, out);
            for (name, shape) in va {
                match vb.iter().find(|(n, _)| n == name) {
                    None => out.push(change(
                        "variant-removed",
                        path,
                        Level::Breaking,
                        format!("variant `{name}` removed"),
                        REMOVED,
                    )),
                    Some((_, s)) if s != shape => out.push(change(
                        "variant-changed",
                        path,
                        Level::Breaking,
                        format!("variant `{name}{shape}` became `{name}{s}`"),
                        CHANGED,
                    )),
                    Some(_) => {}
                }
            }
            for (name, shape) in vb {
                if va.iter().any(|(n, _)| n == name) {
                    continue;
                }
                if *xa {
                    out.push(change(
                        "variant-added",
                        path,
                        Level::Additive,
                        format!("variant `{name}{shape}` added"),
                        "the enum is #[non_exhaustive]: matches already have a wildcard arm (semver: minor)",
                    ));
                } else {
                    out.push(change(
                        "variant-added",
                        path,
                        Level::Breaking,
                        format!("variant `{name}{shape}` added"),
                        "the enum is not #[non_exhaustive]: exhaustive `match`es on it stop compiling (semver: major)",
                    ));
                }
            }
        }
        _ => out.push(change(
            "type-kind-changed",
            path,
            Level::Breaking,
            "changed between struct, enum and union".to_owned(),
            CHANGED,
        )),
    }
}

fn non_exhaustive_change(path: &str, a: bool, b: bool, out: &mut Vec<CrateChange>) {
    if a == b {
        return;
    }
    if b {
        out.push(change(
            "non-exhaustive-added",
            path,
            Level::Breaking,
            "became #[non_exhaustive]".to_owned(),
            "struct literals and exhaustive matches outside the crate stop compiling (semver: major)",
        ));
    } else {
        out.push(change(
            "non-exhaustive-removed",
            path,
            Level::Additive,
            "no longer #[non_exhaustive]".to_owned(),
            "allows more than before (semver: minor)",
        ));
    }
}

fn compare_fields(
    path: &str,
    fa: &[Field],
    fb: &[Field],
    constructible: bool,
    out: &mut Vec<CrateChange>,
) {
    for f in fa.iter().filter(|f| f.public) {
        match fb.iter().find(|g| g.name == f.name) {
            None => out.push(change(
                "field-removed",
                path,
                Level::Breaking,
                format!("field `{}: {}` removed", f.name, f.ty),
                REMOVED,
            )),
            Some(g) if !g.public => out.push(change(
                "field-removed",
                path,
                Level::Breaking,
                format!("field `{}` is no longer public", f.name),
                REMOVED,
            )),
            Some(g) if g.ty != f.ty => out.push(change(
                "field-type-changed",
                path,
                Level::Breaking,
                format!(
                    "field `{}` changed type from `{}` to `{}`",
                    f.name, f.ty, g.ty
                ),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for g in fb {
        let existed = fa.iter().find(|f| f.name == g.name);
        if existed.is_some_and(|f| f.public || !g.public) {
            continue; // unchanged, or compared above
        }
        let shown = if g.public {
            format!("field `{}: {}` added", g.name, g.ty)
        } else {
            format!("private field `{}` added", g.name)
        };
        if constructible {
            out.push(change(
                "field-added",
                path,
                Level::Breaking,
                shown,
                "every field was public and the struct is not #[non_exhaustive], so callers can build it with a struct literal, which stops compiling (semver: major)",
            ));
        } else if g.public {
            out.push(change(
                "field-added",
                path,
                Level::Additive,
                shown,
                "callers cannot build it with a struct literal (private fields or #[non_exhaustive]), so a new field is minor",
            ));
        }
    }
}

/// Compares two public APIs.
pub fn compare(old: &PublicApi, new: &PublicApi) -> Vec<CrateChange> {
    let mut out = Vec::new();
    for (path, a) in &old.types {
        match new.types.get(path) {
            None => out.push(change(
                "type-removed",
                path,
                Level::Breaking,
                "type removed".to_owned(),
                REMOVED,
            )),
            Some(b) => compare_type(path, a, b, &mut out),
        }
    }
    for (path, fields) in &new.required {
        // A builder new in NEW is a new type (additive): nobody builds it yet.
        if !old.types.contains_key(path) {
            continue;
        }
        let before = old.required.get(path);
        for field in fields {
            if before.is_some_and(|b| b.contains(field)) {
                continue;
            }
            out.push(change(
                "builder-field-required",
                path,
                Level::Breaking,
                format!("`{field}` must now be set before the value can be built"),
                "code that builds it without that field still compiles, but building fails at run time (\"no value supplied for ...\") (semver: major)",
            ));
        }
    }
    for path in new.types.keys() {
        if !old.types.contains_key(path) {
            out.push(change(
                "type-added",
                path,
                Level::Additive,
                "type added".to_owned(),
                ADDED,
            ));
        }
    }
    for (path, a) in &old.functions {
        match new.functions.get(path) {
            None => out.push(change(
                "function-removed",
                path,
                Level::Breaking,
                format!("`{a}` removed"),
                REMOVED,
            )),
            Some(b) if a != b => out.push(change(
                "function-signature-changed",
                path,
                Level::Breaking,
                format!("`{a}` became `{b}`"),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for (path, b) in &new.functions {
        if !old.functions.contains_key(path) {
            out.push(change(
                "function-added",
                path,
                Level::Additive,
                format!("`{b}` added"),
                ADDED,
            ));
        }
    }
    for key in old.impls.difference(&new.impls) {
        out.push(change(
            "impl-removed",
            key,
            Level::Breaking,
            "trait implementation removed".to_owned(),
            REMOVED,
        ));
    }
    for key in new.impls.difference(&old.impls) {
        out.push(change(
            "impl-added",
            key,
            Level::Additive,
            "trait implementation added".to_owned(),
            ADDED,
        ));
    }
    for (key, a) in &old.others {
        match new.others.get(key) {
            None => out.push(change(
                "item-removed",
                key,
                Level::Breaking,
                "removed".to_owned(),
                REMOVED,
            )),
            Some(b) if a != b => out.push(change(
                "item-changed",
                key,
                Level::Breaking,
                format!("`{a}` became `{b}`"),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for key in new.others.keys() {
        if !old.others.contains_key(key) {
            out.push(change(
                "item-added",
                key,
                Level::Additive,
                "added".to_owned(),
                ADDED,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(old: &str, new: &str) -> Vec<(String, String, Level)> {
        let (a, b) = (
            PublicApi::parse("OLD", old).unwrap(),
            PublicApi::parse("NEW", new).unwrap(),
        );
        compare(&a, &b)
            .into_iter()
            .map(|c| (c.kind, c.item, c.level))
            .collect()
    }

    #[test]
    fn tidy_renders_types_compactly() {
        let ty: syn::Type = syn::parse_str("::std::option::Option< Vec<&'a str> >").unwrap();
        assert_eq!(tidy(&ty), "::std::option::Option<Vec<&'a str>>");
        let ty: syn::Type = syn::parse_str("Box<dyn Fn(u8) -> u8 + Send>").unwrap();
        assert_eq!(tidy(&ty), "Box<dyn Fn(u8) -> u8 + Send>");
        let w: syn::WhereClause =
            syn::parse_str("where T: ::std::convert::TryInto<i64>, T::Error: Display").unwrap();
        assert_eq!(
            tidy(&w),
            "where T: ::std::convert::TryInto<i64>, T::Error: Display"
        );
        let a: syn::Type = syn::parse_str("Error<types::A,>").unwrap();
        let b: syn::Type = syn::parse_str("Error<types::A>").unwrap();
        assert_eq!(tidy(&a), tidy(&b));
        let f: syn::Type = syn::parse_str("dyn FnOnce(A,) -> A").unwrap();
        assert_eq!(tidy(&f), "dyn FnOnce(A) -> A");
    }

    #[test]
    fn new_field_breaks_only_constructible_structs() {
        let old = "pub mod types { pub struct A { pub x: i64 } #[non_exhaustive] pub struct B { pub x: i64 } pub struct C { pub x: i64, y: i64 } }";
        let new = "pub mod types { pub struct A { pub x: i64, pub z: Option<String> } #[non_exhaustive] pub struct B { pub x: i64, pub z: Option<String> } pub struct C { pub x: i64, y: i64, pub z: i64 } }";
        assert_eq!(
            kinds(old, new),
            vec![
                (
                    "field-added".to_owned(),
                    "types::A".to_owned(),
                    Level::Breaking
                ),
                (
                    "field-added".to_owned(),
                    "types::B".to_owned(),
                    Level::Additive
                ),
                (
                    "field-added".to_owned(),
                    "types::C".to_owned(),
                    Level::Additive
                ),
            ]
        );
    }

    #[test]
    fn enums_methods_impls_and_privacy() {
        let old = r#"
            pub mod types {
                #[derive(Clone, Debug)]
                pub enum S { A, B }
                #[non_exhaustive]
                pub enum T { A }
                impl ::std::fmt::Display for S { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            }
            mod hidden { pub struct H; }
            pub struct Client { baseurl: String }
            impl Client {
                pub async fn get_visit<'a>(&'a self, id: &'a str) -> Result<(), ()> { Ok(()) }
                pub fn gone(&self) {}
                fn private(&self) {}
            }
        "#;
        let new = r#"
            pub mod types {
                #[derive(Clone)]
                pub enum S { A, B, C }
                #[non_exhaustive]
                pub enum T { A, B }
                impl ::std::fmt::Display for S { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            }
            mod hidden { pub struct H2; }
            pub struct Client { baseurl: String }
            impl Client {
                pub async fn get_visit<'a>(&'a self, mut renamed: &'a str, page: Option<i64>) -> Result<(), ()> { Ok(()) }
                fn private2(&self) {}
            }
        "#;
        let got = kinds(old, new);
        let expect = vec![
            (
                "variant-added".to_owned(),
                "types::S".to_owned(),
                Level::Breaking,
            ),
            (
                "variant-added".to_owned(),
                "types::T".to_owned(),
                Level::Additive,
            ),
            (
                "function-signature-changed".to_owned(),
                "Client::get_visit".to_owned(),
                Level::Breaking,
            ),
            (
                "function-removed".to_owned(),
                "Client::gone".to_owned(),
                Level::Breaking,
            ),
            (
                "impl-removed".to_owned(),
                "types::S: Debug".to_owned(),
                Level::Breaking,
            ),
        ];
        assert_eq!(got, expect);
    }

    #[test]
    fn a_builder_that_requires_a_new_field_is_breaking() {
        let old = r#"
            pub mod types {
                #[non_exhaustive]
                pub struct V { pub a: String, pub b: Option<String> }
                pub mod builder {
                    pub struct V { a: Result<String, String>, b: Result<Option<String>, String> }
                    impl ::std::default::Default for V {
                        fn default() -> Self {
                            Self { a: Err("no value supplied for a".to_string()), b: Ok(Default::default()) }
                        }
                    }
                }
            }
        "#;
        // `c` is required (starts as Err), `d` optional; `a` stays required.
        let new = r#"
            pub mod types {
                #[non_exhaustive]
                pub struct V { pub a: String, pub b: Option<String>, pub c: String, pub d: Option<String> }
                pub mod builder {
                    pub struct V { a: Result<String, String>, b: Result<Option<String>, String>, c: Result<String, String>, d: Result<Option<String>, String> }
                    impl ::std::default::Default for V {
                        fn default() -> Self {
                            Self {
                                a: Err("no value supplied for a".to_string()),
                                b: Ok(Default::default()),
                                c: Err("no value supplied for c".to_string()),
                                d: Ok(Default::default()),
                            }
                        }
                    }
                }
            }
        "#;
        let got = kinds(old, new);
        assert_eq!(
            got,
            vec![
                (
                    "field-added".to_owned(),
                    "types::V".to_owned(),
                    Level::Additive
                ),
                (
                    "field-added".to_owned(),
                    "types::V".to_owned(),
                    Level::Additive
                ),
                (
                    "builder-field-required".to_owned(),
                    "types::builder::V".to_owned(),
                    Level::Breaking
                ),
            ]
        );
        // The reverse (a requirement dropped) is not a break of its own.
        assert!(kinds(new, old)
            .iter()
            .all(|(kind, _, _)| kind != "builder-field-required"));
    }

    #[test]
    fn parameter_names_are_not_api() {
        let old = "pub struct C; impl C { pub fn f(&self, a: u8, mut b: u8) {} }";
        let new = "pub struct C; impl C { pub fn f(&self, x: u8, y: u8) {} }";
        assert!(kinds(old, new).is_empty());
    }

    #[test]
    fn parse_errors_name_the_side_and_place() {
        let err = PublicApi::parse("NEW", "pub struct {").unwrap_err();
        assert_eq!(err.side, "NEW");
        assert_eq!(err.line, 1);
        assert!(
            err.to_string()
                .contains("NEW generated client is not valid Rust at 1:"),
            "{err}"
        );
    }
}
