//! Checking the request: path and query parameters, the body by its media type (JSON, form,
//! multipart).

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;
use vsee_spec::media;

use super::form::Resolver;
use super::sink::{Issue, Sink};
use super::{parse_json_body, Checker, OpInfo, RequestMedia};
use crate::input::exchange::{Body, Message};
use crate::input::form::{self, Field};
use crate::privacy::shape;
use crate::report::{Kind, Location, Part};

impl Checker {
    pub(super) fn check_params(
        &self,
        op: &OpInfo,
        given: &[(String, String)],
        location: Location,
        sink: &mut Sink<'_>,
    ) {
        let declared = match location {
            Location::Path => &op.path_params,
            _ => &op.query,
        };
        let resolver = Resolver { spec: &self.spec };
        for param in declared {
            let values: Vec<&str> = given
                .iter()
                .filter(|(k, _)| {
                    k == &param.name || k.strip_suffix("[]").is_some_and(|base| base == param.name)
                })
                .map(|(_, v)| v.as_str())
                .collect();
            let at = param.at.as_str();
            if values.is_empty() {
                if param.required {
                    sink.push(
                        Issue::request(
                            location,
                            "required",
                            format!(
                                "missing required {} parameter `{}`",
                                location.as_str(),
                                param.name
                            ),
                        )
                        .at(at),
                    );
                }
                continue;
            }
            let Some(validator) = &param.validator else {
                continue;
            };
            let fields: Vec<Field> = values
                .iter()
                .map(|v| Field::new(param.name.clone(), *v))
                .collect();
            let mut object =
                resolver.fields_to_value(&fields, Some(&param.wrapper), &HashSet::new());
            let value = object
                .as_object_mut()
                .and_then(|o| o.remove(&param.name))
                .unwrap_or(Value::Null);
            sink.schema_errors(
                validator,
                &value,
                at,
                Kind::Request,
                Some(Part::Request),
                location,
                &param.schema_at,
            );
        }
    }

    pub(super) fn check_request_body(&self, op: &OpInfo, message: &Message, sink: &mut Sink<'_>) {
        if !self.request_body_is_checkable(op, message, sink) {
            return;
        }
        let Some(media) = request_media(op, message, sink) else {
            return;
        };
        let instance = if media::is_json(&media.essence) {
            match json_request_instance(media, &message.body, sink) {
                Some(instance) => instance,
                None => return,
            }
        } else if is_form(&media.essence) {
            match self.form_request_instance(media, message, sink) {
                Some(instance) => instance,
                None => return,
            }
        } else {
            // A media type this tool cannot read (e.g. a file upload); not checked.
            return;
        };
        self.validate_request(op, media, &instance, sink);
    }

    /// Whether a body was sent where one may be, and was recorded readably; says why not.
    fn request_body_is_checkable(
        &self,
        op: &OpInfo,
        message: &Message,
        sink: &mut Sink<'_>,
    ) -> bool {
        if !message.body.is_present() && !is_empty_form(op, message) {
            if op.request_required {
                sink.push(Issue::request(
                    Location::Body,
                    "required",
                    "missing request body (the operation requires one)",
                ));
            }
            return false;
        }
        if op.request.is_empty() {
            sink.push(Issue::request(
                Location::Body,
                "unexpected-body",
                "a request body was sent, but the operation declares none",
            ));
            return false;
        }
        if let Body::Invalid(why) = &message.body {
            sink.push(Issue::request(
                Location::Body,
                "encoding",
                format!("request {why}"),
            ));
            return false;
        }
        true
    }

    /// A form body as the JSON object its schema describes: fields coerced by form rules.
    fn form_request_instance<'m>(
        &self,
        media: &RequestMedia,
        message: &'m Message,
        sink: &mut Sink<'_>,
    ) -> Option<Cow<'m, Value>> {
        let resolver = Resolver { spec: &self.spec };
        let multipart = media.essence == MULTIPART;
        let fields = match &message.body {
            Body::Fields(fields) => Cow::Borrowed(fields.as_slice()),
            Body::Json(Value::Object(map)) => {
                let value =
                    resolver.object_to_value(map, media.schema.as_ref(), &media.json_fields);
                return Some(Cow::Owned(value));
            }
            Body::Json(Value::String(text)) if !multipart => {
                Cow::Owned(form::parse_urlencoded(text))
            }
            Body::Json(_) => {
                sink.contradiction(
                    Part::Request,
                    &media.essence,
                    "was recorded as a JSON value that is not an object of fields",
                );
                return None;
            }
            Body::Text(text) => Cow::Owned(read_form(text.as_bytes(), message, multipart, sink)?),
            Body::Bytes(bytes) => Cow::Owned(read_form(bytes, message, multipart, sink)?),
            Body::Absent | Body::Empty | Body::Invalid(_) => Cow::Owned(Vec::new()),
        };
        Some(Cow::Owned(resolver.fields_to_value(
            &fields,
            media.schema.as_ref(),
            &media.json_fields,
        )))
    }

    pub(super) fn validate_request(
        &self,
        op: &OpInfo,
        media: &RequestMedia,
        instance: &Value,
        sink: &mut Sink<'_>,
    ) {
        let Some(file) = &media.file else { return };
        match self.validator(file) {
            Ok(v) => sink.schema_errors(
                v,
                instance,
                "",
                Kind::Request,
                Some(Part::Request),
                Location::Body,
                file,
            ),
            Err(e) => sink.push(Issue::request(
                Location::Body,
                "schema",
                format!("cannot check the request body of `{}`: {e}", op.id),
            )),
        }
        if let (true, Some(shape)) = (self.undocumented, media.shape) {
            self.push_undocumented(shape, instance, Part::Request, sink);
        }
    }
}

const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

fn is_form(essence: &str) -> bool {
    essence == URLENCODED || essence == MULTIPART
}

/// The declared media type the recorded body is in (its `Content-Type`, else what it looks
/// like); `None`, said in a finding, when the operation does not declare it.
fn request_media<'o>(
    op: &'o OpInfo,
    message: &Message,
    sink: &mut Sink<'_>,
) -> Option<&'o RequestMedia> {
    let recorded = message.media_type.as_deref().map(media::essence);
    let essence = recorded.clone().unwrap_or_else(|| sniff(&message.body));
    if let Some(media) = op.request.iter().find(|m| m.essence == essence) {
        return Some(media);
    }
    let declared: Vec<&str> = op.request.iter().map(|m| m.written.as_str()).collect();
    let essences: Vec<&str> = op.request.iter().map(|m| m.essence.as_str()).collect();
    let shown = shape::media_type(&essence, &essences, sink.ctx.show_values);
    let how = if recorded.is_some() {
        format!("request media type `{shown}`")
    } else {
        format!("request without Content-Type (body looks like `{shown}`)")
    };
    sink.push(Issue::request(
        Location::MediaType,
        "media-type",
        format!(
            "{how} is not declared by the operation (declared: {})",
            declared.join(", ")
        ),
    ));
    None
}

/// A body declared as JSON, parsed; `None`, said in a finding, when it is not JSON.
fn json_request_instance<'m>(
    media: &RequestMedia,
    body: &'m Body,
    sink: &mut Sink<'_>,
) -> Option<Cow<'m, Value>> {
    if let Body::Fields(_) = body {
        sink.contradiction(Part::Request, &media.essence, "was recorded as form fields");
        return None;
    }
    match parse_json_body(body) {
        Ok(v) => Some(v),
        Err(why) => {
            sink.push(Issue::request(
                Location::Body,
                "json",
                format!("request body declared `{}` {why}", media.essence),
            ));
            None
        }
    }
}

/// The fields of a form body recorded as text; `None`, said in a finding, when it cannot be
/// read as one.
fn read_form(
    bytes: &[u8],
    message: &Message,
    multipart: bool,
    sink: &mut Sink<'_>,
) -> Option<Vec<Field>> {
    let media_type = if multipart { MULTIPART } else { URLENCODED };
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        sink.contradiction(Part::Request, media_type, "looks like JSON");
        return None;
    }
    let read = if multipart {
        let Some(boundary) = message.media_type.as_deref().and_then(form::boundary) else {
            sink.push(Issue::request(
                Location::MediaType,
                "form",
                "multipart request has no `boundary` parameter in its media type",
            ));
            return None;
        };
        form::parse_multipart(bytes, &boundary).map_err(|e| e.to_string())
    } else {
        std::str::from_utf8(bytes)
            .map(form::parse_urlencoded)
            .map_err(|_| "form body is not UTF-8 text".to_owned())
    };
    read.map_err(|why| sink.push(Issue::request(Location::Body, "form", why)))
        .ok()
}

/// An empty body sent as `application/x-www-form-urlencoded`, which the operation declares:
/// a form with no fields (that is how one is written), checked like any other form, not a
/// missing body.
fn is_empty_form(op: &OpInfo, message: &Message) -> bool {
    matches!(message.body, Body::Empty)
        && message
            .media_type
            .as_deref()
            .is_some_and(|m| media::essence(m) == URLENCODED)
        && op.request.iter().any(|m| m.essence == URLENCODED)
}

/// Guesses the media type of a body recorded without one.
fn sniff(body: &Body) -> String {
    let bytes: &[u8] = match body {
        Body::Json(_) => return "application/json".to_owned(),
        Body::Fields(fields) => {
            return if fields.iter().any(|f| f.file) {
                MULTIPART.to_owned()
            } else {
                URLENCODED.to_owned()
            }
        }
        Body::Text(t) => t.as_bytes(),
        Body::Bytes(b) => b,
        _ => b"",
    };
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        "application/json".to_owned()
    } else if trimmed.starts_with(b"--") {
        "multipart/form-data".to_owned()
    } else if trimmed.contains(&b'=') {
        "application/x-www-form-urlencoded".to_owned()
    } else {
        "text/plain".to_owned()
    }
}
