//! The published JSON Schemas of one side of a comparison, built only when a comparison needs
//! to ask a validator about a value (see `empty_bound.rs`).

use std::cell::OnceCell;

use serde_json::{Map, Value};
use vsee_spec::{SchemaSet, Spec};

/// Any absolute URI ending in `/` does: the documents are registered under it, never fetched.
const BASE_URI: &str = "https://vsee-diff.invalid/";

/// The published JSON Schemas of one side, built when first needed (`None` when the spec
/// cannot be converted: then the bound is compared as any other).
#[derive(Default)]
pub(super) struct LazySchemas(OnceCell<Option<SchemaSet>>);

impl LazySchemas {
    pub(super) fn accepts(
        &self,
        spec: &Spec,
        schema: &Map<String, Value>,
        value: &Value,
    ) -> Option<bool> {
        let set = self
            .0
            .get_or_init(|| SchemaSet::build(spec, BASE_URI).ok())
            .as_ref()?;
        let converted = set.convert(&Value::Object(schema.clone()));
        let validator = set.validator_for_schema(&converted).ok()?;
        Some(validator.is_valid(value))
    }
}
