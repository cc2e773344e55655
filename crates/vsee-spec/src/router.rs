//! Concrete request (method + URL or path) -> operation of the spec.
//!
//! Built once per spec and then only reads precomputed segment lists: no allocation beyond the
//! decoded segments and the returned match, no regex.
//!
//! Rules:
//! * a full URL (any scheme and host) or a bare path is accepted; query and fragment are split
//!   off, the query is parsed as `application/x-www-form-urlencoded`;
//! * a base path of one of the spec's `servers` (e.g. `/vc/next/api_v3`, or `/vc/{env}/api_v3`
//!   where a `{variable}` matches any one segment) is stripped; the path is also tried as it
//!   is, so a path already relative to the server matches;
//! * an optional `.json` suffix on the last segment is ignored (`/visits/7727.json` is
//!   `/visits/7727`); a path parameter never includes it;
//! * segments are percent-decoded after splitting, so `%2F` stays inside its segment; empty
//!   segments (`//`, a trailing `/`) are ignored;
//! * templates are ranked segment by segment, literal before partly templated before fully
//!   templated, then by fewer parameters: `/visits/close` and `/visits/current` beat
//!   `/visits/{id}`;
//! * the best-ranked template that matches the path decides: when it lacks the method the
//!   answer is [`RouteError::MethodNotAllowed`] (with its methods), rather than a fall-through
//!   to a less specific template that would misread `current` as an id.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use crate::loader::Spec;

/// A successful routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch {
    pub operation_id: String,
    /// Path template as written in the spec, e.g. `/visits/{id}`.
    pub template: String,
    /// Decoded path parameters in template order, e.g. `[("id", "7727")]`.
    pub path_params: Vec<(String, String)>,
    /// Decoded query parameters in request order.
    pub query: Vec<(String, String)>,
}

/// Why a request matched no operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error(
        "no operation of the spec matches path `{path}`; check the path against the spec's \
         `paths` (the server base path, e.g. `/vc/next/api_v3`, is stripped automatically)"
    )]
    NotFound { method: String, path: String },
    #[error(
        "{method} is not allowed on `{template}` (path `{path}`); the spec allows {}",
        allowed.join(", ")
    )]
    MethodNotAllowed {
        method: String,
        path: String,
        template: String,
        allowed: Vec<String>,
    },
}

#[derive(Debug, Clone)]
enum Seg {
    Literal(String),
    /// `{name}`: the whole segment.
    Param(String),
    /// Literal text mixed with parameters, e.g. `{id}.pdf` or `v{version}`.
    Mixed(Vec<Part>),
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Param(String),
}

#[derive(Debug)]
struct Template {
    path: String,
    segs: Vec<Seg>,
    /// Upper-case method -> operation id.
    methods: Vec<(String, String)>,
    /// Ranking key: 0 literal, 1 mixed, 2 param per segment.
    rank: Vec<u8>,
    params: usize,
}

/// Routes concrete requests to operations. Cheap to share (`&Router`) across threads.
#[derive(Debug)]
pub struct Router {
    /// Templates grouped by segment count, best-ranked first.
    by_len: HashMap<usize, Vec<Template>>,
    /// Server base paths, longest first; each a list of segment patterns.
    bases: Vec<Vec<Seg>>,
}

impl Router {
    pub fn new(spec: &Spec) -> Router {
        let mut templates: Vec<Template> = Vec::new();
        for op in spec.operations_ref() {
            match templates.iter_mut().find(|t| t.path == op.path) {
                Some(t) => t.methods.push((op.method.clone(), op.id.clone())),
                None => {
                    let segs: Vec<Seg> = split_template(&op.path);
                    let rank = segs
                        .iter()
                        .map(|s| match s {
                            Seg::Literal(_) => 0,
                            Seg::Mixed(_) => 1,
                            Seg::Param(_) => 2,
                        })
                        .collect();
                    let params = segs
                        .iter()
                        .map(|s| match s {
                            Seg::Literal(_) => 0,
                            Seg::Param(_) => 1,
                            Seg::Mixed(parts) => {
                                parts.iter().filter(|p| matches!(p, Part::Param(_))).count()
                            }
                        })
                        .sum();
                    templates.push(Template {
                        path: op.path.clone(),
                        segs,
                        methods: vec![(op.method.clone(), op.id.clone())],
                        rank,
                        params,
                    });
                }
            }
        }
        let mut by_len: HashMap<usize, Vec<Template>> = HashMap::new();
        for t in templates {
            by_len.entry(t.segs.len()).or_default().push(t);
        }
        for group in by_len.values_mut() {
            // Stable sort: equal ranks keep document order.
            group.sort_by(|a, b| match a.rank.cmp(&b.rank) {
                Ordering::Equal => a.params.cmp(&b.params),
                other => other,
            });
        }

        let mut bases: Vec<Vec<Seg>> = Vec::new();
        if let Some(servers) = spec.document().get("servers").and_then(Value::as_array) {
            for server in servers {
                let Some(url) = server.get("url").and_then(Value::as_str) else {
                    continue;
                };
                let segs = split_template(server_path(url));
                if !segs.is_empty() && !bases.iter().any(|b| same_segs(b, &segs)) {
                    bases.push(segs);
                }
            }
        }
        bases.sort_by_key(|b| std::cmp::Reverse(b.len()));
        Router { by_len, bases }
    }

    /// Finds the operation for `method` (any case) and a URL or path.
    pub fn route(&self, method: &str, url_or_path: &str) -> Result<RouteMatch, RouteError> {
        let (path, query) = split_url(url_or_path);
        // Borrowed unless a segment actually holds a percent escape.
        let segments: Vec<Cow<'_, str>> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy())
            .collect();

        let mut not_allowed: Option<RouteError> = None;
        let mut try_from = |start: usize| -> Option<Result<RouteMatch, RouteError>> {
            match self.match_path(method, &segments[start..], path) {
                Some(Ok(m)) => Some(Ok(m)),
                Some(Err(e)) => {
                    not_allowed.get_or_insert(e);
                    None
                }
                None => None,
            }
        };
        for base in &self.bases {
            if base.len() <= segments.len()
                && base
                    .iter()
                    .zip(&segments)
                    .all(|(seg, actual)| seg_matches(seg, actual, None))
            {
                if let Some(found) = try_from(base.len()) {
                    return found.map(|m| with_query(m, query));
                }
            }
        }
        if let Some(found) = try_from(0) {
            return found.map(|m| with_query(m, query));
        }
        Err(not_allowed.unwrap_or_else(|| RouteError::NotFound {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
        }))
    }

    /// `None`: no template matches the path; `Some(Err)`: the best template lacks the method.
    fn match_path(
        &self,
        method: &str,
        segments: &[Cow<'_, str>],
        full_path: &str,
    ) -> Option<Result<RouteMatch, RouteError>> {
        let group = self.by_len.get(&segments.len())?;
        for template in group {
            // Match first without allocating; capture parameters only for the winner.
            if !template_matches(template, segments, None) {
                continue;
            }
            let mut params = Vec::with_capacity(template.params);
            template_matches(template, segments, Some(&mut params));
            return Some(
                match template
                    .methods
                    .iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(method))
                {
                    Some((_, id)) => Ok(RouteMatch {
                        operation_id: id.clone(),
                        template: template.path.clone(),
                        path_params: params,
                        query: Vec::new(),
                    }),
                    None => Err(RouteError::MethodNotAllowed {
                        method: method.to_ascii_uppercase(),
                        path: full_path.to_owned(),
                        template: template.path.clone(),
                        allowed: template.methods.iter().map(|(m, _)| m.clone()).collect(),
                    }),
                },
            );
        }
        None
    }
}

fn template_matches(
    template: &Template,
    segments: &[Cow<'_, str>],
    mut params: Option<&mut Vec<(String, String)>>,
) -> bool {
    let last = segments.len().saturating_sub(1);
    template
        .segs
        .iter()
        .zip(segments)
        .enumerate()
        .all(|(i, (seg, actual))| {
            let actual: &str = actual;
            if i != last {
                return seg_matches(seg, actual, params.as_deref_mut());
            }
            let stripped = actual.strip_suffix(".json").filter(|s| !s.is_empty());
            match seg {
                // A literal may itself end in `.json`; try it as written first.
                Seg::Literal(lit) => lit == actual || stripped.is_some_and(|s| s == lit),
                _ => seg_matches(seg, stripped.unwrap_or(actual), params.as_deref_mut()),
            }
        })
}

fn with_query(mut m: RouteMatch, query: Option<&str>) -> RouteMatch {
    if let Some(q) = query {
        m.query = form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    }
    m
}

/// Splits a URL or a bare path into `(path, query)` exactly as [`Router::route`] reads it:
///
/// * the fragment (`#...`) is dropped, then the query is everything after the first `?`
///   (`None` when there is no `?`; `Some("")` for a trailing `?`), still percent-encoded;
/// * with a scheme (`https://host:443/a/b`), scheme and authority are dropped; a URL with no
///   path gives `/`;
/// * the path is returned as written: not percent-decoded, no base path stripped, no `.json`
///   suffix removed.
///
/// ```
/// use vsee_spec::router::split_url;
/// assert_eq!(
///     split_url("https://api.vseepreview.com/vc/next/api_v3/visits?page=2#top"),
///     ("/vc/next/api_v3/visits", Some("page=2"))
/// );
/// assert_eq!(split_url("https://api.vseepreview.com"), ("/", None));
/// assert_eq!(split_url("/visits/7727.json"), ("/visits/7727.json", None));
/// ```
pub fn split_url(url_or_path: &str) -> (&str, Option<&str>) {
    let url = url_or_path;
    let without_fragment = url.split_once('#').map_or(url, |(before, _)| before);
    let (before_query, query) = match without_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (without_fragment, None),
    };
    let path = match before_query.find("://") {
        Some(i) => {
            let after = &before_query[i + 3..];
            after.find('/').map_or("/", |j| &after[j..])
        }
        None => before_query,
    };
    (path, query)
}

/// The path part of a server URL (`https://{account}.vsee.me/api_v3` -> `/api_v3`).
fn server_path(url: &str) -> &str {
    split_url(url).0
}

fn split_template(path: &str) -> Vec<Seg> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(parse_seg)
        .collect()
}

fn parse_seg(seg: &str) -> Seg {
    if !seg.contains('{') {
        return Seg::Literal(seg.to_owned());
    }
    let mut parts = Vec::new();
    let mut rest = seg;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_owned()));
        }
        match rest[open..].find('}') {
            Some(close) => {
                parts.push(Part::Param(rest[open + 1..open + close].to_owned()));
                rest = &rest[open + close + 1..];
            }
            None => {
                // An unclosed brace is literal text.
                parts.push(Part::Text(rest[open..].to_owned()));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    match parts.as_slice() {
        [Part::Param(name)] => Seg::Param(name.clone()),
        _ if parts.iter().all(|p| matches!(p, Part::Text(_))) => Seg::Literal(seg.to_owned()),
        _ => Seg::Mixed(parts),
    }
}

fn same_segs(a: &[Seg], b: &[Seg]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Seg::Literal(x), Seg::Literal(y)) => x == y,
            (Seg::Param(_), Seg::Param(_)) => true,
            _ => false,
        })
}

/// Matches one decoded segment; pushes captured parameters when `params` is given.
fn seg_matches(seg: &Seg, actual: &str, params: Option<&mut Vec<(String, String)>>) -> bool {
    match seg {
        Seg::Literal(lit) => lit == actual,
        Seg::Param(name) => {
            if actual.is_empty() {
                return false;
            }
            if let Some(p) = params {
                p.push((name.clone(), actual.to_owned()));
            }
            true
        }
        Seg::Mixed(parts) => match match_parts(parts, actual) {
            Some(captured) => {
                if let Some(p) = params {
                    p.extend(captured);
                }
                true
            }
            None => false,
        },
    }
}

/// Matches `parts` against `actual`; each parameter takes the shortest non-empty text up to the
/// next literal part (the last one takes the rest).
fn match_parts(parts: &[Part], actual: &str) -> Option<Vec<(String, String)>> {
    let mut captured = Vec::new();
    let mut rest = actual;
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            Part::Text(t) => rest = rest.strip_prefix(t.as_str())?,
            Part::Param(name) => {
                let value = match parts.get(i + 1) {
                    Some(Part::Text(next)) => {
                        // Skip one char so the parameter is never empty.
                        let first = rest.chars().next()?.len_utf8();
                        let at = rest[first..].find(next.as_str())? + first;
                        let v = &rest[..at];
                        rest = &rest[at..];
                        v
                    }
                    // Two adjacent parameters cannot be split reliably; the first takes all.
                    _ => std::mem::take(&mut rest),
                };
                if value.is_empty() {
                    return None;
                }
                captured.push((name.clone(), value.to_owned()));
            }
        }
        i += 1;
    }
    rest.is_empty().then_some(captured)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_splitting() {
        assert_eq!(
            split_url("https://h.example/vc/next/api_v3/visits?x=1#f"),
            ("/vc/next/api_v3/visits", Some("x=1"))
        );
        assert_eq!(split_url("https://h.example"), ("/", None));
        assert_eq!(split_url("/visits"), ("/visits", None));
        assert_eq!(server_path("https://{account}.vsee.me/api_v3"), "/api_v3");
    }

    #[test]
    fn mixed_segments() {
        let seg = parse_seg("{id}.pdf");
        assert!(matches!(seg, Seg::Mixed(_)));
        let mut params = Vec::new();
        assert!(seg_matches(&seg, "12.pdf", Some(&mut params)));
        assert_eq!(params, vec![("id".to_owned(), "12".to_owned())]);
        assert!(!seg_matches(&seg, ".pdf", None));
        assert!(!seg_matches(&seg, "12.txt", None));
        assert!(matches!(parse_seg("{env}"), Seg::Param(_)));
        assert!(matches!(parse_seg("api_v3"), Seg::Literal(_)));
    }
}
