//! Decoding one recorded item (an NDJSON record, a HAR entry) with errors worded alike.

use crate::input::json;

/// How one recorded item (an NDJSON record, a HAR entry) is named in messages.
pub(crate) struct ItemWording {
    /// Subject of shape errors: `exchange record`, `HAR entry`.
    pub noun: &'static str,
    /// What the whole item should have been, said when it is not even an object.
    pub expected: &'static str,
    /// Appended to shape errors at a path, e.g. where the shape is documented.
    pub see: &'static str,
    /// Subject of syntax errors: `record`, `HAR entry`.
    pub syntax_noun: &'static str,
    /// Describes a syntax error without quoting the input.
    pub problem: fn(&serde_json::Error) -> String,
}

/// Why one recorded item did not decode: a message without values, serde's own text (which may
/// quote values; shown only with `--show-values`) and the 1-based line inside the item.
pub(crate) struct DecodeFailure {
    pub message: String,
    pub detail: String,
    pub line: usize,
    /// 1-based column inside that line (0 when unknown).
    pub column: usize,
}

/// Messages of errors this crate raises while decoding an item (see
/// [`crate::input::record`]) start with this; they quote no value, so they are shown.
pub(crate) const OWN_MESSAGE: &str = "JSON value ";

/// Deserializes one whole recorded item, so NDJSON and HAR word their errors alike. Text that
/// serde_json refuses only for a lone surrogate escape or an overflowing number is read again
/// as the foreign validators read it ([`crate::input::json`]).
pub(crate) fn decode_item<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    wording: &ItemWording,
) -> Result<T, DecodeFailure> {
    match decode_once(bytes, wording) {
        Err((failure, true)) => match json::repair(bytes) {
            Some(fixed) => decode_once(&fixed, wording).map_err(|(f, _)| f),
            None => Err(failure),
        },
        other => other.map_err(|(f, _)| f),
    }
}

/// One attempt; the flag says whether [`json::repair`] may help.
fn decode_once<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    wording: &ItemWording,
) -> Result<T, (DecodeFailure, bool)> {
    // Nearly every item decodes, and tracking the path costs time at every value: only an
    // item that fails is decoded again, with tracking, to say where.
    // Checking the whole item is UTF-8 at once spares serde_json checking it string by string
    // (an item that is not UTF-8 is read as bytes, so that the error says where).
    let fast = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<T>(text),
        Err(_) => serde_json::from_slice::<T>(bytes),
    };
    if let Ok(item) = fast {
        return Ok(item);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let item: T = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let text = inner.to_string();
        let message = match inner.classify() {
            serde_json::error::Category::Data if text.starts_with(OWN_MESSAGE) => {
                let own = text.split(" at line ").next().unwrap_or(&text);
                let own = own.strip_prefix(OWN_MESSAGE).unwrap_or(own);
                format!("{}: `{path}` {own}", wording.noun)
            }
            serde_json::error::Category::Data if path == "." || path.is_empty() => {
                format!(
                    "{} has the wrong shape ({})",
                    wording.noun, wording.expected
                )
            }
            serde_json::error::Category::Data => {
                format!(
                    "{} has the wrong shape at `{path}`{}",
                    wording.noun, wording.see
                )
            }
            _ => format!("{} {}", wording.syntax_noun, (wording.problem)(&inner)),
        };
        let failure = DecodeFailure {
            message,
            detail: text,
            line: inner.line(),
            column: inner.column(),
        };
        (failure, json::is_repairable(&inner))
    })?;
    de.end().map_err(|err| {
        let failure = DecodeFailure {
            message: format!("{} {}", wording.syntax_noun, (wording.problem)(&err)),
            detail: err.to_string(),
            line: err.line(),
            column: err.column(),
        };
        (failure, false)
    })?;
    Ok(item)
}
