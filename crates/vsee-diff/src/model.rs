//! The vocabulary of a comparison: levels, verdicts, changes and where they are.

use std::fmt;

use serde::Serialize;

/// How much a change matters to one audience. Ordered: `None < Additive < Breaking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing this audience can observe.
    #[default]
    None,
    /// New things; everything that worked before still works.
    Additive,
    /// Something that worked before may stop working.
    Breaking,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Additive => "additive",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One verdict: the highest level of its changes, and the reason of every change that is not
/// `none` (breaking ones first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Verdict {
    pub level: Level,
    pub reasons: Vec<String>,
}

impl Verdict {
    /// Builds a verdict from `(level, reason)` pairs; `none` pairs do not count.
    pub fn from_impacts<'a>(impacts: impl IntoIterator<Item = (Level, &'a str)>) -> Verdict {
        let mut items: Vec<(Level, &str)> = impacts
            .into_iter()
            .filter(|(level, _)| *level > Level::None)
            .collect();
        // Stable: breaking first, then the order of the change list.
        items.sort_by_key(|item| std::cmp::Reverse(item.0));
        Verdict {
            level: items.first().map_or(Level::None, |(level, _)| *level),
            reasons: items
                .into_iter()
                .map(|(level, reason)| format!("{level}: {reason}"))
                .collect(),
        }
    }
}

/// Which way data flows through a schema, seen from a client of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The client sends it (parameters, request bodies).
    Request,
    /// The server sends it (response bodies).
    Response,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// One operation that uses a changed node, and in which direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Usage {
    /// The operation id (or `METHOD /path` when the spec gives none).
    pub operation: String,
    pub direction: Direction,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.operation, self.direction.as_str())
    }
}

/// A node in one of the two specs: its JSON pointer and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    /// RFC 6901 pointer into that spec's document.
    pub pointer: String,
    /// `file:line:col` of the node (its key, for a mapping entry).
    pub location: String,
}

/// The effect of one change on one audience, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub level: Level,
    pub reason: String,
}

/// One difference between OLD and NEW.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Short kebab-case name of the kind of change (`enum-values-added`, `operation-removed`, ...).
    pub kind: String,
    /// What changed: `operation get_visit (GET /visits/{id})`, `schema Visit`, `servers`, ...
    pub subject: String,
    /// Where inside the subject, in words: `response 200 application/json: data.status`.
    /// Empty when the subject itself changed.
    pub at: String,
    /// What happened, e.g. `enum values added: "closed"`.
    pub message: String,
    /// The node in OLD (absent for additions).
    pub old: Option<Site>,
    /// The node in NEW (absent for removals).
    pub new: Option<Site>,
    /// Operations that use the changed node (for a component: every operation that reaches it
    /// through `$ref`s, in OLD or NEW).
    pub used_by: Vec<Usage>,
    /// Would a client built for OLD still work against an API behaving as NEW?
    pub api: Impact,
    /// Do the published JSON Schemas still accept what they accepted?
    pub schemas: Impact,
}

impl Change {
    /// `subject` + `at`, for one-line displays.
    pub fn title(&self) -> String {
        if self.at.is_empty() {
            self.subject.clone()
        } else {
            format!("{}: {}", self.subject, self.at)
        }
    }
}

/// One difference in the public API of the generated client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrateChange {
    /// `field-added`, `variant-removed`, `method-signature-changed`, ...
    pub kind: String,
    /// The item, as a path inside the generated module: `types::Visit`, `Client::get_visit`.
    pub item: String,
    pub message: String,
    pub level: Level,
    pub reason: String,
}
