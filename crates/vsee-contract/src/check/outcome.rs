//! What checking one exchange gives, and where it came from.

use crate::report::{Finding, Unrouted};

/// The outcome of one exchange.
#[derive(Debug, Default)]
pub struct Checked {
    pub method: Option<String>,
    pub path: Option<String>,
    pub operation_id: Option<String>,
    pub status: Option<u16>,
    pub findings: Vec<Finding>,
    /// Set when no operation matched: what a baseline names the exchange by.
    pub unrouted: Option<Unrouted>,
    pub routed: bool,
    pub response_recorded: bool,
    pub body_recorded: bool,
}

/// Where an exchange comes from, and how to report it.
#[derive(Debug, Clone, Copy)]
pub struct EntryCtx<'a> {
    pub file: &'a str,
    pub entry: Option<u64>,
    pub line: Option<u64>,
    pub show_values: bool,
}
