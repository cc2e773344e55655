//! Responses of an operation, by status.

use serde_json::{Map, Value};
use vsee_spec::pointer;

use super::context::{op_scope, Cx, Entry};
use super::op_table::Op;
use super::usage::same_component;
use crate::impact::impact;
use crate::model::{Direction, Level};

/// Is response status `status` covered by another key of `keys` (`4XX`, `default`)?
pub(super) fn covered(status: &str, keys: &[&String]) -> Option<String> {
    if keys.iter().any(|k| k.as_str() == "default") {
        return Some("default".to_owned());
    }
    let first = status.chars().next()?;
    if status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()) {
        let range = format!("{first}XX");
        if keys.iter().any(|k| k.eq_ignore_ascii_case(&range)) {
            return Some(range);
        }
    }
    None
}

impl<'a> Cx<'a> {
    pub(super) fn operation_responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Response, true);
        let empty = Map::new();
        let ar = o
            .raw
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let br = n
            .raw
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (arp, brp) = (
            pointer::push(&o.ptr, "responses"),
            pointer::push(&n.ptr, "responses"),
        );
        let (od, nd) = (self.old, self.new);
        for (status, a) in ar {
            let ap = pointer::push(&arp, status);
            match br.get(status) {
                Some(b) => {
                    if same_component(a, b) {
                        continue;
                    }
                    let bp = pointer::push(&brp, status);
                    let (a, ap) = od.schema_view().resolve_at(a, &ap);
                    let (b, bp) = nd.schema_view().resolve_at(b, &bp);
                    let sub = scope.with_at(format!("response {status}"));
                    self.compare_content(a, &ap, b, &bp, &sub, Direction::Response);
                }
                None => self.push(Entry {
                    kind: "response-status-removed",
                    scope: &scope,
                    at: format!("response {status}"),
                    message: format!("response `{status}` removed"),
                    old: Some(ap),
                    new: None,
                    api: impact(
                        Level::Additive,
                        "the server promises fewer outcomes; a client built for OLD handles a subset of what it knows",
                    ),
                    schemas: impact(Level::Breaking, "its response schema is no longer published"),
                }),
            }
        }
        let old_keys: Vec<&String> = ar.keys().collect();
        for status in br.keys() {
            if ar.contains_key(status) {
                continue;
            }
            let api = match covered(status, &old_keys) {
                Some(range) => impact(
                    Level::Additive,
                    format!("OLD already allowed it through `{range}`; its body is now described on its own"),
                ),
                None => impact(
                    Level::Breaking,
                    "a client built for OLD does not expect this status and treats it as an unexpected response",
                ),
            };
            self.push(Entry {
                kind: "response-status-added",
                scope: &scope,
                at: format!("response {status}"),
                message: format!("response `{status}` added"),
                old: None,
                new: Some(pointer::push(&brp, status)),
                api,
                schemas: impact(Level::Additive, "a new response schema is published"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_coverage() {
        let keys = ["200".to_owned(), "4XX".to_owned()];
        let refs: Vec<&String> = keys.iter().collect();
        assert_eq!(covered("404", &refs).as_deref(), Some("4XX"));
        assert_eq!(covered("201", &refs), None);
    }
}
