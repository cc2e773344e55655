//! Error bodies the servers send: the API's own `ApiError` (`{code, message}`), and RFC 9457
//! `application/problem+json` for requests that break the spec.
//!
//! A problem document also carries `code` and `message`, so it is an `ApiError` too (every
//! documented 4XX of the spec points to `ApiError`): clients that only know the API's error
//! body read it, and the response validates. Its `errors` list pointers, keywords and
//! messages from findings made without `--show-values`, so no value sent appears in it.

use serde_json::{json, Value};

use super::message::Reply;
use crate::report::Finding;

/// Media type of the API's error body.
pub(crate) const JSON: &str = "application/json";
/// RFC 9457 media type.
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// `{"code": status, "message": message}` as `application/json`.
pub(crate) fn api_error(status: u16, message: &str) -> Reply {
    Reply::json(status, JSON, &api_error_body(status, message))
}

/// The body of [`api_error`].
pub(crate) fn api_error_body(status: u16, message: &str) -> Value {
    json!({"code": status, "message": message})
}

/// The standard reason phrase of a status, for `title`.
pub(crate) fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Error",
    }
}

/// A problem document listing request findings (already redacted).
pub(crate) fn from_findings(status: u16, operation_id: &str, findings: &[Finding]) -> Reply {
    let errors: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "location": f.location.as_str(),
                "pointer": f.instance_path,
                "keyword": f.keyword,
                "message": f.message,
            })
        })
        .collect();
    let places = format!(
        "{} place{}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    let detail = if status == 404 {
        format!(
            "no resource of `{operation_id}` has this path: its parameters break the spec in \
             {places}; see `errors` (`/<name>` of each path parameter)"
        )
    } else {
        format!(
            "the request breaks the spec of `{operation_id}` in {places}; see `errors` \
             (pointers into the body, or `/<name>` of a query or path parameter)"
        )
    };
    let mut body = problem_body(status, &detail);
    body["errors"] = Value::Array(errors);
    Reply::json(status, PROBLEM_JSON, &body)
}

/// A problem document without findings (e.g. an unusable `Prefer` header).
pub(crate) fn plain(status: u16, detail: &str) -> Reply {
    Reply::json(status, PROBLEM_JSON, &problem_body(status, detail))
}

/// RFC 9457's members, plus `code` and `message` so that the document is an `ApiError` too.
fn problem_body(status: u16, detail: &str) -> Value {
    json!({
        "type": "about:blank",
        "title": title(status),
        "status": status,
        "detail": detail,
        "code": status,
        "message": detail,
    })
}
