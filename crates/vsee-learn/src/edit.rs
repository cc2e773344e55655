//! The line-preserving editor: text edits of the spec, located by the loader's positions.
//!
//! Nothing is re-serialised. An edit replaces a range of whole lines of the original text
//! (often an empty range: an insertion); every other line, its formatting, key order and
//! comments stay byte-identical. Where a node is written in a form this editor does not
//! change safely (flow mappings, multi-line scalars in the way), it says so and the
//! proposal is listed without an edit.

use serde_json::Value;
use vsee_spec::{pointer, Spec};

/// Replace lines `start..end` (0-based, `end` exclusive; `start == end` inserts before
/// `start`) with `lines` (no line endings).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub lines: Vec<String>,
}

/// The original text, split into lines, with the loaded spec that locates its nodes.
pub struct Text<'a> {
    pub spec: &'a Spec,
    lines: Vec<&'a str>,
}

impl<'a> Text<'a> {
    pub fn new(spec: &'a Spec, text: &'a str) -> Text<'a> {
        Text {
            spec,
            lines: text.split_inclusive('\n').collect(),
        }
    }

    pub fn line(&self, index: usize) -> &'a str {
        self.lines
            .get(index)
            .map_or("", |l| l.trim_end_matches(['\n', '\r']))
    }

    pub fn doc(&self) -> &'a Value {
        self.spec.document()
    }

    /// 0-based line and 0-based column of the node at `ptr` (its key for a mapping entry,
    /// the node after `- ` for a sequence item); `None` when the pointer does not exist.
    pub fn at(&self, ptr: &str) -> Option<(usize, usize)> {
        self.doc().pointer(ptr)?;
        let loc = self.spec.locate(ptr);
        Some((loc.line.checked_sub(1)?, loc.column.checked_sub(1)?))
    }

    /// Whether line `i` holds nothing but blanks or a comment.
    fn is_filler(&self, i: usize) -> bool {
        let t = self.line(i).trim_start();
        t.is_empty() || t.starts_with('#')
    }

    fn indent(&self, i: usize) -> usize {
        let l = self.line(i);
        l.len() - l.trim_start_matches(' ').len()
    }

    /// The last line of the mapping entry whose key is at (line, column): every following
    /// line indented deeper (or a `- ` item at the key's own indentation), comments and
    /// blank lines inside included, trailing ones not.
    pub fn entry_end(&self, line: usize, column: usize) -> usize {
        let mut last = line;
        let mut i = line + 1;
        while i < self.lines.len() {
            if !self.is_filler(i) {
                let ind = self.indent(i);
                let item_at_key = ind == column && self.line(i)[ind..].starts_with("- ");
                if ind < column || (ind == column && !item_at_key) {
                    break;
                }
                last = i;
            }
            i += 1;
        }
        last
    }

    /// The last line of the mapping entry at `ptr` (a key of a mapping).
    pub fn entry_end_of(&self, ptr: &str) -> Option<usize> {
        let (line, column) = self.at(ptr)?;
        Some(self.entry_end(line, column))
    }

    /// The last line of the mapping at `ptr`: the end of its last-ending entry.
    pub fn mapping_end(&self, ptr: &str) -> Option<usize> {
        let map = self.doc().pointer(ptr)?.as_object()?;
        map.keys()
            .filter_map(|k| self.entry_end_of(&pointer::push(ptr, k)))
            .max()
    }

    /// Indentation of the keys of the mapping at `ptr` (the column of its first key), when it
    /// is written in block style.
    pub fn key_indent(&self, ptr: &str) -> Option<usize> {
        let map = self.doc().pointer(ptr)?.as_object()?;
        let first = map.keys().next()?;
        let (line, column) = self.at(&pointer::push(ptr, first))?;
        // A flow mapping's keys sit after a `{` on the line.
        (!self.line(line)[..column].contains('{')).then_some(column)
    }

    /// Whether the entry at `ptr` is written on one line (`key: value`).
    pub fn single_line(&self, ptr: &str) -> bool {
        match self.at(ptr) {
            Some((line, column)) => self.entry_end(line, column) == line,
            None => false,
        }
    }

    /// The text after `key: ` on the entry's line (its inline value), trimmed.
    pub fn inline_value(&self, ptr: &str) -> Option<&'a str> {
        let (line, column) = self.at(ptr)?;
        let text = self.line(line);
        let rest = text.get(column..)?;
        let colon = rest.find(':')?;
        Some(rest[colon + 1..].trim())
    }
}

/// Applies non-overlapping splices to `text`; line endings follow the text's own (`\r\n`
/// when its first line ends so). `None` when two splices overlap.
pub fn apply(text: &str, splices: &[Splice]) -> Option<String> {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse((s.start, s.end)));
    for pair in sorted.windows(2) {
        let (later, earlier) = (pair[0], pair[1]);
        let same_insertion = earlier.start == earlier.end
            && later.start == later.end
            && earlier.start == later.start;
        // Overlap, or two insertions at one place (their order would be arbitrary).
        if earlier.end > later.start || same_insertion {
            return None;
        }
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('\n') {
            last.push_str(newline);
        }
    }
    let had_final_newline = text.ends_with('\n') || text.is_empty();
    for splice in sorted {
        let start = splice.start.min(lines.len());
        let end = splice.end.clamp(start, lines.len());
        let new: Vec<String> = splice
            .lines
            .iter()
            .map(|l| format!("{l}{newline}"))
            .collect();
        lines.splice(start..end, new);
    }
    let mut out = lines.concat();
    if !had_final_newline && out.ends_with(newline) {
        out.truncate(out.len() - newline.len());
    }
    Some(out)
}

/// A scalar formatted like its siblings: single- or double-quoted when they are, plain when
/// that reads back as the same string, single-quoted otherwise.
pub fn format_string_like(value: &str, sibling: Option<&str>) -> String {
    let quote = sibling
        .and_then(|s| s.chars().next())
        .filter(|c| *c == '\'' || *c == '"');
    match quote {
        Some('"') => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
        Some(_) => format!("'{}'", value.replace('\'', "''")),
        None if plain_safe(value) => value.to_owned(),
        None => format!("'{}'", value.replace('\'', "''")),
    }
}

/// A string YAML reads back unchanged when written plain: an identifier that is not a YAML
/// keyword (`true`, `null`, `yes`, ... in any case).
fn plain_safe(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}
