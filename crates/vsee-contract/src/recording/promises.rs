//! The recording policy's promises, checked on one body: what the `pseudonym` fuzz target
//! (`vsee_contract::fuzzing::pseudonym`) and its stable property test assert. A broken promise
//! panics, which is what a fuzzer looks for; the message names the token's kind and place,
//! never its value.
//!
//! For a body recorded as JSON (`Content-Type: application/json`):
//!
//! 1. **No panic**, whatever the bytes, also as a form, a multipart body and a query string.
//! 2. **One run, one pseudonym**: the same body recorded twice gives the same line.
//! 3. **JSON stays JSON, and what was not JSON stays not JSON**: the recorded body (read back
//!    by `validate`'s record reader and its JSON reader) parses exactly when the body did.
//! 4. **A value never survives**, for the values the policy replaces. Precisely: a string or
//!    number token of a JSON body is *kept* only when it is empty, a literal of the spec (by
//!    value for numbers), a number of fewer than two mantissa digits or none but zeros, or a
//!    string of one replaceable character whose every pseudonym would be a literal (promise 5);
//!    every other token is
//!    shifted (a timestamp: its text changes, as the shift is at least a year) or replaced by
//!    a pseudonym that differs from it whenever it has a character to replace (a letter, a
//!    digit other than a run's leading zeros). And no such token with at least [`SIGNIFICANT`]
//!    replaceable characters appears inside any pseudonym of the output: pseudonyms are drawn
//!    from a keyed stream, so only chance puts a value there, with a probability below
//!    10^-12 for each place (with a key known in advance, one could build a body where a
//!    value is another value's pseudonym: the fuzz target's key is random per process).
//! 5. **Drift stays drift**: a pseudonym is never a literal of the spec (as text or by value),
//!    so a value the spec does not allow (a new status) is not recorded as one it does.

use std::collections::HashSet;

use super::json_text::{self, Body, Token};
use super::number;
use super::pseudonym::replaceable_chars;
use super::values::Treatment;
use super::{LiveExchange, LiveMessage, Policy};

/// Replaceable characters a value needs for promise 4's "appears nowhere" part.
pub const SIGNIFICANT: usize = 12;

/// Checks the promises on `bytes`; returns whether the bytes were JSON.
pub(crate) fn check(policy: &Policy, bytes: &[u8]) -> bool {
    let json = crate::input::json::parse(bytes).is_ok();
    let first = record_json(policy, bytes);
    assert_eq!(
        first,
        record_json(policy, bytes),
        "promise 2: one run, one pseudonym"
    );
    assert!(!first.contains(&b'\n'), "a record is one line");
    let exchange = crate::input::ndjson::parse_record(&first)
        .unwrap_or_else(|e| panic!("the record reads back: {}", e.message));
    let recorded = match &exchange.request.body {
        crate::input::exchange::Body::Json(_) => true,
        crate::input::exchange::Body::Text(t) => crate::input::json::parse_str(t).is_ok(),
        crate::input::exchange::Body::Bytes(b) => crate::input::json::parse(b).is_ok(),
        crate::input::exchange::Body::Empty if bytes.is_empty() => false,
        other => panic!("a sent body is recorded, got {other:?}"),
    };
    assert_eq!(
        recorded, json,
        "promise 3: parses exactly when the body did"
    );
    if json {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check_tokens(policy, text);
        }
    }
    for media_type in [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=b",
        "text/plain",
    ] {
        let _ = policy.record(&live(bytes, Some(media_type))).to_json();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let target = format!("/visits/{}?q={text}", text.replace(['/', '?', '#'], "_"));
        let _ = policy.record(&LiveExchange {
            target: &target,
            ..live(b"", None)
        });
    }
    json
}

fn live<'a>(body: &'a [u8], media_type: Option<&'static str>) -> LiveExchange<'a> {
    LiveExchange {
        method: "POST",
        target: "/intakes",
        request: LiveMessage {
            headers: Vec::new(),
            media_type,
            body,
        },
        response: None,
    }
}

fn record_json(policy: &Policy, bytes: &[u8]) -> Vec<u8> {
    policy
        .record(&live(bytes, Some("application/json")))
        .to_json()
        .expect("a record serializes")
}

/// Promise 4 on the tokens of a JSON text.
fn check_tokens(policy: &Policy, text: &str) {
    let values = policy.values();
    let mut log: Vec<Token> = Vec::new();
    let out = json_text::rewrite(text, values, Body::default(), Some(&mut log))
        .expect("a JSON text is rewritten");
    assert!(
        crate::input::json::parse_str(&out).is_ok(),
        "promise 3: the rewrite is JSON"
    );
    let mut pseudonyms = String::new();
    let mut watched: HashSet<String> = HashSet::new();
    for (i, token) in log.iter().enumerate() {
        let input = &text[token.input.clone()];
        let output = &out[token.output.clone()];
        let (value, is_string) = match json_text::decode(input) {
            Some(s) if input.starts_with('"') => (s, true),
            _ => (input.to_owned(), false),
        };
        match token.treatment {
            Treatment::Kept => {
                assert_eq!(input, output, "token {i}: kept means as sent");
                let allowed = if is_string {
                    value.is_empty() || values.is_literal(&value) || replaceable_chars(&value) <= 1
                } else {
                    number::carries_no_digit(input) || values.is_numeric_literal(input)
                };
                assert!(allowed, "promise 4: token {i} kept without a reason");
            }
            Treatment::Shifted => assert_ne!(input, output, "promise 4: token {i} not shifted"),
            Treatment::Pseudonym => {
                if replaceable_chars(&value) > 0 {
                    assert_ne!(input, output, "promise 4: token {i} survived");
                }
                // A string's text without its quotes and escapes; a number as it is written.
                let shown = if output.starts_with('"') {
                    json_text::decode(output).unwrap_or_else(|| output.to_owned())
                } else {
                    output.to_owned()
                };
                let literal = values.is_literal(&shown) || values.is_numeric_literal(&shown);
                assert!(
                    !literal || input == output,
                    "promise 5: token {i}'s pseudonym is a literal of the spec"
                );
                pseudonyms.push_str(&shown);
                pseudonyms.push('\u{0}');
            }
        }
        if token.treatment != Treatment::Kept && replaceable_chars(&value) >= SIGNIFICANT {
            watched.insert(value);
        }
    }
    for value in &watched {
        assert!(
            !pseudonyms.contains(value.as_str()),
            "promise 4: a value of {} characters appears in a pseudonym",
            value.chars().count()
        );
    }
}
