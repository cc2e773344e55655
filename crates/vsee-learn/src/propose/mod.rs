//! Proposals: for each observed fact, the spec edits that would say it, smallest first.
//!
//! A [`Group`] is one fact with its evidence; its [`Proposal`]s are alternative edits, ranked
//! so that the first is the smallest one that covers every observation. An edit is a list of
//! [`Splice`]s of the original text. Recorded values never enter an edit, except coded values
//! (integers, numeric strings, snake_case identifiers) that become enum members, and status
//! codes that become response keys.

use std::collections::BTreeSet;

use serde::Serialize;
use vsee_spec::pointer;

use crate::edit::{Splice, Text};
use crate::observe::{kind_of, Evidence, Fact, Judge, Observations, NOT_A_FIELD_NAME};
use crate::verdict::Verdicts;

mod enums;
mod operations;
mod properties;
mod types;

pub use enums::is_code;
use enums::new_enum_value;
use operations::{new_query_parameter, new_status};
use properties::{missing_required, new_property};
use types::rejected_type;

/// At most this many exchanges are named in a group's evidence.
const MAX_PLACES: usize = 10;

/// One thing to learn: a fact, where it goes, why, and the edits that would say it.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// 1-based, in report order.
    pub id: usize,
    /// `new-property`, `nullable-or-widened-type`, `new-enum-value`, `required-missing`,
    /// `new-response-status`, `new-endpoint`.
    pub kind: &'static str,
    pub title: String,
    /// JSON pointer of the spec node the edit changes.
    pub pointer: String,
    /// `file:line:col` of that node.
    pub location: String,
    pub evidence: EvidenceSummary,
    /// Ranked alternatives; the first is what `--write` applies. Empty when nothing can be
    /// written (see `note`).
    pub proposals: Vec<Proposal>,
    /// Why something is listed but not written, or what to do by hand after writing.
    pub note: Option<String>,
    /// What an edit must accept to cover every observation: the schema pointer and the
    /// values seen there (in memory only, never serialised).
    #[serde(skip)]
    pub(crate) must_accept: Option<(String, Vec<serde_json::Value>)>,
}

/// Where a fact was seen, without any recorded value.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummary {
    /// Exchanges that show it.
    pub exchanges: usize,
    /// `file#entry` of the first of them.
    pub places: Vec<String>,
    /// Instance pointers into the bodies where it was seen.
    pub instance_pointers: Vec<String>,
    /// `request` and/or `response`.
    pub parts: Vec<&'static str>,
    /// JSON kinds of the values seen (`null`, `integer`, `string`, ...).
    pub kinds: Vec<&'static str>,
}

impl EvidenceSummary {
    fn of(evidence: &Evidence) -> EvidenceSummary {
        let kinds: BTreeSet<&'static str> = evidence.values.iter().map(kind_of).collect();
        EvidenceSummary {
            exchanges: evidence.places.len(),
            places: evidence
                .places
                .iter()
                .take(MAX_PLACES)
                .map(|(file, entry)| format!("{file}#{entry}"))
                .collect(),
            instance_pointers: evidence.instance_pointers.iter().cloned().collect(),
            parts: evidence.parts.iter().copied().collect(),
            kinds: kinds.into_iter().collect(),
        }
    }
}

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

/// Every group the observations ask for, in the order of the spec text.
pub fn propose(judge: &mut Judge<'_>, text: &Text<'_>, obs: &Observations) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (fact, evidence) in &obs.facts {
        let (kind, title, ptr, proposals, note) = match fact {
            Fact::NewProperty { object, name } => {
                let (proposals, note) = new_property(judge, text, object, name, evidence);
                let title = if name == NOT_A_FIELD_NAME {
                    format!(
                        "undocumented keys of {} that are not field names",
                        subject(object)
                    )
                } else {
                    format!("new property `{name}` of {}", subject(object))
                };
                ("new-property", title, object.clone(), proposals, note)
            }
            Fact::RejectedType { schema } => {
                let (proposals, note) = rejected_type(judge, text, schema, evidence);
                let seen = kinds_text(evidence);
                let title = format!("{} where {} does not allow it", seen, subject(schema));
                (
                    "nullable-or-widened-type",
                    title,
                    schema.clone(),
                    proposals,
                    note,
                )
            }
            Fact::NewEnumValue { schema } => {
                let (proposals, note) = new_enum_value(text, schema, evidence);
                let title = format!("new value of the enumeration {}", subject(schema));
                ("new-enum-value", title, schema.clone(), proposals, note)
            }
            Fact::MissingRequired { object, name } => {
                let proposals = missing_required(text, object, name);
                let title = format!("required property `{name}` of {} missing", subject(object));
                let ptr = pointer::push(object, "required");
                ("required-missing", title, ptr, proposals, None)
            }
            Fact::NewStatus { operation, status } => {
                let (proposals, ptr) = new_status(judge, text, operation, *status, evidence);
                let title = format!("undocumented response status {status} of `{operation}`");
                ("new-response-status", title, ptr, proposals, None)
            }
            Fact::NewQueryParameter { operation, name } => {
                let (proposals, ptr, note) = new_query_parameter(text, operation, name, evidence);
                let title = if name.as_str() == NOT_A_FIELD_NAME {
                    format!("undocumented query parameters of `{operation}`")
                } else {
                    format!("undocumented query parameter `{name}` of `{operation}`")
                };
                ("new-query-parameter", title, ptr, proposals, note)
            }
            Fact::NewEndpoint { method, template } => {
                let title = format!("undocumented endpoint {method} {template}");
                let note = "listed, not written: add the operation by hand (operationId, summary, \
                            parameters, responses), then run learn again"
                    .to_owned();
                (
                    "new-endpoint",
                    title,
                    "/paths".to_owned(),
                    Vec::new(),
                    Some(note),
                )
            }
        };
        let note = note.or_else(|| {
            proposals.is_empty().then(|| {
                "listed, not written: the node is written in a form this tool does not edit \
                 (flow style or multi-line); edit it by hand"
                    .to_owned()
            })
        });
        let location = text.spec.locate(&ptr).to_string();
        let must_accept = must_accept(fact, evidence);
        groups.push(Group {
            id: 0,
            kind,
            title,
            pointer: ptr,
            location,
            evidence: EvidenceSummary::of(evidence),
            proposals,
            note,
            must_accept,
        });
    }
    groups.sort_by_key(|g| {
        let loc = text.spec.locate(&g.pointer);
        (loc.line, loc.column, g.title.clone())
    });
    for (i, group) in groups.iter_mut().enumerate() {
        group.id = i + 1;
    }
    groups
}

/// The schema an edit of `fact` must make accept the values seen, when it is one schema.
fn must_accept(fact: &Fact, evidence: &Evidence) -> Option<(String, Vec<serde_json::Value>)> {
    match fact {
        Fact::NewProperty { object, name } if name != NOT_A_FIELD_NAME => {
            let property = pointer::push(&pointer::push(object, "properties"), name);
            Some((property, evidence.values.clone()))
        }
        Fact::RejectedType { schema } => Some((schema.clone(), evidence.values.clone())),
        // Values that are not codes are never written, so no edit is asked to cover them.
        Fact::NewEnumValue { schema } => {
            let codes = evidence.values.iter().filter(|v| is_code(v)).cloned();
            Some((schema.clone(), codes.collect()))
        }
        _ => None,
    }
}

/// `Visit` for a component, the pointer otherwise.
fn subject(ptr: &str) -> String {
    let tokens = pointer::tokens(ptr);
    match tokens.as_slice() {
        [c, s, name] if c == "components" && s == "schemas" => format!("`{name}`"),
        [c, s, name, rest @ ..] if c == "components" && s == "schemas" => {
            let inner: Vec<&str> = rest
                .iter()
                .filter(|t| *t != "properties")
                .map(String::as_str)
                .collect();
            format!("`{name}.{}`", inner.join("."))
        }
        _ => format!("`{ptr}`"),
    }
}

fn kinds_text(evidence: &Evidence) -> String {
    let kinds: BTreeSet<&str> = evidence.values.iter().map(kind_of).collect();
    let names: Vec<String> = kinds
        .iter()
        .map(|k| match *k {
            "null" => "null".to_owned(),
            "integer" => "a number".to_owned(),
            other => format!("a value of type {other}"),
        })
        .collect();
    names.join(" and ")
}

/// The text before the key at `ptr` is only indentation (not `- ` or `{`).
pub(crate) fn starts_line(text: &Text<'_>, ptr: &str) -> Option<(usize, usize)> {
    let (line, column) = text.at(ptr)?;
    text.line(line)[..column]
        .chars()
        .all(|c| c == ' ')
        .then_some((line, column))
}
