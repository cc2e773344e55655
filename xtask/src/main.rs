//! `cargo xtask`: everything generated from `spec/vsee.yaml`, in plain Rust.
//!
//! One thin module per command (rust-analyzer style): [`generate`], [`check`], [`lint`],
//! [`diff`] (with [`unversioned`], its version-bump rule's inputs), [`schemas_package`]. The
//! generator is the library `vsee-codegen` (its `generated_files` is the one list of generated
//! files: `generate` writes it, `check` compares it); the lint is `vsee-spec`'s, the comparison
//! `vsee-diff`'s, the packaging `vsee-publish`'s. The xtask never depends on `vsee-client`, so a broken
//! `generated.rs` can always be regenerated.

mod check;
mod diff;
mod generate;
mod lint;
mod schemas_package;
mod unversioned;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Generate and check everything derived from spec/vsee.yaml.",
    long_about = "Generate and check everything derived from spec/vsee.yaml.\n\n\
                  After editing the spec: `cargo xtask lint`, then `cargo xtask generate`, then \
                  review the diff (and `cargo insta review`) and commit. CI runs \
                  `cargo xtask check`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite every generated file from the spec (the typed client, its typed-check table, ...).
    ///
    /// Nothing is written unless every file was produced: on any error the committed files
    /// stay as they are. Files whose content did not change are not touched.
    Generate(Common),
    /// Write nothing; exit 1 naming every generated file that differs from what the spec
    /// produces (with its first differing line), 0 when all are in step.
    Check(Common),
    /// Check the spec against the workspace's conventions; exit 1 when any problem is found.
    Lint(Common),
    /// Compare OLD and NEW specs: what the change breaks for API clients, for the vsee-client
    /// crate (semver) and for consumers of the published JSON Schemas.
    #[command(long_about = diff::LONG_ABOUT)]
    Diff(diff::DiffArgs),
    /// Package the published schemas: a site (files at their `$id`, index.html), an npm
    /// package and a pip package.
    #[command(long_about = schemas_package::LONG_ABOUT)]
    SchemasPackage(schemas_package::PackageArgs),
}

/// Options every command takes.
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// The spec to read [default: <ROOT>/spec/vsee.yaml]
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Workspace root that generated paths are relative to [default: the workspace this xtask
    /// was built in]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// Where a command reads and writes, resolved from [`Common`].
#[derive(Clone, Debug)]
pub struct Paths {
    /// Workspace root; every generated file's path is relative to it.
    pub root: PathBuf,
    /// The spec file, as given or defaulted (used to read it).
    pub spec: PathBuf,
    /// The spec's name in generated headers: relative to `root` with `/` separators when the
    /// spec is inside the root, so the output does not depend on where the workspace lives.
    pub spec_name: String,
}

impl Common {
    fn paths(&self) -> Paths {
        let root = self.root.clone().unwrap_or_else(default_root);
        let spec = self
            .spec
            .clone()
            .unwrap_or_else(|| root.join("spec").join("vsee.yaml"));
        let spec_name = relative_name(&spec, &root);
        Paths {
            root,
            spec,
            spec_name,
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn default_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `path` relative to `base` with `/` separators when it is inside `base`, else `path` as given.
pub fn relative_name(path: &Path, base: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, base_abs) = (absolute(path), absolute(base));
    match path_abs.strip_prefix(&base_abs) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

/// Loads the spec through `vsee-spec` (the one loader). Messages name the file relative to the
/// current directory when possible, so `spec/vsee.yaml:LINE:COL` is clickable in a terminal.
pub fn load_spec(paths: &Paths) -> anyhow::Result<vsee_spec::Spec> {
    let inside = |dir: &Path| std::path::absolute(&paths.spec).is_ok_and(|p| p.starts_with(dir));
    let shown = match std::env::current_dir() {
        Ok(cwd) if inside(&cwd) => PathBuf::from(relative_name(&paths.spec, &cwd)),
        _ => paths.spec.clone(),
    };
    vsee_spec::load_file(&shown).map_err(|err| {
        anyhow::anyhow!(
            "{err}\n{} is not a usable spec: fix the problems above (the first one is often the \
             cause of the others), then run the command again",
            shown.display()
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(common) => generate::run(&common.paths()),
        Command::Check(common) => check::run(&common.paths()),
        Command::Lint(common) => lint::run(&common.paths()),
        Command::Diff(args) => diff::run(args),
        Command::SchemasPackage(args) => schemas_package::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
