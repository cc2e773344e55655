//! Operations: matched between OLD and NEW, added, removed, and compared one by one.

use serde_json::Value;
use vsee_spec::pointer;

use super::context::{op_scope, Cx, Entry};
use super::op_table::{operations, Op};
use crate::impact::impact;
use crate::model::{Direction, Level};

/// A test of whether two operations are the same one.
pub(super) type SameOp = dyn Fn(&Op<'_>, &Op<'_>) -> bool;

impl<'a> Cx<'a> {
    pub(super) fn operations(&mut self) -> Vec<(Op<'a>, Op<'a>)> {
        let mut olds: Vec<Option<Op<'a>>> = operations(self.old).into_iter().map(Some).collect();
        let mut news: Vec<Option<Op<'a>>> = operations(self.new).into_iter().map(Some).collect();
        let mut pairs = Vec::new();
        // Same method and path shape first, then the same operation id (a moved operation).
        let keys: [&SameOp; 2] = [
            &|a, b| a.method == b.method && a.shape == b.shape,
            &|a, b| !a.id.is_empty() && a.id == b.id,
        ];
        for same in keys {
            for o in olds.iter_mut() {
                let Some(op) = o.as_ref() else { continue };
                let Some(slot) = news
                    .iter_mut()
                    .find(|n| n.as_ref().is_some_and(|n| same(op, n)))
                else {
                    continue;
                };
                if let (Some(a), Some(b)) = (o.take(), slot.take()) {
                    pairs.push((a, b));
                }
            }
        }
        for o in olds.into_iter().flatten() {
            let scope = op_scope(&o, Direction::Request, true);
            self.push(Entry {
                kind: "operation-removed",
                scope: &scope,
                at: String::new(),
                message: format!("{} {} removed", o.method, o.path),
                old: Some(o.ptr.clone()),
                new: None,
                api: impact(
                    Level::Breaking,
                    "clients built for OLD call an operation NEW no longer has",
                ),
                schemas: impact(
                    Level::Breaking,
                    "its request and response schemas are no longer published",
                ),
            });
        }
        for n in news.into_iter().flatten() {
            let scope = op_scope(&n, Direction::Request, true);
            self.push(Entry {
                kind: "operation-added",
                scope: &scope,
                at: String::new(),
                message: format!("{} {} added", n.method, n.path),
                old: None,
                new: Some(n.ptr.clone()),
                api: impact(
                    Level::Additive,
                    "a new operation; existing calls are unaffected",
                ),
                schemas: impact(
                    Level::Additive,
                    "new request and response schemas are published",
                ),
            });
        }
        for (o, n) in &pairs {
            self.operation(o, n);
        }
        pairs
    }

    pub(super) fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Request, false);
        if o.method != n.method || o.path != n.path {
            let path_only_names = o.method == n.method && o.shape == n.shape;
            let (kind, api) = if path_only_names {
                (
                    "path-parameter-renamed",
                    impact(
                        Level::None,
                        "only the names of path parameters changed; URLs are the same",
                    ),
                )
            } else {
                (
                    "operation-moved",
                    impact(
                        Level::Breaking,
                        format!(
                            "clients built for OLD call {} {}, which NEW no longer serves",
                            o.method, o.path
                        ),
                    ),
                )
            };
            self.push(Entry {
                kind,
                scope: &scope,
                at: String::new(),
                message: format!("{} {} became {} {}", o.method, o.path, n.method, n.path),
                old: Some(o.ptr.clone()),
                new: Some(n.ptr.clone()),
                api,
                schemas: impact(
                    Level::None,
                    "the published schemas are keyed by operation id, not by method and path",
                ),
            });
        }
        if o.id != n.id {
            self.push(Entry {
                kind: "operation-id-changed",
                scope: &scope,
                at: String::new(),
                message: format!("operationId `{}` became `{}`", o.id, n.id),
                old: Some(pointer::push(&o.ptr, "operationId")),
                new: Some(pointer::push(&n.ptr, "operationId")),
                api: impact(Level::None, "operation ids are not sent on the wire"),
                schemas: impact(
                    Level::Breaking,
                    "the published index and schema files are keyed by operation id",
                ),
            });
        }
        let flag = |op: &Op<'_>| {
            op.raw
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        if flag(o) != flag(n) {
            self.push(Entry {
                kind: "operation-deprecated",
                scope: &scope,
                at: String::new(),
                message: format!("`deprecated` changed from {} to {}", flag(o), flag(n)),
                old: Some(o.ptr.clone()),
                new: Some(n.ptr.clone()),
                api: impact(
                    Level::None,
                    "a deprecation is a notice; the operation still works",
                ),
                schemas: impact(Level::None, "validation does not change"),
            });
        }
        self.operation_parameters(o, n, &scope);
        self.operation_body(o, n);
        self.operation_responses(o, n);
    }
}
