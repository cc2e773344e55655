//! Rewrite `field-setters`: the setters of the struct builders (`types::builder::*`, what
//! `body_map` hands you) say what their field is and whether it is required, and a missing
//! required field says which setter to call.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;

use crate::explained::Explained;
use crate::param_setters::set_doc;

pub const EXPLAINED: Explained = Explained {
    name: "field-setters",
    title: "Builder setters document their field",
    explanation: "typify gives the setters of its struct builders no doc comment and reports a \
        missing required field, at `send()` time, as `no value supplied for intake_id`. Each \
        setter gets its field's description (typify puts the spec's `description` on the \
        struct's field) and says whether the field is required (a field typify's builder \
        starts as missing) or optional; the message of a missing field names the struct and \
        the setter to call (``WalkinCreate.intake_id` is required: set it with \
        `.intake_id(..)``).",
};

/// What [`document_field_setters`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FieldSetters {
    pub setters: usize,
    pub required: usize,
}

/// Documents the setters of every builder of `types::builder` and rewords the builders'
/// missing-field messages.
pub fn document_field_setters(file: &mut syn::File) -> Result<FieldSetters, String> {
    let types =
        module_items(&mut file.items, "types").ok_or("the output has no `pub mod types`")?;
    let docs = field_docs(types);
    let builders = module_items(types, "builder").ok_or("`types` has no `pub mod builder`")?;
    let mut out = FieldSetters::default();
    // Which fields each builder starts as missing (its `Default` impl), rewording the message.
    let mut required: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in builders.iter_mut() {
        if let syn::Item::Impl(imp) = item {
            if is_default_impl(imp) {
                let owner = self_name(imp);
                let mut reword = Reword {
                    owner: &owner,
                    fields: Vec::new(),
                };
                reword.visit_item_impl_mut(imp);
                let fields = reword.fields;
                out.required += fields.len();
                required.insert(owner, fields);
            }
        }
    }
    for item in builders.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let owner = self_name(imp);
        for impl_item in &mut imp.items {
            let syn::ImplItem::Fn(f) = impl_item else {
                continue;
            };
            let field = f.sig.ident.to_string();
            let is_required = required.get(&owner).is_some_and(|r| r.contains(&field));
            let mut text = match docs.get(&(owner.clone(), field.clone())) {
                Some(doc) if !doc.is_empty() => format!("{doc}\n\n"),
                _ if field == "extra" => {
                    "Members the spec does not list (custom fields), sent as they are.\n\n"
                        .to_owned()
                }
                _ => String::new(),
            };
            text.push_str(if is_required {
                "Required: building the value (and so `send()`) fails when it is not set."
            } else {
                "Optional: leave it unset to omit it."
            });
            set_doc(f, &text);
            out.setters += 1;
        }
    }
    Ok(out)
}

fn module_items<'a>(items: &'a mut [syn::Item], name: &str) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, c)| c),
        _ => None,
    })
}

/// The doc comment of every named field of the structs of `types`, by (struct, field).
fn field_docs(types: &[syn::Item]) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for item in types {
        let syn::Item::Struct(s) = item else { continue };
        for field in &s.fields {
            let Some(name) = &field.ident else { continue };
            let doc: Vec<String> = field
                .attrs
                .iter()
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => Some(s.value()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let doc = doc.join("\n");
            let doc = doc.lines().map(str::trim).collect::<Vec<_>>().join("\n");
            out.insert(
                (s.ident.to_string(), name.to_string()),
                doc.trim().to_owned(),
            );
        }
    }
    out
}

fn self_name(imp: &syn::ItemImpl) -> String {
    match imp.self_ty.as_ref() {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn is_default_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|s| s.ident == "Default")
}

/// `"no value supplied for f"` -> `"`Owner.f` is required: set it with `.f(..)`"`.
struct Reword<'a> {
    owner: &'a str,
    fields: Vec<String>,
}

impl VisitMut for Reword<'_> {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if let Some(field) = lit.value().strip_prefix("no value supplied for ") {
            let message = format!(
                "`{}.{field}` is required: set it with `.{field}(..)`",
                self.owner
            );
            self.fields.push(field.to_owned());
            *lit = syn::LitStr::new(&message, lit.span());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_carry_their_field_doc_and_whether_it_is_required() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct WalkinCreate {
                    ///The intake the visit is created from.
                    pub intake_id: ::vsee_client::Id,
                    pub member_id: Option<::vsee_client::Id>,
                    pub extra: Map,
                }
                pub mod builder {
                    pub struct WalkinCreate { intake_id: Result<Id, String> }
                    impl ::std::default::Default for WalkinCreate {
                        fn default() -> Self {
                            Self {
                                intake_id: Err("no value supplied for intake_id".to_string()),
                                member_id: Ok(Default::default()),
                                extra: Ok(Default::default()),
                            }
                        }
                    }
                    impl WalkinCreate {
                        pub fn intake_id<T>(mut self, value: T) -> Self { self }
                        pub fn member_id<T>(mut self, value: T) -> Self { self }
                        pub fn extra<T>(mut self, value: T) -> Self { self }
                    }
                }
            }
        };
        assert_eq!(
            document_field_setters(&mut file),
            Ok(FieldSetters {
                setters: 3,
                required: 1
            })
        );
        let text = prettyplease::unparse(&file);
        for expected in [
            "/// The intake the visit is created from.\n            ///\n            /// Required: building the value (and so `send()`) fails when it is not set.\n            pub fn intake_id",
            "/// Optional: leave it unset to omit it.\n            pub fn member_id",
            "/// Members the spec does not list (custom fields), sent as they are.",
            "\"`WalkinCreate.intake_id` is required: set it with `.intake_id(..)`\"",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
        assert!(!text.contains("no value supplied"), "{text}");
    }
}
