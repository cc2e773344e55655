//! What the builder setter of an optional field takes (rewrite `optional-setters` of
//! vsee-codegen): a value, or an `Option` of one.
//!
//! A blanket `impl<S: Into<T>>` beside `impl<S: Into<T>> for Option<S>` is refused by the
//! compiler (the standard library could one day convert an `Option` into a `T`), so the
//! present values are listed per field type: the types `String`, [`Id`], [`UnixTime`] and
//! [`Integer`] convert from.

use std::borrow::Cow;

use crate::{Id, Integer, UnixTime};

/// A value for the setter of an optional field of type `T` (`b.reason_for_visit("Rash")`,
/// `b.member_id(&visit.member_id)`, `b.provider_id(541)`): a value `T` converts from sets the
/// field; an `Option` of one sets it (`Some`) or leaves it absent (`None`; a bare `None`
/// needs its type, `None::<String>`).
///
/// | field type | present values |
/// |---|---|
/// | `String` | `&str`, `String`, `&String`, `&mut str`, `Cow<str>`, `Box<str>`, `char` |
/// | [`Id`] | `Id`, `&Id`, `&str`, `String`, `&String`, `i32`, `i64`, `u32`, `u64` |
/// | [`UnixTime`] | `UnixTime`, `&UnixTime`, `i32`, `i64`, `u32`, `u64` |
/// | [`Integer`] | `Integer`, `&Integer`, `i8` to `u64` |
pub trait IntoOptional<T> {
    /// `Some(value)` to set the field, `None` to leave it absent.
    fn into_optional(self) -> Option<T>;
}

impl<T, S: Into<T>> IntoOptional<T> for Option<S> {
    fn into_optional(self) -> Option<T> {
        self.map(Into::into)
    }
}

macro_rules! present {
    ($target:ty: $($ty:ty),*) => {$(
        impl IntoOptional<$target> for $ty {
            fn into_optional(self) -> Option<$target> {
                Some(self.into())
            }
        }
    )*};
}

present!(String: &str, &mut str, String, &String, Cow<'_, str>, Box<str>, char);
present!(Id: Id, &Id, &str, String, &String, i32, i64, u32, u64);
present!(UnixTime: UnixTime, &UnixTime, i32, i64, u32, u64);
present!(Integer: Integer, &Integer, i8, i16, i32, i64, u8, u16, u32, u64);

/// Lets a validated id parameter type (typify's newtype of a string with a `pattern`, e.g.
/// `types::GetVisitId`) be made from every form of an id, as the setter of the parameter
/// takes it: `.id(&visit.id)`, `.id("7727")`, `.id(7727)`; the pattern is still checked
/// before anything is sent. The generator writes one call per such type (rewrite
/// `parameter-setters`).
#[doc(hidden)]
#[macro_export]
macro_rules! validated_id {
    ($name:ident) => {
        $crate::validated_id!(@parse $name, |value: &::std::string::String| value.as_str());
        $crate::validated_id!(@parse $name, |value: $crate::Id| value.as_str());
        $crate::validated_id!(@parse $name, |value: &$crate::Id| value.as_str());
        $crate::validated_id!(@parse $name, |value: i32| &value.to_string());
        $crate::validated_id!(@parse $name, |value: i64| &value.to_string());
        $crate::validated_id!(@parse $name, |value: u32| &value.to_string());
        $crate::validated_id!(@parse $name, |value: u64| &value.to_string());
    };
    (@parse $name:ident, |$value:ident: $from:ty| $text:expr) => {
        impl ::std::convert::TryFrom<$from> for $name {
            type Error = $crate::types::error::ConversionError;
            fn try_from($value: $from) -> ::std::result::Result<Self, Self::Error> {
                ($text).parse()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set<T>(value: impl IntoOptional<T>) -> Option<T> {
        value.into_optional()
    }

    #[test]
    fn values_are_present_and_options_say_so_themselves() {
        let owned = String::from("b");
        assert_eq!(set::<String>("a").as_deref(), Some("a"));
        assert_eq!(set::<String>(&owned).as_deref(), Some("b"));
        assert_eq!(set::<String>(Cow::Borrowed("c")).as_deref(), Some("c"));
        assert_eq!(set::<String>('d').as_deref(), Some("d"));
        assert_eq!(set::<String>(Some("e")).as_deref(), Some("e"));
        assert_eq!(set::<String>(None::<String>), None);

        let id = Id::from(7);
        assert_eq!(set::<Id>(&id), Some(Id::from(7)));
        assert_eq!(set::<Id>("8").map(|i| i.is_number()), Some(false));
        assert_eq!(set::<Id>(9u64).map(|i| i.is_number()), Some(true));
        assert_eq!(set::<Id>(Some(&id)), Some(Id::from(7)));
        assert_eq!(
            set::<UnixTime>(1_631_628_616).map(|t| t.seconds()),
            Some(1_631_628_616)
        );
        assert_eq!(set::<Integer>(541u16).and_then(|i| i.as_i64()), Some(541));
    }
}
