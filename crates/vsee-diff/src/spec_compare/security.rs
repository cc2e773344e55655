//! `security`: the credentials each operation needs.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use vsee_spec::{pointer, Spec};

use super::context::{op_scope, Cx, Entry, Scope};
use super::op_table::{operations, Op};
use crate::impact::impact;
use crate::model::{Direction, Level, Usage};

/// Security requirement alternatives: each a set of scheme names that must all be sent.
pub(super) fn requirements(v: Option<&Value>) -> Option<Vec<BTreeSet<String>>> {
    let list = v?.as_array()?;
    Some(
        list.iter()
            .map(|alt| {
                alt.as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            })
            .collect(),
    )
}

pub(super) fn show_requirements(alts: &[BTreeSet<String>]) -> String {
    if alts.is_empty() {
        return "none".to_owned();
    }
    alts.iter()
        .map(|a| {
            if a.is_empty() {
                "anonymous".to_owned()
            } else {
                a.iter().cloned().collect::<Vec<_>>().join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Compares two requirement lists; `None` when equal.
pub(super) fn compare_requirements(
    old: &[BTreeSet<String>],
    new: &[BTreeSet<String>],
) -> Option<(Level, String)> {
    let norm = |alts: &[BTreeSet<String>]| -> BTreeSet<BTreeSet<String>> {
        if alts.is_empty() {
            [BTreeSet::new()].into_iter().collect()
        } else {
            alts.iter().cloned().collect()
        }
    };
    let (o, n) = (norm(old), norm(new));
    if o == n {
        return None;
    }
    // A client built for OLD sends the credentials of one OLD alternative; it still gets in
    // when some NEW alternative needs no more than that.
    let lost: Vec<&BTreeSet<String>> = o
        .iter()
        .filter(|a| !n.iter().any(|b| b.is_subset(a)))
        .collect();
    let change = format!(
        "security requirements changed from {} to {}",
        show_requirements(old),
        show_requirements(new)
    );
    if lost.is_empty() {
        Some((
            Level::Additive,
            format!("{change}; every way to authenticate that OLD accepted is still accepted"),
        ))
    } else {
        let lost: Vec<String> = lost
            .iter()
            .map(|a| show_requirements(std::slice::from_ref(*a)))
            .collect();
        Some((
            Level::Breaking,
            format!(
                "{change}; clients that authenticate with {} are refused",
                lost.join(" or ")
            ),
        ))
    }
}

impl<'a> Cx<'a> {
    pub(super) fn effective_security(spec: &Spec, op: &Op<'_>) -> Vec<BTreeSet<String>> {
        requirements(op.raw.get("security"))
            .or_else(|| requirements(spec.document().get("security")))
            .unwrap_or_default()
    }

    pub(super) fn security(&mut self, pairs: &[(Op<'a>, Op<'a>)]) {
        self.global_security(pairs);
        self.operation_security(pairs);
        self.security_schemes();
    }

    /// Global requirements: reported once, for the operations that inherit them.
    fn global_security(&mut self, pairs: &[(Op<'a>, Op<'a>)]) {
        let og = requirements(self.old.document().get("security")).unwrap_or_default();
        let ng = requirements(self.new.document().get("security")).unwrap_or_default();
        let Some((level, message)) = compare_requirements(&og, &ng) else {
            return;
        };
        let uses: Vec<Usage> = pairs
            .iter()
            .filter(|(o, n)| o.raw.get("security").is_none() && n.raw.get("security").is_none())
            .map(|(_, n)| Usage {
                operation: n.label.clone(),
                direction: Direction::Request,
            })
            .collect();
        let scope = Scope {
            subject: "security (global)".to_owned(),
            at: String::new(),
            uses,
            published: false,
        };
        let level = if scope.uses.is_empty() {
            Level::None
        } else {
            level
        };
        let reason = if scope.uses.is_empty() {
            "every operation states its own requirements".to_owned()
        } else {
            format!("for {}: {message}", scope.ops())
        };
        self.push(Entry {
            kind: "security-changed",
            scope: &scope,
            at: String::new(),
            message,
            old: Some("/security".to_owned()),
            new: Some("/security".to_owned()),
            api: impact(level, reason),
            schemas: not_in_schemas(),
        });
    }

    /// Per-operation requirements that override the global ones on either side.
    fn operation_security(&mut self, pairs: &[(Op<'a>, Op<'a>)]) {
        let site = |op: &Op<'_>| {
            if op.raw.get("security").is_some() {
                pointer::push(&op.ptr, "security")
            } else {
                "/security".to_owned()
            }
        };
        for (o, n) in pairs {
            if o.raw.get("security").is_none() && n.raw.get("security").is_none() {
                continue;
            }
            let (a, b) = (
                Self::effective_security(self.old, o),
                Self::effective_security(self.new, n),
            );
            if let Some((level, message)) = compare_requirements(&a, &b) {
                let scope = op_scope(n, Direction::Request, false);
                self.push(Entry {
                    kind: "security-changed",
                    scope: &scope,
                    at: "security".to_owned(),
                    message: message.clone(),
                    old: Some(site(o)),
                    new: Some(site(n)),
                    api: impact(level, message),
                    schemas: not_in_schemas(),
                });
            }
        }
    }

    /// Scheme definitions: removed, changed (beyond descriptions and extensions), added.
    fn security_schemes(&mut self) {
        let (os, ns) = (schemes(self.old), schemes(self.new));
        for (name, a) in &os {
            match ns.get(name) {
                None => self.scheme_removed(name),
                Some(b) if without_docs(a) != without_docs(b) => self.scheme_changed(name, a, b),
                Some(_) => {}
            }
        }
        for name in ns.keys().filter(|name| !os.contains_key(*name)) {
            let scope = scheme_scope(name, Vec::new());
            self.push(Entry {
                kind: "security-scheme-added",
                scope: &scope,
                at: String::new(),
                message: format!("security scheme `{name}` added"),
                old: None,
                new: Some(scheme_pointer(name)),
                api: impact(
                    Level::Additive,
                    "a new way to authenticate is documented; requirements that use it are reported where they change",
                ),
                schemas: not_in_schemas(),
            });
        }
    }

    fn scheme_removed(&mut self, name: &str) {
        let scope = scheme_scope(name, scheme_users(self.old, name));
        let api = if scope.uses.is_empty() {
            impact(Level::None, "no operation of OLD used it")
        } else {
            impact(
                Level::Breaking,
                format!("{} authenticated with it in OLD", scope.ops()),
            )
        };
        self.push(Entry {
            kind: "security-scheme-removed",
            scope: &scope,
            at: String::new(),
            message: format!("security scheme `{name}` removed"),
            old: Some(scheme_pointer(name)),
            new: None,
            api,
            schemas: not_in_schemas(),
        });
    }

    fn scheme_changed(&mut self, name: &str, a: &Value, b: &Value) {
        let mut ops = scheme_users(self.old, name);
        ops.extend(scheme_users(self.new, name));
        ops.sort();
        ops.dedup();
        let scope = scheme_scope(name, ops);
        let api = if scope.uses.is_empty() {
            impact(Level::None, "no operation uses it")
        } else {
            impact(
                Level::Breaking,
                format!(
                    "clients of {} send credentials the way OLD describes it",
                    scope.ops()
                ),
            )
        };
        self.push(Entry {
            kind: "security-scheme-changed",
            scope: &scope,
            at: String::new(),
            message: format!(
                "security scheme `{name}` changed from {} to {}",
                without_docs(a),
                without_docs(b)
            ),
            old: Some(scheme_pointer(name)),
            new: Some(scheme_pointer(name)),
            api,
            schemas: not_in_schemas(),
        });
    }
}

fn not_in_schemas() -> crate::model::Impact {
    impact(
        Level::None,
        "security is not part of the published JSON Schemas",
    )
}

/// The security schemes a spec defines.
fn schemes(spec: &Spec) -> Map<String, Value> {
    spec.document()
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn scheme_pointer(name: &str) -> String {
    pointer::push("/components/securitySchemes", name)
}

/// The operations of a spec that may authenticate with a scheme.
fn scheme_users(spec: &Spec, name: &str) -> Vec<String> {
    operations(spec)
        .iter()
        .filter(|op| {
            Cx::effective_security(spec, op)
                .iter()
                .any(|alt| alt.contains(name))
        })
        .map(|op| op.label.clone())
        .collect()
}

fn scheme_scope(name: &str, ops: Vec<String>) -> Scope {
    Scope {
        subject: format!("security scheme {name}"),
        at: String::new(),
        uses: ops
            .into_iter()
            .map(|operation| Usage {
                operation,
                direction: Direction::Request,
            })
            .collect(),
        published: false,
    }
}

/// A scheme without what changes no client: its description and extensions.
fn without_docs(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.retain(|k, _| k != "description" && !k.starts_with("x-"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_requirements() {
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let both = vec![set(&["ApiToken", "AccountCode"])];
        // Needing less is fine, needing more is not.
        assert_eq!(
            compare_requirements(&both, &[set(&["ApiToken"])]).map(|x| x.0),
            Some(Level::Additive)
        );
        assert_eq!(
            compare_requirements(&[set(&["ApiToken"])], &both).map(|x| x.0),
            Some(Level::Breaking)
        );
        assert_eq!(compare_requirements(&both, &both), None);
        // No security at all, then some: breaking; the reverse: additive.
        assert_eq!(
            compare_requirements(&[], &both).map(|x| x.0),
            Some(Level::Breaking)
        );
        assert_eq!(
            compare_requirements(&both, &[]).map(|x| x.0),
            Some(Level::Additive)
        );
        // A new alternative: additive.
        assert_eq!(
            compare_requirements(&both, &[both[0].clone(), set(&["ApiKey"])]).map(|x| x.0),
            Some(Level::Additive)
        );
    }
}
