//! Checking the request: path and query parameters, the body by its media type (JSON, form,
//! multipart).

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;
use vsee_spec::media;

use super::form::{self, Resolver};
use super::sink::{Issue, Sink};
use super::{parse_json_body, Checker, OpInfo, RequestMedia};
use crate::input::exchange::{Body, Message};
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
            let fields: Vec<form::Field> = values
                .iter()
                .map(|v| form::Field::new(param.name.clone(), *v))
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
        if !message.body.is_present() && !is_empty_form(op, message) {
            if op.request_required {
                sink.push(Issue::request(
                    Location::Body,
                    "required",
                    "missing request body (the operation requires one)",
                ));
            }
            return;
        }
        if op.request.is_empty() {
            sink.push(Issue::request(
                Location::Body,
                "unexpected-body",
                "a request body was sent, but the operation declares none",
            ));
            return;
        }
        if let Body::Invalid(why) = &message.body {
            sink.push(Issue::request(
                Location::Body,
                "encoding",
                format!("request {why}"),
            ));
            return;
        }
        let recorded = message.media_type.as_deref().map(media::essence);
        let essence = recorded.clone().unwrap_or_else(|| sniff(&message.body));
        let declared: Vec<&str> = op.request.iter().map(|m| m.written.as_str()).collect();
        let Some(media) = op.request.iter().find(|m| m.essence == essence) else {
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
            return;
        };
        let resolver = Resolver { spec: &self.spec };
        let instance = if media::is_json(&media.essence) {
            match &message.body {
                Body::Fields(_) => {
                    return sink.contradiction(
                        Part::Request,
                        &media.essence,
                        "was recorded as form fields",
                    )
                }
                body => match parse_json_body(body) {
                    Ok(v) => v,
                    Err(why) => {
                        return sink.push(Issue::request(
                            Location::Body,
                            "json",
                            format!("request body declared `{}` {why}", media.essence),
                        ))
                    }
                },
            }
        } else if media.essence == "application/x-www-form-urlencoded"
            || media.essence == "multipart/form-data"
        {
            let multipart = media.essence == "multipart/form-data";
            let fields = match &message.body {
                Body::Fields(fields) => Cow::Borrowed(fields.as_slice()),
                Body::Json(Value::Object(map)) => {
                    let v =
                        resolver.object_to_value(map, media.schema.as_ref(), &media.json_fields);
                    return self.validate_request(op, media, &v, sink);
                }
                Body::Json(Value::String(text)) if !multipart => {
                    Cow::Owned(form::parse_urlencoded(text))
                }
                Body::Json(_) => {
                    return sink.contradiction(
                        Part::Request,
                        &media.essence,
                        "was recorded as a JSON value that is not an object of fields",
                    )
                }
                Body::Text(_) | Body::Bytes(_) => {
                    let bytes: &[u8] = match &message.body {
                        Body::Text(t) => t.as_bytes(),
                        Body::Bytes(b) => b,
                        _ => &[],
                    };
                    let trimmed = bytes.trim_ascii_start();
                    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
                        return sink.contradiction(
                            Part::Request,
                            &media.essence,
                            "looks like JSON",
                        );
                    }
                    if multipart {
                        let Some(boundary) = message.media_type.as_deref().and_then(form::boundary)
                        else {
                            return sink.push(Issue::request(
                                Location::MediaType,
                                "form",
                                "multipart request has no `boundary` parameter in its media type",
                            ));
                        };
                        match form::parse_multipart(bytes, &boundary) {
                            Ok(fields) => Cow::Owned(fields),
                            Err(why) => {
                                return sink.push(Issue::request(Location::Body, "form", why))
                            }
                        }
                    } else {
                        match std::str::from_utf8(bytes) {
                            Ok(text) => Cow::Owned(form::parse_urlencoded(text)),
                            Err(_) => {
                                return sink.push(Issue::request(
                                    Location::Body,
                                    "form",
                                    "form body is not UTF-8 text",
                                ))
                            }
                        }
                    }
                }
                Body::Absent | Body::Empty | Body::Invalid(_) => Cow::Owned(Vec::new()),
            };
            Cow::Owned(resolver.fields_to_value(&fields, media.schema.as_ref(), &media.json_fields))
        } else {
            // A media type this tool cannot read (e.g. a file upload); not checked.
            return;
        };
        self.validate_request(op, media, &instance, sink);
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
    }
}

/// An empty body sent as `application/x-www-form-urlencoded`, which the operation declares:
/// a form with no fields (that is how one is written), checked like any other form, not a
/// missing body.
fn is_empty_form(op: &OpInfo, message: &Message) -> bool {
    const URLENCODED: &str = "application/x-www-form-urlencoded";
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
                "multipart/form-data".to_owned()
            } else {
                "application/x-www-form-urlencoded".to_owned()
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
