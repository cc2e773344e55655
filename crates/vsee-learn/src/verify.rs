//! After `--write`: the learned spec lints, the recordings it learned from conform, those
//! that conformed before still do, and the generator still works on it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vsee_contract::InputFile;
use vsee_spec::Spec;

/// The outcome of the checks after a write. Lines name files, entries, pointers and
/// keywords, never recorded values.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Verification {
    /// Lint problems of the learned spec that the original did not have.
    pub lint: Vec<String>,
    /// Exchanges learned from that still do not conform (`file#entry: keywords`).
    pub still_failing: Vec<String>,
    /// Exchanges that conformed to the original spec and no longer do.
    pub regressed: Vec<String>,
    /// Why the generator failed on the learned spec, if it did.
    pub generate: Option<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.lint.is_empty()
            && self.still_failing.is_empty()
            && self.regressed.is_empty()
            && self.generate.is_none()
    }
}

/// Per exchange, `file#entry` -> the keywords of its findings (empty: conforms).
fn outcomes(
    spec: Spec,
    files: &[InputFile],
) -> Result<BTreeMap<String, BTreeSet<String>>, vsee_contract::CheckerError> {
    let checker = vsee_contract::Checker::new(spec)?;
    let options = vsee_contract::RunOptions {
        keep_exchanges: true,
        ..vsee_contract::RunOptions::default()
    };
    let report = vsee_contract::run(&checker, files, Vec::new(), &options);
    let mut out = BTreeMap::new();
    for ex in &report.exchanges {
        let key = format!(
            "{}#{}",
            ex.file,
            ex.entry.map_or("-".to_owned(), |e| e.to_string())
        );
        let listed = report
            .findings
            .get(ex.first_finding..ex.first_finding + ex.listed)
            .unwrap_or_default();
        let mut keywords: BTreeSet<String> = listed
            .iter()
            .map(|f| {
                format!("{} {}", f.instance_path, f.keyword)
                    .trim()
                    .to_owned()
            })
            .collect();
        if ex.findings > 0 && keywords.is_empty() {
            keywords.insert(format!("{} finding(s)", ex.findings));
        }
        out.insert(key, keywords);
    }
    for finding in report.findings.iter().filter(|f| f.entry.is_none()) {
        out.entry(finding.file.clone())
            .or_insert_with(BTreeSet::new)
            .insert(finding.keyword.clone());
    }
    Ok(out)
}

/// Checks `new` (the learned spec) against `old`: `learned` are the recordings learned from,
/// `regression` further recordings that must keep conforming (e.g. the bundled ones).
pub fn verify(
    old: Spec,
    new: Spec,
    learned: &[InputFile],
    regression: &[InputFile],
) -> Verification {
    let mut v = Verification::default();
    if let Err(err) = vsee_codegen::generated_files(&new, new.file()) {
        v.generate = Some(err.to_string());
    }
    let before: BTreeSet<(String, String)> = vsee_spec::lint(&old)
        .into_iter()
        .map(|p| (p.rule, p.pointer))
        .collect();
    v.lint = vsee_spec::lint(&new)
        .into_iter()
        .filter(|p| !before.contains(&(p.rule.clone(), p.pointer.clone())))
        .map(|p| p.to_string())
        .collect();
    let mut all: Vec<InputFile> = learned.to_vec();
    for file in regression {
        if !all.iter().any(|f| f.path == file.path) {
            all.push(file.clone());
        }
    }
    match (outcomes(old, &all), outcomes(new, &all)) {
        (Ok(old_out), Ok(new_out)) => {
            let learned_names: BTreeSet<&str> =
                learned.iter().map(|f| f.display.as_str()).collect();
            for (key, findings) in &new_out {
                if findings.is_empty() {
                    continue;
                }
                let line = format!(
                    "{key}: {}",
                    findings.iter().cloned().collect::<Vec<_>>().join(", ")
                );
                if old_out.get(key).is_some_and(BTreeSet::is_empty) {
                    v.regressed.push(line);
                } else if learned_names
                    .iter()
                    .any(|n| key.starts_with(&format!("{n}#")))
                {
                    v.still_failing.push(line);
                } else {
                    v.regressed.push(line);
                }
            }
        }
        (Err(e), _) | (_, Err(e)) => v.still_failing.push(format!("recordings not checked: {e}")),
    }
    v
}
