//! `cargo xtask generate`: rewrite every generated file from the spec.
//!
//! All files are produced in memory first; only when every producer succeeded is anything
//! written, each file to a temporary sibling that is then renamed over the target. A failed
//! run (bad spec, generator panic, I/O error before the renames) leaves the committed files as
//! they were. Unchanged files are not rewritten, so their timestamps (and cargo's rebuild
//! decisions) stay put.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use vsee_codegen::Difference;

use crate::paths::{load_spec, Paths};

pub fn run(paths: &Paths) -> anyhow::Result<ExitCode> {
    let spec = load_spec(paths)?;
    let outputs = vsee_codegen::generated_files(&spec, &paths.spec_name)?;
    let differences = vsee_codegen::compare(&paths.root, &outputs)?;

    let mut writes = Vec::new();
    let mut deletions = Vec::new();
    for difference in &differences {
        match difference {
            Difference::Missing { path } | Difference::Stale { path, .. } => {
                let file =
                    outputs.files.iter().find(|f| &f.path == path).context(
                        "internal error: a difference names a file that was not produced",
                    )?;
                writes.push((path.clone(), file.contents.as_str()));
            }
            Difference::Stray { path } => deletions.push(path.clone()),
        }
    }
    write_all(&paths.root, &writes)?;
    for path in &deletions {
        let full = paths.root.join(path);
        std::fs::remove_file(&full).with_context(|| {
            format!(
                "cannot delete {}, which the spec no longer produces; delete it by hand",
                full.display()
            )
        })?;
    }

    for note in &outputs.notes {
        println!("note: {note}");
    }
    for file in &outputs.files {
        let state = if writes.iter().any(|(p, _)| p == &file.path) {
            "written"
        } else {
            "unchanged"
        };
        println!("{state:>9} {}", file.path.display());
    }
    for path in &deletions {
        println!("{:>9} {}", "deleted", path.display());
    }
    if writes.is_empty() && deletions.is_empty() {
        println!(
            "everything generated from {} is up to date",
            paths.spec_name
        );
    } else {
        println!(
            "review the diff (and `cargo insta review` for the client's API snapshot), then commit"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes every file or none: temporaries first, renames only once all of them exist.
fn write_all(root: &Path, writes: &[(PathBuf, &str)]) -> anyhow::Result<()> {
    let mut temporaries: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (path, contents) in writes {
            let target = root.join(path);
            let dir = target
                .parent()
                .with_context(|| format!("{} has no parent directory", target.display()))?;
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let name = target
                .file_name()
                .with_context(|| format!("{} has no file name", target.display()))?
                .to_string_lossy();
            // Same directory as the target, so the rename never crosses file systems.
            let temporary = dir.join(format!(".{name}.xtask-{}.tmp", std::process::id()));
            std::fs::write(&temporary, contents)
                .with_context(|| format!("cannot write {}", temporary.display()))?;
            temporaries.push((temporary, target));
        }
        Ok(())
    })();
    if let Err(err) = result {
        for (temporary, _) in &temporaries {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(err);
    }
    for (temporary, target) in &temporaries {
        std::fs::rename(temporary, target).with_context(|| {
            format!(
                "cannot replace {} (the new contents are in {}); check permissions and run \
                 `cargo xtask generate` again",
                target.display(),
                temporary.display()
            )
        })?;
    }
    Ok(())
}
