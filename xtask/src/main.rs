//! `cargo xtask`: everything generated from `spec/vsee.yaml`, in plain Rust.
//!
//! One thin module per command (rust-analyzer style): [`generate`], [`check`], [`lint`],
//! [`diff`] (with [`unversioned`], its version-bump rule's inputs), [`schemas_package`],
//! [`learn`]. The generator is the library `vsee-codegen` (its `generated_files` is the one list
//! of generated files: `generate` writes it, `check` compares it); the lint is `vsee-spec`'s,
//! the comparison `vsee-diff`'s, the packaging `vsee-publish`'s, the learning `vsee-learn`'s.
//! The xtask never depends on `vsee-client`, so a broken
//! `generated.rs` can always be regenerated.
// The options' doc comments are clap's `--help` text, where `<ROOT>` is a placeholder (the
// workspace root), not an HTML tag.
#![allow(rustdoc::invalid_html_tags)]

mod check;
mod diff;
mod generate;
mod learn;
mod lint;
mod paths;
mod schemas_package;
mod unversioned;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use paths::Common;

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
    /// Propose the minimal spec edits that recorded traffic asks for, with evidence and
    /// verdicts; `--write` applies them line by line and checks the result.
    #[command(long_about = learn::LONG_ABOUT)]
    Learn(learn::LearnArgs),
    /// Package the published schemas: a site (files at their `$id`, index.html), an npm
    /// package and a pip package.
    #[command(long_about = schemas_package::LONG_ABOUT)]
    SchemasPackage(schemas_package::PackageArgs),
}

fn main() -> ExitCode {
    // Run as `cargo xtask` (the alias) the arguments start with the command; run as a cargo
    // external subcommand, or as the book's tests run it, they start with `xtask` first.
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "xtask") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    let result = match &cli.command {
        Command::Generate(common) => generate::run(&common.paths()),
        Command::Check(common) => check::run(&common.paths()),
        Command::Lint(common) => lint::run(&common.paths()),
        Command::Diff(args) => diff::run(args),
        Command::Learn(args) => learn::run(args),
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
