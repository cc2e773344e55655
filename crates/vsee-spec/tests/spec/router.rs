use crate::common::mini;
use vsee_spec::{RouteError, RouteMatch, Router};

fn router() -> Router {
    Router::new(&mini())
}

fn ok(router: &Router, method: &str, url: &str) -> RouteMatch {
    match router.route(method, url) {
        Ok(m) => m,
        Err(err) => panic!("{method} {url} must route: {err}"),
    }
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn literal_segments_beat_templates() {
    let r = router();
    let close = ok(&r, "POST", "/visits/close");
    assert_eq!(close.operation_id, "close_visit");
    assert_eq!(close.template, "/visits/close");
    assert!(close.path_params.is_empty());

    let current = ok(&r, "GET", "/visits/current");
    assert_eq!(current.operation_id, "get_current_visit");

    let visit = ok(&r, "GET", "/visits/7727");
    assert_eq!(visit.operation_id, "get_visit");
    assert_eq!(visit.template, "/visits/{id}");
    assert_eq!(visit.path_params, pairs(&[("id", "7727")]));

    let update = ok(&r, "POST", "/visits/7727");
    assert_eq!(update.operation_id, "update_appointment");
}

#[test]
fn full_url_with_server_base_and_json_suffix() {
    let r = router();
    let m = ok(
        &r,
        "GET",
        "https://api.vseepreview.com/vc/next/api_v3/visits/7727.json",
    );
    assert_eq!(m.operation_id, "get_visit");
    assert_eq!(m.path_params, pairs(&[("id", "7727")]));

    let m = ok(
        &r,
        "get",
        "https://api.vseepreview.com/vc/stable/api_v3/visits.json?page=2&q=a+b%26c",
    );
    assert_eq!(m.operation_id, "list_visits");
    assert_eq!(m.query, pairs(&[("page", "2"), ("q", "a b&c")]));

    // Account-specific host with a variable: only the base path matters.
    let m = ok(
        &r,
        "POST",
        "https://clinic42.vsee.me/api_v3/visits/close.json",
    );
    assert_eq!(m.operation_id, "close_visit");

    let m = ok(&r, "GET", "/api_v3/visits/12/exports/visit_summary");
    assert_eq!(m.operation_id, "export_visit_summary");
    assert_eq!(m.path_params, pairs(&[("id", "12")]));
}

#[test]
fn segments_are_percent_decoded_and_empty_ones_ignored() {
    let r = router();
    let m = ok(&r, "GET", "/visits/a%2Fb/");
    assert_eq!(m.path_params, pairs(&[("id", "a/b")]));
    let m = ok(&r, "GET", "//visits//77");
    assert_eq!(m.path_params, pairs(&[("id", "77")]));
    let m = ok(&r, "POST", "/visits/%63lose");
    assert_eq!(m.operation_id, "close_visit");
}

#[test]
fn unknown_path_is_not_found() {
    let r = router();
    match r.route(
        "GET",
        "https://api.vseepreview.com/vc/next/api_v3/patients/1",
    ) {
        Err(RouteError::NotFound { method, path }) => {
            assert_eq!(method, "GET");
            assert_eq!(path, "/vc/next/api_v3/patients/1");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(matches!(
        r.route("GET", ""),
        Err(RouteError::NotFound { .. })
    ));
    assert!(matches!(
        r.route("GET", "/"),
        Err(RouteError::NotFound { .. })
    ));
}

#[test]
fn wrong_method_lists_the_allowed_ones() {
    let r = router();
    match r.route("DELETE", "/visits/7727") {
        Err(err @ RouteError::MethodNotAllowed { .. }) => {
            let text = err.to_string();
            if let RouteError::MethodNotAllowed {
                method,
                template,
                allowed,
                ..
            } = err
            {
                assert_eq!(method, "DELETE");
                assert_eq!(template, "/visits/{id}");
                assert_eq!(allowed, ["GET", "POST"]);
            }
            assert!(text.contains("allows GET, POST"), "{text}");
        }
        other => panic!("expected MethodNotAllowed, got {other:?}"),
    }
    // The most specific template decides: GET on /visits/close is not get_visit(id=close).
    match r.route("GET", "/visits/close") {
        Err(RouteError::MethodNotAllowed { allowed, .. }) => assert_eq!(allowed, ["POST"]),
        other => panic!("expected MethodNotAllowed, got {other:?}"),
    }
}

#[test]
fn router_on_a_spec_with_relative_server_and_mixed_segments() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n  - url: /vc/{env}/api_v3\npaths:\n  /files/{name}.pdf:\n    get:\n      operationId: get_pdf\n      responses: {}\n  /files/{name}:\n    get:\n      operationId: get_file\n      responses: {}\n";
    let spec = vsee_spec::load_str("t.yaml", text).expect("loads");
    let r = Router::new(&spec);
    let m = ok(&r, "GET", "/vc/preview/api_v3/files/report.pdf");
    assert_eq!(m.operation_id, "get_pdf");
    assert_eq!(m.path_params, pairs(&[("name", "report")]));
    let m = ok(&r, "GET", "/vc/preview/api_v3/files/report.txt");
    assert_eq!(m.operation_id, "get_file");
    // Without the server base too.
    assert_eq!(ok(&r, "GET", "/files/x").operation_id, "get_file");
}

#[test]
fn shared_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Router>();
    check::<vsee_spec::Spec>();
    check::<vsee_spec::SchemaSet>();
    check::<vsee_spec::SpecError>();
    check::<RouteError>();
}

#[test]
fn split_url_is_public() {
    use vsee_spec::router::split_url;
    assert_eq!(
        split_url("https://api.vseepreview.com/vc/next/api_v3/visits/7727.json?a=1&b=%20#frag"),
        ("/vc/next/api_v3/visits/7727.json", Some("a=1&b=%20"))
    );
    assert_eq!(split_url("/visits?"), ("/visits", Some("")));
    assert_eq!(split_url("http://host:8080"), ("/", None));
}
