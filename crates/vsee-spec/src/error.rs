//! Positions and problems: the one error vocabulary of the crate.

use std::fmt;

/// A position in the spec file: 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One thing wrong with the spec, located both in the YAML text and as a JSON pointer.
///
/// `rule` is a short kebab-case name (`duplicate-key`, `additional-properties`, ...) that tools
/// can filter on; `message` says what is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub pointer: String,
    pub rule: String,
    pub message: String,
}

impl Problem {
    pub fn new(
        location: Location,
        pointer: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            location,
            pointer: pointer.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The empty pointer (the whole document) is shown as "/" so the field is never blank.
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}: {}: {} [{}]",
            self.location, pointer, self.message, self.rule
        )
    }
}

/// Text from the spec quoted in a one-line message: control characters (newlines, tabs, ...)
/// escaped, everything else as written (a regex `\d` stays `\d`).
pub(crate) fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The spec could not be loaded or a derived artifact could not be built.
/// Holds every problem found (at least one); `Display` prints one per line.
#[derive(Debug, Clone, thiserror::Error)]
pub struct SpecError {
    pub problems: Vec<Problem>,
}

impl SpecError {
    pub fn new(problems: Vec<Problem>) -> SpecError {
        SpecError { problems }
    }

    pub fn single(
        location: Location,
        pointer: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> SpecError {
        SpecError {
            problems: vec![Problem::new(location, pointer, rule, message)],
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}
