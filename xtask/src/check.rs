//! `cargo xtask check`: is every generated file what the spec produces? Writes nothing.

use std::process::ExitCode;

use crate::paths::{load_spec, Paths};

pub fn run(paths: &Paths) -> anyhow::Result<ExitCode> {
    let spec = load_spec(paths)?;
    let outputs = vsee_codegen::generated_files(&spec, &paths.spec_name)?;
    let differences = vsee_codegen::compare(&paths.root, &outputs)?;
    if differences.is_empty() {
        println!(
            "{} generated files are in step with {}",
            outputs.files.len(),
            paths.spec_name
        );
        return Ok(ExitCode::SUCCESS);
    }
    for difference in &differences {
        eprintln!("{difference}");
    }
    eprintln!(
        "error: {} of the generated files are out of step with {}; run `cargo xtask generate`, \
         review the diff and commit it (generated files are never edited by hand: change the \
         spec or the generator instead)",
        differences.len(),
        paths.spec_name
    );
    Ok(ExitCode::FAILURE)
}
