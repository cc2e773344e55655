//! The one list of generated files ([`generated_files`]): `cargo xtask generate` writes it,
//! `cargo xtask check` compares it with the workspace ([`compare`]).
//!
//! To add a generated artifact, add a producer to [`generated_files`]: a function from the
//! loaded spec to files (paths relative to the workspace root, complete contents). If the
//! artifact owns a whole directory (e.g. published JSON Schemas, where a removed component
//! must also remove its file), list that directory in [`Outputs::owned_dirs`]: `generate`
//! then deletes files there that the list no longer contains and `check` reports them.

use std::path::PathBuf;

use crate::error::Error;
use crate::file::GeneratedFile;
use crate::{client, schemas};

/// Everything the spec produces.
#[derive(Debug, Default)]
pub struct Outputs {
    pub files: Vec<GeneratedFile>,
    /// Directories (relative to the root) whose every file must be in `files`.
    pub owned_dirs: Vec<PathBuf>,
    /// Things a reviewer should know about this run (e.g. how the generator's copy of the
    /// spec was changed); printed by `generate`.
    pub notes: Vec<String>,
}

/// Produces every generated file from the spec, in memory; `spec_name` is the spec's name in
/// the files' headers (relative to the workspace root, `/`-separated). Writes nothing.
pub fn generated_files(spec: &vsee_spec::Spec, spec_name: &str) -> Result<Outputs, Error> {
    let mut outputs = Outputs::default();

    let client = client::generate(spec, spec_name)?;
    outputs.files.extend(client.files);
    outputs.notes.extend(client.notes);

    outputs.files.extend(schemas::generate(spec, spec_name)?);
    outputs.owned_dirs.push(schemas::SCHEMA_DIR.into());

    // Two producers writing one path would make the result depend on their order.
    let mut seen = std::collections::BTreeSet::new();
    for file in &outputs.files {
        if !seen.insert(&file.path) {
            return Err(Error::Internal(format!(
                "two generators produce {}; give one of them another path",
                file.path.display()
            )));
        }
    }
    Ok(outputs)
}

/// How one file on disk differs from what the spec produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The file does not exist (or cannot be read as UTF-8 text).
    Missing { path: PathBuf },
    /// The file exists with other contents; `line` is the first differing line (1-based).
    Stale {
        path: PathBuf,
        line: usize,
        expected: Option<String>,
        found: Option<String>,
    },
    /// A file in an owned directory that the spec no longer produces.
    Stray { path: PathBuf },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing { path } => write!(f, "{}: missing", path.display()),
            Difference::Stray { path } => write!(
                f,
                "{}: no longer generated from the spec (generate deletes it)",
                path.display()
            ),
            Difference::Stale {
                path,
                line,
                expected,
                found,
            } => {
                let show = |l: &Option<String>| match l {
                    Some(text) => format!("`{}`", clip(text)),
                    None => "end of file".to_owned(),
                };
                write!(
                    f,
                    "{}: stale, first difference at line {line}: the spec produces {}, the file has {}",
                    path.display(),
                    show(expected),
                    show(found)
                )
            }
        }
    }
}

/// Long generated lines (doc comments) are cut so one difference stays one terminal line.
fn clip(line: &str) -> String {
    const MAX: usize = 100;
    let trimmed = line.trim();
    if trimmed.chars().count() <= MAX {
        trimmed.to_owned()
    } else {
        let cut: String = trimmed.chars().take(MAX).collect();
        format!("{cut}...")
    }
}

/// Compares `outputs` with the files under `root`; reads only.
pub fn compare(root: &std::path::Path, outputs: &Outputs) -> Result<Vec<Difference>, Error> {
    let mut differences = Vec::new();
    for file in &outputs.files {
        let on_disk = match std::fs::read(root.join(&file.path)) {
            Ok(bytes) => String::from_utf8(bytes).ok(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(Error::Io {
                    path: root.join(&file.path),
                    source,
                })
            }
        };
        match on_disk {
            None => differences.push(Difference::Missing {
                path: file.path.clone(),
            }),
            Some(text) if text == file.contents => {}
            Some(text) => {
                let (line, expected, found) = first_difference(&file.contents, &text);
                differences.push(Difference::Stale {
                    path: file.path.clone(),
                    line,
                    expected,
                    found,
                });
            }
        }
    }
    let produced: std::collections::BTreeSet<&PathBuf> =
        outputs.files.iter().map(|f| &f.path).collect();
    for dir in &outputs.owned_dirs {
        for path in files_under(root, dir)? {
            if !produced.contains(&path) {
                differences.push(Difference::Stray { path });
            }
        }
    }
    Ok(differences)
}

/// First line (1-based) where `expected` and `found` differ, with both lines (None past the
/// end). Lines are compared with their terminators, so a CRLF or a missing final newline is a
/// difference too.
fn first_difference(expected: &str, found: &str) -> (usize, Option<String>, Option<String>) {
    let mut a = expected.split_inclusive('\n');
    let mut b = found.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => {
                let strip = |s: &str| s.trim_end_matches(['\n', '\r']).to_owned();
                let (mut x, mut y) = (x.map(strip), y.map(strip));
                if x == y {
                    // Same text, different terminator: say so rather than print equal lines.
                    x = x.map(|t| format!("{t}<newline differs>"));
                    y = y.map(|t| format!("{t}<newline differs>"));
                }
                return (line, x, y);
            }
        }
    }
}

/// Files under `root/dir`, recursively, as paths relative to `root`. A missing directory has
/// no files.
fn files_under(root: &std::path::Path, dir: &std::path::Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(rel) = pending.pop() {
        let entries = match std::fs::read_dir(root.join(&rel)) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: root.join(&rel),
                    source,
                })
            }
        };
        for entry in entries {
            let io = |source| Error::Io {
                path: root.join(&rel),
                source,
            };
            let entry = entry.map_err(io)?;
            let child = rel.join(entry.file_name());
            if entry.file_type().map_err(io)?.is_dir() {
                pending.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_names_the_line() {
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nB\nc\n"),
            (2, Some("b".into()), Some("B".into()))
        );
        assert_eq!(
            first_difference("a\nb\n", "a\n"),
            (2, Some("b".into()), None)
        );
        assert_eq!(
            first_difference("a\n", "a\r\n"),
            (
                1,
                Some("a<newline differs>".into()),
                Some("a<newline differs>".into())
            )
        );
    }

    #[test]
    fn compare_finds_missing_stale_and_stray() {
        let root = std::env::temp_dir().join(format!("xtask-compare-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("owned")).unwrap();
        std::fs::write(root.join("owned/kept.json"), "{}\n").unwrap();
        std::fs::write(root.join("owned/old.json"), "{}\n").unwrap();
        std::fs::write(root.join("stale.rs"), "x\n").unwrap();
        let outputs = Outputs {
            files: vec![
                GeneratedFile {
                    path: "owned/kept.json".into(),
                    contents: "{}\n".into(),
                },
                GeneratedFile {
                    path: "stale.rs".into(),
                    contents: "y\n".into(),
                },
                GeneratedFile {
                    path: "missing.rs".into(),
                    contents: "z\n".into(),
                },
            ],
            owned_dirs: vec!["owned".into()],
            notes: vec![],
        };
        let diffs = compare(&root, &outputs).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        let shown: Vec<String> = diffs.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "stale.rs: stale, first difference at line 1: the spec produces `y`, the file has `x`",
                "missing.rs: missing",
                "owned/old.json: no longer generated from the spec (generate deletes it)",
            ]
        );
    }
}
