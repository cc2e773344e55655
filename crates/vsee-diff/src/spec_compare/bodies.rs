//! Request bodies and the media types of any content (bodies and responses).

use serde_json::{Map, Value};
use vsee_spec::pointer;

use super::context::{op_scope, required, Cx, Entry, Scope};
use super::op_table::Op;
use super::usage::same_component;
use crate::impact::impact;
use crate::model::{Direction, Level};

impl<'a> Cx<'a> {
    pub(super) fn operation_body(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Request, true);
        let (od, nd) = (self.old, self.new);
        let optr = pointer::push(&o.ptr, "requestBody");
        let nptr = pointer::push(&n.ptr, "requestBody");
        match (o.raw.get("requestBody"), n.raw.get("requestBody")) {
            (None, None) => {}
            (Some(a), None) => {
                let (a, _) = od.schema_view().resolve_at(a, &optr);
                self.push(Entry {
                    kind: "request-body-removed",
                    scope: &scope,
                    at: "request body".to_owned(),
                    message: format!(
                        "{} request body removed",
                        if required(a) { "required" } else { "optional" }
                    ),
                    old: Some(optr),
                    new: None,
                    api: impact(
                        Level::Breaking,
                        "clients built for OLD send a body that NEW no longer defines",
                    ),
                    schemas: impact(
                        Level::Breaking,
                        "its request schemas are no longer published",
                    ),
                });
            }
            (None, Some(b)) => {
                let (b, _) = nd.schema_view().resolve_at(b, &nptr);
                let req = required(b);
                self.push(Entry {
                    kind: "request-body-added",
                    scope: &scope,
                    at: "request body".to_owned(),
                    message: format!(
                        "{} request body added",
                        if req { "required" } else { "optional" }
                    ),
                    old: None,
                    new: Some(nptr),
                    api: if req {
                        impact(Level::Breaking, "clients built for OLD send no body")
                    } else {
                        impact(
                            Level::Additive,
                            "optional: clients built for OLD may send none",
                        )
                    },
                    schemas: impact(Level::Additive, "new request schemas are published"),
                });
            }
            (Some(a), Some(b)) => {
                if same_component(a, b) {
                    return;
                }
                let (a, ap) = od.schema_view().resolve_at(a, &optr);
                let (b, bp) = nd.schema_view().resolve_at(b, &nptr);
                self.compare_body(a, &ap, b, &bp, &scope.with_at("request body".to_owned()));
            }
        }
    }

    pub(super) fn compare_body(&mut self, a: &Value, ap: &str, b: &Value, bp: &str, scope: &Scope) {
        let (ra, rb) = (required(a), required(b));
        if ra != rb {
            let (level, why) = if rb {
                (Level::Breaking, "clients built for OLD may send no body")
            } else {
                (Level::Additive, "the body may now be omitted")
            };
            self.push(Entry {
                kind: "request-body-required-changed",
                scope,
                at: scope.at.clone(),
                message: format!("became {}", if rb { "required" } else { "optional" }),
                old: Some(pointer::push(ap, "required")),
                new: Some(pointer::push(bp, "required")),
                api: impact(scope.api_level(level, level), why),
                schemas: impact(
                    Level::None,
                    "validation of a body that is present does not change",
                ),
            });
        }
        self.compare_content(a, ap, b, bp, scope, Direction::Request);
    }

    pub(super) fn compare_content(
        &mut self,
        a: &Value,
        ap: &str,
        b: &Value,
        bp: &str,
        scope: &Scope,
        direction: Direction,
    ) {
        let empty = Map::new();
        let ac = a
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let bc = b
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (acp, bcp) = (pointer::push(ap, "content"), pointer::push(bp, "content"));
        for (media, am) in ac {
            let amp = pointer::push(&acp, media);
            match bc.get(media) {
                Some(bm) => {
                    let bmp = pointer::push(&bcp, media);
                    let sub =
                        scope.with_at(format!("{} {media}", scope.at).trim_start().to_owned());
                    match (am.get("schema"), bm.get("schema")) {
                        (Some(x), Some(y)) => self.compare_schema(
                            (x, &pointer::push(&amp, "schema")),
                            (y, &pointer::push(&bmp, "schema")),
                            &sub,
                        ),
                        (x, y) if x.is_some() != y.is_some() => {
                            let empty_schema = Value::Object(Map::new());
                            self.compare_schema(
                                (x.unwrap_or(&empty_schema), &amp),
                                (y.unwrap_or(&empty_schema), &bmp),
                                &sub,
                            );
                        }
                        _ => {}
                    }
                }
                None => {
                    let (api, what) = match direction {
                        Direction::Request => (
                            impact(
                                scope.api_level(Level::Breaking, Level::Breaking),
                                format!("clients built for OLD may send `{media}`, which NEW no longer accepts"),
                            ),
                            "request",
                        ),
                        Direction::Response => (
                            impact(
                                scope.api_level(Level::Breaking, Level::Breaking),
                                format!("clients built for OLD expect `{media}` responses"),
                            ),
                            "response",
                        ),
                    };
                    self.push(Entry {
                        kind: "media-type-removed",
                        scope,
                        at: scope.at.clone(),
                        message: format!("{what} media type `{media}` removed"),
                        old: Some(amp),
                        new: None,
                        api,
                        schemas: if scope.published {
                            impact(Level::Breaking, "its schema is no longer published")
                        } else {
                            impact(Level::None, "not published")
                        },
                    });
                }
            }
        }
        for media in bc.keys() {
            if ac.contains_key(media) {
                continue;
            }
            let api = match direction {
                Direction::Request => impact(
                    scope.api_level(Level::Additive, Level::Additive),
                    "a new way to send the body; the old ones still work",
                ),
                Direction::Response => impact(
                    scope.api_level(Level::Additive, Level::Additive),
                    "a new response representation; clients get it only when they ask for it (Accept)",
                ),
            };
            self.push(Entry {
                kind: "media-type-added",
                scope,
                at: scope.at.clone(),
                message: format!(
                    "{} media type `{media}` added",
                    match direction {
                        Direction::Request => "request",
                        Direction::Response => "response",
                    }
                ),
                old: None,
                new: Some(pointer::push(&bcp, media)),
                api,
                schemas: if scope.published {
                    impact(Level::Additive, "a new schema is published")
                } else {
                    impact(Level::None, "not published")
                },
            });
        }
    }
}
