//! A new application of vsee-client (`tests/fresh-app/`: a path dependency, the newest crates
//! `cargo update` finds) builds without a single warning. Warnings of a path dependency reach
//! its users (Cargo caps lints of registry crates only): a deprecated call in this crate, or a
//! lint a newer dependency triggers, shows up here first.
//!
//! The app is copied to this test binary's temporary directory and built into the workspace's
//! own target directory, with the workspace's profile: the dependencies the workspace's test
//! build compiled at the same version and features are reused, so a clean CI run compiles only
//! what differs (crates whose newest version is not the workspace lock's, vsee-client for the
//! app's versions, the app), and later runs nothing but what changed. The crates that only
//! build the TLS provider's C library stay at the workspace's versions ([`C_LIBRARY`]): a newer
//! `cc` alone rebuilt that library, and the test took 48 s on a clean target of the 2-core
//! machine, 26 s with the pins.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The outer build's settings are not the app's.
    for name in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
    ] {
        command.env_remove(name);
    }
    command
}

/// Copies the app to `dir`, pointing its path dependency at this crate.
fn copy_app(dir: &Path) -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template = crate_dir.join("tests/fresh-app");
    let manifest =
        std::fs::read_to_string(template.join("Cargo.toml")).expect("the app's manifest");
    let dependency = format!("path = {:?}", crate_dir.display().to_string());
    assert!(
        manifest.contains("path = \"../..\""),
        "the template's path dependency moved"
    );
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("src")).expect("the app's directory");
    std::fs::write(
        app.join("Cargo.toml"),
        manifest.replace("path = \"../..\"", &dependency),
    )
    .expect("manifest written");
    std::fs::copy(template.join("src/main.rs"), app.join("src/main.rs")).expect("main.rs copied");
    app.join("Cargo.toml")
}

/// The workspace's `[profile.dev]` (root `Cargo.toml`): with the same settings, the app's
/// dependencies that the workspace's own build compiled at the same version and features are
/// reused from its target directory instead of being compiled again. Lints do not depend on it.
const WORKSPACE_PROFILE: [&str; 2] = [
    "profile.dev.debug=\"line-tables-only\"",
    "profile.dev.package.\"*\".debug=false",
];

/// The target directory of this test binary (`CARGO_TARGET_TMPDIR` is its `tmp/`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory")
        .to_owned()
}

/// The crate whose build script compiles a C library (rustls's default crypto provider): about
/// 30 s of CPU on the 2-core machine, again whenever a crate of its build script's closure
/// differs from the workspace's (the newest `cc` did). The crates that reach the app only
/// through that build script (`cc`, `cmake`, ...), which no lint of the app sees, keep the
/// workspace's versions, so the library the workspace's build compiled is reused; a crate the
/// app also runs (`libc`) stays at its newest.
const C_LIBRARY: &str = "aws-lc-sys";

/// The dependency closure, as (name, version), of `package` (the manifest's own when `None`)
/// along the `edges` kinds; `None` when `package` is not in the graph.
fn closure(manifest: &Path, package: Option<&str>, edges: &str) -> Option<Vec<(String, String)>> {
    let mut tree = cargo();
    tree.args(["tree", "--quiet", "-e", edges, "--prefix", "none"])
        .args(["--format", "{p}", "--manifest-path"])
        .arg(manifest);
    if let Some(package) = package {
        tree.args(["-p", package]);
    }
    let out = tree.output().expect("cargo runs");
    if !out.status.success() {
        return None;
    }
    let mut found: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some((name.to_owned(), version.to_owned()))
        })
        .collect();
    found.sort();
    found.dedup();
    Some(found)
}

/// Sets the crates that reach the app only through `package`'s build script to the
/// workspace lock's versions, where they differ. Nothing is pinned when `package` is not a
/// dependency (any more); a pin cargo refuses stays at the newest: only slower, as correct.
fn pin_to_the_workspace(manifest: &Path, package: &str) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let (Some(ours), Some(theirs), Some(run)) = (
        closure(&workspace, Some(package), "normal,build"),
        closure(manifest, Some(package), "normal,build"),
        closure(manifest, None, "normal"),
    ) else {
        eprintln!("{package} is not a dependency of both the workspace and the app: no pins");
        return;
    };
    for (name, newest) in theirs {
        if run.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let Some((_, pinned)) = ours.iter().find(|(n, v)| *n == name && *v != newest) else {
            continue;
        };
        // The workspace's versions are in the local registry cache.
        let pin = cargo()
            .args(["update", "--quiet", "--offline", "--manifest-path"])
            .arg(manifest)
            .args(["-p", &format!("{name}@{newest}"), "--precise", pinned])
            .output()
            .expect("cargo runs");
        if !pin.status.success() {
            eprintln!(
                "kept {name} {newest} (the workspace has {pinned}): {}",
                String::from_utf8_lossy(&pin.stderr)
            );
        }
    }
}

#[test]
fn a_fresh_app_builds_without_a_warning_with_the_newest_crates() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fresh-app");
    let manifest = copy_app(&dir);
    // The newest compatible crates; offline (the newest this machine has) when the registry
    // cannot be reached.
    let update = cargo()
        .args(["update", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("cargo runs");
    if !update.status.success() {
        eprintln!(
            "cargo update failed, resolving offline instead: {}",
            String::from_utf8_lossy(&update.stderr)
        );
        let offline = cargo()
            .args(["update", "--offline", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .status()
            .expect("cargo runs");
        assert!(offline.success(), "cargo update --offline failed");
    }
    pin_to_the_workspace(&manifest, C_LIBRARY);
    let build = cargo()
        .args(["build", "--message-format=json", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir())
        .args(WORKSPACE_PROFILE.iter().flat_map(|c| ["--config", c]))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&build.stdout);
    let mut problems = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let level = message["message"]["level"].as_str().unwrap_or("");
        if level == "warning" || level == "error" {
            let rendered = message["message"]["rendered"].as_str().unwrap_or(level);
            problems.push(format!("{}: {rendered}", message["package_id"]));
        }
    }
    // Cargo's own warnings (manifest keys, future incompatibilities) go to stderr.
    let stderr = String::from_utf8_lossy(&build.stderr);
    problems.extend(
        stderr
            .lines()
            .filter(|l| l.starts_with("warning") || l.starts_with("error"))
            .map(str::to_owned),
    );
    assert!(
        build.status.success() && problems.is_empty(),
        "the fresh app (crates/vsee-client/tests/fresh-app) did not build cleanly ({}):\n{}\n{stderr}",
        build.status,
        problems.join("\n")
    );
}
