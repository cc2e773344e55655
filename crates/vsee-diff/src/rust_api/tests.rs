//! Unit tests of the public-API comparison.

use super::api::{tidy, PublicApi};
use super::semver::compare;
use crate::model::Level;

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
