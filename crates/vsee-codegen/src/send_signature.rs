//! Reading progenitor's `send` signature, which both the typed-check table and the redacted
//! errors rewrite depend on: `Result<ResponseValue<T>, Error<E>>` gives the success type `T` and
//! the error body type `E`.

/// `Result<ResponseValue<T>, Error<E>>` -> `(T, E)`; `None` for any other shape.
pub(crate) fn result_types(ty: &syn::Type) -> Option<(syn::Type, syn::Type)> {
    let args = generic_args(ty, "Result")?;
    let [ok, err] = args.as_slice() else {
        return None;
    };
    let success = generic_args(ok, "ResponseValue")?.into_iter().next()?;
    let error = generic_args(err, "Error")?.into_iter().next()?;
    Some((success, error))
}

/// The type arguments of `ty` when its last path segment is `name`.
fn generic_args(ty: &syn::Type, name: &str) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}
