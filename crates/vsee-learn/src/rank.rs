//! Ranking of a group's alternatives: the first is the smallest edit that covers every
//! observation. "Covers" is judged on the edited spec by the validator's own conversion;
//! "smallest" is what the edit breaks (the worst of its api / crate / schemas verdicts), then
//! how many lines it removes and adds.

use serde_json::Value;
use vsee_diff::Level;
use vsee_spec::Spec;

use crate::observe::Judge;
use crate::Proposal;

/// Whether `edited` accepts every value of `must_accept` at its schema pointer (`true` when
/// the group names no single schema: a status, a required entry, a parameter).
pub fn covers(edited: &Spec, must_accept: Option<&(String, Vec<Value>)>) -> bool {
    let Some((ptr, values)) = must_accept else {
        return true;
    };
    if edited.document().pointer(ptr).is_none() {
        return false;
    }
    match Judge::new(edited) {
        Ok(mut judge) => values.iter().all(|v| judge.accepts(ptr, v)),
        Err(_) => false,
    }
}

/// The rank key of a proposal: covering first, then the least it breaks, then the fewest
/// lines changed. Lower is better.
pub fn key(proposal: &Proposal) -> (bool, Level, usize) {
    let worst = proposal.verdicts.as_ref().map_or(Level::Breaking, |v| {
        v.api.max(v.schemas).max(v.crate_.unwrap_or(Level::None))
    });
    let lines: usize = proposal
        .splices
        .iter()
        .map(|s| (s.end - s.start) + s.lines.len())
        .sum();
    (!proposal.covers, worst, lines)
}

/// Orders `proposals` by [`key`]; ties keep the order they were proposed in.
pub fn rank(proposals: &mut [Proposal]) {
    proposals.sort_by_key(key);
}
