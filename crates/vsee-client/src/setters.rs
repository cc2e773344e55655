//! What the builder setter of an optional string field takes (rewrite `string-setters` of
//! vsee-codegen): a string, or an `Option` of one.
//!
//! A blanket `impl<S: Into<String>>` beside `impl<S: Into<String>> for Option<S>` is refused
//! by the compiler (the standard library could one day convert an `Option` into a `String`),
//! so the plain strings are the types `String` itself converts from.

use std::borrow::Cow;

/// A value for the setter of an optional string field (`b.reason_for_visit("Rash")`): any
/// type `String` converts from (`&str`, `String`, `&String`, `&mut str`, `Cow<str>`,
/// `Box<str>`, `char`) sets the field; an `Option` of anything `Into<String>` sets it
/// (`Some`) or leaves it absent (`None`; a bare `None` needs its type, `None::<String>`).
pub trait IntoOptionalString {
    /// `Some(text)` to set the field, `None` to leave it absent.
    fn into_optional_string(self) -> Option<String>;
}

impl<S: Into<String>> IntoOptionalString for Option<S> {
    fn into_optional_string(self) -> Option<String> {
        self.map(Into::into)
    }
}

macro_rules! present {
    ($($ty:ty),*) => {$(
        impl IntoOptionalString for $ty {
            fn into_optional_string(self) -> Option<String> {
                Some(self.into())
            }
        }
    )*};
}

present!(
    &str,
    &mut str,
    String,
    &String,
    Cow<'_, str>,
    Box<str>,
    char
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_present_and_options_say_so_themselves() {
        let owned = String::from("b");
        assert_eq!("a".into_optional_string().as_deref(), Some("a"));
        assert_eq!((&owned).into_optional_string().as_deref(), Some("b"));
        assert_eq!(
            Cow::Borrowed("c").into_optional_string().as_deref(),
            Some("c")
        );
        assert_eq!('d'.into_optional_string().as_deref(), Some("d"));
        assert_eq!(Some("e").into_optional_string().as_deref(), Some("e"));
        assert_eq!(None::<String>.into_optional_string(), None);
    }
}
