//! What every part of the comparison shares: the two specs, the usage maps, the changes
//! found so far, and the scope a change is reported in.

use std::collections::BTreeSet;

use serde_json::Value;
use vsee_spec::Spec;

use super::op_table::Op;
use super::usage::UsageMap;
use crate::effect::RawChange;
use crate::impact::{api_impact, operation_list, schemas_impact};
use crate::model::{Change, Direction, Impact, Level, Site, Usage};
use crate::schema_compare::SchemaDiff;

/// Where and for whom a group of schema changes counts.
pub(super) struct Scope {
    pub(super) subject: String,
    pub(super) at: String,
    pub(super) uses: Vec<Usage>,
    pub(super) published: bool,
}

impl Scope {
    pub(super) fn at(&self, more: &str) -> String {
        match (self.at.is_empty(), more.is_empty()) {
            (_, true) => self.at.clone(),
            (true, false) => more.to_owned(),
            (false, false) => format!("{}: {more}", self.at),
        }
    }

    pub(super) fn with_at(&self, at: String) -> Scope {
        Scope {
            subject: self.subject.clone(),
            at,
            uses: self.uses.clone(),
            published: self.published,
        }
    }

    pub(super) fn api_level(&self, request: Level, response: Level) -> Level {
        self.uses
            .iter()
            .map(|u| match u.direction {
                Direction::Request => request,
                Direction::Response => response,
            })
            .max()
            .unwrap_or(Level::None)
    }

    pub(super) fn ops(&self) -> String {
        let names: BTreeSet<&str> = self.uses.iter().map(|u| u.operation.as_str()).collect();
        operation_list(names)
    }
}

pub(super) struct Cx<'a> {
    pub(super) old: &'a Spec,
    pub(super) new: &'a Spec,
    pub(super) old_uses: UsageMap,
    pub(super) new_uses: UsageMap,
    pub(super) changes: Vec<Change>,
}

/// What a change is, before its sites are located.
pub(super) struct Entry<'s> {
    pub(super) kind: &'s str,
    pub(super) scope: &'s Scope,
    pub(super) at: String,
    pub(super) message: String,
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
    pub(super) api: Impact,
    pub(super) schemas: Impact,
}

impl<'a> Cx<'a> {
    pub(super) fn site(spec: &Spec, ptr: Option<String>) -> Option<Site> {
        ptr.map(|pointer| Site {
            location: spec.locate(&pointer).to_string(),
            pointer,
        })
    }

    pub(super) fn push(&mut self, e: Entry<'_>) {
        self.changes.push(Change {
            kind: e.kind.to_owned(),
            subject: e.scope.subject.clone(),
            at: e.at,
            message: e.message,
            old: Self::site(self.old, e.old),
            new: Self::site(self.new, e.new),
            used_by: e.scope.uses.clone(),
            api: e.api,
            schemas: e.schemas,
        });
    }

    pub(super) fn push_schema_changes(&mut self, raws: Vec<RawChange>, scope: &Scope) {
        for r in raws {
            self.push(Entry {
                kind: r.kind,
                scope,
                at: scope.at(&r.at),
                message: r.message,
                old: r.old_ptr,
                new: r.new_ptr,
                api: api_impact(r.effect, &scope.uses),
                schemas: schemas_impact(r.effect, scope.published),
            });
        }
    }

    pub(super) fn compare_schema(&mut self, o: (&Value, &str), n: (&Value, &str), scope: &Scope) {
        let mut d = SchemaDiff::new(self.old, self.new);
        d.compare(o.0, o.1, n.0, n.1, "");
        let raws = std::mem::take(&mut d.out);
        self.push_schema_changes(raws, scope);
    }

    pub(super) fn uses_of(&self, component: &str) -> Vec<Usage> {
        let mut all: BTreeSet<Usage> = BTreeSet::new();
        for map in [&self.old_uses, &self.new_uses] {
            if let Some(u) = map.get(component) {
                all.extend(u.iter().cloned());
            }
        }
        all.into_iter().collect()
    }
}

pub(super) fn required(v: &Value) -> bool {
    v.get("required").and_then(Value::as_bool).unwrap_or(false)
}

pub(super) fn op_scope(op: &Op<'_>, direction: Direction, published: bool) -> Scope {
    Scope {
        subject: op.subject(),
        at: String::new(),
        uses: vec![Usage {
            operation: op.label.clone(),
            direction,
        }],
        published,
    }
}
