//! The report: what `--format json` prints, and what every other format is rendered from.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which half of an exchange a finding is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Request,
    Response,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
        }
    }
}

/// What kind of disagreement a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A file or entry that could not be read (unreadable, not HAR, truncated, malformed line).
    Input,
    /// The method and path match no operation of the spec.
    Route,
    /// The request disagrees with the operation (body, media type, query or path parameter).
    Request,
    /// The response disagrees with the operation (status, media type, body, typed decode).
    Response,
    /// A bare payload checked with `--schema` disagrees with the component schema.
    Payload,
    /// An entry of the `--baseline` file has expired (the finding is in the baseline file).
    Baseline,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Input => "input",
            Kind::Route => "route",
            Kind::Request => "request",
            Kind::Response => "response",
            Kind::Payload => "payload",
            Kind::Baseline => "baseline",
        }
    }
}

/// Where in the exchange `instance_path` points.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    /// Into the body (`instance_path` is an RFC 6901 pointer into the body; `""` = the body).
    Body,
    /// A query parameter (`instance_path` is `/<name>` plus a pointer into its value).
    Query,
    /// A path parameter (`instance_path` is `/<name>`).
    Path,
    /// The response status.
    Status,
    /// The body's media type.
    MediaType,
    /// Method and path.
    Route,
    /// The input file itself.
    Input,
    /// An entry of the `--baseline` file (`entry` is its 0-based index).
    Baseline,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Query => "query",
            Location::Path => "path",
            Location::Status => "status",
            Location::MediaType => "media-type",
            Location::Route => "route",
            Location::Input => "input",
            Location::Baseline => "baseline",
        }
    }
}

/// One place where a recording disagrees with the spec. Without `--show-values` no field holds
/// a value from the recording: `path` is the operation's template (or the recorded path with
/// every segment that is not a literal of the spec replaced by `*`), and `message` is built
/// from schema facts and JSON types only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The input file, as given on the command line (or found under a given directory).
    pub file: String,
    /// 0-based index of the exchange in a HAR (`log.entries`) or NDJSON file (non-blank lines);
    /// null for bare JSON payloads and for problems of the whole file.
    pub entry: Option<u64>,
    /// 1-based line in the file where the entry starts, when known.
    pub line: Option<u64>,
    /// Upper-case HTTP method.
    pub method: Option<String>,
    /// Path template of the matched operation (e.g. `/visits/{id}`), or the redacted recorded
    /// path when nothing matched; the recorded path itself with `--show-values`.
    pub path: Option<String>,
    /// The matched operation; null when nothing matched.
    pub operation_id: Option<String>,
    /// The recorded response status.
    pub status: Option<u16>,
    /// `request` or `response`; null for input problems and `--schema` payloads.
    pub part: Option<Part>,
    pub kind: Kind,
    pub location: Location,
    /// RFC 6901 JSON pointer into the body (or parameter, see `location`); `""` is the whole.
    pub instance_path: String,
    /// JSON Schema keyword that failed (`type`, `required`, `oneOf`, ...) or one of this tool's:
    /// `input`, `unknown-path`, `method-not-allowed`, `unknown-operation`, `unknown-component`,
    /// `media-type`, `unexpected-body`, `json`, `form`, `encoding`, `schema`, `status`,
    /// `typed-decode`, `more-errors`, `baseline-expired`.
    pub keyword: String,
    /// What is wrong, without recorded values (unless `--show-values`).
    pub message: String,
    /// Schema file and JSON pointer of the failing keyword, e.g.
    /// `operations/get_visit/response.200.json#/properties/data/$ref`.
    pub schema_path: Option<String>,
    /// The offending value, only with `--show-values` (truncated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For an exchange that no operation matched: how a baseline names it. Not in reports
    /// (`path` and `method` show it there).
    #[serde(skip)]
    pub unrouted: Option<Unrouted>,
}

/// How a findings baseline names an exchange that no operation matched: its method and path as
/// reports show them without `--show-values` (a method that is not a standard one as `*`; the
/// matched template, or the recorded path with every segment that is not a literal of the spec
/// as `*`), whatever the run shows, so that a baseline never holds a recorded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrouted {
    pub method: String,
    pub path: String,
}

/// Per-file totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileSummary {
    pub file: String,
    /// `har`, `ndjson` or `json`.
    pub format: String,
    pub exchanges: u64,
    pub findings: u64,
    pub bytes: u64,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// The spec checked against (`spec/vsee.yaml` for the embedded one).
    pub spec: String,
    /// Files checked.
    pub files: u64,
    /// Files found in directories but not checked: `.json` files that are not HAR exports,
    /// when no `--operation`/`--schema` says what they are.
    #[serde(default)]
    pub skipped: u64,
    /// The skipped files, in walk order.
    #[serde(default)]
    pub skipped_files: Vec<String>,
    /// Exchanges read (HAR entries, NDJSON lines, bare payloads), including unreadable ones.
    pub exchanges: u64,
    /// Exchanges without any finding.
    pub conforming: u64,
    /// Exchanges with at least one new finding (one not accepted by `--baseline`).
    pub with_findings: u64,
    /// Exchanges whose every finding is accepted by `--baseline`.
    #[serde(default)]
    pub accepted_only: u64,
    /// New findings in total (including file-level input findings and omitted ones; not the
    /// ones `--baseline` accepts). Any makes the run fail.
    pub findings: u64,
    /// Findings accepted by `--baseline` (listed under `accepted`, not failures).
    #[serde(default)]
    pub accepted: u64,
    /// Accepted findings counted but not listed, beyond `--max-findings`.
    #[serde(default)]
    pub accepted_omitted: u64,
    /// Entries of `--baseline` that matched no finding (listed under `baseline.stale`).
    #[serde(default)]
    pub stale: u64,
    /// Findings counted but not listed, beyond `--max-findings`.
    pub findings_omitted: u64,
    /// Exchanges whose method and path matched no operation.
    pub unrouted: u64,
    /// Exchanges without a recorded response (HAR status 0, NDJSON without `response`).
    pub responses_not_recorded: u64,
    /// Responses whose body was not recorded (HAR `content.text` absent), so not checked.
    pub bodies_not_recorded: u64,
    /// New findings per keyword.
    pub by_keyword: BTreeMap<String, u64>,
    /// Whether recorded values were included (`--show-values`).
    pub values_shown: bool,
    pub per_file: Vec<FileSummary>,
}

/// How well one operation was exercised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OperationCoverage {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// Exchanges routed to this operation.
    pub exchanges: u64,
    /// Recorded status code -> exchanges.
    pub statuses: BTreeMap<String, u64>,
    /// Response keys the spec documents (`200`, `4XX`, ...).
    pub documented: Vec<String>,
    /// Documented keys that some recorded status fell under.
    pub exercised: Vec<String>,
    /// Documented keys no recorded status fell under.
    pub not_exercised: Vec<String>,
}

/// Which operations and statuses the recordings exercised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    pub operations_total: u64,
    pub operations_exercised: u64,
    /// Every operation of the spec, in spec order.
    pub operations: Vec<OperationCoverage>,
}

/// An entry of the `--baseline` file, named by its index and key (for stale entries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BaselineRef {
    /// 0-based index in the baseline's `entries`.
    pub entry: u64,
    /// The entry's operation; absent for a `route` entry, which `method` and `path` name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub status: Option<u16>,
    pub part: Part,
    pub location: Location,
    pub pointer: String,
    pub keyword: String,
    /// The count the baseline records.
    pub count: u64,
}

impl BaselineRef {
    /// What the entry names: its operation, or (a `route` entry) its method and path.
    pub fn subject(&self) -> String {
        match (&self.operation_id, &self.method, &self.path) {
            (Some(op), _, _) => op.clone(),
            (None, method, path) => format!(
                "{} {}",
                method.as_deref().unwrap_or("-"),
                path.as_deref().unwrap_or("-")
            ),
        }
    }
}

/// How the run's findings compared with `--baseline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BaselineOutcome {
    /// The baseline file, as given.
    pub file: String,
    /// Entries in the baseline.
    pub entries: u64,
    /// Findings the baseline accepted.
    pub accepted: u64,
    /// Entries whose `expires` date has passed; each is also a `baseline-expired` finding.
    pub expired: u64,
    /// Entries that matched no finding: the deviation is gone (or the recordings no longer
    /// exercise it); remove them, or rewrite the baseline with `--write-baseline`.
    pub stale: Vec<BaselineRef>,
}

/// One exchange's outcome, kept for formats that list exchanges (JUnit).
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeResult {
    pub file: String,
    pub entry: Option<u64>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub operation_id: Option<String>,
    pub status: Option<u16>,
    /// New findings of this exchange (including omitted ones; not accepted ones).
    pub findings: u64,
    /// Index of its first listed finding in [`Report::findings`].
    pub first_finding: usize,
    /// How many of its findings are listed.
    pub listed: usize,
}

/// The `--format json` document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "vsee-contract validation report")]
pub struct Report {
    pub summary: Summary,
    pub coverage: Coverage,
    /// New findings: the ones that fail the run.
    pub findings: Vec<Finding>,
    /// Findings accepted by `--baseline` (not failures), in the order found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<Finding>,
    /// The comparison with `--baseline`; absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineOutcome>,
    /// Every acceptable finding's baseline key and count, kept for `--write-baseline` (not
    /// serialized); `None` unless asked for, or when more keys than can be written were seen.
    #[serde(skip)]
    #[schemars(skip)]
    pub tally: Option<super::baseline::Tally>,
    /// Per-exchange outcomes (not serialized; kept only when a format needs them).
    #[serde(skip)]
    #[schemars(skip)]
    pub exchanges: Vec<ExchangeResult>,
}

impl Report {
    /// Whether no finding fails the run (every exchange conforms, or deviates only as the
    /// baseline accepts, and no baseline entry has expired).
    pub fn is_clean(&self) -> bool {
        self.summary.findings == 0
    }
}
