//! Messages built from facts of the schema and the *shape* of the instance, never from its value.
//!
//! jsonschema's `Display` quotes the instance (`"Jane" is not of type "integer"`), and serde's
//! messages quote it too (`invalid type: string "Jane"`); recorded payloads hold patient data, so
//! every message here is composed from the error kind instead. Values are added only when the
//! user passes `--show-values` (see [`preview`]).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

/// Longest value preview shown with `--show-values`, in characters.
const PREVIEW_CHARS: usize = 120;
/// How deep `oneOf`/`anyOf` explanations nest.
const MAX_CONTEXT_DEPTH: usize = 2;
/// Longest list of enum options or property names quoted in a message.
const MAX_LISTED: usize = 8;

/// The JSON type name of a value (`integer` for whole numbers, as JSON Schema counts them).
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                "integer"
            } else {
                "number"
            }
        }
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A short, single-line rendering of a value for `--show-values`.
pub fn preview(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    truncate(&text, PREVIEW_CHARS)
}

/// Cuts `text` to at most `max` characters, marking the cut with `…`.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The message for one validation error, without any instance value.
pub fn describe(error: &ValidationError<'_>) -> String {
    describe_at(error, 0)
}

fn describe_at(error: &ValidationError<'_>, depth: usize) -> String {
    let found = json_type(error.instance());
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("expected {expected}, found {found}")
        }
        ValidationErrorKind::Required { property } => match property.as_str() {
            Some(name) => format!("missing required property `{name}`"),
            None => "missing required property".to_owned(),
        },
        ValidationErrorKind::Enum { options } => {
            format!("value not in enum (allowed: {})", list_values(options))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!(
                "value is not the constant {}",
                truncate(&expected_value.to_string(), 40)
            )
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("string does not match pattern `{pattern}`")
        }
        ValidationErrorKind::BacktrackLimitExceeded { .. }
        | ValidationErrorKind::RegexEngineFailure { .. } => {
            "the pattern could not be evaluated on this string".to_owned()
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("unexpected properties {}", list_names(unexpected))
        }
        ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            format!("unevaluated properties {}", list_names(unexpected))
        }
        ValidationErrorKind::UnevaluatedItems { .. } => "unevaluated array items".to_owned(),
        ValidationErrorKind::AdditionalItems { limit } => {
            format!("more than {limit} items are not allowed")
        }
        ValidationErrorKind::OneOfNotValid { context } => {
            format!(
                "{found} matches no `oneOf` alternative{}",
                alternatives(context, error.instance_path().as_str(), depth)
            )
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            format!("{found} matches more than one `oneOf` alternative")
        }
        ValidationErrorKind::AnyOf { context } => {
            format!(
                "{found} matches no `anyOf` alternative{}",
                alternatives(context, error.instance_path().as_str(), depth)
            )
        }
        ValidationErrorKind::Not { .. } => "value matches a `not` schema".to_owned(),
        ValidationErrorKind::FalseSchema => "no value is allowed here".to_owned(),
        ValidationErrorKind::Format { format } => format!("string is not a valid `{format}`"),
        ValidationErrorKind::MinLength { limit } => {
            format!("string is shorter than {limit} characters")
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("string is longer than {limit} characters")
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("number is less than the minimum {limit}")
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("number is greater than the maximum {limit}")
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("number is not greater than {limit}")
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("number is not less than {limit}")
        }
        ValidationErrorKind::MultipleOf { .. } => {
            "number is not a multiple of the divisor".to_owned()
        }
        ValidationErrorKind::MinItems { limit } => format!("array has fewer than {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("array has more than {limit} items"),
        ValidationErrorKind::UniqueItems => "array items are not unique".to_owned(),
        ValidationErrorKind::Contains => "array contains no matching item".to_owned(),
        ValidationErrorKind::MinProperties { limit } => {
            format!("object has fewer than {limit} properties")
        }
        ValidationErrorKind::MaxProperties { limit } => {
            format!("object has more than {limit} properties")
        }
        ValidationErrorKind::PropertyNames { .. } => "a property name is not allowed".to_owned(),
        ValidationErrorKind::ContentEncoding { content_encoding } => {
            format!("string is not valid `{content_encoding}`")
        }
        ValidationErrorKind::FromUtf8 { .. } => "decoded string is not UTF-8".to_owned(),
        ValidationErrorKind::ContentMediaType { content_media_type } => {
            format!("string is not valid `{content_media_type}`")
        }
        ValidationErrorKind::Referencing(_) => {
            "a schema reference could not be resolved (a bug in the spec conversion)".to_owned()
        }
        // Custom keywords are this workspace's own (vsee-spec's integer formats); their
        // messages are built from the schema, never from the instance.
        ValidationErrorKind::Custom { message, .. } => message.clone(),
    }
}

/// ` ([1] expected integer, found string; [2] ...)` for the alternatives of a `oneOf`/`anyOf`.
fn alternatives(context: &[Vec<ValidationError<'static>>], parent: &str, depth: usize) -> String {
    if depth >= MAX_CONTEXT_DEPTH || context.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = context
        .iter()
        .enumerate()
        .map(|(i, errors)| {
            let first = errors
                .iter()
                .map(|e| {
                    let at = e.instance_path().as_str();
                    let message = describe_at(e, depth + 1);
                    if at.is_empty() || at == parent {
                        message
                    } else {
                        format!("{at}: {message}")
                    }
                })
                .next()
                .unwrap_or_else(|| "invalid".to_owned());
            let more = if errors.len() > 1 {
                format!(" (+{} more)", errors.len() - 1)
            } else {
                String::new()
            };
            format!("[{}] {first}{more}", i + 1)
        })
        .collect();
    format!(" ({})", parts.join("; "))
}

fn list_values(options: &Value) -> String {
    match options.as_array() {
        Some(items) => {
            let mut shown: Vec<String> = items
                .iter()
                .take(MAX_LISTED)
                .map(|v| truncate(&v.to_string(), 40))
                .collect();
            if items.len() > MAX_LISTED {
                shown.push(format!("… {} more", items.len() - MAX_LISTED));
            }
            shown.join(", ")
        }
        None => truncate(&options.to_string(), 80),
    }
}

fn list_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(MAX_LISTED)
        .map(|n| format!("`{}`", truncate(n, 60)))
        .collect();
    if names.len() > MAX_LISTED {
        shown.push(format!("… {} more", names.len() - MAX_LISTED));
    }
    shown.join(", ")
}

/// A JSON syntax error described by its class and position only.
pub fn json_syntax(error: &serde_json::Error) -> String {
    let what = json_problem(error);
    if error.line() == 0 {
        what.to_owned()
    } else {
        format!("{what} at line {} column {}", error.line(), error.column())
    }
}

/// The class of a JSON error as a predicate (`is truncated (unexpected end of input)`).
pub fn json_problem(error: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "is truncated (unexpected end of input)",
        Category::Syntax => {
            let text = error.to_string();
            if text.starts_with("recursion limit exceeded") {
                "is nested deeper than 127 levels (the limit of arrays and objects inside one another)"
            } else if text.starts_with("number out of range") {
                "has a number out of range"
            } else if text.contains("control character") {
                "has a raw control character inside a string"
            } else if text.contains("unicode") || text.contains("UTF-8") || text.contains("utf-8") {
                "is not valid UTF-8 / unicode"
            } else if text.starts_with("trailing characters") {
                "has trailing characters after the JSON value"
            } else {
                "is not valid JSON"
            }
        }
        Category::Io => "could not be read",
        Category::Data => "has an unexpected shape",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json allows 127 nested arrays and objects, not 128 (the message used to say 128).
    #[test]
    fn the_stated_nesting_limit_is_the_real_one() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<Value>(&nested(127)).is_ok());
        let error = serde_json::from_str::<Value>(&nested(128)).unwrap_err();
        assert!(
            json_problem(&error).starts_with("is nested deeper than 127 levels"),
            "{}",
            json_problem(&error)
        );
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("ééé", 2), "éé…");
        assert_eq!(truncate("ab", 2), "ab");
    }

    #[test]
    fn json_types() {
        assert_eq!(json_type(&serde_json::json!(1)), "integer");
        assert_eq!(json_type(&serde_json::json!(1.5)), "number");
        assert_eq!(json_type(&serde_json::json!("x")), "string");
    }
}
