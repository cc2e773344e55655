//! One edit that would say a fact (its own file: every kind of proposal builds it, and the
//! module that groups them reads it).

use serde::Serialize;

use crate::edit::Splice;
use crate::verdict::Verdicts;

/// One edit that would say a fact.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub summary: String,
    pub splices: Vec<Splice>,
    /// What this edit alone breaks (`vsee-diff`), filled in by [`crate::verdict`].
    pub verdicts: Option<Verdicts>,
    /// Whether the edited spec accepts every value observed (see [`crate::rank`]).
    pub covers: bool,
}

impl Proposal {
    /// An edit not yet judged: no verdicts, assumed to cover until [`crate::rank`] checks.
    pub fn new(summary: impl Into<String>, splices: Vec<Splice>) -> Proposal {
        Proposal {
            summary: summary.into(),
            splices,
            verdicts: None,
            covers: true,
        }
    }
}
