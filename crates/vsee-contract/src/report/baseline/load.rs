//! Reading a baseline file: bounded, strict, every problem named by file and place.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::{
    Baseline, BaselineEntry, BaselineFile, BaselineKey, BASELINE_VERSION, PLACEHOLDER_REASON,
};
use crate::recording::timeshift::{days_from_civil, days_in_month};
use crate::report::{Location, Part};

/// Largest baseline file read, in bytes: far above any real one (an entry is about 250 bytes).
pub const MAX_BASELINE_BYTES: u64 = 16 << 20;

/// Why a baseline cannot be used. Every message names the file, and the place in it when there
/// is one (`entries[3].reason`), and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline `{file}`: {source}; check the path given to --baseline")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "baseline `{file}` is larger than {MAX_BASELINE_BYTES} bytes; is it the right file? \
         (a baseline lists one entry per kind of deviation, not per finding)"
    )]
    TooLarge { file: String },
    #[error("baseline `{file}` is not a baseline file at {place} (line {line}, column {column}): {message}; `vsee-contract schema baseline` prints its format")]
    Syntax {
        file: String,
        place: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("baseline `{file}`, {place}: {message}")]
    Invalid {
        file: String,
        place: String,
        message: String,
    },
}

/// Today, as days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

impl Baseline {
    /// Reads and checks the baseline at `path` (shown as `display`); entries whose `expires`
    /// is before `today` (days since 1970-01-01) are marked expired.
    pub fn load(path: &Path, display: &str, today: i64) -> Result<Baseline, BaselineError> {
        let read_error = |source| BaselineError::Read {
            file: display.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut bytes = Vec::new();
        file.take(MAX_BASELINE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > MAX_BASELINE_BYTES {
            return Err(BaselineError::TooLarge {
                file: display.to_owned(),
            });
        }
        Baseline::parse(&bytes, display, today)
    }

    /// Checks a baseline's text; see [`Baseline::load`].
    pub fn parse(bytes: &[u8], display: &str, today: i64) -> Result<Baseline, BaselineError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let syntax = |place: String, inner: &serde_json::Error| BaselineError::Syntax {
            file: display.to_owned(),
            place,
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        };
        let doc: BaselineFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let place = match e.path().to_string() {
                p if p == "." => "the top level".to_owned(),
                p => p,
            };
            syntax(place, e.inner())
        })?;
        de.end().map_err(|e| syntax("the end".to_owned(), &e))?;
        let invalid = |place: String, message: String| BaselineError::Invalid {
            file: display.to_owned(),
            place,
            message,
        };
        if doc.version != BASELINE_VERSION {
            return Err(invalid(
                "version".to_owned(),
                format!(
                    "version {} is not known; this vsee-contract reads version {BASELINE_VERSION}",
                    doc.version
                ),
            ));
        }
        let mut by_key = HashMap::with_capacity(doc.entries.len());
        let mut expired = Vec::new();
        for (i, entry) in doc.entries.iter().enumerate() {
            let at = |field: &str| format!("entries[{i}].{field}");
            check_entry(entry).map_err(|(field, message)| invalid(at(field), message))?;
            if let Some(date) = &entry.expires {
                let day = parse_date(date).ok_or_else(|| {
                    invalid(
                        at("expires"),
                        "not an ISO 8601 date; write the last day the deviation is accepted as \
                         YYYY-MM-DD (e.g. 2027-03-31)"
                            .to_owned(),
                    )
                })?;
                if day < today {
                    expired.push(i);
                }
            }
            if let Some(first) = by_key.insert(BaselineKey::of_entry(entry), i) {
                return Err(invalid(
                    format!("entries[{i}]"),
                    format!("names the same deviation as entries[{first}]; keep one of them"),
                ));
            }
        }
        Ok(Baseline {
            file: display.to_owned(),
            entries: doc.entries,
            expired,
            by_key,
        })
    }
}

/// serde_json appends ` at line L column C`; the error shows them apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// What is wrong with an entry (the field and what to do), beyond what its type says.
fn check_entry(entry: &BaselineEntry) -> Result<(), (&'static str, String)> {
    let reason = entry.reason.trim();
    if reason == PLACEHOLDER_REASON {
        return Err((
            "reason",
            "still the placeholder --write-baseline wrote; replace it with why this deviation is \
             accepted (e.g. \"VSee sends member_id as a string, ticket API-123\"), or fix the \
             deviation and remove the entry"
                .to_owned(),
        ));
    }
    if reason.is_empty() {
        return Err((
            "reason",
            "is empty; write why this deviation is accepted (a ticket, the upstream's answer)"
                .to_owned(),
        ));
    }
    if entry.count == 0 {
        return Err(("count", "must be at least 1".to_owned()));
    }
    if entry.keyword.is_empty() {
        return Err((
            "keyword",
            "is empty; copy it from the report's finding".to_owned(),
        ));
    }
    if !entry.pointer.is_empty() && !entry.pointer.starts_with('/') {
        return Err((
            "pointer",
            "is not a JSON pointer: write \"\" for the whole body or start it with `/`".to_owned(),
        ));
    }
    if entry.location == Location::Route {
        return check_route_entry(entry);
    }
    if !matches!(
        entry.location,
        Location::Body | Location::Query | Location::Path | Location::Status | Location::MediaType
    ) {
        return Err((
            "location",
            "must be body, query, path, status, media-type or route: unreadable input cannot be \
             accepted"
                .to_owned(),
        ));
    }
    if entry.operation_id.as_deref().is_none_or(str::is_empty) {
        return Err((
            "operation_id",
            "is missing; copy it from the report's finding (an exchange no operation matched \
             is a `route` entry with `method` and `path` instead)"
                .to_owned(),
        ));
    }
    if entry.method.is_some() || entry.path.is_some() {
        return Err((
            "method",
            "and `path` are for `route` entries (exchanges no operation matched); remove them"
                .to_owned(),
        ));
    }
    match (entry.part, entry.status) {
        (Part::Request, Some(_)) => Err((
            "status",
            "is for response entries; remove it (a request finding does not depend on the status)"
                .to_owned(),
        )),
        (Part::Response, None) => Err((
            "status",
            "is missing; a response entry names the recorded status (e.g. 200)".to_owned(),
        )),
        _ => Ok(()),
    }
}

/// What is wrong with an entry for an exchange no operation matched: it names a method and a
/// redacted path, not an operation, a status or a pointer.
fn check_route_entry(entry: &BaselineEntry) -> Result<(), (&'static str, String)> {
    if entry.operation_id.is_some() {
        return Err((
            "operation_id",
            "is for exchanges an operation matched; a `route` entry names `method` and `path`"
                .to_owned(),
        ));
    }
    if entry.method.as_deref().is_none_or(str::is_empty) {
        return Err((
            "method",
            "is missing; a `route` entry names the method as the report shows it (e.g. GET)"
                .to_owned(),
        ));
    }
    if !entry.path.as_deref().is_some_and(|p| p.starts_with('/')) {
        return Err((
            "path",
            "is missing or does not start with `/`; copy it from the report's finding \
             (e.g. /visits/*/*)"
                .to_owned(),
        ));
    }
    if entry.part != Part::Request || entry.status.is_some() {
        return Err((
            "part",
            "of a `route` entry is `request`, without a `status`".to_owned(),
        ));
    }
    if !entry.pointer.is_empty() {
        return Err(("pointer", "of a `route` entry is \"\"".to_owned()));
    }
    Ok(())
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or `None` when it is not one.
fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || !b.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_000; // 2024-10-04

    fn entry(extra: &str) -> String {
        format!(
            r#"{{"version": 1, "entries": [{{"operation_id": "get_visit", "status": 200,
            "part": "response", "location": "body", "pointer": "/data/member_id",
            "keyword": "oneOf", "count": 2, "reason": "VSee sends a string"{extra}}}]}}"#
        )
    }

    fn error(text: &str) -> String {
        Baseline::parse(text.as_bytes(), "b.json", TODAY)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_good_entry_loads_and_expiry_is_by_date() {
        let b = Baseline::parse(entry("").as_bytes(), "b.json", TODAY).unwrap();
        assert!(b.expired.is_empty());
        let b =
            Baseline::parse(entry(r#", "expires": "2024-10-03""#).as_bytes(), "b", TODAY).unwrap();
        assert_eq!(b.expired, [0]);
        let b =
            Baseline::parse(entry(r#", "expires": "2024-10-04""#).as_bytes(), "b", TODAY).unwrap();
        assert!(
            b.expired.is_empty(),
            "the expiry day itself is still accepted"
        );
    }

    #[test]
    fn bad_files_name_the_file_and_the_place() {
        let e = error(&entry(r#", "expires": "2024-02-30""#));
        assert!(
            e.contains("b.json") && e.contains("entries[0].expires"),
            "{e}"
        );
        let e = error(&entry(r#", "reasn": "x""#));
        assert!(e.contains("entries[0]") && e.contains("line"), "{e}");
        let e = error(&entry("").replace("VSee sends a string", PLACEHOLDER_REASON));
        assert!(
            e.contains("entries[0].reason") && e.contains("placeholder"),
            "{e}"
        );
        let e = error(&entry("").replace("VSee sends a string", " "));
        assert!(e.contains("entries[0].reason"), "{e}");
        let e = error(&entry("").replace("\"status\": 200,", ""));
        assert!(e.contains("entries[0].status"), "{e}");
        let e = error(&entry("").replace("[{", "[{\"x\": 1, "));
        assert!(e.contains("unknown field"), "{e}");
        let e = error("{\"version\": 1, \"entries\": [] } trailing");
        assert!(e.contains("b.json"), "{e}");
        let e = error("");
        assert!(e.contains("b.json"), "{e}");
        let twice = entry("").replace("}]}", "}, {\"operation_id\": \"get_visit\", \"status\": 200, \"part\": \"response\", \"location\": \"body\", \"pointer\": \"/data/member_id\", \"keyword\": \"oneOf\", \"count\": 1, \"reason\": \"r\"}]}");
        let e = error(&twice);
        assert!(e.contains("entries[1]") && e.contains("entries[0]"), "{e}");
    }

    #[test]
    fn hostile_files_are_errors_not_panics() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let long_reason = entry("").replace("VSee sends a string", &"x".repeat(1 << 20));
        let cases: Vec<Vec<u8>> = vec![
            deep.into_bytes(),
            b"\xff\xfe{}".to_vec(),
            br#"{"version": 1e400, "entries": []}"#.to_vec(),
            br#"{"version": 1, "entries": [{"operation_id": "a", "status": 99999}]}"#.to_vec(),
            entry(r#", "expires": "2\u00e90-01-01""#).into_bytes(),
            entry(r#", "expires": "2024-01-01", "expires": "2025-01-01""#).into_bytes(),
        ];
        for text in cases {
            assert!(Baseline::parse(&text, "b.json", TODAY).is_err());
        }
        // A long reason is a reason: only the file's size is bounded (by `load`).
        assert!(Baseline::parse(long_reason.as_bytes(), "b.json", TODAY).is_ok());
    }

    #[test]
    fn dates_are_checked_on_the_calendar() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        for bad in [
            "2\u{e9}0-01-01",
            "20\u{e9}-1-01",
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "+024-01-01",
            "2024-01-01T00:00",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
