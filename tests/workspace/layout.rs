//! The layout rules of README "Layout", checked so that they stay true: no hand-written Rust
//! file over 900 lines, the xtask kept thin (under 900 lines in all), and at most one
//! integration-test binary per crate (each binary is another link step on the 2-core CI).

use std::path::{Path, PathBuf};

use vsee_workspace_tests::workspace_root;

const MAX_FILE_LINES: usize = 900;
const MAX_XTASK_LINES: usize = 900;

/// The workspace's packages: `crates/*`, `xtask`, `tests` (as the root `Cargo.toml` lists them).
fn packages(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ lists")
        .map(|e| e.expect("crates/ entry").path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    out.push(root.join("xtask"));
    out.push(root.join("tests"));
    out.sort();
    out
}

/// Every `.rs` file under `dir`, skipping build output.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn lines(path: &Path) -> (usize, bool) {
    let text = std::fs::read_to_string(path).expect("source file reads");
    let generated = text.starts_with("// @generated");
    (text.lines().count(), generated)
}

#[test]
fn no_hand_written_rust_file_is_over_900_lines() {
    let root = workspace_root();
    let mut files = Vec::new();
    for package in packages(&root) {
        rust_files(&package, &mut files);
    }
    rust_files(&root.join("fuzz"), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let over: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let (n, generated) = lines(f);
            (!generated && n > MAX_FILE_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(
        over.is_empty(),
        "split these by job (README \"Layout\"): {over:#?}"
    );
}

#[test]
fn the_xtask_stays_thin() {
    let mut files = Vec::new();
    rust_files(&workspace_root().join("xtask/src"), &mut files);
    let total: usize = files.iter().map(|f| lines(f).0).sum();
    assert!(
        total < MAX_XTASK_LINES,
        "xtask/src has {total} lines: move the logic into a library crate (the generator lives \
         in vsee-codegen, learn in vsee-learn) and keep the commands thin"
    );
}

/// The `path`s of a manifest's `[[test]]` sections (each one test binary).
fn declared_tests(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_test = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_test = line == "[[test]]";
        } else if in_test {
            if let Some(path) = line.strip_prefix("path") {
                let path = path
                    .trim_start()
                    .trim_start_matches('=')
                    .trim()
                    .trim_matches('"');
                out.push(path.to_owned());
            }
        }
    }
    out
}

#[test]
fn each_crate_has_at_most_one_integration_test_binary() {
    for package in packages(&workspace_root()) {
        let manifest = std::fs::read_to_string(package.join("Cargo.toml")).expect("manifest");
        // Cargo's own discovery (`tests/*.rs`, `tests/*/main.rs`) and the declared ones; a
        // declared path that discovery also finds is one binary.
        let mut binaries: Vec<PathBuf> = declared_tests(&manifest)
            .iter()
            .map(|p| package.join(p))
            .collect();
        if !manifest.contains("autotests = false") {
            if let Ok(entries) = std::fs::read_dir(package.join("tests")) {
                for entry in entries {
                    let path = entry.expect("tests/ entry").path();
                    if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
                        binaries.push(path);
                    } else if path.join("main.rs").is_file() {
                        binaries.push(path.join("main.rs"));
                    }
                }
            }
        }
        binaries.sort();
        binaries.dedup();
        assert!(
            binaries.len() <= 1,
            "{}: {} integration-test binaries ({binaries:?}); make them modules of one \
             tests/<name>/main.rs",
            package.display(),
            binaries.len()
        );
    }
}
