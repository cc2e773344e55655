//! Putting checked exchanges back in order and building the [`Report`]: summary, coverage,
//! per-file counts, progress lines.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::time::Instant;

use crate::check::{exercised_keys, Checker};
use crate::input::{input_finding, InputFile, InputKind};
use crate::report::{
    Coverage, ExchangeResult, FileSummary, Finding, OperationCoverage, Report, Summary,
};

use super::accept::Acceptance;
use super::options::RunOptions;
use super::pipeline::Event;

pub(super) struct Collector<'a> {
    checker: &'a Checker,
    files: &'a [InputFile],
    options: &'a RunOptions,
    summary: Summary,
    findings: Vec<Finding>,
    exchanges: Vec<ExchangeResult>,
    per_file: Vec<FileSummary>,
    /// operation id -> status -> exchanges
    seen: HashMap<String, BTreeMap<u16, u64>>,
    op_exchanges: HashMap<String, u64>,
    started: Instant,
    last_progress: u64,
    bytes_done: u64,
    files_done: u64,
    accept: Acceptance<'a>,
}

impl<'a> Collector<'a> {
    pub(super) fn new(
        checker: &'a Checker,
        files: &'a [InputFile],
        options: &'a RunOptions,
    ) -> Self {
        Collector {
            checker,
            files,
            options,
            summary: Summary {
                spec: checker.spec().file().to_owned(),
                files: files
                    .iter()
                    .filter(|f| f.kind != InputKind::Skipped)
                    .count() as u64,
                skipped_files: files
                    .iter()
                    .filter(|f| f.kind == InputKind::Skipped)
                    .map(|f| f.display.clone())
                    .collect(),
                values_shown: options.show_values,
                ..Summary::default()
            },
            findings: Vec::new(),
            exchanges: Vec::new(),
            per_file: files
                .iter()
                .map(|f| FileSummary {
                    file: f.display.clone(),
                    format: f.kind.as_str().to_owned(),
                    exchanges: 0,
                    findings: 0,
                    bytes: 0,
                })
                .collect(),
            seen: HashMap::new(),
            op_exchanges: HashMap::new(),
            started: Instant::now(),
            last_progress: 0,
            bytes_done: 0,
            files_done: 0,
            accept: Acceptance::new(
                options.baseline.as_deref(),
                options.tally,
                options.max_findings,
            ),
        }
    }

    /// Adds a finding; returns whether it was listed.
    pub(super) fn add_finding(&mut self, finding: Finding) -> bool {
        self.summary.findings += 1;
        *self
            .summary
            .by_keyword
            .entry(finding.keyword.clone())
            .or_default() += 1;
        let listed = self
            .options
            .max_findings
            .is_none_or(|max| (self.findings.len() as u64) < max);
        if listed {
            self.findings.push(finding);
        } else {
            self.summary.findings_omitted += 1;
        }
        listed
    }

    pub(super) fn event(&mut self, event: Event) {
        match event {
            Event::Exchange {
                file,
                entry,
                checked,
            } => {
                self.summary.exchanges += 1;
                self.per_file[file].exchanges += 1;
                if !checked.routed {
                    self.summary.unrouted += 1;
                }
                if !checked.response_recorded {
                    self.summary.responses_not_recorded += 1;
                } else if !checked.body_recorded {
                    self.summary.bodies_not_recorded += 1;
                }
                if let (true, Some(op)) = (checked.routed, checked.operation_id.as_ref()) {
                    *self.op_exchanges.entry(op.clone()).or_default() += 1;
                    if let Some(status) = checked.status {
                        *self
                            .seen
                            .entry(op.clone())
                            .or_default()
                            .entry(status)
                            .or_default() += 1;
                    }
                }
                let any = !checked.findings.is_empty();
                let first = self.findings.len();
                let (mut count, mut listed) = (0u64, 0usize);
                for f in checked.findings {
                    if let Some(new) = self.accept.sort(f) {
                        count += 1;
                        listed += usize::from(self.add_finding(new));
                    }
                }
                if !any {
                    self.summary.conforming += 1;
                } else if count == 0 {
                    self.summary.accepted_only += 1;
                } else {
                    self.summary.with_findings += 1;
                }
                self.per_file[file].findings += count;
                if self.options.keep_exchanges {
                    self.exchanges.push(ExchangeResult {
                        file: self.files[file].display.clone(),
                        entry,
                        method: checked.method,
                        path: checked.path,
                        operation_id: checked.operation_id,
                        status: checked.status,
                        findings: count,
                        first_finding: first,
                        listed,
                    });
                }
                if self.options.progress && self.summary.exchanges - self.last_progress >= 10_000 {
                    self.last_progress = self.summary.exchanges;
                    self.progress_line(None);
                }
            }
            Event::Input {
                file,
                finding,
                is_exchange,
            } => {
                self.per_file[file].findings += 1;
                if is_exchange {
                    self.summary.exchanges += 1;
                    self.summary.with_findings += 1;
                    self.per_file[file].exchanges += 1;
                }
                let entry = finding.entry.filter(|_| is_exchange);
                let display = self.files[file].display.clone();
                self.add_lone_finding(display, entry, finding);
            }
            Event::FileDone { file, bytes } => {
                self.per_file[file].bytes = bytes;
                self.bytes_done += bytes;
                self.files_done += 1;
                if self.options.progress {
                    self.progress_line(Some(file));
                }
            }
        }
    }

    fn progress_line(&self, done: Option<usize>) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let mut err = std::io::stderr().lock();
        let line = match done {
            Some(i) => format!(
                "vsee-contract: [{}/{}] {}: {} exchanges, {} findings ({:.1} MB/s overall)",
                self.files_done,
                self.summary.files,
                self.files[i].display,
                self.per_file[i].exchanges,
                self.per_file[i].findings,
                self.bytes_done as f64 / 1e6 / secs
            ),
            None => format!(
                "vsee-contract: {} exchanges checked, {} findings, {:.0} exchanges/s",
                self.summary.exchanges,
                self.summary.findings,
                self.summary.exchanges as f64 / secs
            ),
        };
        let _ = writeln!(err, "{line}");
    }

    /// A HAR or NDJSON file that held no exchange (and had no other finding) is a finding: a
    /// CI job whose recording captured nothing must not go green.
    fn empty_files_are_findings(&mut self) {
        for index in 0..self.files.len() {
            let file = &self.files[index];
            let summary = &self.per_file[index];
            if matches!(file.kind, InputKind::Har | InputKind::Ndjson)
                && summary.exchanges == 0
                && summary.findings == 0
            {
                let finding = input_finding(
                    &file.display,
                    None,
                    None,
                    "holds no exchange, so nothing was checked (pass `--allow-empty` when an \
                     empty recording is expected)"
                        .to_owned(),
                );
                self.per_file[index].findings += 1;
                self.add_finding(finding);
            }
        }
    }

    /// Expired baseline entries are findings of the baseline file (a JUnit testcase each).
    fn baseline_findings(&mut self) {
        for finding in self.accept.expired_findings() {
            let (file, entry) = (finding.file.clone(), finding.entry);
            self.add_lone_finding(file, entry, finding);
        }
    }

    /// A finding that is an exchange result of its own (unreadable input, an expired baseline
    /// entry): added, and kept as a one-finding result of `file` and `entry` when results are.
    fn add_lone_finding(&mut self, file: String, entry: Option<u64>, finding: Finding) {
        let first = self.findings.len();
        let listed = usize::from(self.add_finding(finding));
        if self.options.keep_exchanges {
            self.exchanges.push(ExchangeResult {
                file,
                entry,
                method: None,
                path: None,
                operation_id: None,
                status: None,
                findings: 1,
                first_finding: first,
                listed,
            });
        }
    }

    pub(super) fn finish(mut self) -> Report {
        let mut operations = Vec::new();
        let mut exercised_ops = 0u64;
        for id in self.checker.operation_ids() {
            let Some((method, path, documented)) = self.checker.operation(id) else {
                continue;
            };
            let statuses = self.seen.get(id).cloned().unwrap_or_default();
            let exchanges = self.op_exchanges.get(id).copied().unwrap_or(0);
            if exchanges > 0 {
                exercised_ops += 1;
            }
            let set: BTreeSet<u16> = statuses.keys().copied().collect();
            let hit = exercised_keys(documented, &set);
            let exercised: Vec<String> = documented
                .iter()
                .filter(|k| hit.contains(*k))
                .cloned()
                .collect();
            let not_exercised: Vec<String> = documented
                .iter()
                .filter(|k| !hit.contains(*k))
                .cloned()
                .collect();
            operations.push(OperationCoverage {
                operation_id: id.clone(),
                method: method.to_owned(),
                path: path.to_owned(),
                exchanges,
                statuses: statuses
                    .into_iter()
                    .map(|(s, n)| (s.to_string(), n))
                    .collect(),
                documented: documented.to_vec(),
                exercised,
                not_exercised,
            });
        }
        if !self.options.allow_empty {
            self.empty_files_are_findings();
        }
        self.baseline_findings();
        self.summary.skipped = self.summary.skipped_files.len() as u64;
        self.summary.per_file = self
            .per_file
            .into_iter()
            .zip(self.files)
            .filter(|(_, f)| f.kind != InputKind::Skipped)
            .map(|(summary, _)| summary)
            .collect();
        let (accepted_total, accepted_omitted) =
            (self.accept.accepted_total, self.accept.accepted_omitted);
        let (baseline, tally, accepted) = self.accept.finish();
        self.summary.accepted = accepted_total;
        self.summary.accepted_omitted = accepted_omitted;
        self.summary.stale = baseline.as_ref().map_or(0, |b| b.stale.len() as u64);
        Report {
            summary: self.summary,
            coverage: Coverage {
                operations_total: operations.len() as u64,
                operations_exercised: exercised_ops,
                operations,
            },
            findings: self.findings,
            accepted,
            baseline,
            tally,
            exchanges: self.exchanges,
        }
    }
}
