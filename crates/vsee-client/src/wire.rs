//! The values VSee sends either as a JSON number or as a string of digits (ids, timestamps,
//! coded values), read leniently and written back exactly as they came.
//!
//! The spec stays strict (the contract validator reports a string where it expects digits, or
//! a status it does not list); the client reads what the API may send tomorrow and loses
//! nothing: a value is kept as read (a `serde_json::Number`, so `30`, `30.0` and integers up
//! to `u64` survive, or a string) and serialized back the same way. The generator points the
//! spec's `StringOrInt` and every schema marked `x-vsee-type: id` at [`Id`], every schema
//! marked `x-vsee-type: unix-time` at [`UnixTime`], and every enumerated integer code with
//! `x-enum-varnames` at [`Coded`]`<`its enum`>` (see `codes.rs`). Their `Debug` shows shapes
//! (`<id>`, `<unix-time>`), never values (`crate::debug`).

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Number;

/// A number or a string, exactly as it arrived.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
enum Scalar {
    Number(Number),
    Text(String),
}

/// Read by one visitor rather than serde's untagged enum, which would buffer every value and
/// build an error for each string before trying the second variant (every id, timestamp and
/// code of every body the validator checks goes through here).
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberOrText;
        impl serde::de::Visitor<'_> for NumberOrText {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Number(Number::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Number(Number::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Number::from_f64(v)
                    .map(Scalar::Number)
                    .ok_or_else(|| E::custom("not a JSON number"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
        }
        deserializer.deserialize_any(NumberOrText)
    }
}

macro_rules! number_or_text {
    ($(#[$meta:meta])* $name:ident, $shape:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            /// The value's text: the string as sent, or the number as `serde_json` prints it.
            text: String,
            /// `Some` when it arrived as a JSON number (written back as that number).
            number: Option<Number>,
        }

        impl $name {
            /// The value as text (`"1470669300"` for both `1470669300` and `"1470669300"`).
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// Whether it arrived as a JSON number rather than a string.
            pub fn is_number(&self) -> bool {
                self.number.is_some()
            }

            /// The value as an integer, when it is a whole number in `i64` (a number such as
            /// `30.0` or `3e1`, or a string of digits).
            pub fn as_i64(&self) -> Option<i64> {
                whole_i64(self.number.as_ref(), &self.text)
            }

            fn from_scalar(scalar: Scalar) -> Self {
                match scalar {
                    Scalar::Number(n) => $name { text: n.to_string(), number: Some(n) },
                    Scalar::Text(text) => $name { text, number: None },
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        /// Shows the shape only (`<id>`); the value through [`crate::ShowValues`] or
        /// `Display`.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                crate::DebugShape::fmt_debug(self, f, false)
            }
        }

        impl crate::DebugShape for $name {
            fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
                if !values {
                    return f.write_str($shape);
                }
                match self.number {
                    Some(_) => write!(f, "{}({})", stringify!($name), self.text),
                    None => write!(f, "{}({:?})", stringify!($name), self.text),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match &self.number {
                    Some(n) => n.serialize(serializer),
                    None => serializer.serialize_str(&self.text),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Scalar::deserialize(deserializer)
                    .map($name::from_scalar)
                    .map_err(|_: D::Error| {
                        serde::de::Error::custom("expected a number or a string of digits")
                    })
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name { text: text.to_owned(), number: None }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name { text, number: None }
            }
        }

        impl From<&String> for $name {
            fn from(text: &String) -> Self {
                $name::from(text.as_str())
            }
        }

        impl From<&$name> for $name {
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        number_or_text!(@numbers $name: i32, i64, u32, u64);
    };
    (@numbers $name:ident: $($int:ty),*) => {$(
        impl From<$int> for $name {
            fn from(value: $int) -> Self {
                $name::from_scalar(Scalar::Number(Number::from(value)))
            }
        }
    )*};
}

number_or_text!(
    /// An id that arrives as a number or as a string (`17778181` or `"17778181"`), kept as it
    /// came and sent back the same way. Every id of the spec is one (`x-vsee-type: id`), in
    /// requests and responses alike, so an id from one reply goes into the next call as it is
    /// (`.id(&visit.id)`). Compare ids with [`Id::as_str`]; build one from a string or an
    /// integer (`Id::from("1")`, `Id::from(1)`: sent as `"1"` and `1`). `Debug` shows `<id>`,
    /// `Display` and [`crate::ShowValues`] the value.
    Id,
    "<id>"
);

number_or_text!(
    /// The raw value of a coded field ([`Coded`]): what an `Unknown(..)` variant keeps.
    Code,
    "<code>"
);

/// Unix time in seconds, as a number or a string of digits (`1631628616`, `"1470669300"`),
/// written back as it came. Every unix time of the spec is one (`x-vsee-type: unix-time`),
/// in requests and responses alike; build one from an integer (`UnixTime::from(1631628616)`).
/// `Debug` shows `<unix-time>`, `Display` and [`crate::ShowValues`] the value.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UnixTime(Id);

impl UnixTime {
    /// Seconds since 1970-01-01 UTC. A value outside `i64` saturates (see
    /// [`UnixTime::checked_seconds`]).
    pub fn seconds(&self) -> i64 {
        self.checked_seconds().unwrap_or_else(|| {
            if self.0.text.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            }
        })
    }

    /// Seconds since 1970-01-01 UTC, `None` outside `i64`.
    pub fn checked_seconds(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// The value as sent (`"1470669300"`).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The time as a `chrono` UTC timestamp; `None` outside chrono's range.
    #[cfg(feature = "chrono")]
    pub fn to_chrono(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp(self.checked_seconds()?, 0)
    }
}

macro_rules! unix_time_from {
    ($($int:ty),*) => {$(
        impl From<$int> for UnixTime {
            fn from(seconds: $int) -> Self {
                UnixTime(Id::from(seconds))
            }
        }
    )*};
}
unix_time_from!(i32, i64, u32, u64);

impl From<&UnixTime> for UnixTime {
    fn from(value: &UnixTime) -> Self {
        value.clone()
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl fmt::Debug for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::DebugShape::fmt_debug(self, f, false)
    }
}

impl crate::DebugShape for UnixTime {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        if values {
            write!(f, "UnixTime({})", self.0.as_str())
        } else {
            f.write_str("<unix-time>")
        }
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = Id::deserialize(deserializer)?;
        if id.number.is_none() && !is_digits(&id.text) {
            return Err(serde::de::Error::custom(
                "expected unix seconds, a number or a string of digits",
            ));
        }
        if let Some(n) = &id.number {
            if n.as_f64().is_some_and(|f| f.fract() != 0.0) {
                return Err(serde::de::Error::custom(
                    "expected unix seconds, a whole number",
                ));
            }
        }
        Ok(UnixTime(id))
    }
}

fn is_digits(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn whole_i64(number: Option<&Number>, text: &str) -> Option<i64> {
    match number {
        Some(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            // i64::MAX as f64 rounds up to 2^63, itself out of range.
            (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
        }),
        None if is_digits(text) => text.parse().ok(),
        None => None,
    }
}

/// An integer field, kept as the JSON number it arrived as: JSON Schema's `integer` also
/// accepts `30.0`, `3e1` and integers beyond `i64`, and so does this (written back as read).
/// Build one from a Rust integer (`.provider_id(Integer::from(541))`).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Integer(Number);

impl Integer {
    /// The value, when it is a whole number in `i64` (`30`, `30.0`, `3e1`).
    pub fn as_i64(&self) -> Option<i64> {
        whole_i64(Some(&self.0), "")
    }

    /// The value, when it is an integer in `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_u64()
    }

    /// The number as read.
    pub fn as_number(&self) -> &Number {
        &self.0
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::DebugShape::fmt_debug(self, f, false)
    }
}

impl crate::DebugShape for Integer {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        crate::debug::leaf(f, values, "<int>", &self.0)
    }
}

impl From<&Integer> for Integer {
    fn from(value: &Integer) -> Self {
        value.clone()
    }
}

impl PartialEq<i64> for Integer {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

macro_rules! integer_from {
    ($($int:ty),*) => {$(
        impl From<$int> for Integer {
            fn from(value: $int) -> Self {
                Integer(Number::from(value))
            }
        }
    )*};
}
integer_from!(i8, i16, i32, i64, u8, u16, u32, u64);

/// An enum of named codes (generated in `codes.rs` from the spec's `x-enum-varnames`), each
/// with an `Unknown(Code)` variant for a value the spec does not list.
pub trait CodeEnum: Sized {
    /// The variant for `code`: the named one when `code` is one of the spec's values (as a
    /// number, a whole float or a string of digits), else `Unknown(code)`.
    fn from_code(code: &Code) -> Self;
    /// The code to send for this value (the number for a named variant).
    fn to_code(&self) -> Code;
}

/// A coded field as read: its meaning (`T`, e.g. [`crate::types::VisitStatus`]) and the raw
/// value, which is what is written back, so `"30"` stays `"30"` and `30` stays `30`.
///
/// Derefs to `T`: `matches!(visit.status.as_deref(), Some(types::VisitStatus::Completed))`,
/// `visit.status.as_deref() == Some(&types::VisitStatus::Completed)`. Build one from `T`
/// (`types::VisitType::Walkin.into()`); builder setters take `T` directly.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Coded<T> {
    value: T,
    raw: Code,
}

impl<T> Coded<T> {
    /// The meaning.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// The value as it was read (or will be sent).
    pub fn raw(&self) -> &Code {
        &self.raw
    }

    /// The meaning, by value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Coded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq<T> for Coded<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

impl<T: CodeEnum> From<T> for Coded<T> {
    fn from(value: T) -> Self {
        let raw = value.to_code();
        Coded { value, raw }
    }
}

/// Shows the enum's name only (`<VisitStatus>`); [`crate::ShowValues`] shows the meaning
/// (`Completed`, `Unknown(..)`).
impl<T: crate::DebugShape> fmt::Debug for Coded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt_debug(f, false)
    }
}

impl<T: crate::DebugShape> crate::DebugShape for Coded<T> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        self.value.fmt_debug(f, values)
    }
}

impl<T> Serialize for Coded<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de, T: CodeEnum> Deserialize<'de> for Coded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Code::deserialize(deserializer)?;
        Ok(Coded {
            value: T::from_code(&raw),
            raw,
        })
    }
}

/// Defines a generated code enum (used by `codes.rs`, written by `cargo xtask generate`).
#[doc(hidden)]
#[macro_export]
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value the spec does not list, kept as it was read.
            Unknown($crate::Code),
        }

        /// Shows the enum's name only (`<Name>`), like every value of a response;
        /// [`ShowValues`]($crate::ShowValues) shows the variant.
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::DebugShape::fmt_debug(self, f, false)
            }
        }

        impl $crate::DebugShape for $name {
            fn fmt_debug(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
                values: bool,
            ) -> ::std::fmt::Result {
                match (values, self) {
                    (false, _) => f.write_str(concat!("<", stringify!($name), ">")),
                    $((true, $name::$variant) => f.write_str(stringify!($variant)),)*
                    (true, $name::Unknown(code)) => f
                        .debug_tuple("Unknown")
                        .field(&$crate::ShowValues(code))
                        .finish(),
                }
            }
        }

        // So that builder setters of optional coded fields take the variant (`.type_(..)`).
        impl ::std::convert::From<$name> for ::std::option::Option<$crate::Coded<$name>> {
            fn from(value: $name) -> Self {
                ::std::option::Option::Some(value.into())
            }
        }

        impl $crate::CodeEnum for $name {
            fn from_code(code: &$crate::Code) -> Self {
                match code.as_i64() {
                    $(Some($value) => $name::$variant,)*
                    _ => $name::Unknown(code.clone()),
                }
            }

            fn to_code(&self) -> $crate::Code {
                match self {
                    $($name::$variant => $crate::Code::from($value as i64),)*
                    $name::Unknown(code) => code.clone(),
                }
            }
        }
    };
}
