//! Rewrite `redacted-errors`: every operation's `send()` returns `vsee_client::Error`, whose
//! `Display` and `Debug` never show a response body.

use syn::visit_mut::VisitMut;

use crate::send_signature::result_types;

/// Renames each builder's `send` to a private `send_unredacted` and adds a `send` that maps its
/// error with `crate::Error::from_progenitor`, naming the operation and the success type. Returns how many
/// were rewritten, or what did not have the expected shape.
pub fn redact_send_errors(file: &mut syn::File) -> Result<usize, String> {
    let mut rewriter = SendRewriter {
        count: 0,
        problems: Vec::new(),
    };
    rewriter.visit_file_mut(file);
    if rewriter.problems.is_empty() {
        Ok(rewriter.count)
    } else {
        Err(rewriter.problems.join("; "))
    }
}

struct SendRewriter {
    count: usize,
    problems: Vec<String>,
}

impl VisitMut for SendRewriter {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let mut added = Vec::new();
        for impl_item in &mut item.items {
            let syn::ImplItem::Fn(method) = impl_item else {
                continue;
            };
            if method.sig.ident != "send" || method.sig.asyncness.is_none() {
                continue;
            }
            match rewrite(method) {
                Ok(new_send) => {
                    added.push(syn::ImplItem::Fn(new_send));
                    self.count += 1;
                }
                Err(problem) => self.problems.push(problem),
            }
        }
        item.items.extend(added);
        syn::visit_mut::visit_item_impl_mut(self, item);
    }
}

/// `send` -> private `send_unredacted`; returns the new public `send`.
fn rewrite(method: &mut syn::ImplItemFn) -> Result<syn::ImplItemFn, String> {
    let operation = operation_id(&method.block)
        .ok_or("a `send` without `operation_id: \"..\"` (progenitor's OperationInfo)")?;
    let syn::ReturnType::Type(_, output) = &method.sig.output else {
        return Err(format!("{operation}: `send` returns nothing"));
    };
    let (success, error) = result_types(output).ok_or_else(|| {
        format!("{operation}: `send` does not return Result<ResponseValue<T>, Error<E>>")
    })?;
    method.sig.ident = syn::Ident::new("send_unredacted", method.sig.ident.span());
    method.vis = syn::Visibility::Inherited;
    let docs: Vec<&syn::Attribute> = method
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    Ok(syn::parse_quote! {
        #(#docs)*
        pub async fn send(self) -> Result<ResponseValue<#success>, crate::Error<#error>> {
            crate::observe::operation(#operation, async move {
                self.send_unredacted()
                    .await
                    .map_err(|e| crate::Error::<#error>::from_progenitor::<#success>(#operation, e))
            })
            .await
        }
    })
}

/// The string after `operation_id:` in the body (progenitor's `OperationInfo`).
pub(crate) fn operation_id(block: &syn::Block) -> Option<String> {
    struct Find(Option<String>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
            if let (
                syn::Member::Named(name),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }),
            ) = (&field.member, &field.expr)
            {
                if name == "operation_id" && self.0.is_none() {
                    self.0 = Some(s.value());
                }
            }
            syn::visit::visit_field_value(self, field);
        }
    }
    let mut find = Find(None);
    syn::visit::Visit::visit_block(&mut find, block);
    find.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_is_wrapped_with_its_operation_and_types() {
        let mut file: syn::File = syn::parse_quote! {
            impl<'a> GetVisit<'a> {
                /// Sends it.
                pub async fn send(self) -> Result<ResponseValue<types::VisitEnvelope>, Error<types::ApiError>> {
                    let info = OperationInfo { operation_id: "get_visit" };
                    todo()
                }
            }
        };
        assert_eq!(redact_send_errors(&mut file), Ok(1));
        let text = prettyplease::unparse(&file);
        // prettyplease breaks long lines: compare without whitespace.
        let flat: String = text.split_whitespace().collect();
        let has = |needle: &str| flat.contains(&needle.split_whitespace().collect::<String>());
        assert!(has("async fn send_unredacted(self"), "{text}");
        assert!(!has("pub async fn send_unredacted"), "{text}");
        assert!(has("/// Sends it. pub async fn send(self"), "{text}");
        assert!(has("crate::Error<types::ApiError>"), "{text}");
        assert!(
            has("crate::Error::<types::ApiError")
                && has(">::from_progenitor::<types::VisitEnvelope>(\"get_visit\", e)"),
            "{text}"
        );
        assert!(has("crate::observe::operation(\"get_visit\""), "{text}");
    }

    #[test]
    fn a_send_without_operation_id_is_reported() {
        let mut file: syn::File = syn::parse_quote! {
            impl X { pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo() } }
        };
        assert!(redact_send_errors(&mut file).is_err());
    }
}
