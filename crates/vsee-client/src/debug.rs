//! `Debug` without patient data: every type of this crate that holds values from a request or a
//! response prints its field names and the *shapes* of its values, never the values.
//!
//! ```text
//! Visit { id: Some(<id>), member: Some(Member { dob: Some(<str>), first_name: Some(<str>), .. }),
//!         status: Some(<VisitStatus>), start: Some(<unix-time>), extra: {2 keys} }
//! ```
//!
//! A shape is what the type says about a value: `<str>`, `<int>`, `<num>`, `<bool>`, `<id>`,
//! `<unix-time>`, `<code>`, the name of a coded or enumerated type (`<VisitStatus>`), whether an
//! option is `None` or `Some(..)`, the items of a list (each as its shape) and the number of
//! members of a map (`{2 keys}`: a custom field's name may itself say something about the
//! patient). So `println!("{visit:?}")`, `tracing::debug!(?visit)` or a panic message that
//! formats a response show where data is and is not, and nothing else.
//!
//! A developer who wants the values says so, in the code, with [`ShowValues`]:
//! `println!("{:?}", ShowValues(&visit))` prints what the derived `Debug` would print. Keep
//! that out of logs that leave your machine.
//!
//! The generated types get both from [`DebugShape`], implemented by the generator (rewrite
//! `debug-shapes` of vsee-codegen, through the macro `debug_shape!`); the hand-written types of
//! this crate and the standard and `serde_json` types they hold implement it here.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::{Map, Number, Value};

/// How a value of this crate is shown by `Debug` (its shape) and by [`ShowValues`] (its
/// value). Implemented for every generated type; implement it for a type of your own that
/// holds them to get the same two views.
pub trait DebugShape {
    /// Writes the value's shape, or, when `values` is true, the value itself (as a derived
    /// `Debug` would). Nested values are written the same way.
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result;
}

/// Shows the values of `T` in its `Debug` output, which otherwise shows only shapes (see the
/// module documentation): `println!("{:?}", ShowValues(&visit))`,
/// `tracing::debug!(visit = ?ShowValues(&visit))`. The output may hold patient data.
#[derive(Clone, Copy)]
pub struct ShowValues<'a, T: ?Sized>(pub &'a T);

impl<T: DebugShape + ?Sized> fmt::Debug for ShowValues<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_debug(f, true)
    }
}

/// A nested value, shown the way its container is (used by `debug_shape!`).
#[doc(hidden)]
pub struct Nested<'a, T: ?Sized>(pub &'a T, pub bool);

impl<T: DebugShape + ?Sized> fmt::Debug for Nested<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_debug(f, self.1)
    }
}

/// Writes `shape` (e.g. `<str>`) or, with `values`, `value`'s own `Debug`.
pub(crate) fn leaf(
    f: &mut fmt::Formatter<'_>,
    values: bool,
    shape: &str,
    value: &dyn fmt::Debug,
) -> fmt::Result {
    if values {
        value.fmt(f)
    } else {
        f.write_str(shape)
    }
}

/// `{n keys}` for a map's shape: how many members, not which.
fn keys(f: &mut fmt::Formatter<'_>, n: usize) -> fmt::Result {
    match n {
        0 => f.write_str("{}"),
        1 => f.write_str("{1 key}"),
        n => write!(f, "{{{n} keys}}"),
    }
}

/// Implements `Debug` (shapes) and [`DebugShape`] for a generated type, from its field or
/// variant names (the generator writes one call per type; rewrite `debug-shapes`).
#[doc(hidden)]
#[macro_export]
macro_rules! debug_shape {
    (@debug $name:ident $(<$lt:lifetime>)?) => {
        impl$(<$lt>)? ::std::fmt::Debug for $name$(<$lt>)? {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::DebugShape::fmt_debug(self, f, false)
            }
        }
    };
    ($name:ident $(<$lt:lifetime>)? { $($field:ident),* $(,)? }) => {
        $crate::debug_shape!(@debug $name $(<$lt>)?);
        impl$(<$lt>)? $crate::DebugShape for $name$(<$lt>)? {
            fn fmt_debug(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
                values: bool,
            ) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &$crate::debug::Nested(&self.$field, values)))*
                    .finish()
            }
        }
    };
    ($name:ident ( $($index:tt),* $(,)? )) => {
        $crate::debug_shape!(@debug $name);
        impl $crate::DebugShape for $name {
            fn fmt_debug(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
                values: bool,
            ) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name))
                    $(.field(&$crate::debug::Nested(&self.$index, values)))*
                    .finish()
            }
        }
    };
    // An enum: unit variants are values (`<CloseReason>` unless values are asked for),
    // variants with data show which variant and the data's shape.
    (enum $name:ident { $($variant:ident $(($($binding:ident),*))?),* $(,)? }) => {
        $crate::debug_shape!(@debug $name);
        impl $crate::DebugShape for $name {
            fn fmt_debug(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
                values: bool,
            ) -> ::std::fmt::Result {
                match self {
                    $($name::$variant $(($($binding),*))? => {
                        $crate::debug_shape!(@variant f, values, $name, $variant $(($($binding),*))?)
                    })*
                }
            }
        }
    };
    (@variant $f:ident, $values:ident, $name:ident, $variant:ident) => {
        if $values {
            $f.write_str(stringify!($variant))
        } else {
            $f.write_str(concat!("<", stringify!($name), ">"))
        }
    };
    (@variant $f:ident, $values:ident, $name:ident, $variant:ident ($($binding:ident),*)) => {
        $f.debug_tuple(stringify!($variant))
            $(.field(&$crate::debug::Nested($binding, $values)))*
            .finish()
    };
}

macro_rules! leaves {
    ($shape:literal: $($ty:ty),*) => {$(
        impl DebugShape for $ty {
            fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
                leaf(f, values, $shape, self)
            }
        }
    )*};
}

leaves!("<str>": String, &str);
leaves!("<bool>": bool);
leaves!("<int>": i8, i16, i32, i64, u8, u16, u32, u64, usize, std::num::NonZeroU64);
leaves!("<num>": f64, Number);

impl<T: DebugShape + ?Sized> DebugShape for &T {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        (**self).fmt_debug(f, values)
    }
}

impl<T: DebugShape + ?Sized> DebugShape for Box<T> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        (**self).fmt_debug(f, values)
    }
}

impl<T: DebugShape> DebugShape for Option<T> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(value) => f.debug_tuple("Some").field(&Nested(value, values)).finish(),
        }
    }
}

/// A builder's field: set (`Ok`), or the reason it is not (typify's message, which names the
/// field, never a value).
impl<T: DebugShape> DebugShape for Result<T, String> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        match self {
            Ok(value) => f.debug_tuple("Ok").field(&Nested(value, values)).finish(),
            Err(message) => f.debug_tuple("Err").field(message).finish(),
        }
    }
}

impl<T: DebugShape> DebugShape for [T] {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|item| Nested(item, values)))
            .finish()
    }
}

impl<T: DebugShape> DebugShape for Vec<T> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        self.as_slice().fmt_debug(f, values)
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> DebugShape for HashMap<K, V, S> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        if values {
            f.debug_map().entries(self.iter()).finish()
        } else {
            keys(f, self.len())
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> DebugShape for BTreeMap<K, V> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        if values {
            f.debug_map().entries(self.iter()).finish()
        } else {
            keys(f, self.len())
        }
    }
}

/// The `extra` map of every struct (unknown and custom fields): how many, not which.
impl DebugShape for Map<String, Value> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        if values {
            fmt::Debug::fmt(self, f)
        } else {
            keys(f, self.len())
        }
    }
}

/// A value of unknown type: its JSON kind (objects as their number of members).
impl DebugShape for Value {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        if values {
            return fmt::Debug::fmt(self, f);
        }
        match self {
            Value::Null => f.write_str("<null>"),
            Value::Bool(_) => f.write_str("<bool>"),
            Value::Number(_) => f.write_str("<num>"),
            Value::String(_) => f.write_str("<str>"),
            Value::Array(items) => items.fmt_debug(f, false),
            Value::Object(members) => keys(f, members.len()),
        }
    }
}

/// The body of a response (`ResponseValue`'s own `Debug` shows the body's `Debug`, so a shape).
impl<T: DebugShape> DebugShape for progenitor_client::ResponseValue<T> {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, values: bool) -> fmt::Result {
        self.as_ref().fmt_debug(f, values)
    }
}

/// The client holds no patient data (its credentials' `Debug` hides them): both views are its
/// `Debug`. Needed by the operation builders, which hold the client.
impl DebugShape for crate::Client {
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>, _values: bool) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Patient {
        name: String,
        age: Option<i64>,
        tags: Vec<String>,
        extra: Map<String, Value>,
    }
    crate::debug_shape!(Patient {
        name,
        age,
        tags,
        extra
    });

    enum Reason {
        Ended,
        Other(String),
    }
    crate::debug_shape!(
        enum Reason {
            Ended,
            Other(value),
        }
    );

    #[test]
    fn debug_shows_shapes_and_show_values_the_values() {
        let mut extra = Map::new();
        extra.insert("custom_note".into(), "Jane".into());
        let patient = Patient {
            name: "Jane Doe".into(),
            age: Some(42),
            tags: vec!["vip".into(), "new".into()],
            extra,
        };
        assert_eq!(
            format!("{patient:?}"),
            "Patient { name: <str>, age: Some(<int>), tags: [<str>, <str>], extra: {1 key} }"
        );
        assert_eq!(
            format!("{:?}", ShowValues(&patient)),
            "Patient { name: \"Jane Doe\", age: Some(42), tags: [\"vip\", \"new\"], \
             extra: {\"custom_note\": String(\"Jane\")} }"
        );
        // Pretty-printing keeps the same rule.
        let pretty = format!("{patient:#?}");
        assert!(
            pretty.contains("name: <str>,\n") && !pretty.contains("Jane"),
            "{pretty}"
        );
    }

    #[test]
    fn enums_show_the_variant_only_when_it_carries_data() {
        assert_eq!(format!("{:?}", Reason::Ended), "<Reason>");
        assert_eq!(format!("{:?}", ShowValues(&Reason::Ended)), "Ended");
        let other = Reason::Other("moved away".into());
        assert_eq!(format!("{other:?}"), "Other(<str>)");
        assert_eq!(format!("{:?}", ShowValues(&other)), "Other(\"moved away\")");
    }

    #[test]
    fn json_values_show_their_kind() {
        let value = serde_json::json!([null, true, 1, "x", {"a": 1, "b": 2}]);
        assert_eq!(
            format!("{:?}", Nested(&value, false)),
            "[<null>, <bool>, <num>, <str>, {2 keys}]"
        );
    }
}
