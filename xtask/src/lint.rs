//! `cargo xtask lint`: the spec conventions of DESIGN.md, as checked by `vsee_spec::lint`.

use std::process::ExitCode;

use crate::paths::{load_spec, Paths};

pub fn run(paths: &Paths) -> anyhow::Result<ExitCode> {
    let spec = load_spec(paths)?;
    let problems = vsee_spec::lint(&spec);
    if problems.is_empty() {
        println!(
            "{}: no lint problems ({} operations)",
            spec.file(),
            spec.operations().len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!(
        "error: {} lint problem{} in {}; fix them in the spec and run `cargo xtask lint` again",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        spec.file()
    );
    Ok(ExitCode::FAILURE)
}
