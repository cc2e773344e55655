//! Error bodies the servers send: the API's own `ApiError` (`{code, message}`), as the spec
//! documents it for `4XX` and `5XX`, in `application/json`.
//!
//! A request that breaks the spec gets the same body with one more member, `errors`: the
//! pointers, keywords and messages of findings made without `--show-values`, so no value sent
//! appears in it. (RFC 9457's `application/problem+json` was used before; the spec does not
//! document it, so clients generated from the spec refused those answers.)

use serde_json::{json, Value};

use super::message::Reply;
use vsee_contract::Finding;

/// Media type of the API's error body.
pub(crate) const JSON: &str = "application/json";

/// `{"code": status, "message": message}` as `application/json`.
pub(crate) fn api_error(status: u16, message: &str) -> Reply {
    Reply::json(status, JSON, &api_error_body(status, message))
}

/// The body of [`api_error`].
pub(crate) fn api_error_body(status: u16, message: &str) -> Value {
    json!({"code": status, "message": message})
}

/// The standard reason phrase of a status.
pub(crate) fn title(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// An `ApiError` listing request findings (already redacted) in `errors`.
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
    let message = match status {
        404 => format!(
            "no resource of `{operation_id}` has this path: its parameters break the spec in \
             {places}; see `errors` (`/<name>` of each path parameter)"
        ),
        400 => format!(
            "the request body of `{operation_id}` cannot be read as sent ({places}); see `errors`"
        ),
        _ => format!(
            "the request breaks the spec of `{operation_id}` in {places}; see `errors` \
             (pointers into the body, or `/<name>` of a query or path parameter)"
        ),
    };
    let mut body = api_error_body(status, &message);
    body["errors"] = Value::Array(errors);
    Reply::json(status, JSON, &body)
}

/// An `ApiError` with one entry in `errors`: a place in the body and why it is refused.
pub(crate) fn body_error(status: u16, pointer: &str, keyword: &str, why: &str) -> Reply {
    let mut body = api_error_body(
        status,
        &format!("the request body cannot be kept as sent: {why}; see `errors`"),
    );
    body["errors"] = json!([{
        "location": "body",
        "pointer": pointer,
        "keyword": keyword,
        "message": why,
    }]);
    Reply::json(status, JSON, &body)
}
