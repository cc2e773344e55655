//! Validate recordings from Rust, as `vsee-contract validate` does: the embedded spec, every
//! HAR and NDJSON file under the paths given (default `tests/recordings`), the human report.
//!
//! `cargo run -p vsee-contract --example validate_recordings -- tests/recordings`; exits 1 when
//! there is a finding. The typed check (decoding into the client's types) is off here: it is
//! a hook, `Checker::set_typed_decoder(Some(vsee_client::decode_for_validator))`.

use std::process::ExitCode;

use vsee_contract::{collect_inputs, run, Checker, RunOptions};

fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        paths.push("tests/recordings".into());
    }
    let checker = Checker::new(vsee_spec::embedded()?)?;
    // `false`: no bare payloads; a `.json` file is read only when it is a HAR export.
    let (files, problems) = collect_inputs(&paths, false);
    let report = run(&checker, &files, problems, &RunOptions::default());
    print!("{}", vsee_contract::render::human(&report));
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
