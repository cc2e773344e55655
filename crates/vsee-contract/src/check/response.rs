//! Checking the response: documented status, media type, and the body against its schema
//! (then the typed check).

use serde_json::Value;
use vsee_spec::media;

use super::sink::{Issue, Sink};
use super::{parse_json_body, Checker, OpInfo};
use crate::input::exchange::{Body, Message};
use crate::privacy::shape;
use crate::report::{Kind, Location, Part};

impl Checker {
    pub(super) fn check_response(
        &self,
        op: &OpInfo,
        status: u16,
        message: &Message,
        sink: &mut Sink<'_>,
    ) {
        let Some(key) = Self::status_key(&op.responses, status) else {
            sink.push(Issue::response(
                Location::Status,
                "status",
                format!(
                    "status {status} is not documented for `{}` (documented: {})",
                    op.id,
                    op.responses.join(", ")
                ),
            ));
            return;
        };
        let Some(file) = self.schemas.response_file(&op.id, key) else {
            // No JSON body documented for this status: nothing to check in the body.
            return;
        };
        self.check_response_body(&op.id, status, file, message, sink);
    }

    pub(super) fn check_response_body(
        &self,
        operation_id: &str,
        status: u16,
        file: &str,
        message: &Message,
        sink: &mut Sink<'_>,
    ) {
        if let Some(mt) = message.media_type.as_deref() {
            let essence = media::essence(mt);
            if !media::is_json(&essence) && message.body.is_present() {
                sink.push(Issue::response(
                    Location::MediaType,
                    "media-type",
                    format!(
                        "response media type `{}` contradicts the documented JSON body",
                        shape::media_type(&essence, &[], sink.ctx.show_values)
                    ),
                ));
                return;
            }
        }
        let instance = match &message.body {
            Body::Absent => return,
            Body::Empty => {
                return sink.push(Issue::response(
                    Location::Body,
                    "json",
                    "response body is empty; the spec documents a JSON body",
                ))
            }
            Body::Invalid(why) => {
                return sink.push(Issue::response(
                    Location::Body,
                    "encoding",
                    format!("response {why}"),
                ))
            }
            Body::Fields(_) => {
                return sink.contradiction(
                    Part::Response,
                    "application/json",
                    "was recorded as form fields",
                )
            }
            body => match parse_json_body(body) {
                Ok(v) => v,
                Err(why) => {
                    return sink.push(Issue::response(
                        Location::Body,
                        "json",
                        format!("response body {why}"),
                    ))
                }
            },
        };
        self.validate_response_value(operation_id, status, file, &instance, sink);
    }

    pub(super) fn validate_response_value(
        &self,
        operation_id: &str,
        status: u16,
        file: &str,
        instance: &Value,
        sink: &mut Sink<'_>,
    ) {
        let validator = match self.validator(file) {
            Ok(v) => v,
            Err(e) => return sink.push(Issue::response(Location::Body, "schema", e.to_string())),
        };
        let before = sink.findings.len();
        sink.schema_errors(
            validator,
            instance,
            "",
            Kind::Response,
            Some(Part::Response),
            Location::Body,
            file,
        );
        if sink.findings.len() == before {
            self.typed_decode(operation_id, status, instance, sink);
        }
        if self.undocumented {
            let shape = self.ops.get(operation_id).and_then(|op| {
                let key = Self::status_key(&op.responses, status)?;
                op.response_shapes.get(key).copied()
            });
            if let Some(shape) = shape {
                self.push_undocumented(shape, instance, Part::Response, sink);
            }
        }
    }

    /// One `undocumented-property` finding per member of `instance` that the schema of node
    /// `shape` does not document.
    pub(super) fn push_undocumented(
        &self,
        shape: usize,
        instance: &Value,
        part: Part,
        sink: &mut Sink<'_>,
    ) {
        let show_values = sink.ctx.show_values;
        for at in super::undocumented::undocumented(&self.shapes, shape, instance, show_values) {
            let kind = match part {
                Part::Request => Kind::Request,
                Part::Response => Kind::Response,
            };
            sink.push(
                Issue::new(
                    kind,
                    Some(part),
                    Location::Body,
                    "undocumented-property",
                    format!(
                        "{} body member is not documented by the spec (extra members are \
                         allowed; `cargo xtask learn` proposes the property)",
                        part.as_str()
                    ),
                )
                .at(at),
            );
        }
    }
}
