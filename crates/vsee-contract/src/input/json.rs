//! Reading recorded JSON text the way the foreign validators read it.
//!
//! RFC 8259's grammar allows two things serde_json refuses: a `\u` escape of a lone UTF-16
//! surrogate (`"x\ud800"`) and a number too large for a double (`1e400`). Python's `json` and
//! JavaScript's `JSON.parse` read both (a string holding a lone surrogate; `inf` / `Infinity`),
//! and python-jsonschema and ajv then judge the value: any string, and a number larger than
//! every `maximum`. Refusing them as "not valid JSON" made this tool fail payloads that every
//! other validator passes. So when serde_json refuses a text for one of these two reasons only,
//! the text is read again with each lone surrogate escape written as `\ufffd` (one character
//! for one, so lengths are kept) and each overflowing number as the largest double of its sign
//! (larger than any `maximum` a spec writes; a `type: integer` slot accepts it, as ajv does,
//! and the typed check rejects it where the client reads an `i64`). Everything else serde_json
//! refuses stays an error, and the retry costs nothing unless the first read failed.

use serde_json::Value;

use super::json_value;

/// Parses JSON text, reading lone surrogate escapes and overflowing numbers as the foreign
/// validators do (see the module documentation).
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    parse_with(
        bytes,
        json_value::read(&mut serde_json::Deserializer::from_slice(bytes)),
    )
}

/// [`parse`] for text already known to be UTF-8, which serde_json then does not check again
/// string by string.
pub(crate) fn parse_str(text: &str) -> Result<Value, serde_json::Error> {
    parse_with(
        text.as_bytes(),
        json_value::read(&mut serde_json::Deserializer::from_str(text)),
    )
}

/// `first` is `bytes` parsed; read `bytes` again, repaired, when that failed for a reason
/// [`repair`] removes.
fn parse_with(
    bytes: &[u8],
    first: Result<Value, serde_json::Error>,
) -> Result<Value, serde_json::Error> {
    match first {
        Err(e) if is_repairable(&e) => match repair(bytes) {
            Some(fixed) => json_value::read(&mut serde_json::Deserializer::from_slice(&fixed)),
            None => Err(e),
        },
        other => other,
    }
}

/// Whether serde_json refused a text for a reason `repair` can remove.
pub fn is_repairable(error: &serde_json::Error) -> bool {
    if error.classify() != serde_json::error::Category::Syntax {
        return false;
    }
    let text = error.to_string();
    text.starts_with("number out of range")
        || text.starts_with("lone leading surrogate")
        || text.starts_with("unexpected end of hex escape")
}

const LARGEST: &[u8] = b"1.7976931348623157e308";
const SMALLEST: &[u8] = b"-1.7976931348623157e308";
const REPLACEMENT: &[u8] = b"\\ufffd";

/// `bytes` with lone surrogate escapes and overflowing numbers replaced; `None` when there is
/// nothing to replace. Never fails: malformed text is copied as it is, for serde_json to
/// report.
pub(crate) fn repair(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut changed = false;
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        match bytes[i] {
            b'"' => {
                out.push(b'"');
                i += 1;
                while i < n {
                    match bytes[i] {
                        b'"' => {
                            out.push(b'"');
                            i += 1;
                            break;
                        }
                        b'\\' => {
                            let unit = (bytes.get(i + 1) == Some(&b'u'))
                                .then(|| hex4(bytes, i + 2))
                                .flatten();
                            match unit {
                                Some(0xD800..=0xDBFF) => {
                                    let paired = bytes.get(i + 6) == Some(&b'\\')
                                        && bytes.get(i + 7) == Some(&b'u')
                                        && matches!(hex4(bytes, i + 8), Some(0xDC00..=0xDFFF));
                                    if paired {
                                        out.extend_from_slice(&bytes[i..i + 12]);
                                        i += 12;
                                    } else {
                                        out.extend_from_slice(REPLACEMENT);
                                        changed = true;
                                        i += 6;
                                    }
                                }
                                Some(0xDC00..=0xDFFF) => {
                                    out.extend_from_slice(REPLACEMENT);
                                    changed = true;
                                    i += 6;
                                }
                                Some(_) => {
                                    out.extend_from_slice(&bytes[i..i + 6]);
                                    i += 6;
                                }
                                None => {
                                    let end = (i + 2).min(n);
                                    out.extend_from_slice(&bytes[i..end]);
                                    i = end;
                                }
                            }
                        }
                        b => {
                            out.push(b);
                            i += 1;
                        }
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < n && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                let token = &bytes[start..i];
                let value = std::str::from_utf8(token)
                    .ok()
                    .and_then(|t| t.parse::<f64>().ok());
                match value {
                    Some(f) if f.is_infinite() => {
                        out.extend_from_slice(if f > 0.0 { LARGEST } else { SMALLEST });
                        changed = true;
                    }
                    _ => out.extend_from_slice(token),
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// The four hex digits at `bytes[at..at + 4]`.
fn hex4(bytes: &[u8], at: usize) -> Option<u16> {
    let digits = bytes.get(at..at + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    #[test]
    fn lone_surrogates_read_as_one_replacement_character() {
        let v: Value =
            parse(br#"{"a": "x\ud800", "b": "\udc00y", "c": "\ud83d\ude00", "d": "\ud800\u0041"}"#)
                .unwrap();
        assert_eq!(v["a"], "x\u{fffd}");
        assert_eq!(v["b"], "\u{fffd}y");
        assert_eq!(v["c"], "\u{1f600}", "a pair is kept");
        assert_eq!(v["d"], "\u{fffd}A");
        // Escaped backslashes are not escapes.
        let v: Value = parse(br#"["\\ud800"]"#).unwrap();
        assert_eq!(v[0], "\\ud800");
    }

    #[test]
    fn overflowing_numbers_read_as_the_largest_double() {
        let v: Value = parse(br#"{"a": 1e400, "b": -1E+999, "c": 1e-400, "d": 1.5}"#).unwrap();
        assert_eq!(v["a"], json!(f64::MAX));
        assert_eq!(v["b"], json!(f64::MIN));
        assert_eq!(v["c"], json!(0.0));
        assert_eq!(v["d"], json!(1.5));
        let big = format!("[{}]", "9".repeat(400));
        let v: Value = parse(big.as_bytes()).unwrap();
        assert_eq!(v[0], json!(f64::MAX));
        // Inside a string, a number is text.
        let v: Value = parse(br#"["1e400"]"#).unwrap();
        assert_eq!(v[0], "1e400");
    }

    #[test]
    fn other_errors_stay_errors() {
        for bad in [
            &b"[1e400"[..],
            b"\"\\ud800",
            b"{\"a\": 1e400,}",
            b"[\"\\uZZZZ\"]",
            b"[01]",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert!(repair(b"[1, 2]").is_none());
    }
}
