//! The operation table of one spec as the comparison reads it ([`Op`]: id, method, path, raw
//! JSON), and the shape of a path template.

use serde_json::Value;
use vsee_spec::Spec;

/// One operation as read from a spec.
pub(super) struct Op<'a> {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) method: String,
    pub(super) path: String,
    /// Path with parameter names erased: `/visits/{}`.
    pub(super) shape: String,
    pub(super) ptr: String,
    pub(super) raw: &'a Value,
    pub(super) item_ptr: String,
    pub(super) item: &'a Value,
}

impl Op<'_> {
    pub(super) fn subject(&self) -> String {
        if self.id.is_empty() {
            format!("operation {} {}", self.method, self.path)
        } else {
            format!("operation {} ({} {})", self.id, self.method, self.path)
        }
    }
}

pub(super) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn path_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

pub(super) fn operations(spec: &Spec) -> Vec<Op<'_>> {
    let doc = spec.document();
    spec.operations()
        .into_iter()
        .filter_map(|op| {
            let raw = doc.pointer(&op.pointer)?;
            let item_ptr = op.pointer.rsplit_once('/').map(|(p, _)| p.to_owned())?;
            let item = doc.pointer(&item_ptr)?;
            let label = if op.id.is_empty() {
                format!("{} {}", op.method, op.path)
            } else {
                op.id.clone()
            };
            Some(Op {
                shape: shape(&op.path),
                id: op.id,
                label,
                method: op.method,
                path: op.path,
                ptr: op.pointer,
                raw,
                item_ptr,
                item,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_shapes_and_parameters() {
        assert_eq!(shape("/visits/{id}/x/{b}"), "/visits/{}/x/{}");
        assert_eq!(path_params("/visits/{id}/x/{b}"), vec!["id", "b"]);
    }
}
