//! Turning one problem ([`Issue`]) into a [`Finding`] with the exchange's context, and the
//! JSON Schema errors of one instance into findings.

use jsonschema::Validator;
use serde_json::Value;

use super::outcome::{Checked, EntryCtx};
use crate::privacy::messages;
use crate::report::{Finding, Kind, Location, Part, Unrouted};

/// Base URI of the converted schemas: the `$id`s of the published schemas, so that a
/// finding's `schema_path` names the published file (only used to name them; nothing is
/// fetched).
pub const SCHEMA_BASE_URI: &str = vsee_spec::PUBLISHED_SCHEMA_BASE_URI;

/// Schema errors listed per body before the rest is summarised in one `more-errors` finding.
const MAX_SCHEMA_ERRORS: usize = 20;

/// One finding before the exchange's context (file, entry, method, path, operation, status)
/// is added by [`Sink::push`].
pub(super) struct Issue {
    kind: Kind,
    part: Option<Part>,
    location: Location,
    instance_path: String,
    keyword: String,
    message: String,
    pub(super) schema_path: Option<String>,
    /// Shown only with `--show-values`.
    pub(super) value: Option<String>,
}

impl Issue {
    pub(super) fn new(
        kind: Kind,
        part: Option<Part>,
        location: Location,
        keyword: &str,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            kind,
            part,
            location,
            instance_path: String::new(),
            keyword: keyword.to_owned(),
            message: message.into(),
            schema_path: None,
            value: None,
        }
    }

    /// About the request.
    pub(super) fn request(location: Location, keyword: &str, message: impl Into<String>) -> Issue {
        Issue::new(
            Kind::Request,
            Some(Part::Request),
            location,
            keyword,
            message,
        )
    }

    /// About the response.
    pub(super) fn response(location: Location, keyword: &str, message: impl Into<String>) -> Issue {
        Issue::new(
            Kind::Response,
            Some(Part::Response),
            location,
            keyword,
            message,
        )
    }

    /// About the method and path.
    pub(super) fn route(keyword: &str, message: impl Into<String>) -> Issue {
        Issue::new(
            Kind::Route,
            Some(Part::Request),
            Location::Route,
            keyword,
            message,
        )
    }

    /// At this instance path (RFC 6901, into the body or parameter).
    pub(super) fn at(mut self, instance_path: impl Into<String>) -> Issue {
        self.instance_path = instance_path.into();
        self
    }
}

/// Collects findings for one exchange.
pub(super) struct Sink<'a> {
    pub(super) ctx: &'a EntryCtx<'a>,
    method: Option<String>,
    path: Option<String>,
    operation_id: Option<String>,
    status: Option<u16>,
    unrouted: Option<Unrouted>,
    pub(super) findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub(super) fn new(ctx: &'a EntryCtx<'a>, checked: &Checked) -> Sink<'a> {
        Sink {
            ctx,
            method: checked.method.clone(),
            path: checked.path.clone(),
            operation_id: checked.operation_id.clone(),
            status: checked.status,
            unrouted: checked.unrouted.clone(),
            findings: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, issue: Issue) {
        self.findings.push(Finding {
            file: self.ctx.file.to_owned(),
            entry: self.ctx.entry,
            line: self.ctx.line,
            method: self.method.clone(),
            path: self.path.clone(),
            operation_id: self.operation_id.clone(),
            status: self.status,
            part: issue.part,
            kind: issue.kind,
            location: issue.location,
            instance_path: issue.instance_path,
            keyword: issue.keyword,
            message: issue.message,
            schema_path: issue.schema_path,
            value: if self.ctx.show_values {
                issue.value
            } else {
                None
            },
            unrouted: self.unrouted.clone(),
        });
    }

    pub(super) fn contradiction(&mut self, part: Part, media: &str, how: &str) {
        let kind = match part {
            Part::Request => Kind::Request,
            Part::Response => Kind::Response,
        };
        self.push(Issue::new(
            kind,
            Some(part),
            Location::MediaType,
            "media-type",
            format!("{} body declared `{media}` {how}", part.as_str()),
        ));
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn schema_errors(
        &mut self,
        validator: &Validator,
        instance: &Value,
        prefix: &str,
        kind: Kind,
        part: Option<Part>,
        location: Location,
        schema_file: &str,
    ) {
        if validator.is_valid(instance) {
            return;
        }
        let mut count = 0usize;
        for error in validator.iter_errors(instance) {
            count += 1;
            if count > MAX_SCHEMA_ERRORS {
                continue;
            }
            let message = describe_with_value(&error, self.ctx.show_values);
            let schema_path = match error.absolute_keyword_location() {
                Some(uri) => {
                    let uri = uri.as_str();
                    uri.strip_prefix(SCHEMA_BASE_URI).unwrap_or(uri).to_owned()
                }
                None => {
                    let (file, fragment) = schema_file.split_once('#').unwrap_or((schema_file, ""));
                    format!("{file}#{fragment}{}", error.schema_path().as_str())
                }
            };
            let mut issue = Issue::new(kind, part, location, error.kind().keyword(), message)
                .at(format!("{prefix}{}", error.instance_path().as_str()));
            issue.schema_path = Some(schema_path);
            issue.value = Some(messages::preview(error.instance()));
            self.push(issue);
        }
        if count > MAX_SCHEMA_ERRORS {
            self.push(
                Issue::new(
                    kind,
                    part,
                    location,
                    "more-errors",
                    format!(
                        "{} more schema errors in this {} not listed",
                        count - MAX_SCHEMA_ERRORS,
                        location.as_str()
                    ),
                )
                .at(prefix),
            );
        }
    }
}

fn describe_with_value(error: &jsonschema::ValidationError<'_>, show_values: bool) -> String {
    let message = messages::describe(error);
    if show_values {
        format!("{message}: {}", messages::preview(error.instance()))
    } else {
        message
    }
}
