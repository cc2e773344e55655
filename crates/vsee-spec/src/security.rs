//! The spec's security schemes, and the request header that carries each one's credential:
//! what the mock demands and what a recording never keeps are read here, the one way.

use serde_json::Value;

use crate::loader::Spec;

/// The header a security scheme is sent in: an `apiKey` `in: header` names it; `http`,
/// `oauth2` and `openIdConnect` send `Authorization`; an `apiKey` in a query or a cookie, or
/// an unknown type, has none.
pub fn scheme_header(scheme: &Value) -> Option<&str> {
    match scheme.get("type").and_then(Value::as_str)? {
        "apiKey" if scheme.get("in").and_then(Value::as_str) == Some("header") => {
            scheme.get("name").and_then(Value::as_str)
        }
        "http" | "oauth2" | "openIdConnect" => Some("Authorization"),
        _ => None,
    }
}

/// The spec's security schemes (`components.securitySchemes`) by name, `$ref`s followed, in
/// the spec's order.
pub fn schemes(spec: &Spec) -> Vec<(&str, &Value)> {
    spec.document()
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|schemes| {
            schemes
                .iter()
                .map(|(name, scheme)| (name.as_str(), spec.deref(scheme).0))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_kind_of_scheme_names_its_header() {
        for (scheme, header) in [
            (
                json!({"type": "apiKey", "in": "header", "name": "X-ApiToken"}),
                Some("X-ApiToken"),
            ),
            (
                json!({"type": "apiKey", "in": "query", "name": "token"}),
                None,
            ),
            (
                json!({"type": "apiKey", "in": "cookie", "name": "sid"}),
                None,
            ),
            (
                json!({"type": "http", "scheme": "bearer"}),
                Some("Authorization"),
            ),
            (json!({"type": "oauth2"}), Some("Authorization")),
            (json!({"type": "openIdConnect"}), Some("Authorization")),
            (json!({"type": "mutualTLS"}), None),
        ] {
            assert_eq!(scheme_header(&scheme), header, "{scheme}");
        }
    }

    #[test]
    fn the_spec_declares_its_four_header_schemes() {
        let spec = crate::embedded().unwrap();
        let headers: Vec<&str> = schemes(&spec)
            .into_iter()
            .filter_map(|(_, scheme)| scheme_header(scheme))
            .collect();
        for expected in ["X-ApiToken", "X-AccountCode", "X-ApiKey", "X-ApiSecret"] {
            assert!(headers.contains(&expected), "{headers:?}");
        }
    }
}
