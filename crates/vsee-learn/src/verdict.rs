//! Verdicts: what one proposal alone breaks, judged by `vsee-diff` exactly as
//! `cargo xtask diff` judges a spec change (api and schemas from the two specs, crate from
//! the two generated clients).

use serde::Serialize;
use vsee_diff::Level;
use vsee_spec::Spec;

use crate::edit::{apply, Splice};

/// The three verdicts of one edit, with the reasons behind any that is not `none`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub api: Level,
    /// `None` when the crate verdict was not judged (`--no-crate-verdict`, or the original
    /// spec does not generate).
    #[serde(rename = "crate")]
    pub crate_: Option<Level>,
    pub schemas: Level,
    pub reasons: Vec<String>,
}

/// Why an edit could not be judged.
#[derive(Debug, Clone, thiserror::Error)]
pub enum JudgeError {
    #[error("the edit's splices overlap")]
    Overlap,
    #[error("the edited spec does not load: {0}")]
    DoesNotLoad(vsee_spec::SpecError),
}

/// The original spec, its text and (when judged) its generated client.
pub struct Baseline<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub spec: &'a Spec,
    pub client: Option<syn::File>,
}

impl<'a> Baseline<'a> {
    pub fn new(name: &'a str, text: &'a str, spec: &'a Spec, crate_verdicts: bool) -> Baseline<'a> {
        let client = if crate_verdicts {
            vsee_codegen::client_syntax(spec).ok()
        } else {
            None
        };
        Baseline {
            name,
            text,
            spec,
            client,
        }
    }

    /// The verdicts of the spec edited by `splices`, and that spec; an error says why the
    /// edited spec could not be judged (it does not load).
    pub fn judge(&self, splices: &[Splice]) -> Result<(Verdicts, Spec), JudgeError> {
        let edited = apply(self.text, splices).ok_or(JudgeError::Overlap)?;
        let new = vsee_spec::load_str(self.name, &edited).map_err(JudgeError::DoesNotLoad)?;
        Ok((self.compare(&new), new))
    }

    /// The verdicts of `new` against the baseline.
    pub fn compare(&self, new: &Spec) -> Verdicts {
        let diff = vsee_diff::diff_specs(self.spec, new);
        let mut reasons: Vec<String> = diff
            .api
            .reasons
            .iter()
            .map(|r| format!("api: {r}"))
            .collect();
        reasons.extend(diff.schemas.reasons.iter().map(|r| format!("schemas: {r}")));
        let crate_ = self
            .client
            .as_ref()
            .map(|old| match vsee_codegen::client_syntax(new) {
                Ok(new_file) => {
                    let d = vsee_diff::diff_crate_syntax(old, &new_file);
                    reasons.extend(d.reasons.iter().map(|r| format!("crate: {r}")));
                    d.level
                }
                Err(err) => {
                    reasons.push(format!("crate: the edited spec does not generate: {err}"));
                    Level::Breaking
                }
            });
        Verdicts {
            api: diff.api.level,
            crate_,
            schemas: diff.schemas.level,
            reasons,
        }
    }
}
