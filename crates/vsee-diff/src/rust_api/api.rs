//! A generated source reduced to its public API ([`PublicApi`]).

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

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
pub(super) struct Field {
    pub(super) name: String,
    pub(super) ty: String,
    pub(super) public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TypeDef {
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
    pub(super) types: BTreeMap<String, TypeDef>,
    /// `types::Visit::builder`, `Client::get_visit`, `free_fn` -> signature.
    pub(super) functions: BTreeMap<String, String>,
    /// `types::Visit: Clone`, `impl From<&Visit> for Visit` (with its module).
    pub(super) impls: BTreeSet<String>,
    /// Aliases, constants, statics, traits, re-exports, macros -> their rendering.
    pub(super) others: BTreeMap<String, String>,
    /// Builders (`types::builder::Visit`) -> the fields their `Default` starts as `Err(..)`,
    /// which must be set before the value can be built.
    pub(super) required: BTreeMap<String, BTreeSet<String>>,
}

/// Token text with the spaces `to_string` puts between every token removed where Rust does
/// not need them: `Option < String >` -> `Option<String>`.
pub(super) fn tidy(tokens: impl ToTokens) -> String {
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

pub(super) struct Pending {
    /// (module, self type ident, key, value)
    pub(super) methods: Vec<(String, String, String, String)>,
    pub(super) impls: Vec<(String, String, String)>,
    /// (module, self type ident, fields its `Default` starts as `Err(..)`)
    pub(super) required: Vec<(String, String, BTreeSet<String>)>,
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
            syn::Item::Struct(s) if public && is_public(&s.vis) => struct_item(s, module, api),
            syn::Item::Enum(e) if public && is_public(&e.vis) => enum_item(e, module, api),
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
            syn::Item::Impl(i) => impl_item(i, module, pending),
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
            syn::Item::Trait(t) if public && is_public(&t.vis) => trait_item(t, module, api),
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

/// A public struct: its fields and derives.
fn struct_item(s: &syn::ItemStruct, module: &str, api: &mut PublicApi) {
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

/// A public enum: its variants and derives.
fn enum_item(e: &syn::ItemEnum, module: &str, api: &mut PublicApi) {
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

/// An impl block, kept pending until the types it is for are known: a trait impl's header,
/// or an inherent impl's public methods and constants (and the fields a `Default` impl
/// starts as `Err(..)`).
fn impl_item(i: &syn::ItemImpl, module: &str, pending: &mut Pending) {
    let Some(ident) = type_ident(&i.self_ty) else {
        return;
    };
    if let Some(fields) = fields_started_as_err(i).filter(|f| !f.is_empty()) {
        pending
            .required
            .push((module.to_owned(), ident.clone(), fields));
    }
    let Some((bang, path, _)) = &i.trait_ else {
        inherent_items(i, module, &ident, pending);
        return;
    };
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
    pending
        .impls
        .push((module.to_owned(), ident, format!("{module}: {header}")));
}

/// The public methods and constants of an inherent impl.
fn inherent_items(i: &syn::ItemImpl, module: &str, ident: &str, pending: &mut Pending) {
    for it in &i.items {
        let (name, shown) = match it {
            syn::ImplItem::Fn(f) if is_public(&f.vis) => {
                (f.sig.ident.to_string(), signature(&f.sig))
            }
            syn::ImplItem::Const(c) if is_public(&c.vis) => {
                (c.ident.to_string(), format!("const: {}", tidy(&c.ty)))
            }
            _ => continue,
        };
        pending
            .methods
            .push((module.to_owned(), ident.to_owned(), name, shown));
    }
}

/// A public trait: its generics, supertraits and items.
fn trait_item(t: &syn::ItemTrait, module: &str, api: &mut PublicApi) {
    let mut trait_items: Vec<String> = t
        .items
        .iter()
        .filter_map(|it| match it {
            syn::TraitItem::Fn(f) => Some(signature(&f.sig)),
            syn::TraitItem::Type(ty) => Some(format!("type {}", ty.ident)),
            syn::TraitItem::Const(c) => Some(format!("const {}: {}", c.ident, tidy(&c.ty))),
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
        Ok(PublicApi::from_file(&file))
    }

    /// The public API of an already parsed source file.
    pub fn from_file(file: &syn::File) -> PublicApi {
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
        api
    }

    /// Number of public items (types, functions and methods, impls, others).
    pub fn len(&self) -> usize {
        self.types.len() + self.functions.len() + self.impls.len() + self.others.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
