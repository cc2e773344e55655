//! `oneOf` / `anyOf` / `allOf`: alternatives matched between OLD and NEW, and schemas that
//! gain or lose alternatives.

use serde_json::Value;
use vsee_spec::pointer;
use vsee_spec::schema_view::effective_ref;

use super::compare::SchemaDiff;
use super::node::{core, describe, field, Node};
use crate::effect::Effect;

impl SchemaDiff<'_> {
    /// `plain` has no oneOf/anyOf, `composed` has `kw`. `reversed`: `plain` is NEW (the schema
    /// lost its alternatives) rather than OLD.
    pub(super) fn became_composed(
        &mut self,
        plain: &Node,
        composed: &Node,
        kw: &str,
        at: &str,
        reversed: bool,
    ) {
        let doc = if reversed { self.old } else { self.new };
        let alternatives = composed
            .get(kw)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let plain_core = core(&plain.value);
        let found = alternatives.iter().position(|alt| {
            let (target, _) = doc.schema_view().resolve_at(alt, "");
            target.as_object().map(core).as_ref() == Some(&plain_core)
        });
        let (old_ptr, new_ptr) = if reversed {
            (composed.site(kw), plain.ptr.clone())
        } else {
            (plain.ptr.clone(), composed.site(kw))
        };
        match found {
            Some(i) => {
                let others: Vec<String> = alternatives
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, a)| describe(a))
                    .collect();
                if reversed {
                    self.push(
                        "alternatives-removed",
                        at,
                        Effect::Narrow,
                        format!(
                            "no longer a `{kw}`: only {} remains; {} no longer accepted",
                            describe(&Value::Object(plain.value.clone())),
                            others.join(", ")
                        ),
                        Some(old_ptr),
                        Some(new_ptr),
                    );
                } else {
                    self.push(
                        "alternatives-added",
                        at,
                        Effect::Widen,
                        format!("now a `{kw}` that also accepts {}", others.join(", ")),
                        Some(old_ptr),
                        Some(new_ptr),
                    );
                }
            }
            None => {
                let message = if reversed {
                    format!(
                        "changed from a `{kw}` of {} alternatives to {}",
                        alternatives.len(),
                        describe(&Value::Object(plain.value.clone()))
                    )
                } else {
                    format!(
                        "changed from {} to a `{kw}` of {} alternatives, none of them the old schema",
                        describe(&Value::Object(plain.value.clone())),
                        alternatives.len()
                    )
                };
                self.push(
                    "type-changed",
                    at,
                    Effect::Incompatible,
                    message,
                    Some(old_ptr),
                    Some(new_ptr),
                );
            }
        }
    }

    pub(super) fn compare_compositions(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        // oneOf <-> anyOf on both sides.
        let (ok, nk) = (
            ["oneOf", "anyOf"].into_iter().find(|k| o.get(k).is_some()),
            ["oneOf", "anyOf"].into_iter().find(|k| n.get(k).is_some()),
        );
        if let (Some(a), Some(b)) = (ok, nk) {
            if a != b {
                // anyOf accepts whatever oneOf accepts (and values matching several alternatives).
                let effect = if b == "anyOf" {
                    Effect::Widen
                } else {
                    Effect::Narrow
                };
                self.push(
                    "composition-changed",
                    at,
                    effect,
                    format!("`{a}` became `{b}`"),
                    Some(o.site(a)),
                    Some(n.site(b)),
                );
            }
            self.compare_alternatives(o, a, n, b, at, depth, false);
        }
        if o.get("allOf").is_some() || n.get("allOf").is_some() {
            self.compare_alternatives(o, "allOf", n, "allOf", at, depth, true);
        }
        match (o.get("not"), n.get("not")) {
            (a, b) if a == b => {}
            (_, b) => self.push(
                "not-changed",
                at,
                Effect::Incompatible,
                if b.is_some() {
                    "`not` changed".to_owned()
                } else {
                    "`not` removed".to_owned()
                },
                Some(o.site("not")),
                Some(n.site("not")),
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn compare_alternatives(
        &mut self,
        o: &Node,
        okw: &str,
        n: &Node,
        nkw: &str,
        at: &str,
        depth: usize,
        all: bool,
    ) {
        let empty = Vec::new();
        let a = o.get(okw).and_then(Value::as_array).unwrap_or(&empty);
        let b = n.get(nkw).and_then(Value::as_array).unwrap_or(&empty);
        let (pairs, gone, fresh) = match_alternatives(a, b);
        let at_alt = |kw: &str, i: usize| field(at, &format!("{kw}[{i}]"));
        for (i, j) in pairs {
            let op = pointer::push(&o.site(okw), &i.to_string());
            let np = pointer::push(&n.site(nkw), &j.to_string());
            self.compare_depth(&a[i], &op, &b[j], &np, &at_alt(nkw, j), depth + 1);
        }
        for i in gone {
            self.push(
                "alternative-removed",
                &at_alt(okw, i),
                if all { Effect::Widen } else { Effect::Narrow },
                if all {
                    format!("`allOf` member {} removed", describe(&a[i]))
                } else {
                    format!("`{okw}` alternative {} removed", describe(&a[i]))
                },
                Some(pointer::push(&o.site(okw), &i.to_string())),
                Some(n.site(nkw)),
            );
        }
        for j in fresh {
            self.push(
                "alternative-added",
                &at_alt(nkw, j),
                if all { Effect::Narrow } else { Effect::Widen },
                if all {
                    format!("`allOf` member {} added", describe(&b[j]))
                } else {
                    format!("`{nkw}` alternative {} added", describe(&b[j]))
                },
                Some(o.site(okw)),
                Some(pointer::push(&n.site(nkw), &j.to_string())),
            );
        }
    }
}

/// A test of whether two alternatives are the same one.
pub(super) type Same = dyn Fn(&Value, &Value) -> bool;

/// Pairs up the alternatives of two `oneOf`/`anyOf`/`allOf` lists: identical ones, then the
/// same `$ref`, then the same `type` in order, then a lone leftover on each side. Returns the
/// pairs, the OLD indexes left over (removed) and the NEW ones (added).
pub(super) fn match_alternatives(
    a: &[Value],
    b: &[Value],
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut left: Vec<usize> = (0..a.len()).collect();
    let mut right: Vec<usize> = (0..b.len()).collect();
    let passes: [&Same; 3] = [
        &|x, y| x == y,
        &|x, y| effective_ref(x).is_some() && effective_ref(x) == effective_ref(y),
        &|x, y| {
            effective_ref(x).is_none()
                && effective_ref(y).is_none()
                && x.get("type").is_some()
                && x.get("type") == y.get("type")
        },
    ];
    for same in passes {
        let mut i = 0;
        while i < left.len() {
            if let Some(k) = right.iter().position(|&j| same(&a[left[i]], &b[j])) {
                pairs.push((left[i], right[k]));
                left.remove(i);
                right.remove(k);
            } else {
                i += 1;
            }
        }
    }
    if left.len() == 1 && right.len() == 1 {
        pairs.push((left[0], right[0]));
        left.clear();
        right.clear();
    }
    pairs.sort_unstable();
    (pairs, left, right)
}
