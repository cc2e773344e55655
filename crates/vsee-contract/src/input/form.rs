//! Form bodies as sent (`application/x-www-form-urlencoded`, `multipart/form-data`): the
//! fields, in order, as text. What the fields mean (coercion by the spec's schemas) is
//! `check`'s job; the recording policy reads the same fields.

use crate::privacy::debug::Bytes;

/// One form field as sent. `Debug` shows the name and the size of the value, never the value.
#[derive(Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub text: String,
    /// The part declared a JSON `Content-Type` (multipart only).
    pub json: bool,
    /// A file upload (multipart part with a `filename`).
    pub file: bool,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name)
            .field("text", &Bytes(self.text.len()))
            .field("json", &self.json)
            .field("file", &self.file)
            .finish()
    }
}

impl Field {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            text: text.into(),
            json: false,
            file: false,
        }
    }
}

/// Parses `a=1&b=x+y` into fields.
pub fn parse_urlencoded(text: &str) -> Vec<Field> {
    form_urlencoded::parse(text.trim_end_matches(['\r', '\n']).as_bytes())
        .map(|(k, v)| Field::new(k.into_owned(), v.into_owned()))
        .collect()
}

/// The `boundary` parameter of a `multipart/form-data` media type.
pub fn boundary(media_type: &str) -> Option<String> {
    media_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Why a multipart body could not be read. Messages name what is wrong and never quote the
/// content (a field's name is the form's structure, not its data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MultipartError {
    #[error("multipart body does not contain its boundary")]
    NoBoundary,
    #[error("multipart boundary is not followed by a line break")]
    NoLineBreak,
    #[error("multipart part is truncated inside its headers")]
    TruncatedHeaders,
    #[error("multipart body is truncated (no closing boundary)")]
    NotClosed,
    #[error("multipart part has no `name` in Content-Disposition")]
    NoName,
    #[error("multipart field `{0}` is not UTF-8 text")]
    NotUtf8(String),
}

/// Parses a multipart body.
pub fn parse_multipart(body: &[u8], boundary: &str) -> Result<Vec<Field>, MultipartError> {
    let delimiter = format!("--{boundary}");
    let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
    let Some(first) = finder.find(body) else {
        return Err(MultipartError::NoBoundary);
    };
    let mut fields = Vec::new();
    let mut at = first + delimiter.len();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(fields);
        }
        let newline = newline_len(&body[at..]).ok_or(MultipartError::NoLineBreak)?;
        let part_start = at + newline;
        let (headers_len, sep_len) =
            find_blank_line(&body[part_start..]).ok_or(MultipartError::TruncatedHeaders)?;
        let head = String::from_utf8_lossy(&body[part_start..part_start + headers_len]);
        let content_start = part_start + headers_len + sep_len;
        let Some(end) = finder.find(&body[content_start..]) else {
            return Err(MultipartError::NotClosed);
        };
        let mut value = &body[content_start..content_start + end];
        if value.ends_with(b"\r\n") {
            value = &value[..value.len() - 2];
        } else if value.ends_with(b"\n") {
            value = &value[..value.len() - 1];
        }
        let mut name = None;
        let mut file = false;
        let mut json = false;
        for line in head.lines() {
            let Some((key, val)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim();
            if key.eq_ignore_ascii_case("content-disposition") {
                for param in val.split(';').skip(1) {
                    if let Some((k, v)) = param.split_once('=') {
                        let v = v.trim().trim_matches('"');
                        match k.trim().to_ascii_lowercase().as_str() {
                            "name" => name = Some(v.to_owned()),
                            "filename" | "filename*" => file = true,
                            _ => {}
                        }
                    }
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                json = vsee_spec::media::is_json(val);
            }
        }
        let name = name.ok_or(MultipartError::NoName)?;
        let text = match std::str::from_utf8(value) {
            Ok(text) => text.to_owned(),
            // Binary file content is not checked, only its presence.
            Err(_) if file => String::new(),
            Err(_) => return Err(MultipartError::NotUtf8(name)),
        };
        fields.push(Field {
            name,
            text,
            json,
            file,
        });
        at = content_start + end + delimiter.len();
    }
}

/// Length of the optional transport padding plus line break after a boundary.
fn newline_len(bytes: &[u8]) -> Option<usize> {
    let pad = bytes
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    let rest = &bytes[pad..];
    if rest.starts_with(b"\r\n") {
        Some(pad + 2)
    } else if rest.starts_with(b"\n") {
        Some(pad + 1)
    } else {
        None
    }
}

/// Position and length of the blank line ending the headers (`\r\n\r\n` or `\n\n`); a part
/// without headers starts with the blank line itself.
fn find_blank_line(bytes: &[u8]) -> Option<(usize, usize)> {
    if bytes.starts_with(b"\r\n") {
        return Some((0, 2));
    }
    if bytes.starts_with(b"\n") {
        return Some((0, 1));
    }
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i, 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n14\r\n--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n\u{1}\r\n--XyZ--\r\n";
        let fields = parse_multipart(body.as_bytes(), "XyZ").unwrap();
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[0], Field::new("id", "14"));
        assert!(fields[1].json);
        assert!(fields[2].file);
        assert!(parse_multipart(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
            "XyZ"
        )
        .is_err());
        assert!(parse_multipart(b"nothing", "XyZ").is_err());
        assert_eq!(
            boundary("multipart/form-data; boundary=\"abc\""),
            Some("abc".to_owned())
        );
    }
}
