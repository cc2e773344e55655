//! The findings baseline (`validate --baseline FILE`, `--write-baseline FILE`): deviations a team
//! has accepted, each with a reason and an optional expiry, so that CI fails only on new ones.
//!
//! An entry names a deviation, never a value: operation, status (responses only), part, location,
//! the JSON pointer with every array index (every all-digit segment) written `*`, and the
//! keyword; an exchange that no operation matched, by its method and redacted path instead
//! of the operation ([`Unrouted`]). Matching is by that key alone; the entry's `count` records how often the deviation
//! was seen when the baseline was written, and is not a ceiling (see [`Baseline`]).

mod load;
mod write;

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Finding, Kind, Location, Part, Unrouted};

pub use load::BaselineError;
pub use load::{today, MAX_BASELINE_BYTES};
pub use write::{baseline_schema_id, written_baseline, Tally};

/// The `reason` `--write-baseline` writes; a baseline still holding it is refused, so that no
/// deviation is accepted without someone saying why.
pub const PLACEHOLDER_REASON: &str =
    "TODO: say why this deviation is accepted (a ticket, the upstream's answer)";

/// The only `version` there is.
pub const BASELINE_VERSION: u32 = 1;

/// A findings baseline file: the deviations from the spec a team accepts for now.
///
/// Matching is by each entry's key (operation, status, part, location, pointer, keyword), not
/// by count: a recording's volume changes from run to run (a longer session records the same
/// deviation more often, and array indices are already generalised for that reason), so a
/// count as a ceiling would fail CI for more traffic rather than for a new deviation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vsee-contract findings baseline")]
pub struct BaselineFile {
    /// The published schema of this format (editors use it to check and complete the file).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; `1`.
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// The accepted deviations, sorted by key when written.
    pub entries: Vec<BaselineEntry>,
}

/// One accepted deviation, as the report names it: where and which keyword, never a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = {"properties": {"location": {"const": "route"}}, "required": ["location"]},
    "then" = {
        "required": ["method", "path"],
        "properties": {
            "operation_id": {"type": "null"},
            "method": {"type": "string", "minLength": 1},
            "path": {"type": "string", "pattern": "^/"},
            "part": {"const": "request"},
            "status": {"type": "null"},
            "pointer": {"const": ""}
        }
    },
    "else" = {
        "required": ["operation_id"],
        "properties": {
            "operation_id": {"type": "string", "minLength": 1},
            "method": {"type": "null"},
            "path": {"type": "null"}
        }
    }
))]
pub struct BaselineEntry {
    /// The operation the exchange was routed to; absent for an exchange routed to none
    /// (`location` `route`), which `method` and `path` name instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// For `location` `route` only: the request's method as reports show it (`GET`; `*` for a
    /// method that is not a standard one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// For `location` `route` only: the path as reports show it without `--show-values`: the
    /// spec's template when only the method is undocumented, else the recorded path with every
    /// segment that is not a literal of the spec written `*` (`/visits/*/attachments` is
    /// `/visits/*/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The recorded response status, for response findings; null (or absent) for request
    /// findings, which do not depend on the answer.
    #[serde(default)]
    pub status: Option<u16>,
    /// `request` or `response`.
    pub part: Part,
    /// Where `pointer` points: `body`, `query`, `path`, `status`, `media-type`.
    pub location: Location,
    /// RFC 6901 pointer with every array index written `*` (`/data/*/member_id`); `""` is the
    /// whole body.
    pub pointer: String,
    /// The JSON Schema keyword (or this tool's keyword) of the finding: `type`, `required`, ...
    pub keyword: String,
    /// How many findings had this key when the baseline was written (for the reader; matching
    /// does not depend on it).
    #[schemars(range(min = 1))]
    pub count: u64,
    /// Why the deviation is accepted. Required; `--write-baseline` writes a placeholder that
    /// must be replaced before the baseline is used.
    #[schemars(length(min = 1))]
    pub reason: String,
    /// Last day (ISO 8601 date, UTC) the deviation is accepted; after it the entry is a finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub expires: Option<String>,
}

/// What a finding is matched by: everything an entry names except its count, reason and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BaselineKey {
    pub operation_id: Option<String>,
    /// Method and redacted path, for an exchange no operation matched.
    pub method: Option<String>,
    pub path: Option<String>,
    pub status: Option<u16>,
    pub part: Part,
    pub location: Location,
    pub pointer: String,
    pub keyword: String,
}

impl BaselineKey {
    /// The key of a finding, or `None` when it cannot be accepted by a baseline: unreadable
    /// input, the baseline's own findings, and a `--schema` payload's unknown operation or
    /// component (a usage error). An exchange routed to no operation is named by its method and
    /// redacted path ([`Unrouted`]), never by the recorded path, which may hold values.
    pub fn of(finding: &Finding) -> Option<BaselineKey> {
        if matches!(finding.kind, Kind::Input | Kind::Baseline) {
            return None;
        }
        if finding.kind == Kind::Route {
            let Unrouted { method, path } = finding.unrouted.clone()?;
            return Some(BaselineKey {
                operation_id: None,
                method: Some(method),
                path: Some(path),
                status: None,
                part: Part::Request,
                location: Location::Route,
                pointer: String::new(),
                keyword: finding.keyword.clone(),
            });
        }
        let operation_id = finding.operation_id.clone()?;
        let part = finding.part?;
        Some(BaselineKey {
            operation_id: Some(operation_id),
            method: None,
            path: None,
            status: finding.status.filter(|_| part == Part::Response),
            part,
            location: finding.location,
            pointer: generalise(&finding.instance_path),
            keyword: finding.keyword.clone(),
        })
    }

    pub(crate) fn of_entry(entry: &BaselineEntry) -> BaselineKey {
        BaselineKey {
            operation_id: entry.operation_id.clone(),
            method: entry.method.clone(),
            path: entry.path.clone(),
            status: entry.status.filter(|_| entry.part == Part::Response),
            part: entry.part,
            location: entry.location,
            pointer: entry.pointer.clone(),
            keyword: entry.keyword.clone(),
        }
    }
}

/// A pointer with every all-digit segment (an array index) written `*`.
pub fn generalise(pointer: &str) -> String {
    if pointer.is_empty() {
        return String::new();
    }
    pointer
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A loaded, checked baseline: its entries by key, which of them have expired, and the name
/// it is shown by.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file as given on the command line.
    pub file: String,
    pub entries: Vec<BaselineEntry>,
    /// Indices into `entries` whose `expires` date has passed.
    pub expired: Vec<usize>,
    by_key: HashMap<BaselineKey, usize>,
}

impl Baseline {
    /// The entry (index) accepting this finding, if any.
    pub fn accepts(&self, finding: &Finding) -> Option<usize> {
        self.by_key.get(&BaselineKey::of(finding)?).copied()
    }
}

/// The JSON Schema (2020-12) of the baseline file (`vsee-contract schema baseline`).
pub fn baseline_schema() -> serde_json::Value {
    schemars::schema_for!(BaselineFile).to_value()
}

#[cfg(test)]
mod tests {
    use super::generalise;

    #[test]
    fn array_indices_become_stars_and_names_stay() {
        assert_eq!(generalise("/data/12/member_id"), "/data/*/member_id");
        assert_eq!(generalise("/data/0/tags/3"), "/data/*/tags/*");
        assert_eq!(generalise("/a1/-1/x"), "/a1/-1/x");
        assert_eq!(generalise(""), "");
        assert_eq!(generalise("/"), "/");
    }
}
