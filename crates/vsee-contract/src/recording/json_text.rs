//! The linear, token-level rewrite of a JSON text that a recording stores: string and number
//! values replaced by the value policy ([`super::values`]), everything else (object keys,
//! `true`, `false`, `null`, punctuation, nesting) kept byte for byte, line breaks between
//! tokens written as spaces (a recording is one exchange per line).
//!
//! It works on the text, not on a parsed value, because serde_json without
//! `arbitrary_precision` loses a number's text (see [`super::number`]). One pass over the
//! bytes, a stack as deep as the text nests (the caller has read the text with the checker's
//! JSON reader first, so it nests no deeper than that reader allows), each value's decoded
//! string built once.

use std::ops::Range;

use super::values::{Treatment, Values};

/// Where a value sits, for the rules that depend on the place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The member name the value is under (for an array's items, the array's member name).
    pub name: Option<&'a str>,
    /// A direct member of the top-level object.
    pub top_member: bool,
}

/// One value token of the rewrite: where it was, where its replacement is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub input: Range<usize>,
    pub output: Range<usize>,
    pub treatment: Treatment,
}

/// What the body belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Body {
    /// A response with a status of 400 or more: its top-level `code` and `status` members,
    /// when they are an HTTP status (an integer from 100 to 599), are kept.
    pub error_response: bool,
}

struct Frame {
    object: bool,
    /// The current member's name (objects) or the array's own name (arrays).
    name: Option<String>,
    expect_key: bool,
}

/// The rewrite of `text` (a JSON text the checker's reader accepts), `None` when it is not
/// JSON after all (then the caller records it as unparsable text). Every value token is
/// appended to `log` when one is given.
pub(crate) fn rewrite(
    text: &str,
    values: &Values,
    body: Body,
    mut log: Option<&mut Vec<Token>>,
) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => out.push(char::from(b[i])),
            b'\n' | b'\r' => out.push(' '),
            open @ (b'{' | b'[') => {
                let name = current_name(&stack).map(str::to_owned);
                stack.push(Frame {
                    object: open == b'{',
                    name,
                    expect_key: open == b'{',
                });
                out.push(char::from(open));
            }
            close @ (b'}' | b']') => {
                stack.pop()?;
                out.push(char::from(close));
            }
            b':' => {
                stack.last_mut()?.expect_key = false;
                out.push(':');
            }
            b',' => {
                let top = stack.last_mut()?;
                top.expect_key = top.object;
                out.push(',');
            }
            b'"' => {
                let end = string_end(b, i)?;
                let raw = &text[i..end];
                match stack.last_mut() {
                    Some(top) if top.object && top.expect_key => {
                        top.name = Some(decode(raw)?);
                        out.push_str(raw);
                    }
                    _ => {
                        let place = place(&stack);
                        let decoded = decode(raw)?;
                        let (value, treatment) = values.string(&decoded, place.name);
                        let at = out.len();
                        if treatment == Treatment::Kept {
                            out.push_str(raw);
                        } else {
                            encode(&value, &mut out);
                        }
                        note(&mut log, i..end, at..out.len(), treatment);
                    }
                }
                i = end;
                continue;
            }
            b'-' | b'0'..=b'9' => {
                let end = i + b[i..]
                    .iter()
                    .take_while(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                let raw = &text[i..end];
                let place = place(&stack);
                let (value, treatment) = if body.error_response && is_status_member(raw, place) {
                    (raw.to_owned(), Treatment::Kept)
                } else {
                    values.number(raw, place.name)
                };
                let at = out.len();
                out.push_str(&value);
                note(&mut log, i..end, at..out.len(), treatment);
                i = end;
                continue;
            }
            b't' | b'f' | b'n' => {
                let end = i + b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
                let word = &text[i..end];
                if !matches!(word, "true" | "false" | "null") {
                    return None;
                }
                out.push_str(word);
                i = end;
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    stack.is_empty().then_some(out)
}

fn note(
    log: &mut Option<&mut Vec<Token>>,
    input: Range<usize>,
    output: Range<usize>,
    t: Treatment,
) {
    if let Some(log) = log {
        log.push(Token {
            input,
            output,
            treatment: t,
        });
    }
}

/// The name a value at the top of `stack` is under.
fn current_name(stack: &[Frame]) -> Option<&str> {
    stack.last().and_then(|f| f.name.as_deref())
}

fn place(stack: &[Frame]) -> Place<'_> {
    Place {
        name: current_name(stack),
        top_member: stack.len() == 1 && stack[0].object,
    }
}

/// `code` or `status` of the top-level object, written as an integer from 100 to 599: the
/// HTTP status an error body repeats (`ApiError.code`, RFC 9457's `status`), not data.
fn is_status_member(raw: &str, place: Place<'_>) -> bool {
    place.top_member
        && matches!(place.name, Some("code" | "status"))
        && raw.len() == 3
        && raw.bytes().all(|c| c.is_ascii_digit())
        && (b'1'..=b'5').contains(&raw.as_bytes()[0])
}

/// The index just past the string token starting at `start` (a `"`).
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        let at = i + memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[at] == b'"' {
            return Some(at + 1);
        }
        i = at + 2;
    }
}

/// The value of a string token (with its quotes), read as the checker reads it: a `\u` escape
/// of a lone surrogate is U+FFFD (see [`crate::input::json`]).
pub(crate) fn decode(raw: &str) -> Option<String> {
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let esc = rest.as_bytes().get(at + 1)?;
        rest = &rest[at + 2..];
        let c = match esc {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, used) = unicode_escape(rest)?;
                rest = &rest[used..];
                c
            }
            _ => return None,
        };
        out.push(c);
    }
    out.push_str(rest);
    Some(out)
}

/// The character of a `\u` escape whose four hex digits start `rest` (a surrogate pair takes
/// the following `\uXXXX` too), and how many bytes of `rest` it used.
fn unicode_escape(rest: &str) -> Option<(char, usize)> {
    let hex = |s: &str| u32::from_str_radix(s.get(..4)?, 16).ok();
    let first = hex(rest)?;
    if (0xD800..0xDC00).contains(&first) && rest.get(4..6) == Some("\\u") {
        if let Some(second) = hex(&rest[6..]).filter(|s| (0xDC00..0xE000).contains(s)) {
            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return Some((char::from_u32(c)?, 10));
        }
    }
    Some((char::from_u32(first).unwrap_or('\u{fffd}'), 4))
}

/// `s` as a JSON string token.
fn encode(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_decode_as_the_checker_reads_them() {
        for raw in [
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e9\ud83d\ude00""#,
            r#""x\ud800y""#,
            r#""\udc00\ud800\u0041""#,
        ] {
            let ours = decode(raw).unwrap();
            let theirs = crate::input::json::parse_str(raw).unwrap();
            assert_eq!(serde_json::Value::String(ours), theirs, "{raw}");
        }
        let mut out = String::new();
        encode("q\"\\\n\u{1}é", &mut out);
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            "q\"\\\n\u{1}é"
        );
    }

    #[test]
    fn status_members_are_recognised_only_at_the_top() {
        let top = Place {
            name: Some("code"),
            top_member: true,
        };
        assert!(is_status_member("404", top));
        assert!(!is_status_member("4040", top));
        assert!(!is_status_member("404.0", top));
        assert!(!is_status_member("699", top));
        let nested = Place {
            top_member: false,
            ..top
        };
        assert!(!is_status_member("404", nested));
    }
}
