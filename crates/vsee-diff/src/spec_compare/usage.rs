//! Which operations use each component, in which direction.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use vsee_spec::{pointer, walk, Spec};

use super::op_table::operations;
use crate::model::{Direction, Usage};

/// Which operations reach each component (`/components/<kind>/<name>`), and how.
pub(super) type UsageMap = BTreeMap<String, BTreeSet<Usage>>;

/// `/components/<kind>/<name>` when `pointer` is inside a component, with the kind and name.
pub(super) fn component_of(pointer: &str) -> Option<(String, String, String)> {
    match pointer::tokens(pointer).as_slice() {
        [components, kind, name, ..] if components == "components" => Some((
            pointer::push(&pointer::push("/components", kind), name),
            kind.clone(),
            name.clone(),
        )),
        _ => None,
    }
}

/// Records `usage` for every component that `value` reaches through `$ref`s, following each
/// reference once (`seen`: the pointers already followed). A worklist rather than recursion,
/// so that no chain of references, however long, can exhaust the stack.
pub(super) fn mark_uses(
    doc: &Value,
    value: &Value,
    usage: &Usage,
    map: &mut UsageMap,
    seen: &mut BTreeSet<String>,
) {
    let mut work: Vec<&Value> = vec![value];
    while let Some(next) = work.pop() {
        // Structure only: a `$ref` inside an example or an extension is data, not a use.
        let mut refs = Vec::new();
        walk::each_ref(next, &mut |_, r| refs.push(r.to_owned()));
        for r in refs {
            let Some(p) = pointer::local_ref_pointer(&r) else {
                continue;
            };
            if let Some((component, _, _)) = component_of(&p) {
                map.entry(component).or_default().insert(usage.clone());
            }
            if let Some(target) = doc.pointer(&p) {
                if seen.insert(p) {
                    work.push(target);
                }
            }
        }
    }
}

pub(super) fn usage_map(spec: &Spec) -> UsageMap {
    let doc = spec.document();
    let mut map = UsageMap::new();
    for op in operations(spec) {
        let request = Usage {
            operation: op.label.clone(),
            direction: Direction::Request,
        };
        let response = Usage {
            operation: op.label.clone(),
            direction: Direction::Response,
        };
        let mut seen = BTreeSet::new();
        for owner in [op.item, op.raw] {
            if let Some(p) = owner.get("parameters") {
                mark_uses(doc, p, &request, &mut map, &mut seen);
            }
        }
        if let Some(b) = op.raw.get("requestBody") {
            mark_uses(doc, b, &request, &mut map, &mut seen);
        }
        let mut seen = BTreeSet::new();
        if let Some(r) = op.raw.get("responses") {
            mark_uses(doc, r, &response, &mut map, &mut seen);
        }
    }
    map
}

pub(super) fn same_component(a: &Value, b: &Value) -> bool {
    match (
        a.get("$ref").and_then(Value::as_str),
        b.get("$ref").and_then(Value::as_str),
    ) {
        (Some(x), Some(y)) if x == y => pointer::local_ref_pointer(x)
            .and_then(|p| component_of(&p).map(|(c, _, _)| c == p))
            .unwrap_or(false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_pointers() {
        assert_eq!(
            component_of("/components/schemas/Visit/properties/id"),
            Some((
                "/components/schemas/Visit".to_owned(),
                "schemas".to_owned(),
                "Visit".to_owned()
            ))
        );
        assert_eq!(
            component_of("/components/schemas/a~1b").map(|c| c.0),
            Some("/components/schemas/a~1b".to_owned())
        );
        assert_eq!(component_of("/components/schemas"), None);
        assert_eq!(component_of("/paths/x"), None);
    }
}
