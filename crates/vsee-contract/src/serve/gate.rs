//! What a request passes before a mock handler sees it: routing (the checker's router, the
//! one of `validate`: bare paths, `.json`, server base paths), the spec's security
//! requirements, and the checker of `validate`. Also turns a live request (and response) into the
//! [`Exchange`] that checker reads, for the proxy too.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde_json::Value;
use vsee_spec::{media, RouteError};

use super::message::{Incoming, Reply};
use super::problem;
use crate::check::form::Resolver;
use crate::check::{Checker, EntryCtx};
use crate::input::form;
use crate::input::{Body, Exchange, Message, Response};
use crate::privacy::shape;
use crate::report::{Finding, Location, Part};

/// Keywords of findings that mean "the body does not parse" (400) rather than "the body
/// breaks the spec" (422).
const MALFORMED: [&str; 3] = ["json", "form", "encoding"];

/// Whose state a request reads and writes: the values of the headers that satisfied the
/// operation's security requirement (account code and token). `Debug` hides them.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct AccountKey(String);

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountKey(<{} bytes>)", self.0.len())
    }
}

/// A request that may be handled.
pub(crate) struct Admitted {
    pub operation_id: String,
    /// Decoded path parameters, e.g. `[("id", "7727")]`.
    pub path_params: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub account: AccountKey,
    /// The body as the spec's schema reads it (form fields coerced); `Null` when none.
    pub body: Value,
}

impl Admitted {
    pub fn path_param(&self, name: &str) -> Option<&str> {
        lookup(&self.path_params, name)
    }

    pub fn query_param(&self, name: &str) -> Option<&str> {
        lookup(&self.query, name)
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// One way to satisfy an operation's security: every header listed is present.
#[derive(Debug, Clone)]
struct Requirement {
    headers: Vec<String>,
}

struct OpGate {
    /// Empty: no authentication needed.
    security: Vec<Requirement>,
}

/// The header whose values `--token` restricts.
const TOKEN_HEADER: &str = "X-ApiToken";

/// Why a request is not authenticated.
enum Refusal {
    /// No security requirement has all its headers.
    Missing,
    /// The headers are there, but the token is not one the mock was started with.
    UnknownToken,
}

/// Routing, auth and request checking, built once from the spec.
pub(crate) struct Gate {
    checker: Arc<Checker>,
    ops: HashMap<String, OpGate>,
    /// `--token`: the only `X-ApiToken` values accepted; `None` accepts any.
    tokens: Option<HashSet<String>>,
}

impl Gate {
    pub fn new(checker: Arc<Checker>, tokens: Option<HashSet<String>>) -> Gate {
        let spec = checker.spec();
        let doc = spec.document();
        let schemes: HashMap<&str, &Value> =
            vsee_spec::security::schemes(spec).into_iter().collect();
        let mut ops = HashMap::new();
        for op in spec.operations_ref() {
            let op_value = doc.pointer(&op.pointer).unwrap_or(&Value::Null);
            let declared = op_value
                .get("security")
                .or_else(|| doc.get("security"))
                .and_then(Value::as_array);
            let security = declared
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .map(|req| Requirement {
                    headers: req
                        .keys()
                        .filter_map(|name| {
                            let scheme = schemes.get(name.as_str())?;
                            vsee_spec::security::scheme_header(scheme).map(str::to_owned)
                        })
                        .collect(),
                })
                .collect();
            ops.insert(op.id.clone(), OpGate { security });
        }
        Gate {
            checker,
            ops,
            tokens,
        }
    }

    /// Routes, authenticates and checks a request; the `Err` is the reply to send instead.
    pub fn admit(&self, req: &Incoming) -> Result<Admitted, Reply> {
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
        let Some(op) = self.ops.get(&routed.operation_id) else {
            return Err(problem::api_error(
                404,
                "this path has no operationId in the spec, so it cannot be served",
            ));
        };
        let account = self
            .authenticate(op, req)
            .map_err(|refusal| match refusal {
                Refusal::Missing => {
                    let names: Vec<String> =
                        op.security.iter().map(|r| r.headers.join(" + ")).collect();
                    problem::api_error(
                        401,
                        &format!(
                            "authentication required: send {} (the header values are not shown)",
                            names.join(", or ")
                        ),
                    )
                }
                Refusal::UnknownToken => problem::api_error(
                    401,
                    &format!(
                        "authentication failed: the {TOKEN_HEADER} sent is not one this mock was \
                     started with (--token); the value is not shown"
                    ),
                ),
            })?;
        let findings = self.check_request(req);
        if !findings.is_empty() {
            let malformed = findings
                .iter()
                .any(|f| MALFORMED.contains(&f.keyword.as_str()));
            // A path whose parameters break their schema names no resource the API could
            // have: 404, as the API answers an unknown id (the findings still say why).
            let path_only = findings.iter().all(|f| f.location == Location::Path);
            let status = match (malformed, path_only) {
                (true, _) => 400,
                (false, true) => 404,
                (false, false) => 422,
            };
            return Err(problem::from_findings(
                status,
                &routed.operation_id,
                &findings,
            ));
        }
        let body = self.parse_body(&routed.operation_id, req);
        Ok(Admitted {
            operation_id: routed.operation_id,
            path_params: routed.path_params,
            query: routed.query,
            account,
            body,
        })
    }

    /// The account of the first security requirement whose headers are all present (and
    /// whose token, with `--token`, is a known one).
    fn authenticate(&self, op: &OpGate, req: &Incoming) -> Result<AccountKey, Refusal> {
        if op.security.is_empty() {
            return Ok(AccountKey(String::new()));
        }
        let mut refusal = Refusal::Missing;
        for requirement in &op.security {
            let mut key = String::new();
            let mut complete = true;
            let mut known = true;
            for name in &requirement.headers {
                let Some(value) = req.header(name).filter(|v| !v.trim().is_empty()) else {
                    complete = false;
                    break;
                };
                if let Some(tokens) = &self.tokens {
                    if name.eq_ignore_ascii_case(TOKEN_HEADER) && !tokens.contains(value) {
                        known = false;
                    }
                }
                key.push_str(name);
                key.push('\u{1f}');
                key.push_str(value);
                key.push('\u{1e}');
            }
            match (complete, known) {
                (true, true) => return Ok(AccountKey(key)),
                (true, false) => refusal = Refusal::UnknownToken,
                (false, _) => {}
            }
        }
        Err(refusal)
    }

    /// Findings of the request half, redacted.
    fn check_request(&self, req: &Incoming) -> Vec<Finding> {
        findings_of(&self.checker, &to_exchange(req, None), Part::Request)
    }

    /// The body as the spec reads it: JSON as sent, form fields coerced by the schema.
    fn parse_body(&self, operation_id: &str, req: &Incoming) -> Value {
        if req.body.is_empty() {
            return Value::Null;
        }
        let essence = req
            .media_type()
            .map_or_else(|| "application/json".to_owned(), media::essence);
        if media::is_json(&essence) {
            return serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        }
        let fields = if essence == "application/x-www-form-urlencoded" {
            form::parse_urlencoded(&String::from_utf8_lossy(&req.body))
        } else if essence == "multipart/form-data" {
            let Some(boundary) = req.media_type().and_then(form::boundary) else {
                return Value::Null;
            };
            form::parse_multipart(&req.body, &boundary).unwrap_or_default()
        } else {
            return Value::Null;
        };
        let resolver = Resolver {
            spec: self.checker.spec(),
        };
        match self.checker.request_form(operation_id, &essence) {
            Some((schema, json_fields)) => resolver.fields_to_value(&fields, schema, json_fields),
            None => resolver.fields_to_value(&fields, None, &HashSet::new()),
        }
    }
}

/// The header an `apiKey` (in header) or `http` security scheme reads.
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
