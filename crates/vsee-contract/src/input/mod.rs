//! Reading recorded traffic: finding the input files, framing HAR files into entries, reading
//! NDJSON records and bare payloads, and reducing each to one [`Exchange`].

pub(crate) mod bare;
pub(crate) mod container_end;
pub(crate) mod decode;
// For vsee-learn and vsee-diff: the readers `run` uses, one exchange at a time.
pub(crate) mod each;
pub(crate) mod exchange;
pub(crate) mod form;
pub(crate) mod har;
pub(crate) mod har_framing;
pub(crate) mod json;
mod json_value;
pub(crate) mod ndjson;
pub(crate) mod record;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::report::{Finding, Kind, Location};

pub use exchange::{Body, Exchange, Message, Response};

/// Largest single exchange read, in bytes: one NDJSON line or one HAR entry. A larger one is
/// an `input` finding for that exchange (it is not held in memory, and the next one is read);
/// see [`crate::RunOptions::max_entry_bytes`].
pub const MAX_ENTRY_BYTES: usize = 256 * 1024 * 1024;

/// A UTF-8 byte order mark (RFC 8259 lets a parser skip one at the start of a text); every
/// reader skips it at the start of a file.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How an input file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    Ndjson,
    /// A bare JSON payload (needs [`crate::RunOptions::bare`]).
    Bare,
    /// Found in a directory but not checked: a `.json` file that is not a HAR export, when no
    /// [`crate::RunOptions::bare`] target says what it is. Counted in [`crate::Summary::skipped`].
    Skipped,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Har => "har",
            InputKind::Ndjson => "ndjson",
            InputKind::Bare => "json",
            InputKind::Skipped => "skipped",
        }
    }
}

/// One file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// As shown in reports (`/` separators).
    pub display: String,
    pub path: PathBuf,
    pub kind: InputKind,
}

fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn kind_by_extension(path: &Path) -> Option<InputKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "har" => Some(InputKind::Har),
        "ndjson" | "jsonl" => Some(InputKind::Ndjson),
        "json" => Some(InputKind::Bare),
        _ => None,
    }
}

/// Whether a file starts like a HAR document (`{ "log"`).
fn looks_like_har(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut head = vec![0u8; 4096];
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    let text = head.strip_prefix(BOM).unwrap_or(head);
    let text = text.trim_ascii_start();
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    rest.trim_ascii_start().starts_with(b"\"log\"")
}

pub(crate) fn input_finding(
    file: &str,
    entry: Option<u64>,
    line: Option<u64>,
    message: String,
) -> Finding {
    Finding {
        file: file.to_owned(),
        entry,
        line,
        method: None,
        path: None,
        operation_id: None,
        status: None,
        part: None,
        kind: Kind::Input,
        location: Location::Input,
        instance_path: String::new(),
        keyword: "input".to_owned(),
        message,
        schema_path: None,
        value: None,
        unrouted: None,
    }
}

/// Expands paths into input files. Directories are walked recursively in sorted order for
/// `.har`, `.ndjson`, `.jsonl` and `.json` files, skipping hidden entries. Explicit files are
/// taken by extension. Without `bare_json`, a `.json` file is read as HAR when it starts like
/// one (`{"log"`); otherwise an explicit one is an input finding and one found in a directory
/// is listed as [`InputKind::Skipped`] (counted and named in the report, not checked). Paths
/// that cannot be used become input findings.
pub fn collect_inputs(paths: &[PathBuf], bare_json: bool) -> (Vec<InputFile>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let display = display_path(path);
        match std::fs::metadata(path) {
            Err(e) => problems.push(input_finding(
                &display,
                None,
                None,
                format!("cannot read: {}", io_reason(&e)),
            )),
            Ok(meta) if meta.is_dir() => walk(path, bare_json, &mut files, &mut problems),
            Ok(_) => match kind_by_extension(path) {
                Some(InputKind::Bare) if !bare_json => {
                    if looks_like_har(path) {
                        files.push(InputFile {
                            display,
                            path: path.clone(),
                            kind: InputKind::Har,
                        });
                    } else {
                        problems.push(input_finding(
                            &display,
                            None,
                            None,
                            "a bare JSON payload needs `--operation ID --status CODE` or \
                             `--schema COMPONENT` (or use .har / .ndjson recordings)"
                                .to_owned(),
                        ));
                    }
                }
                Some(kind) => files.push(InputFile {
                    display,
                    path: path.clone(),
                    kind,
                }),
                None if looks_like_har(path) => files.push(InputFile {
                    display,
                    path: path.clone(),
                    kind: InputKind::Har,
                }),
                None => problems.push(input_finding(
                    &display,
                    None,
                    None,
                    "unknown file type: expected .har, .ndjson, .jsonl or .json".to_owned(),
                )),
            },
        }
    }
    (files, problems)
}

/// Paths given as recordings that cannot be used: one `file: why` line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct UnusablePaths(pub Vec<String>);

/// [`collect_inputs`] for tools that need every path readable (HAR and NDJSON only): the
/// files, or every path that cannot be used.
pub fn collect_recordings(paths: &[PathBuf]) -> Result<Vec<InputFile>, UnusablePaths> {
    let (files, problems) = collect_inputs(paths, false);
    if problems.is_empty() {
        return Ok(files);
    }
    Err(UnusablePaths(
        problems
            .iter()
            .map(|p| format!("{}: {}", p.file, p.message))
            .collect(),
    ))
}

fn walk(dir: &Path, bare_json: bool, files: &mut Vec<InputFile>, problems: &mut Vec<Finding>) {
    // Iterative, so a deep directory tree cannot overflow the stack.
    let mut pending = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(input_finding(
                    &display_path(&dir),
                    None,
                    None,
                    format!("cannot list directory: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                match kind_by_extension(&path) {
                    Some(InputKind::Bare) if !bare_json => found.push(InputFile {
                        display: display_path(&path),
                        kind: if looks_like_har(&path) {
                            InputKind::Har
                        } else {
                            InputKind::Skipped
                        },
                        path,
                    }),
                    Some(k) => found.push(InputFile {
                        display: display_path(&path),
                        path,
                        kind: k,
                    }),
                    None => {}
                }
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    files.extend(found);
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        kind => format!("{kind}"),
    }
}

#[cfg(test)]
mod debug_tests;
