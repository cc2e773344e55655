//! Rewrite `optional-setters`: the builder setter of an optional string, id, time or integer
//! field takes the value itself (`b.reason_for_visit("Rash")`, `b.member_id(&visit.member_id)`).

use syn::visit_mut::VisitMut;

use crate::explained::Explained;

pub const EXPLAINED: Explained = Explained {
    name: "optional-setters",
    title: "Optional setters take the value itself",
    explanation: "typify's builder setter of an optional field takes \
        `T: TryInto<Option<X>>`, which `X` and `Option<X>` satisfy but `&str`, `&Id` or `541` \
        do not, so `b.reason_for_visit(\"Rash\")` or `b.member_id(&visit.member_id)` would not \
        compile while the setter of a required field (`TryInto<X>`) takes them. Each setter \
        of an optional `String`, `Id`, `UnixTime` or `Integer` takes `T: \
        vsee_client::IntoOptional<X>` instead, a hand-written trait (`src/setters.rs`) \
        implemented for every value `X` converts from (`&str`, `String`, `&String`, \
        `Cow<str>`, ... for strings; `Id`, `&Id`, strings and integers for ids; integers for \
        times and integers: the field is set) and for an `Option` of any of them (`Some` sets \
        it, `None` leaves it absent). (A bound `Into<Option<S>>, S: Into<X>` cannot be \
        inferred for an `Option` argument.) typify has no setting for builder setters; \
        generation fails if a setter keeps the old bound.",
};

/// The optional field types whose setters take `crate::IntoOptional<X>`, as typify spells them
/// (whitespace removed).
const TARGETS: [&str; 4] = [
    "::std::string::String",
    "::vsee_client::Id",
    "::vsee_client::UnixTime",
    "::vsee_client::Integer",
];

/// The bound typify puts on the setter of an optional field of type `target`.
fn bound(target: &str) -> String {
    format!("T:::std::convert::TryInto<::std::option::Option<{target}>>")
}

/// Makes the builder setters of optional fields of [`TARGETS`] take the value itself; returns
/// how many. Errors name a setter whose shape is not typify's `fn f<T>(mut self, value: T) ->
/// Self where T: TryInto<Option<X>>, T::Error: Display { self.f = value.try_into()..; self }`.
pub fn optional_setters(file: &mut syn::File) -> Result<usize, String> {
    let mut fixer = Setters {
        changed: 0,
        problems: Vec::new(),
    };
    fixer.visit_file_mut(file);
    if fixer.problems.is_empty() {
        Ok(fixer.changed)
    } else {
        Err(fixer.problems.join("; "))
    }
}

struct Setters {
    changed: usize,
    problems: Vec<String>,
}

impl VisitMut for Setters {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        let target = f.sig.generics.where_clause.as_ref().and_then(|w| {
            w.predicates.iter().find_map(|p| {
                let p = compact(p);
                TARGETS.into_iter().find(|t| p == bound(t))
            })
        });
        if let Some(target) = target {
            match rewrite(f, target) {
                Ok(()) => self.changed += 1,
                Err(problem) => self
                    .problems
                    .push(format!("setter `{}`: {problem}", f.sig.ident)),
            }
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, f);
    }
}

pub(crate) fn compact(tokens: &impl quote::ToTokens) -> String {
    tokens
        .to_token_stream()
        .to_string()
        .split_whitespace()
        .collect()
}

fn rewrite(f: &mut syn::ImplItemFn, target: &str) -> Result<(), String> {
    let field = f.sig.ident.to_string();
    let generics: Vec<String> = f.sig.generics.params.iter().map(compact).collect();
    if generics != ["T"] {
        return Err(format!("generics are <{}>, not <T>", generics.join(", ")));
    }
    let inputs: Vec<String> = f.sig.inputs.iter().map(compact).collect();
    if inputs != ["mutself", "value:T"] {
        return Err(format!(
            "takes ({}), not (mut self, value: T)",
            inputs.join(", ")
        ));
    }
    let [syn::Stmt::Expr(syn::Expr::Assign(assign), Some(_)), syn::Stmt::Expr(last, None)] =
        f.block.stmts.as_mut_slice()
    else {
        return Err("the body is not `self.field = ..; self`".to_owned());
    };
    let assigns_field = compact(&assign.left) == format!("self.{field}");
    let converts = compact(&assign.right).starts_with("value.try_into().map_err(");
    if !assigns_field || !converts || compact(last) != "self" {
        return Err(format!(
            "the body is not `self.{field} = value.try_into().map_err(..); self`"
        ));
    }
    let target: syn::Type = syn::parse_str(target).map_err(|e| e.to_string())?;
    *assign.right = syn::parse_quote!(::std::result::Result::Ok(
        crate::IntoOptional::<#target>::into_optional(value)
    ));
    f.sig.generics.where_clause = Some(syn::parse_quote!(where T: crate::IntoOptional<#target>));
    Ok(())
}

/// Whether a where predicate or type parameter of `file` still has typify's bound on an
/// optional field of [`TARGETS`].
pub fn left_over(file: &syn::File) -> bool {
    struct Find(bool);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_where_predicate(&mut self, predicate: &'ast syn::WherePredicate) {
            let text = compact(predicate);
            self.0 |= TARGETS.iter().any(|t| text.contains(&bound(t)));
            syn::visit::visit_where_predicate(self, predicate);
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_file(&mut find, file);
    find.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_setters_take_the_value_and_other_shapes_fail() {
        let mut file: syn::File = syn::parse_quote! {
            impl Intake {
                pub fn note<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                    T::Error: ::std::fmt::Display,
                {
                    self.note = value.try_into().map_err(|e| format!("{e}"));
                    self
                }
                pub fn member_id<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::option::Option<::vsee_client::Id>>,
                    T::Error: ::std::fmt::Display,
                {
                    self.member_id = value.try_into().map_err(|e| format!("{e}"));
                    self
                }
                pub fn room_code<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::string::String>,
                    T::Error: ::std::fmt::Display,
                {
                    self.room_code = value.try_into().map_err(|e| format!("{e}"));
                    self
                }
            }
        };
        assert_eq!(optional_setters(&mut file), Ok(2));
        let flat: String = prettyplease::unparse(&file).split_whitespace().collect();
        for expected in [
            "pubfnnote<T>(mutself,value:T)->SelfwhereT:crate::IntoOptional<::std::string::String>,{self.note=::std::result::Result::Ok(crate::IntoOptional::<::std::string::String>::into_optional(value),);self}",
            "T:crate::IntoOptional<::vsee_client::Id>,{self.member_id=::std::result::Result::Ok(crate::IntoOptional::<::vsee_client::Id>::into_optional(value),);self}",
            // A required field already takes `impl Into<String>` (`TryInto<String>`).
            "pubfnroom_code<T>(mutself,value:T)->SelfwhereT:::std::convert::TryInto<::std::string::String>,",
        ] {
            assert!(flat.contains(expected), "{expected}\n{flat}");
        }
        assert!(!left_over(&file));

        // A typify whose setter looks different is an error, and so is what it leaves.
        let mut changed: syn::File = syn::parse_quote! {
            impl Intake {
                pub fn note<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::option::Option<::vsee_client::UnixTime>>,
                {
                    self.note = ::std::convert::TryInto::try_into(value).ok().flatten();
                    self
                }
            }
        };
        let err = optional_setters(&mut changed).unwrap_err();
        assert!(err.contains("setter `note`"), "{err}");
        assert!(left_over(&changed));
    }
}
