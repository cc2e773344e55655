//! The `cargo xtask learn` command as a library call: read, learn, optionally write and check,
//! render, and choose the exit status. The xtask only parses its options into a [`Request`].

use std::path::{Path, PathBuf};

use crate::{render, LearnError, Options, Written};

/// Long help of `cargo xtask learn`.
pub const LONG_ABOUT: &str = "\
Propose the minimal edits of the spec that recorded traffic asks for.

For every way the recordings disagree with the spec, and every field they carry that the
spec does not document: a new optional property (type inferred, the spec's named schemas
such as StringOrInt reused), a new enum value (with a placeholder x-enum-varnames name to
rename), a widened type, nullable, a required property made optional, a new response
status, a new optional query parameter; an endpoint the spec does not have is listed, not
written. Each proposal says where (file:line:col, JSON pointer), why (exchanges, entries,
instance pointers; never values) and what it breaks: the api / crate / schemas verdicts of
`cargo xtask diff` for that edit alone. Alternatives are ranked; the first is the smallest
that covers every observation.

--write applies the first proposal of each group, changing only the lines it must (every
other line stays byte-identical), and never writes recorded values: only status codes and
coded enum members. Then it checks the spec lints, the recordings conform, recordings that
conformed before still conform, and generation works.

Workflow: recordings fail in CI -> learn -> review proposals and verdicts -> learn --write ->
cargo xtask diff --base HEAD -> cargo xtask generate -> review -> bump versions.

Examples:
  cargo xtask learn --recordings ci-recordings/
  cargo xtask learn --recordings a.har b.ndjson --format json
  cargo xtask learn --recordings ci-recordings/ --write

Exit status: 0 nothing to learn (or written and every check passed); 1 proposals, or a
check after --write failed; 2 usage error.";

/// What to learn from, and what to do with it.
#[derive(Debug, Clone)]
pub struct Request {
    /// HAR / NDJSON files or folders.
    pub recordings: Vec<PathBuf>,
    /// The spec file to learn into.
    pub spec: PathBuf,
    /// Further recordings that must keep conforming after `--write` (the bundled ones),
    /// when the folder exists.
    pub regression: Option<PathBuf>,
    pub write: bool,
    pub json: bool,
    pub options: Options,
}

/// The report (for stdout) and the exit status: 0 nothing to learn, or written and every
/// check passed; 1 proposals without `--write`, or a write that is not complete and checked.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub report: String,
    pub code: u8,
}

/// `path` as the user can open it: relative to the working directory when it is inside it.
fn display_name(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match std::env::current_dir()
        .ok()
        .and_then(|cwd| absolute.strip_prefix(cwd).ok().map(Path::to_path_buf))
    {
        Some(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        None => path.display().to_string(),
    }
}

/// Runs the command. An `Err` is a usage error (unreadable spec or recordings): exit 2.
pub fn run(request: &Request, progress: &mut dyn FnMut(&str)) -> Result<Outcome, LearnError> {
    let name = display_name(&request.spec);
    let text = std::fs::read_to_string(&request.spec).map_err(|e| {
        LearnError::Usage(format!(
            "cannot read the spec {}: {e}; give an existing file with --spec",
            request.spec.display()
        ))
    })?;
    let files = crate::collect(&request.recordings)?;
    let learned = crate::learn(&name, &text, &files, &request.options, progress)?;

    let written = if request.write && !learned.is_empty() {
        progress("writing and checking the learned spec");
        let regression = match &request.regression {
            Some(dir) if dir.is_dir() => crate::collect(std::slice::from_ref(dir))?,
            _ => Vec::new(),
        };
        let w = crate::write(&request.spec, &name, &text, &learned, &files, &regression)?;
        Some(w)
    } else {
        None
    };

    let report = if request.json {
        render::json(&learned, written.as_ref())
    } else {
        let mut out = render::human(&learned, &text);
        if let Some(w) = &written {
            out.push_str(&render::human_written(w));
        }
        out
    };
    let code = if learned.is_empty() {
        progress("nothing to learn: the recordings say nothing the spec does not");
        0
    } else {
        match &written {
            None => 1,
            Some(w) => write_status(w, progress),
        }
    };
    Ok(Outcome { report, code })
}

fn write_status(written: &Written, progress: &mut dyn FnMut(&str)) -> u8 {
    let checked = written.verification.ok();
    if !written.skipped.is_empty() {
        progress("some proposals were not written (see the report); edit those by hand");
    }
    if !checked {
        progress("a check after the write failed (see the report)");
    }
    u8::from(!checked || !written.skipped.is_empty())
}
