//! Pseudonyms of JSON numbers, made from the number's text.
//!
//! serde_json (without `arbitrary_precision`, which this workspace does not turn on) loses a
//! number's text: `123456789.0`, `7123465789e0`, `98765432109876543210` and
//! `4111111111111111.5` come back as other texts, or as floats, and a policy working on parsed
//! values either records them as sent or changes their form. So a number is pseudonymised as
//! the text that was sent:
//!
//! * the digits of the mantissa (integer part and fraction) are replaced, from the same stream
//!   as the string of the same text and, for an integer, the same way, so `575` and `"575"`
//!   agree; the sign, the point and the exponent are kept, so a 20-digit number stays 20
//!   digits. Zeros before the first non-zero digit and after the fraction's last non-zero
//!   digit are kept (`0.00120` -> `0.00860`: the magnitude, and whether the number is whole,
//!   are form), the first and that last non-zero digit stay non-zero;
//! * the pseudonym must be read as the number was ([`Class`]: an integer that fits `i64`, one
//!   that fits only `u64`, a negative one, a float with or without a fraction), so that the
//!   recording validates, and decodes into the client's types, as the traffic did. A draw of
//!   another class (or, through [`Pseudonymiser::number_avoiding`], a literal of the spec:
//!   drift must stay drift) is drawn again (up to [`NUMBER_ATTEMPTS`] times), then the
//!   smallest and largest numbers of the same form are tried, then the first fixed number of
//!   the class that is neither the value nor a literal: a recording never holds the value;
//! * numbers of fewer than two mantissa digits (`0` to `9`, `-1`, `5e3`) carry no more than a
//!   digit and are kept, and so are those without a non-zero digit (`0.00`).

use serde_json::Value;

use super::pseudonym::{Pseudonymiser, Purpose, Stream, DIGITS, NONZERO};

/// How many draws a number gets before the fallbacks.
const NUMBER_ATTEMPTS: u8 = 48;

/// How many numbers of the class the last fallback tries ([`fixed`]): more than any spec has
/// literals.
const FIXED_CANDIDATES: u64 = 100_000;

/// How the validator and the client's types read a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// `0` to `i64::MAX`.
    Int,
    /// Above `i64::MAX`, up to `u64::MAX`.
    BigUnsigned,
    /// Below zero, down to `i64::MIN`.
    Negative,
    /// A float without a fraction (`1.0`, `1e3`, integers beyond 64 bits).
    WholeFloat,
    /// A float with a fraction.
    Fraction,
}

/// How the checker reads `text` (the one JSON reader, [`crate::input::json`]); `None` when it
/// is not a number.
pub(crate) fn class_of(text: &str) -> Option<Class> {
    let Ok(Value::Number(n)) = crate::input::json::parse_str(text) else {
        return None;
    };
    Some(if let Some(i) = n.as_i64() {
        if i < 0 {
            Class::Negative
        } else {
            Class::Int
        }
    } else if n.is_u64() {
        Class::BigUnsigned
    } else if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
        Class::WholeFloat
    } else {
        Class::Fraction
    })
}

/// The parts of a JSON number's text.
struct Parts<'a> {
    /// `-` or empty.
    sign: &'a str,
    /// Integer and fraction with the point (`12.50`).
    mantissa: &'a str,
    /// `e-3`, `E+10` or empty.
    exponent: &'a str,
}

/// Splits a JSON number (RFC 8259 grammar); `None` for any other text.
fn parts(text: &str) -> Option<Parts<'_>> {
    let b = text.as_bytes();
    let sign_len = usize::from(b.first() == Some(&b'-'));
    let int_len = b[sign_len..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if int_len == 0 || (int_len > 1 && b[sign_len] == b'0') {
        return None;
    }
    let mut at = sign_len + int_len;
    if b.get(at) == Some(&b'.') {
        let frac = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if frac == 0 {
            return None;
        }
        at += 1 + frac;
    }
    let mantissa_end = at;
    if matches!(b.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(b.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exp = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return None;
        }
        at += exp;
    }
    (at == b.len()).then(|| Parts {
        sign: &text[..sign_len],
        mantissa: &text[sign_len..mantissa_end],
        exponent: &text[mantissa_end..],
    })
}

/// Whether `text` is a JSON number.
pub(crate) fn is_number(text: &str) -> bool {
    parts(text).is_some()
}

/// How many digits the mantissa of a JSON number has (`0` for any other text).
fn mantissa_digits(text: &str) -> usize {
    parts(text).map_or(0, |p| p.mantissa.bytes().filter(u8::is_ascii_digit).count())
}

/// Whether a number is kept as it is for want of a digit to hide: fewer than two mantissa
/// digits (`7`, `-1`, `5e3`), or no non-zero one (`0.00`); also any text that is not a number.
pub(crate) fn carries_no_digit(text: &str) -> bool {
    parts(text).is_none_or(|p| {
        mantissa_digits(text) < 2 || !p.mantissa.bytes().any(|b| matches!(b, b'1'..=b'9'))
    })
}

/// The numeric value of a JSON number as `[-]digits e exp` without leading or trailing zeros
/// (`10`, `10.0`, `1e1` and `0.1e2` all give `1e1`), to compare numbers with the spec's
/// literals by value; `None` for any other text (or an exponent beyond `i64`).
pub(crate) fn canonical(text: &str) -> Option<String> {
    let p = parts(text)?;
    let (int, frac) = p.mantissa.split_once('.').unwrap_or((p.mantissa, ""));
    let mut exp: i64 = match p.exponent.get(1..) {
        None | Some("") => 0,
        Some(e) => e.trim_start_matches('+').parse().ok()?,
    };
    exp = exp.checked_sub(i64::try_from(frac.len()).ok()?)?;
    let all = format!("{int}{frac}");
    let digits = all.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    if trimmed.is_empty() {
        return Some("0".to_owned());
    }
    exp = exp.checked_add(i64::try_from(digits.len() - trimmed.len()).ok()?)?;
    Some(format!("{}{trimmed}e{exp}", p.sign))
}

impl Pseudonymiser {
    /// [`Pseudonymiser::number_avoiding`] with nothing avoided.
    #[cfg(test)]
    pub fn number(&self, text: &str) -> String {
        self.number_avoiding(text, &|_| false)
    }

    /// The pseudonym of a JSON number's text (see the module documentation), drawn again while
    /// it is one `avoid` rejects (a literal of the spec, so that a drifted number never comes
    /// out as an enum value); the text itself when it has fewer than two mantissa digits or is
    /// not a JSON number.
    pub fn number_avoiding(&self, text: &str, avoid: &dyn Fn(&str) -> bool) -> String {
        let Some(p) = parts(text) else {
            return text.to_owned();
        };
        if carries_no_digit(text) {
            return text.to_owned();
        }
        let class = class_of(text);
        let first = self.stream(Purpose::Value, text.as_bytes());
        let mut out = String::with_capacity(text.len());
        // Near 2^53, 2^63 and 2^64 most draws of a form fall in another class (a 19-digit
        // number below -2^63: about one in eleven); only numbers of up to 20 digits lie there,
        // so many attempts cost little.
        for attempt in 0..NUMBER_ATTEMPTS {
            out.clear();
            out.push_str(p.sign);
            replace_mantissa(&mut self.retry(&first, attempt), p.mantissa, &mut out);
            out.push_str(p.exponent);
            if out != text && class_of(&out) == class && !avoid(&out) {
                return out;
            }
        }
        for fill in [b'0', b'9'] {
            let candidate = extreme(&p, fill);
            if candidate != text && class_of(&candidate) == class && !avoid(&candidate) {
                return candidate;
            }
        }
        // The spec's literals are finite: one of the first few numbers of the class is neither
        // the value nor a literal.
        (0..FIXED_CANDIDATES)
            .map(|k| fixed(class, k))
            .find(|c| c != text && !avoid(c))
            .unwrap_or_else(|| fixed(class, FIXED_CANDIDATES))
    }
}

/// The mantissa's digits replaced (see the module documentation); for an integer exactly
/// what [`super::pseudonym::replace_chars`] does to the same text with the same stream.
fn replace_mantissa(stream: &mut Stream<'_>, mantissa: &str, out: &mut String) {
    let point = mantissa.find('.').unwrap_or(mantissa.len());
    let first = mantissa.bytes().position(|b| matches!(b, b'1'..=b'9'));
    let last_in_fraction = mantissa
        .bytes()
        .rposition(|b| matches!(b, b'1'..=b'9'))
        .filter(|at| *at > point);
    for (i, b) in mantissa.bytes().enumerate() {
        let leading = first.is_none_or(|f| i < f);
        let trailing =
            last_in_fraction.is_some_and(|l| i > l) || (i > point && last_in_fraction.is_none());
        out.push(match b {
            b'.' => '.',
            _ if leading || trailing => '0',
            _ if Some(i) == first || Some(i) == last_in_fraction => stream.pick(NONZERO),
            _ => stream.pick(DIGITS),
        });
    }
}

/// The number of the same form with its lead digit `1` and every other mantissa digit `fill`
/// (`0`: the smallest of its form; `9`: the largest).
fn extreme(p: &Parts<'_>, fill: u8) -> String {
    let mut out = String::with_capacity(p.sign.len() + p.mantissa.len() + p.exponent.len());
    out.push_str(p.sign);
    let mut lead = true;
    for b in p.mantissa.bytes() {
        out.push(match b {
            b'0' if lead => '0',
            b'0'..=b'9' if lead => {
                lead = false;
                if fill == b'9' {
                    '9'
                } else {
                    '1'
                }
            }
            b'0'..=b'9' => char::from(fill),
            other => char::from(other),
        });
    }
    out.push_str(p.exponent);
    out
}

/// The `k`th fixed number of a class (10, 11, ... in the class's form), for the rare value no
/// draw of its form can stand in for.
fn fixed(class: Option<Class>, k: u64) -> String {
    match class {
        Some(Class::Int) | None => format!("{}", 10 + k),
        Some(Class::BigUnsigned) => format!("{}", 10_000_000_000_000_000_000 + k),
        Some(Class::Negative) => format!("-{}", 10 + k),
        Some(Class::WholeFloat) => format!("{}.0", 10 + k),
        Some(Class::Fraction) => format!("{}.5", 10 + k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pseudonymiser {
        Pseudonymiser::seeded(b"number tests")
    }

    /// The numbers of issue 21 that were recorded as sent or as a float.
    #[test]
    fn every_form_of_number_is_replaced_keeping_its_form_and_class() {
        let p = p();
        for text in [
            "123456789.0",
            "7123465789e0",
            "98765432109876543210",
            "4111111111111111.5",
            "-9223372036854775809",
            "18446744073709551615",
            "9223372036854775807",
            "-42",
            "0.05",
            "1.25E+2",
            "12345678901234567890123456789012345678901234567890",
        ] {
            let out = p.number(text);
            assert_ne!(out, text);
            assert_eq!(out, p.number(text), "the same text, the same pseudonym");
            assert_eq!(out.len(), text.len(), "{text} -> {out}");
            assert_eq!(class_of(&out), class_of(text), "{text} -> {out}");
            let shape = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "9");
            assert_eq!(shape(&out), shape(text), "{text} -> {out}");
        }
    }

    #[test]
    fn a_number_and_its_string_agree_and_one_digit_is_kept() {
        let p = p();
        assert_eq!(p.number("14396847"), p.generic("14396847"));
        assert_eq!(p.number("-575"), p.generic("-575"));
        for kept in [
            "7",
            "0",
            "-1",
            "5e3",
            "1e400",
            "0.00",
            "-0.0e5",
            "not a number",
        ] {
            assert_eq!(p.number(kept), kept);
        }
    }

    /// Past the draws and the extremes, the first fixed number of the class that is neither
    /// the value nor avoided: never a literal, whatever the spec lists.
    #[test]
    fn the_last_fallback_is_the_first_fixed_number_not_avoided() {
        let p = p();
        assert_eq!(p.number_avoiding("575", &|c| c != "13"), "13");
        assert_eq!(p.number_avoiding("-575", &|c| c != "-12"), "-12");
        assert_eq!(p.number_avoiding("5.75", &|c| c != "11.5"), "11.5");
        assert_eq!(
            p.number_avoiding("10.0", &|c| c != "10.0" && c != "11.0"),
            "11.0"
        );
    }

    #[test]
    fn numbers_compare_with_literals_by_value() {
        for same in ["10", "10.0", "1e1", "0.1e2", "100e-1", "1.000E+1"] {
            assert_eq!(canonical(same).as_deref(), Some("1e1"), "{same}");
        }
        assert_eq!(canonical("-0.0").as_deref(), Some("0"));
        assert_eq!(canonical("-2").as_deref(), Some("-2e0"));
        assert_eq!(canonical("01"), None);
        assert_eq!(canonical("1e99999999999999999999"), None);
    }

    #[test]
    fn classes_are_read_as_the_checker_reads_numbers() {
        assert_eq!(class_of("9223372036854775807"), Some(Class::Int));
        assert_eq!(class_of("9223372036854775808"), Some(Class::BigUnsigned));
        assert_eq!(class_of("-1"), Some(Class::Negative));
        assert_eq!(class_of("18446744073709551616"), Some(Class::WholeFloat));
        assert_eq!(class_of("1e400"), Some(Class::WholeFloat));
        assert_eq!(class_of("0.5"), Some(Class::Fraction));
        assert_eq!(class_of("x"), None);
    }
}
