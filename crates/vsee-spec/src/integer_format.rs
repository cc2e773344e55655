//! OpenAPI's integer formats, `int32` and `int64`, asserted as ranges.
//!
//! JSON Schema 2020-12 treats `format` as an annotation, and `int32`/`int64` are not JSON
//! Schema formats at all, so a plain validator accepts `9223372036854775808` in a field the
//! spec declares `format: int64`, though no client could hold it. Validators compiled here
//! ([`crate::SchemaSet`]) replace the `format` keyword by this one: it checks the two integer
//! formats and leaves every other format an annotation, as before.
//!
//! The error names the format and its range, never the value.

use jsonschema::{paths::Location, Keyword, ValidationError};
use serde_json::{Map, Value};

/// The keyword replaced.
pub(crate) const KEYWORD: &str = "format";

/// 2^63, exact as an f64.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// An integer format with its inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IntegerFormat {
    name: &'static str,
    min: i64,
    max: i64,
    /// The range as people write it; also keeps the message free of long digit runs that a
    /// recorded value could share.
    range: &'static str,
}

const INT32: IntegerFormat = IntegerFormat {
    name: "int32",
    min: i32::MIN as i64,
    max: i32::MAX as i64,
    range: "-2^31 to 2^31-1",
};
const INT64: IntegerFormat = IntegerFormat {
    name: "int64",
    min: i64::MIN,
    max: i64::MAX,
    range: "-2^63 to 2^63-1",
};

impl IntegerFormat {
    fn of(format: &str) -> Option<IntegerFormat> {
        match format {
            "int32" => Some(INT32),
            "int64" => Some(INT64),
            _ => None,
        }
    }

    /// Whether a value is acceptable: anything but a number is (the format constrains numbers
    /// only; `type` judges the rest), and a number must be a whole number within the range.
    /// A fraction is left to `type: integer`.
    fn accepts(self, instance: &Value) -> bool {
        let Value::Number(n) = instance else {
            return true;
        };
        if let Some(i) = n.as_i64() {
            return (self.min..=self.max).contains(&i);
        }
        if n.is_u64() {
            // Above i64::MAX.
            return false;
        }
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 => {
                // An integer literal beyond i64 arrives as the nearest f64, and
                // -9223372036854775809 rounds to exactly -2^63; a whole f64 of magnitude 2^63
                // or more therefore never counts as in range (i64::MIN itself arrives as i64).
                f.abs() < TWO_POW_63 && f >= self.min as f64 && f <= self.max as f64
            }
            _ => true,
        }
    }

    fn message(self) -> String {
        format!(
            "integer is outside the range of `{}` ({})",
            self.name, self.range
        )
    }
}

impl<'i> Keyword<'i> for IntegerFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.accepts(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(self.message()))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.accepts(instance)
    }
}

/// Any other format: an annotation, as JSON Schema 2020-12 has it.
struct Annotation;

impl<'i> Keyword<'i> for Annotation {
    fn validate(&self, _: &'i Value) -> Result<(), ValidationError<'i>> {
        Ok(())
    }

    fn is_valid(&self, _: &'i Value) -> bool {
        true
    }
}

/// The factory `jsonschema::options().with_keyword(KEYWORD, factory)` takes.
pub(crate) fn factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    Ok(match value.as_str().and_then(IntegerFormat::of) {
        Some(format) => Box::new(format),
        None => Box::new(Annotation),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn validator(format: &str) -> jsonschema::Validator {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_keyword(KEYWORD, factory)
            .build(&json!({"format": format}))
            .expect("compiles")
    }

    #[test]
    fn int64_bounds_are_asserted() {
        let v = validator("int64");
        for ok in [
            json!(0),
            json!(i64::MAX),
            json!(i64::MIN),
            json!("text"),
            json!(1.5),
        ] {
            assert!(v.is_valid(&ok), "{ok}");
        }
        let over: Value = serde_json::from_str("9223372036854775808").unwrap();
        let far: Value = serde_json::from_str("-99999999999999999999").unwrap();
        let float: Value = serde_json::from_str("1e19").unwrap();
        // Parses to the f64 -2^63, which equals i64::MIN.
        let under: Value = serde_json::from_str("-9223372036854775809").unwrap();
        for bad in [over, far, float, under, json!(u64::MAX)] {
            assert!(!v.is_valid(&bad), "{bad}");
            let error = v.validate(&bad).unwrap_err();
            assert_eq!(error.kind().keyword(), "format");
            // The whole message: the format and its range, nothing of the value.
            assert_eq!(
                error.to_string(),
                "integer is outside the range of `int64` (-2^63 to 2^63-1)"
            );
        }
    }

    #[test]
    fn int32_bounds_are_asserted() {
        let v = validator("int32");
        assert!(v.is_valid(&json!(2147483647)));
        assert!(v.is_valid(&json!(-2147483648)));
        assert!(v.is_valid(&json!(-2147483648.0)));
        assert!(!v.is_valid(&json!(2147483648_i64)));
        assert!(!v.is_valid(&json!(-2147483649_i64)));
    }

    #[test]
    fn other_formats_stay_annotations() {
        for format in ["date-time", "email", "uuid", "made-up"] {
            assert!(
                validator(format).is_valid(&json!("not that at all")),
                "{format}"
            );
        }
    }
}
