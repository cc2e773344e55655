//! The report: its model (what `--format json` prints), the model's JSON Schema, and one
//! renderer per output format.

pub mod baseline;
mod model;
pub mod render;
mod schema;

pub use model::*;
pub use schema::report_schema;
