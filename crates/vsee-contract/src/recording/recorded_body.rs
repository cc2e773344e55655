//! How a body and its media type are recorded, by kind, so that `validate` on the recording
//! reports what the live check reported: the same keyword at the same place.
//!
//! | sent | recorded |
//! | --- | --- |
//! | nothing | `body_text: ""` (an empty form is still a form with no fields) |
//! | JSON that parses | `body`, the token-level rewrite ([`super::json_text`]); `body_text` when no media type was sent, so the body is sniffed as it was |
//! | JSON that does not parse | its text with letters and digits replaced ([`Values::opaque`]), still unparsable (a `,` is added in the rare case the replacement parses), `body_base64` when it was not UTF-8 |
//! | a form | the fields parsed by the checker's reader, values through [`Values::form_value`], names kept |
//! | multipart | the parts parsed by the checker's reader, rebuilt with a boundary of the recording's own, names kept, values as a form's, file contents as opaque text |
//! | a form or multipart body that looks like JSON, is not UTF-8 or does not parse | opaque text, which the checker rejects in the same way |
//! | text (another media type) | opaque text |
//! | bytes that are not UTF-8 (another media type) | the fixed text [`NOT_RECORDED`]: only its presence is checked |
//!
//! [`Values::opaque`]: super::values::Values::opaque
//! [`Values::form_value`]: super::form_value::form_value

use base64::Engine as _;
use serde_json::value::RawValue;
use vsee_spec::media;

use super::json_text::{self, Body};
use super::pseudonym::Purpose;
use super::record_line::RecordedBody;
use super::{LiveMessage, Policy};
use crate::input::form;

/// What stands for a body that is neither text nor a format the checker reads.
pub(crate) const NOT_RECORDED: &str = "(binary body not recorded)";

/// Canonical spellings of the charsets a recording keeps, by lower-case alias.
const CHARSETS: [(&str, &str); 9] = [
    ("utf-8", "utf-8"),
    ("utf8", "utf-8"),
    ("us-ascii", "us-ascii"),
    ("ascii", "us-ascii"),
    ("iso-8859-1", "iso-8859-1"),
    ("latin1", "iso-8859-1"),
    ("utf-16", "utf-16"),
    ("utf-16le", "utf-16le"),
    ("utf-16be", "utf-16be"),
];

const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

impl Policy {
    /// `(media_type, body)` of a message; `status` is the response's (`None`: a request).
    pub(super) fn message(
        &self,
        m: &LiveMessage<'_>,
        status: Option<u16>,
    ) -> (Option<String>, RecordedBody) {
        if self.keep_values {
            return (m.media_type.map(str::to_owned), kept_body(m));
        }
        let essence = m.media_type.map(media::essence);
        let sent_boundary = m.media_type.and_then(form::boundary);
        let multipart = essence.as_deref() == Some(MULTIPART);
        let boundary = (multipart && sent_boundary.is_some()).then(|| self.boundary(m.body));
        let media_type = m
            .media_type
            .map(|sent| self.media_type(sent, boundary.as_deref()));
        if m.body.is_empty() {
            return (media_type, RecordedBody::Text(String::new()));
        }
        let body = match essence.as_deref() {
            None => self.json_body(m.body, false, status),
            Some(e) if media::is_json(e) => self.json_body(m.body, true, status),
            Some(URLENCODED) => self.urlencoded_body(m.body),
            Some(MULTIPART) => match (sent_boundary, boundary) {
                (Some(theirs), Some(ours)) => self.multipart_body(m.body, &theirs, &ours),
                _ => self.opaque_body(m.body),
            },
            Some(_) => match std::str::from_utf8(m.body) {
                Ok(_) => self.opaque_body(m.body),
                Err(_) => RecordedBody::Text(NOT_RECORDED.to_owned()),
            },
        };
        (media_type, body)
    }

    /// A media type as structure: the essence when registered or declared (else a stand-in
    /// of the same JSON-ness), a well-known charset, and `boundary` when given.
    fn media_type(&self, sent: &str, boundary: Option<&str>) -> String {
        let essence = media::essence(sent);
        let mut out =
            if crate::privacy::shape::is_registered(&essence) || self.declared.contains(&essence) {
                essence
            } else if media::is_json(&essence) {
                "application/x-unrecorded+json".to_owned()
            } else {
                "application/x-unrecorded".to_owned()
            };
        if let Some(charset) = charset(sent) {
            out.push_str("; charset=");
            out.push_str(charset);
        }
        if let Some(b) = boundary {
            out.push_str("; boundary=");
            out.push_str(b);
        }
        out
    }

    /// A JSON body: rewritten when it parses (as a JSON value when `as_value`, else as text),
    /// opaque when it does not.
    fn json_body(&self, bytes: &[u8], as_value: bool, status: Option<u16>) -> RecordedBody {
        let body = Body {
            error_response: status.is_some_and(|s| s >= 400),
        };
        let rewritten = std::str::from_utf8(bytes)
            .ok()
            .filter(|_| crate::input::json::parse(bytes).is_ok())
            .and_then(|text| json_text::rewrite(text, &self.values, body, None));
        match rewritten {
            Some(text) if as_value => json_value(text),
            Some(text) => RecordedBody::Text(text),
            None => self.unparsable_json(bytes),
        }
    }

    /// Opaque text of a JSON body that does not parse, which still does not parse.
    fn unparsable_json(&self, bytes: &[u8]) -> RecordedBody {
        let mut out = self.values.opaque(bytes);
        if crate::input::json::parse(&out).is_ok() {
            // Letters replaced made it JSON (`tru` -> `true`): text after a JSON value never is.
            out.push(b',');
        }
        text_or_base64(out)
    }

    fn opaque_body(&self, bytes: &[u8]) -> RecordedBody {
        text_or_base64(self.values.opaque(bytes))
    }

    /// A form body, read as the checker reads it (`form::parse_urlencoded`).
    fn urlencoded_body(&self, bytes: &[u8]) -> RecordedBody {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) if !looks_like_json(bytes) => text,
            _ => return self.opaque_body(bytes),
        };
        let fields = form::parse_urlencoded(text);
        let mut out = self.form_pairs(fields.into_iter().map(|f| (f.name, f.text)));
        if out.is_empty() {
            // A body of separators only: still a body, with no fields.
            out.push('&');
        }
        RecordedBody::Text(out)
    }

    /// A multipart body, parsed with the boundary that was sent and rebuilt with `ours`.
    fn multipart_body(&self, bytes: &[u8], theirs: &str, ours: &str) -> RecordedBody {
        if looks_like_json(bytes) {
            return self.opaque_body(bytes);
        }
        let Ok(fields) = form::parse_multipart(bytes, theirs) else {
            return self.opaque_body(bytes);
        };
        let mut out = String::new();
        for field in &fields {
            out.push_str("--");
            out.push_str(ours);
            out.push_str("\r\nContent-Disposition: form-data; name=\"");
            out.push_str(&field.name.replace(['\r', '\n'], "_"));
            out.push('"');
            if field.file {
                out.push_str("; filename=\"file\"");
            }
            out.push_str("\r\n");
            if field.json {
                out.push_str("Content-Type: application/json\r\n");
            }
            out.push_str("\r\n");
            out.push_str(&self.part_value(field));
            out.push_str("\r\n");
        }
        out.push_str("--");
        out.push_str(ours);
        out.push_str("--\r\n");
        RecordedBody::Text(out)
    }

    fn part_value(&self, field: &form::Field) -> String {
        let base = field.name.split('[').next().unwrap_or(&field.name);
        if field.file {
            return String::from_utf8_lossy(&self.values.opaque(field.text.as_bytes())).into();
        }
        if !field.json {
            return super::form_value::form_value(&self.values, &field.text, Some(base));
        }
        if crate::input::json::parse_str(&field.text).is_ok() {
            if let Some(out) = json_text::rewrite(&field.text, &self.values, Body::default(), None)
            {
                return out;
            }
        }
        match self.unparsable_json(field.text.as_bytes()) {
            RecordedBody::Text(t) => t,
            _ => String::new(),
        }
    }

    /// The boundary of a rebuilt multipart body: drawn from the run's key (so no one can send
    /// a body that holds it), and never one that occurs in `body`'s replacement.
    fn boundary(&self, body: &[u8]) -> String {
        let mut attempt = 0u8;
        loop {
            let mut stream = self
                .values
                .pseudonyms()
                .stream(Purpose::Boundary, &[attempt]);
            let b = format!("vsee-{:016x}{:016x}", stream.u64(), stream.u64());
            let found = memchr::memmem::find(body, b.as_bytes()).is_some();
            if !found || attempt == u8::MAX {
                return b;
            }
            attempt += 1;
        }
    }
}

/// A body recorded as sent (`--keep-values`).
fn kept_body(m: &LiveMessage<'_>) -> RecordedBody {
    if m.body.is_empty() {
        return RecordedBody::Text(String::new());
    }
    // Without a media type the body is sniffed by its text: it stays text.
    let json_value_sent = m.media_type.is_some_and(media::is_json);
    match std::str::from_utf8(m.body) {
        Ok(text) if json_value_sent && crate::input::json::parse(m.body).is_ok() => {
            // Inside a valid JSON text a line break can only be whitespace between tokens.
            json_value(text.replace(['\r', '\n'], " "))
        }
        Ok(text) => RecordedBody::Text(text.to_owned()),
        Err(_) => RecordedBody::Base64(base64::engine::general_purpose::STANDARD.encode(m.body)),
    }
}

/// A JSON text as a raw JSON body (as text if serde_json will not hold it as one).
fn json_value(text: String) -> RecordedBody {
    if serde_json::from_str::<&RawValue>(&text).is_err() {
        return RecordedBody::Text(text);
    }
    RawValue::from_string(text).map_or(RecordedBody::None, RecordedBody::Json)
}

fn text_or_base64(bytes: Vec<u8>) -> RecordedBody {
    match String::from_utf8(bytes) {
        Ok(text) => RecordedBody::Text(text),
        Err(e) => {
            RecordedBody::Base64(base64::engine::general_purpose::STANDARD.encode(e.as_bytes()))
        }
    }
}

/// The checker's test for a form body that is JSON in disguise.
fn looks_like_json(bytes: &[u8]) -> bool {
    bytes.trim_ascii_start().starts_with(b"{") || bytes.trim_ascii_start().starts_with(b"[")
}

/// The canonical spelling of a well-known `charset` parameter of `media_type`.
fn charset(media_type: &str) -> Option<&'static str> {
    media_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches('"').to_ascii_lowercase();
        CHARSETS
            .iter()
            .find(|(alias, _)| *alias == value)
            .map(|(_, canonical)| *canonical)
    })
}
