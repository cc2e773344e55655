//! Sorting a run's findings against `--baseline`: accepted (listed apart, not failures) or new;
//! which entries matched nothing (stale) or have expired; and the tally `--write-baseline`
//! writes.

use crate::report::baseline::{Baseline, BaselineKey, Tally};
use crate::report::{BaselineOutcome, BaselineRef, Finding, Kind, Location};

/// Distinct keys tallied at most for `--write-baseline` (bounds memory on hostile input; a
/// real baseline has tens of entries).
pub(super) const MAX_TALLY_KEYS: usize = 100_000;

pub(super) struct Acceptance<'a> {
    baseline: Option<&'a Baseline>,
    /// Findings matched, per baseline entry.
    matched: Vec<u64>,
    tally: Option<Tally>,
    pub(super) accepted: Vec<Finding>,
    pub(super) accepted_total: u64,
    pub(super) accepted_omitted: u64,
    max_listed: Option<u64>,
}

impl<'a> Acceptance<'a> {
    pub(super) fn new(
        baseline: Option<&'a Baseline>,
        tally: bool,
        max_listed: Option<u64>,
    ) -> Self {
        Acceptance {
            baseline,
            matched: vec![0; baseline.map_or(0, |b| b.entries.len())],
            tally: tally.then(Tally::new),
            accepted: Vec::new(),
            accepted_total: 0,
            accepted_omitted: 0,
            max_listed,
        }
    }

    /// Keeps `finding` when the baseline accepts it; gives it back when it is new.
    pub(super) fn sort(&mut self, finding: Finding) -> Option<Finding> {
        if let Some(tally) = &mut self.tally {
            if let Some(key) = BaselineKey::of(&finding) {
                if tally.len() < MAX_TALLY_KEYS || tally.contains_key(&key) {
                    *tally.entry(key).or_default() += 1;
                } else {
                    // Too many distinct deviations to write as a baseline: say so rather than
                    // write part of them.
                    self.tally = None;
                }
            }
        }
        let Some(index) = self.baseline.and_then(|b| b.accepts(&finding)) else {
            return Some(finding);
        };
        self.matched[index] += 1;
        self.accepted_total += 1;
        if self
            .max_listed
            .is_none_or(|max| (self.accepted.len() as u64) < max)
        {
            self.accepted.push(finding);
        } else {
            self.accepted_omitted += 1;
        }
        None
    }

    /// One `baseline-expired` finding per expired entry, in the baseline file.
    pub(super) fn expired_findings(&self) -> Vec<Finding> {
        let Some(baseline) = self.baseline else {
            return Vec::new();
        };
        baseline
            .expired
            .iter()
            .map(|&i| {
                let e = &baseline.entries[i];
                Finding {
                    file: baseline.file.clone(),
                    entry: Some(i as u64),
                    line: None,
                    method: e.method.clone(),
                    path: e.path.clone(),
                    operation_id: e.operation_id.clone(),
                    status: e.status,
                    part: Some(e.part),
                    kind: Kind::Baseline,
                    location: Location::Baseline,
                    instance_path: e.pointer.clone(),
                    keyword: "baseline-expired".to_owned(),
                    message: format!(
                        "the acceptance of `{}` at {} {} expired after {}: fix the deviation and \
                         remove the entry, or set a later `expires` and say why in `reason`",
                        e.keyword,
                        e.location.as_str(),
                        if e.pointer.is_empty() {
                            "(root)"
                        } else {
                            &e.pointer
                        },
                        e.expires.as_deref().unwrap_or("-"),
                    ),
                    schema_path: None,
                    value: None,
                    unrouted: None,
                }
            })
            .collect()
    }

    /// The comparison with the baseline, and the tally (when asked for and not overflowed).
    pub(super) fn finish(self) -> (Option<BaselineOutcome>, Option<Tally>, Vec<Finding>) {
        let outcome = self.baseline.map(|b| BaselineOutcome {
            file: b.file.clone(),
            entries: b.entries.len() as u64,
            accepted: self.accepted_total,
            expired: b.expired.len() as u64,
            stale: b
                .entries
                .iter()
                .enumerate()
                .filter(|(i, _)| self.matched[*i] == 0)
                .map(|(i, e)| BaselineRef {
                    entry: i as u64,
                    operation_id: e.operation_id.clone(),
                    method: e.method.clone(),
                    path: e.path.clone(),
                    status: e.status,
                    part: e.part,
                    location: e.location,
                    pointer: e.pointer.clone(),
                    keyword: e.keyword.clone(),
                    count: e.count,
                })
                .collect(),
        });
        (outcome, self.tally, self.accepted)
    }
}
