//! A value that arrives as text (a form field, a query value, a path segment), as the
//! recording keeps it: by the one rule for values ([`Values`]), or, when the text is a JSON
//! object or array, through the JSON body rewrite ([`json_text`]).

use super::json_text::{self, Body};
use super::number;
use super::values::Values;

/// A value that arrives as text and is read by the schema it meets (a form field, a query
/// value, a path segment): `true`, `false` and `null` kept (a form's booleans); a JSON
/// number as a number (so `1e5` stays a number and `575` agrees with the JSON `575`); a JSON
/// object or array as a JSON text (so a field encoded as JSON stays JSON); anything else
/// as [`Values::string`].
pub(crate) fn form_value(values: &Values, text: &str, name: Option<&str>) -> String {
    if matches!(text, "true" | "false" | "null") {
        return text.to_owned();
    }
    if number::is_number(text) {
        return values.number(text, name).0;
    }
    if text.starts_with(['{', '[']) && crate::input::json::parse_str(text).is_ok() {
        if let Some(out) = json_text::rewrite(text, values, Body::default(), None) {
            return out;
        }
    }
    values.string(text, name).0
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::form_value;
    use crate::recording::values::tests::values;

    #[test]
    fn form_values_keep_their_kind() {
        let v = values();
        assert_eq!(form_value(&v, "true", Some("x")), "true");
        let n = form_value(&v, "1.25e5", None);
        assert!(n.ends_with("e5") && n != "1.25e5", "{n}");
        assert_eq!(form_value(&v, "575", None), v.number("575", None).0);
        let j = form_value(&v, r#"{"a": ["Jane", 12, true]}"#, None);
        let parsed: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(parsed["a"][2], true);
        assert_ne!(parsed["a"][0], "Jane");
    }
}
