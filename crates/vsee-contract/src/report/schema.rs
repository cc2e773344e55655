//! The JSON Schema of the report (`vsee-contract schema report`), generated from the model.

use serde_json::Value;

/// JSON Schema (2020-12) of the `--format json` report, [`super::Report`].
pub fn report_schema() -> Value {
    schemars::schema_for!(super::Report).to_value()
}
