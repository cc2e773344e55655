//! serde's messages without the values they quote.
//!
//! serde's `Unexpected` prints ``boolean `true` ``, ``integer `5` ``, ``floating point `1.5` ``,
//! ``character `c` `` and `string "text"` (Rust-escaped); `unknown_variant` and `unknown_field`
//! print ``unknown variant `X` `` and ``unknown field `X` ``. Those values come from the
//! recorded body and are removed; what the spec expects (after "expected", and the names in
//! ``missing field `id` ``) comes from the generated types and is kept.

/// `message` with every value serde quotes removed (`invalid type: string, expected i64`).
/// Where a quoted value does not end, everything after its start is dropped rather than risk
/// showing part of it.
pub(crate) fn redact(message: &str) -> String {
    const BACKTICKED: [&str; 6] = [
        "boolean `",
        "integer `",
        "floating point `",
        "character `",
        "unknown variant `",
        "unknown field `",
    ];
    const QUOTED: &str = "string \"";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let next_backticked = BACKTICKED
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min_by_key(|(at, _)| *at);
        let next_quoted = rest.find(QUOTED).map(|at| (at, QUOTED));
        let next = match (next_backticked, next_quoted) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((at, prefix)) = next else {
            out.push_str(rest);
            return out;
        };
        // Keep the kind ("integer", "string", ...), drop the value.
        out.push_str(&rest[..at]);
        out.push_str(prefix.trim_end_matches([' ', '`', '"']));
        let after = &rest[at + prefix.len()..];
        let value_len = if prefix == QUOTED {
            closing_quote(after)
        } else {
            after.find('`')
        };
        match value_len {
            Some(len) => rest = &after[len + 1..],
            None => return out,
        }
    }
}

/// Index of the `"` that ends a Rust-escaped string starting at `text[0]`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The message of a typed-check failure: serde's message redacted by [`redact`], or as serde
/// wrote it when the user asked for values.
pub(crate) fn typed_decode_message(error: &serde_json::Error, show_values: bool) -> String {
    let text = error.to_string();
    let shown = if show_values { text } else { redact(&text) };
    format!("the schema accepts the body but the generated client's type rejects it: {shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_quoted_value_and_keeps_expectations() {
        assert_eq!(
            redact("invalid type: string \"Jane \\\"J\\\" Doe\", expected i64"),
            "invalid type: string, expected i64"
        );
        assert_eq!(
            redact("invalid type: integer `5551234`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            redact("invalid value: floating point `1.5`, expected u8"),
            "invalid value: floating point, expected u8"
        );
        assert_eq!(
            redact("invalid type: boolean `true`, expected a sequence"),
            "invalid type: boolean, expected a sequence"
        );
        assert_eq!(
            redact("unknown variant `99`, expected one of `10`, `20`"),
            "unknown variant, expected one of `10`, `20`"
        );
        assert_eq!(
            redact("unknown field `jane@example.com`, expected `a`"),
            "unknown field, expected `a`"
        );
        assert_eq!(redact("missing field `id`"), "missing field `id`");
    }

    /// The second redactor this replaced copied the rest of the message when a quote did not
    /// end, leaking the value.
    #[test]
    fn an_unterminated_value_is_dropped_not_leaked() {
        assert_eq!(
            redact("invalid type: string \"Jane Doe 555-0100"),
            "invalid type: string"
        );
        assert_eq!(
            redact("invalid value: integer `5551234"),
            "invalid value: integer"
        );
    }

    /// The typed check's message, from serde's error on a body a typed client rejects:
    /// serde's message without the value, or with it when the user asked for values.
    #[test]
    fn the_typed_check_message_shows_the_value_only_when_asked() {
        let error = serde_json::from_value::<Vec<u32>>(serde_json::json!(["Jane Doe"]))
            .expect_err("a string is not a u32");
        let hidden = typed_decode_message(&error, false);
        assert!(!hidden.contains("Jane"), "{hidden}");
        assert!(
            hidden.contains("invalid type: string, expected"),
            "{hidden}"
        );
        let shown = typed_decode_message(&error, true);
        assert!(shown.contains("\"Jane Doe\""), "{shown}");
    }
}
