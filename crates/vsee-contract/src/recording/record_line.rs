//! One line of a recording as written: the [`ExchangeRecord`] format (what `validate` reads)
//! with a JSON body held as raw JSON text, so that the text the policy made (every number in
//! the form it was sent, see [`super::number`]) is written as it is, not parsed into a
//! `serde_json::Value` and printed again.
//!
//! [`ExchangeRecord`]: crate::input::record::ExchangeRecord

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;

/// A recorded body: the one of `body`, `body_text`, `body_base64` that is present. No `Debug`:
/// it holds what is written to the recording (values, with `--keep-values`).
pub(crate) enum RecordedBody {
    /// Not recorded (never written by the policy for a body that was sent).
    None,
    /// JSON, as the raw text of one JSON value on one line.
    Json(Box<RawValue>),
    /// Text, parsed by `validate` according to the media type.
    Text(String),
    /// Bytes that are not UTF-8, base64-encoded.
    Base64(String),
}

/// One recorded message.
#[derive(Serialize)]
pub(crate) struct LineMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

impl LineMessage {
    pub fn new(
        status: Option<u16>,
        headers: BTreeMap<String, String>,
        media_type: Option<String>,
        body: RecordedBody,
    ) -> LineMessage {
        let mut m = LineMessage {
            status,
            headers,
            media_type,
            body: None,
            body_text: None,
            body_base64: None,
        };
        match body {
            RecordedBody::None => {}
            RecordedBody::Json(raw) => m.body = Some(raw),
            RecordedBody::Text(t) => m.body_text = Some(t),
            RecordedBody::Base64(b) => m.body_base64 = Some(b),
        }
        m
    }
}

/// One line of a recording, as [`Policy::record`](super::Policy::record) makes it.
#[derive(Serialize)]
pub struct RecordLine {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) request: LineMessage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) response: Option<LineMessage>,
}

impl RecordLine {
    /// Leaves the response's body out (its status and media type stay): for a body that was
    /// not kept, so that `validate` checks the status but not a body it never saw.
    pub fn leave_out_response_body(&mut self) {
        if let Some(response) = self.response.as_mut() {
            response.body = None;
            response.body_text = None;
            response.body_base64 = None;
        }
    }

    /// The line's JSON text, without the line break.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::record::ExchangeRecord;

    /// The written form is the format `validate` reads, field for field.
    #[test]
    fn a_line_reads_back_as_an_exchange_record() {
        let raw = RawValue::from_string(r#"{"n": 98765432109876543210}"#.to_owned()).unwrap();
        let line = RecordLine {
            method: "POST".into(),
            url: "/intakes?a=b".into(),
            request: LineMessage::new(
                None,
                [("x-trace".to_owned(), "1".to_owned())].into(),
                Some("application/json".into()),
                RecordedBody::Json(raw),
            ),
            response: Some(LineMessage::new(
                Some(404),
                BTreeMap::new(),
                Some("text/plain".into()),
                RecordedBody::Text("gone".into()),
            )),
        };
        let text = line.to_json().unwrap();
        let text = std::str::from_utf8(&text).unwrap();
        assert!(text.contains("98765432109876543210"), "{text}");
        let record: ExchangeRecord = serde_json::from_str(text).unwrap();
        let request = record.request.unwrap();
        assert_eq!(request.headers["x-trace"], "1");
        assert_eq!(request.media_type.as_deref(), Some("application/json"));
        assert!(request.body.is_some());
        let response = record.response.unwrap();
        assert_eq!(response.status, 404);
        assert_eq!(response.body_text.as_deref(), Some("gone"));
        let b64 = LineMessage::new(
            None,
            BTreeMap::new(),
            None,
            RecordedBody::Base64("AA==".into()),
        );
        let v = serde_json::to_value(&b64).unwrap();
        assert_eq!(v, serde_json::json!({"body_base64": "AA=="}));
    }
}
