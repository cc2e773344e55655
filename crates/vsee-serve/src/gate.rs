//! What a request passes before a mock handler sees it: routing (the checker's router, the
//! one of `validate`: bare paths, `.json`, server base paths), authentication ([`Auth`]),
//! reading the body exactly ([`exact`]), and the checker of `validate`. Also turns a live
//! request (and response) into the [`Exchange`] that checker reads, for the proxy too.
//!
//! A JSON body is read once: the value the checker judges and the members the mock stores come
//! from the same reading, so what passes the check is what is stored, exactly.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::value::RawValue;
use serde_json::Value;
use vsee_spec::{media, RouteError};

use super::auth::{Auth, Owner};
use super::exact::{self, Members};
use super::message::{Incoming, Reply};
use super::problem;
use super::record::{int_of, text_of};
use vsee_contract::form;
use vsee_contract::form::Resolver;
use vsee_contract::shape;
use vsee_contract::{Body, Exchange, Message, Response};
use vsee_contract::{Checker, EntryCtx};
use vsee_contract::{Finding, Location, Part};

/// Keywords of findings that mean "the body does not parse" (400) rather than "the body
/// breaks the spec" (422).
const MALFORMED: [&str; 3] = ["json", "form", "encoding"];

/// A request that may be handled.
pub(crate) struct Admitted {
    pub operation_id: String,
    /// Decoded path parameters, e.g. `[("id", "7727")]`.
    pub path_params: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub owner: Owner,
    /// The body's members as sent (form fields as the spec's schema coerced them); empty when
    /// there is no body.
    pub body: Members,
}

impl Admitted {
    pub fn path_param(&self, name: &str) -> Option<&str> {
        lookup(&self.path_params, name)
    }

    pub fn query_param(&self, name: &str) -> Option<&str> {
        lookup(&self.query, name)
    }

    /// A body member as sent.
    pub fn raw(&self, name: &str) -> Option<&RawValue> {
        self.body.get(name).map(AsRef::as_ref)
    }

    /// A body member's value.
    pub fn value(&self, name: &str) -> Option<Value> {
        serde_json::from_str(self.raw(name)?.get()).ok()
    }

    /// A body member holding an integer (a number or a numeric string).
    pub fn int(&self, name: &str) -> Option<i64> {
        int_of(&self.value(name)?)
    }

    /// A body member holding a string or a number, as text.
    pub fn text(&self, name: &str) -> Option<String> {
        text_of(&self.value(name)?)
    }

    /// Whether the body has the member.
    pub fn has(&self, name: &str) -> bool {
        self.body.contains_key(name)
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A request the gate answers itself, and the operation it was routed to (when it was).
pub(crate) struct Rejected {
    pub operation_id: Option<String>,
    pub reply: Reply,
}

/// Routing, auth, body reading and request checking, built once from the spec.
pub(crate) struct Gate {
    checker: Arc<Checker>,
    auth: Auth,
}

impl Gate {
    pub fn new(checker: Arc<Checker>, auth: Auth) -> Gate {
        Gate { checker, auth }
    }

    /// Routes, authenticates, reads and checks a request; the `Err` is the reply to send
    /// instead.
    pub fn admit(&self, req: &Incoming) -> Result<Admitted, Rejected> {
        let routed = self.route(req).map_err(|reply| Rejected {
            operation_id: None,
            reply,
        })?;
        let reject = |reply: Reply| Rejected {
            operation_id: Some(routed.operation_id.clone()),
            reply,
        };
        let owner = self
            .auth
            .authenticate(&routed.operation_id, req)
            .map_err(|refusal| reject(problem::api_error(401, &refusal.message())))?;
        let (body, members) = self.read_body(&routed.operation_id, req).map_err(reject)?;
        let findings = self.check_request(req, body);
        if !findings.is_empty() {
            return Err(reject(rejection(&routed.operation_id, &findings)));
        }
        Ok(Admitted {
            operation_id: routed.operation_id,
            path_params: routed.path_params,
            query: routed.query,
            owner,
            body: members,
        })
    }

    fn route(&self, req: &Incoming) -> Result<vsee_spec::RouteMatch, Reply> {
        let routed =
            match self.checker.router().route(&req.method, &req.target) {
                Ok(m) => m,
                Err(RouteError::NotFound { .. }) => return Err(problem::api_error(
                    404,
                    "no operation of the spec matches this path (`vsee-contract list` shows them)",
                )),
                Err(RouteError::MethodNotAllowed {
                    template, allowed, ..
                }) => {
                    let mut reply = problem::api_error(
                        405,
                        &format!(
                            "{} is not documented for `{template}` (documented: {})",
                            shape::method(&req.method, false),
                            allowed.join(", ")
                        ),
                    );
                    if let Ok(value) = hyper::header::HeaderValue::from_str(&allowed.join(", ")) {
                        reply.headers.push((hyper::header::ALLOW, value));
                    }
                    return Err(reply);
                }
            };
        if self.checker.operation(&routed.operation_id).is_none() {
            return Err(problem::api_error(
                404,
                "this path has no operationId in the spec, so it cannot be served",
            ));
        }
        Ok(routed)
    }

    /// The body as the checker is to judge it, and its members as the mock stores them. A JSON
    /// body is read once, exactly (see [`exact`]); a form body is coerced by the spec's schema,
    /// as the checker reads it. A JSON body that cannot be kept exactly is refused here.
    fn read_body(&self, operation_id: &str, req: &Incoming) -> Result<(Body, Members), Reply> {
        if req.body.is_empty() {
            return Ok((Body::Empty, Members::new()));
        }
        let essence = req
            .media_type()
            .map_or_else(|| "application/json".to_owned(), media::essence);
        if media::is_json(&essence) {
            return match exact::read(&req.body) {
                exact::Read::Kept(value) => {
                    let members = if value.is_object() {
                        exact::members(&req.body).unwrap_or_default()
                    } else {
                        Members::new()
                    };
                    Ok((Body::Json(value), members))
                }
                exact::Read::Unkeepable(u) => Err(problem::body_error(
                    400,
                    &u.pointer,
                    "json",
                    u.reason.message(),
                )),
                // The checker says why, as `validate` words it.
                exact::Read::Malformed => Ok((body_of(&req.body), Members::new())),
            };
        }
        let body = body_of(&req.body);
        let fields = if essence == "application/x-www-form-urlencoded" {
            match std::str::from_utf8(&req.body) {
                Ok(text) => form::parse_urlencoded(text),
                Err(_) => return Ok((body, Members::new())),
            }
        } else if essence == "multipart/form-data" {
            let parsed = req
                .media_type()
                .and_then(form::boundary)
                .and_then(|boundary| form::parse_multipart(&req.body, &boundary).ok());
            match parsed {
                Some(fields) => fields,
                None => return Ok((body, Members::new())),
            }
        } else {
            return Ok((body, Members::new()));
        };
        let resolver = Resolver {
            spec: self.checker.spec(),
        };
        let no_json_fields = HashSet::new();
        let (schema, json_fields) = self
            .checker
            .request_form(operation_id, &essence)
            .unwrap_or((None, &no_json_fields));
        let value = resolver.fields_to_value(&fields, schema, json_fields);
        let members = exact::form_members(&fields, &value, json_fields)
            .map_err(|u| problem::body_error(400, &u.pointer, "json", u.reason.message()))?;
        Ok((body, members))
    }

    /// Findings of the request half, redacted.
    fn check_request(&self, req: &Incoming, body: Body) -> Vec<Finding> {
        let exchange = Exchange {
            method: req.method.clone(),
            url: req.target.clone(),
            request: Message {
                media_type: req.media_type().map(str::to_owned),
                body,
            },
            response: None,
        };
        findings_of(&self.checker, &exchange, Part::Request)
    }
}

/// The answer to a request with findings: 400 when the body does not parse, 404 when only path
/// parameters break the spec (such a path names no resource, as the API answers an unknown id),
/// else 422.
fn rejection(operation_id: &str, findings: &[Finding]) -> Reply {
    let malformed = findings
        .iter()
        .any(|f| MALFORMED.contains(&f.keyword.as_str()));
    let path_only = findings.iter().all(|f| f.location == Location::Path);
    let status = match (malformed, path_only) {
        (true, _) => 400,
        (false, true) => 404,
        (false, false) => 422,
    };
    problem::from_findings(status, operation_id, findings)
}

fn body_of(bytes: &[u8]) -> Body {
    if bytes.is_empty() {
        return Body::Empty;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Body::Text(text.to_owned()),
        Err(_) => Body::Bytes(bytes.to_vec()),
    }
}

/// The exchange the checker reads, from a live request and (when given) its response as
/// `(status, media type, body)`.
pub(crate) fn to_exchange(
    req: &Incoming,
    response: Option<(u16, Option<&str>, &[u8])>,
) -> Exchange {
    Exchange {
        method: req.method.clone(),
        url: req.target.clone(),
        request: Message {
            media_type: req.media_type().map(str::to_owned),
            body: body_of(&req.body),
        },
        response: response.map(|(status, media_type, body)| Response {
            status,
            message: Message {
                media_type: media_type.map(str::to_owned),
                body: body_of(body),
            },
        }),
    }
}

/// The redacted findings of one half of a served exchange, by the validator's one checker.
pub(crate) fn findings_of(checker: &Checker, exchange: &Exchange, part: Part) -> Vec<Finding> {
    let ctx = EntryCtx {
        file: part.as_str(),
        entry: None,
        line: None,
        show_values: false,
    };
    checker
        .check_exchange(exchange, &ctx)
        .findings
        .into_iter()
        .filter(|f| f.part == Some(part))
        .collect()
}
