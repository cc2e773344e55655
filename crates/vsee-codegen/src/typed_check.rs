//! `crates/vsee-client/src/typed_check.rs`: for the contract validator, which generated type
//! the client decodes for each (operation, status).
//!
//! The table is read off the generated client itself (each operation's `send()`: its
//! `OperationInfo { operation_id }`, its return type `Result<ResponseValue<T>, Error<E>>` and
//! the arms of its `match response.status().as_u16()`), not recomputed from the spec, so it
//! agrees with what the client does by construction: a status arm that calls
//! `ResponseValue::from_response` decodes `T` (success arms) or `E` (arms inside
//! `Error::ErrorResponse`); arms without a typed body and the catch-all arm are left out.

use quote::{quote, ToTokens};
use syn::visit::Visit;

use crate::error::{shape, Error};
use crate::file::generated_header;
use crate::send_signature::result_types;

const MODULE: &str = "crates/vsee-codegen/src/typed_check.rs";

/// One row: `operation_id`, the status pattern as generated (`200u16`, `400u16..=499u16`) and
/// the generated type decoded for it.
pub struct Row {
    pub operation_id: String,
    pub status: syn::Pat,
    pub ty: syn::Type,
}

/// The text of `typed_check.rs` for the generated client `client`.
pub fn generate(client: &syn::File, spec_name: &str) -> Result<String, Error> {
    let rows = rows(client)?;
    if rows.is_empty() {
        return Err(shape(
            "found no typed responses in the generated client",
            MODULE,
        ));
    }
    let arms = rows.iter().map(|row| {
        let (op, status, ty) = (&row.operation_id, &row.status, &row.ty);
        let name = type_name(ty);
        quote! { (#op, #status) => crate::typed::Entry::of::<#ty>(#name), }
    });
    let tokens = quote! {
        use crate::generated::types;

        /// The row of the table for `operation_id` and `status`.
        fn entry(operation_id: &str, status: u16) -> ::std::option::Option<crate::typed::Entry> {
            ::std::option::Option::Some(match (operation_id, status) {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }

        /// Decodes `body` into the generated type the client decodes for `operation_id` and
        /// `status`.
        ///
        /// `None` when the client has no typed body for that pair (unknown operation, a status
        /// the spec does not list, or a response without a JSON body); `Some(Ok(()))` when the
        /// body deserializes; `Some(Err(error))` when it does not: where (a JSON pointer) and
        /// serde's error, which may quote the body's values (bodies hold patient data: redact
        /// it before showing it).
        pub fn decode_response(
            operation_id: &str,
            status: u16,
            body: &::serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<(), crate::DecodeError>> {
            entry(operation_id, status).map(|e| (e.decode)(body))
        }

        /// Like [`decode_response`], then serializes the decoded value back to JSON: what the
        /// client keeps of `body`, which is all of it for a body the spec accepts (unknown
        /// members stay in `extra`; a present `null`, `[]` or `{}` stays present).
        pub fn reencode_response(
            operation_id: &str,
            status: u16,
            body: &::serde_json::Value,
        ) -> ::std::option::Option<
            ::std::result::Result<::serde_json::Value, crate::DecodeError>,
        > {
            entry(operation_id, status).map(|e| (e.reencode)(body))
        }

        /// Like [`decode_response`], then formats the decoded value with `Debug` as the
        /// client shows it: field names and shapes, never values, or, with `values`, the
        /// values too (as [`crate::ShowValues`] does; the text may then hold patient data).
        pub fn debug_response(
            operation_id: &str,
            status: u16,
            body: &::serde_json::Value,
            values: bool,
        ) -> ::std::option::Option<
            ::std::result::Result<::std::string::String, crate::DecodeError>,
        > {
            entry(operation_id, status).map(|e| (e.debug)(body, values))
        }

        /// Name of the generated type (in `vsee_client::types`) used for `operation_id` and
        /// `status`, for reports.
        pub fn response_type(
            operation_id: &str,
            status: u16,
        ) -> ::std::option::Option<&'static str> {
            entry(operation_id, status).map(|e| e.type_name)
        }
    };
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Internal(format!("the typed-check table does not parse: {e}")))?;
    Ok(format!(
        "{}\n{}",
        generated_header(spec_name),
        prettyplease::unparse(&file)
    ))
}

/// `types::VisitEnvelope` -> `VisitEnvelope`; anything else is shown as written.
fn type_name(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string().replace(' ', "");
    text.strip_prefix("types::").unwrap_or(&text).to_owned()
}

/// The rows of the table, in file order.
pub fn rows(client: &syn::File) -> Result<Vec<Row>, Error> {
    let mut finder = SendFinder::default();
    finder.visit_file(client);
    if let Some(err) = finder.error {
        return Err(err);
    }
    Ok(finder.rows)
}

#[derive(Default)]
struct SendFinder {
    rows: Vec<Row>,
    error: Option<Error>,
}

impl<'ast> Visit<'ast> for SendFinder {
    fn visit_impl_item_fn(&mut self, func: &'ast syn::ImplItemFn) {
        if func.sig.ident == "send" && func.sig.asyncness.is_some() && self.error.is_none() {
            match send_rows(func) {
                Ok(rows) => self.rows.extend(rows),
                Err(err) => self.error = Some(err),
            }
        }
        syn::visit::visit_impl_item_fn(self, func);
    }
}

fn send_rows(func: &syn::ImplItemFn) -> Result<Vec<Row>, Error> {
    let (success, error) = signature_result_types(&func.sig.output).ok_or_else(|| {
        shape(
            format!(
                "a generated `send()` returns `{}`, not `Result<ResponseValue<T>, Error<E>>`",
                func.sig.output.to_token_stream()
            ),
            MODULE,
        )
    })?;
    let mut body = BodyScan::default();
    body.visit_block(&func.block);
    let operation_id = body.operation_id.ok_or_else(|| {
        shape(
            "a generated `send()` has no `OperationInfo { operation_id }`",
            MODULE,
        )
    })?;
    let mut rows = Vec::new();
    for arm in body.status_arms {
        if matches!(arm.pat, syn::Pat::Wild(_)) {
            continue;
        }
        let code = arm.body.to_token_stream().to_string();
        if !code.contains("from_response") {
            continue;
        }
        let ty = if code.contains("ErrorResponse") {
            error.clone()
        } else {
            success.clone()
        };
        rows.push(Row {
            operation_id: operation_id.clone(),
            status: arm.pat.clone(),
            ty,
        });
    }
    Ok(rows)
}

#[derive(Default)]
struct BodyScan {
    operation_id: Option<String>,
    status_arms: Vec<syn::Arm>,
}

impl<'ast> Visit<'ast> for BodyScan {
    fn visit_expr_struct(&mut self, expr: &'ast syn::ExprStruct) {
        if expr.path.is_ident("OperationInfo") {
            for field in &expr.fields {
                let is_id = matches!(&field.member, syn::Member::Named(n) if n == "operation_id");
                if let (
                    true,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }),
                ) = (is_id, &field.expr)
                {
                    self.operation_id = Some(s.value());
                }
            }
        }
        syn::visit::visit_expr_struct(self, expr);
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        // `match response.status().as_u16() { .. }`
        let on_status = matches!(expr.expr.as_ref(),
            syn::Expr::MethodCall(call) if call.method == "as_u16");
        if on_status {
            self.status_arms.extend(expr.arms.iter().cloned());
        }
        syn::visit::visit_expr_match(self, expr);
    }
}

/// [`result_types`] of a function's return type.
fn signature_result_types(output: &syn::ReturnType) -> Option<(syn::Type, syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    result_types(ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_statuses_and_types_off_send() {
        let file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> GetVisit<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::VisitEnvelope>, Error<types::ApiError>> {
                        let info = OperationInfo { operation_id: "get_visit" };
                        match response.status().as_u16() {
                            200u16 => ResponseValue::from_response(response).await,
                            204u16 => Ok(ResponseValue::empty(response)),
                            400u16..=499u16 => {
                                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
                            }
                            _ => Err(Error::UnexpectedResponse(response)),
                        }
                    }
                }
            }
        };
        let rows = rows(&file).unwrap();
        let shown: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.operation_id,
                    r.status.to_token_stream(),
                    type_name(&r.ty)
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "get_visit 200u16 VisitEnvelope",
                "get_visit 400u16 ..= 499u16 ApiError"
            ]
        );
    }
}
