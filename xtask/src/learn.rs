//! `cargo xtask learn`: options only; the command is `vsee_learn::command` (the spec edits
//! that recorded traffic asks for, with evidence and verdicts; `--write` applies and checks).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

pub use vsee_learn::command::LONG_ABOUT;

/// Options of `cargo xtask learn`.
#[derive(Args, Clone, Debug)]
pub struct LearnArgs {
    /// Recorded traffic: HAR or NDJSON files, or folders of them (as `vsee-contract validate`
    /// reads them). Repeatable; at least one.
    #[arg(long, value_name = "PATH", required = true, num_args = 1..)]
    pub recordings: Vec<PathBuf>,
    #[command(flatten)]
    pub common: crate::paths::Common,
    /// Apply the first proposal of each group to the spec file in place (only the lines it
    /// must change), then check that the spec lints, the recordings conform, recordings that
    /// conformed before still do (also <ROOT>/tests/recordings) and generation works.
    #[arg(long)]
    pub write: bool,
    /// Output: `human` for a terminal, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Skip the crate verdict (it runs the generator once per proposal).
    #[arg(long)]
    pub no_crate_verdict: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Exit status 0 / 1 as `vsee_learn::command` decides; 2 for a usage error.
pub fn run(args: &LearnArgs) -> anyhow::Result<ExitCode> {
    let paths = args.common.paths();
    let request = vsee_learn::command::Request {
        recordings: args.recordings.clone(),
        spec: paths.spec,
        regression: Some(paths.root.join("tests").join("recordings")),
        write: args.write,
        json: args.format == Format::Json,
        options: vsee_learn::Options {
            crate_verdicts: !args.no_crate_verdict,
        },
    };
    match vsee_learn::command::run(&request, &mut |m| eprintln!("learn: {m}")) {
        Ok(outcome) => {
            print!("{}", outcome.report);
            Ok(ExitCode::from(outcome.code))
        }
        Err(err) => {
            eprintln!("error: {err}");
            Ok(ExitCode::from(2))
        }
    }
}
