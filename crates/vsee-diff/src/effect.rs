//! What a schema difference does to the set of accepted values: found by
//! the schema comparison, judged per audience by the impact rules.

/// What a difference does to the set of accepted values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// NEW rejects some values OLD accepted.
    Narrow,
    /// NEW accepts values OLD rejected, and rejects nothing OLD accepted.
    Widen,
    /// Both at once: some values gained, some lost.
    Incompatible,
    /// A new optional property in an object that allows additional properties: additive for
    /// every audience (clients built for OLD neither send nor read it).
    Extend,
    /// The `default` changed: what an omitted value stands for.
    DefaultChange,
    /// Nothing a payload can observe (a renamed `$ref` target, a deprecation mark).
    Neutral,
    /// The schemas differ but were not compared (nested too deep): unknown, so treated as
    /// breaking for every audience until someone reviews it.
    Uncompared,
}

/// One difference between two schemas.
#[derive(Debug, Clone)]
pub(crate) struct RawChange {
    pub kind: &'static str,
    /// Field path inside the compared schema (`data.status`, `tags[]`, `extra.*`); empty for
    /// the schema itself.
    pub at: String,
    pub message: String,
    pub effect: Effect,
    pub old_ptr: Option<String>,
    pub new_ptr: Option<String>,
}
