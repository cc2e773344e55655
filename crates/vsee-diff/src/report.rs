//! What `cargo xtask diff` reports: the three verdicts and the changes behind them.

use serde::Serialize;
use vsee_spec::Spec;

use crate::model::{Change, CrateChange, Impact, Level, Verdict};
use crate::rust_api::{self, ParseError, PublicApi};
use crate::spec_compare;

/// The comparison of two specs: every change, and the `api` and `schemas` verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    pub api: Verdict,
    pub schemas: Verdict,
    pub changes: Vec<Change>,
}

fn reason_line(change: &Change, impact: &Impact) -> String {
    format!("{}: {} ({})", change.title(), change.message, impact.reason)
}

/// Compares two specs.
pub fn diff_specs(old: &Spec, new: &Spec) -> SpecDiff {
    let changes = spec_compare::changes(old, new);
    let api = verdict(
        changes
            .iter()
            .map(|c| (c.api.level, reason_line(c, &c.api))),
    );
    let schemas = verdict(
        changes
            .iter()
            .map(|c| (c.schemas.level, reason_line(c, &c.schemas))),
    );
    SpecDiff {
        api,
        schemas,
        changes,
    }
}

fn verdict(items: impl Iterator<Item = (Level, String)>) -> Verdict {
    let items: Vec<(Level, String)> = items.collect();
    Verdict::from_impacts(items.iter().map(|(l, r)| (*l, r.as_str())))
}

/// The `crate` verdict and the public-API changes behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrateDiff {
    pub level: Level,
    pub reasons: Vec<String>,
    pub changes: Vec<CrateChange>,
}

impl CrateDiff {
    fn from_changes(changes: Vec<CrateChange>) -> CrateDiff {
        let v = verdict(
            changes
                .iter()
                .map(|c| (c.level, format!("{}: {} ({})", c.item, c.message, c.reason))),
        );
        CrateDiff {
            level: v.level,
            reasons: v.reasons,
            changes,
        }
    }
}

/// Compares the public API of two generated client sources (e.g. progenitor's output for OLD
/// and NEW).
pub fn diff_crate(old_source: &str, new_source: &str) -> Result<CrateDiff, ParseError> {
    let old = PublicApi::parse("OLD", old_source)?;
    let new = PublicApi::parse("NEW", new_source)?;
    Ok(CrateDiff::from_changes(rust_api::compare(&old, &new)))
}

/// [`diff_crate`] on two syntax trees (`vsee_codegen::client_syntax`), which saves formatting
/// each generated client and parsing it back.
pub fn diff_crate_syntax(old: &syn::File, new: &syn::File) -> CrateDiff {
    let old = PublicApi::from_file(old);
    let new = PublicApi::from_file(new);
    CrateDiff::from_changes(rust_api::compare(&old, &new))
}

/// One recorded exchange whose conformance differs between OLD and NEW.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedExchange {
    /// The recording file.
    pub file: String,
    /// 0-based index of the exchange in that file.
    pub entry: usize,
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    pub status: Option<u16>,
    /// What the failing side reports (`part instance_path: keyword: message`), values left out.
    pub findings: Vec<String>,
}

/// The recorded exchanges whose verdict changes between OLD and NEW.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecordingsDiff {
    /// The files read.
    pub paths: Vec<String>,
    /// How many exchanges were checked.
    pub checked: usize,
    /// Conform to OLD but not to NEW: traffic that NEW would reject.
    pub conform_old_not_new: Vec<RecordedExchange>,
    /// Conform to NEW but not to OLD: traffic NEW now describes.
    pub conform_new_not_old: Vec<RecordedExchange>,
}

/// Everything `cargo xtask diff` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Display names of the two specs (`spec/vsee.yaml@origin/main`, `spec/vsee.yaml`).
    pub old: String,
    pub new: String,
    pub api: Verdict,
    #[serde(rename = "crate")]
    pub crate_: Option<CrateDiff>,
    pub schemas: Verdict,
    pub changes: Vec<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recordings: Option<RecordingsDiff>,
}

impl Report {
    /// Compares two specs; `crate_` is the result of [`diff_crate`] on their generated clients
    /// (`None`: the `crate` verdict is not judged).
    pub fn new(old: &Spec, new: &Spec, crate_: Option<CrateDiff>) -> Report {
        let d = diff_specs(old, new);
        Report {
            old: old.file().to_owned(),
            new: new.file().to_owned(),
            api: d.api,
            crate_,
            schemas: d.schemas,
            changes: d.changes,
            recordings: None,
        }
    }

    /// The highest of the three verdicts.
    pub fn level(&self) -> Level {
        self.api
            .level
            .max(self.schemas.level)
            .max(self.crate_.as_ref().map_or(Level::None, |c| c.level))
    }

    /// Is any verdict `breaking`?
    pub fn is_breaking(&self) -> bool {
        self.level() == Level::Breaking
    }
}
