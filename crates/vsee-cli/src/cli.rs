//! The `vsee-contract` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand, ValueEnum};

use vsee_contract::render::{self, Format};
use vsee_contract::{collect_inputs, run, BareTarget, Checker, InputKind, Report, RunOptions};

use crate::exit::{usage_error, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Parser)]
#[command(
    name = "vsee-contract",
    version,
    about = "Validate recorded VSee API traffic against spec/vsee.yaml; mock it; proxy and record it",
    long_about = "Validate recorded VSee API traffic (HAR files, NDJSON exchange files, bare JSON \
                  payloads) against the VSee Clinic REST API v3 spec, with reports that show \
                  where a recording disagrees without showing recorded values.\n\n\
                  Exit codes: 0 every exchange conforms, 1 findings, 2 usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate recordings and payloads against the spec.
    Validate(ValidateArgs),
    /// Print the JSON Schema (2020-12) of the NDJSON exchange format, the JSON report or the
    /// baseline file.
    Schema(SchemaArgs),
    /// List the operations (with documented statuses) and components of the spec.
    List(ListArgs),
    /// Serve a stateful mock of the API that validates every request and response.
    Mock(crate::serve_args::MockArgs),
    /// Forward to a real server, validate the traffic live, record it without credentials
    /// and (by default) without values.
    Proxy(crate::serve_args::ProxyArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: .har (HAR 1.2), .ndjson/.jsonl (one exchange per line; see \
                  `vsee-contract schema exchange`), .json (a HAR export, or a bare payload with \
                  --operation and --status, or --schema). Directories are walked recursively in \
                  sorted order; .json files there that are not HAR exports are counted as \
                  skipped unless --operation or --schema is given.\n\n\
                  Exit codes: 0 every exchange conforms, 1 findings (including unreadable input \
                  files), 2 usage error (bad flag, unreadable spec, no input files).\n\n\
                  Example: vsee-contract validate tests/recordings/ --format junit -o report.xml"
)]
pub struct ValidateArgs {
    /// Files or directories to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check against this OpenAPI 3.0 file instead of the embedded spec/vsee.yaml.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_parser = format_parser(), default_value = "human")]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Bare .json payloads are the response body of this operation (with --status).
    #[arg(
        long,
        value_name = "ID",
        requires = "status",
        conflicts_with = "schema"
    )]
    pub operation: Option<String>,

    /// Bare .json payloads are the response body for this status (with --operation).
    #[arg(long, value_name = "CODE", requires = "operation", value_parser = clap::value_parser!(u16).range(100..=599))]
    pub status: Option<u16>,

    /// Bare .json payloads are checked against this component schema (e.g. Visit).
    #[arg(long, value_name = "COMPONENT")]
    pub schema: Option<String>,

    /// Include recorded values in messages (they may contain patient data and tokens).
    #[arg(long)]
    pub show_values: bool,

    /// Print progress to standard error (default: when standard error is a terminal and the
    /// format is human).
    #[arg(long, conflicts_with = "no_progress")]
    pub progress: bool,

    /// Never print progress.
    #[arg(long)]
    pub no_progress: bool,

    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    /// List at most N findings (all are counted in the summary); 0 lists all.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_findings: u64,

    /// Do not decode responses into the generated client's types.
    #[arg(long)]
    pub no_typed_check: bool,

    /// Also report body members the spec does not document (keyword `undocumented-property`):
    /// every object schema allows them (`additionalProperties: {}`), but they are how the API's
    /// new fields first appear.
    #[arg(long)]
    pub undocumented: bool,

    /// Accept the deviations this baseline file lists (each with a reason and an optional
    /// expiry): they are reported as accepted, not failures; its entries that match nothing
    /// are reported as stale, and an expired entry fails the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every deviation found to FILE as a baseline (reasons kept from --baseline, a
    /// placeholder that must be replaced otherwise). The exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Accept a HAR or NDJSON file that holds no exchange (by default it is a finding: a CI
    /// job that recorded nothing must not pass).
    #[arg(long)]
    pub allow_empty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// One line of an NDJSON exchange file.
    Exchange,
    /// The `--format json` report.
    Report,
    /// The `--baseline` file.
    Baseline,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum)]
    pub which: SchemaKind,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// List the operations and components of this spec instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
}

/// `--format`'s values, with the library's names and descriptions (the library has no
/// command-line parser of its own).
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.description()));
    PossibleValuesParser::new(values).map(|name| name.parse().unwrap_or(Format::Human))
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Validate(args) => validate(args),
        Command::Mock(args) => match load_checker(args.spec.as_ref()) {
            Ok(checker) => crate::serve_args::run_mock(args, checker),
            Err(code) => code,
        },
        Command::Proxy(args) => match load_checker(args.spec.as_ref()) {
            Ok(checker) => crate::serve_args::run_proxy(args, checker),
            Err(code) => code,
        },
        Command::Schema(args) => {
            let schema = match args.which {
                SchemaKind::Exchange => vsee_contract::exchange_record_schema(),
                SchemaKind::Report => vsee_contract::report_schema(),
                SchemaKind::Baseline => vsee_contract::baseline::baseline_schema(),
            };
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    println!("{text}");
                    EXIT_OK
                }
                Err(e) => usage_error(&format!("cannot print the schema: {e}")),
            }
        }
        Command::List(args) => {
            let checker = match load_checker(args.spec.as_ref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let mut out = String::from("Operations (id, method, path, documented statuses):\n");
            for id in checker.operation_ids() {
                if let Some((method, path, responses)) = checker.operation(id) {
                    out.push_str(&format!(
                        "  {id:<28} {method:<6} {path:<40} {}\n",
                        responses.join(" ")
                    ));
                }
            }
            out.push_str("Components (for --schema):\n");
            for name in checker.component_names() {
                out.push_str(&format!("  {name}\n"));
            }
            print!("{out}");
            EXIT_OK
        }
    }
}

fn load_checker(spec: Option<&PathBuf>) -> Result<Checker, i32> {
    let loaded = match spec {
        Some(path) => vsee_spec::load_file(path).map_err(|e| {
            usage_error(&format!(
                "cannot use spec `{}`: {e}",
                path.to_string_lossy()
            ))
        })?,
        None => vsee_spec::embedded()
            .map_err(|e| usage_error(&format!("the embedded spec does not load: {e}")))?,
    };
    let file = loaded.file().to_owned();
    let mut checker =
        Checker::new(loaded).map_err(|e| usage_error(&format!("cannot use spec `{file}`: {e}")))?;
    checker.set_typed_decoder(Some(vsee_client::decode_for_validator));
    // Every schema now, so that one that does not compile (e.g. an invalid `pattern`) is a
    // usage error naming its place in the spec, not a finding on every exchange.
    checker
        .compile_all()
        .map_err(|e| usage_error(&format!("cannot use spec `{file}`: {e}")))?;
    Ok(checker)
}

fn validate(args: ValidateArgs) -> i32 {
    let mut checker = match load_checker(args.spec.as_ref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.no_typed_check {
        checker.set_typed_decoder(None);
    }
    checker.set_undocumented(args.undocumented);
    let bare = match (&args.operation, args.status, &args.schema) {
        (Some(op), Some(status), None) => {
            if checker.operation(op).is_none() {
                return usage_error(&format!(
                    "unknown operation `{op}`; `vsee-contract list` shows the operation ids"
                ));
            }
            Some(BareTarget::Response {
                operation_id: op.clone(),
                status,
            })
        }
        (None, None, Some(name)) => {
            if !checker.has_component(name) {
                return usage_error(&format!(
                    "unknown component `{name}`; `vsee-contract list` shows the component names"
                ));
            }
            Some(BareTarget::Component(name.clone()))
        }
        _ => None,
    };

    let (files, problems) = collect_inputs(&args.paths, bare.is_some());
    if files.iter().all(|f| f.kind == InputKind::Skipped) {
        for p in &problems {
            eprintln!("vsee-contract: {}: {}", p.file, p.message);
        }
        for f in &files {
            eprintln!(
                "vsee-contract: {}: skipped: not a HAR export (a bare payload needs \
                 --operation/--status or --schema)",
                f.display
            );
        }
        return usage_error(
            "no input files: give .har, .ndjson or .jsonl files, directories holding them, or \
             .json payloads with --operation/--status or --schema",
        );
    }

    let baseline = match args
        .baseline
        .as_deref()
        .map(crate::baseline::load)
        .transpose()
    {
        Ok(b) => b,
        Err(code) => return code,
    };
    let progress = if args.no_progress {
        false
    } else {
        args.progress || (args.format == Format::Human && std::io::stderr().is_terminal())
    };
    let options = RunOptions {
        allow_empty: args.allow_empty,
        show_values: args.show_values,
        bare,
        jobs: args.jobs,
        max_findings: (args.max_findings > 0).then_some(args.max_findings),
        keep_exchanges: args.format == Format::Junit,
        progress,
        baseline: baseline.clone(),
        tally: args.write_baseline.is_some(),
        ..RunOptions::default()
    };
    let report = run(&checker, &files, problems, &options);
    if let Some(path) = &args.write_baseline {
        if let Err(code) = crate::baseline::write(path, &report, baseline.as_deref()) {
            return code;
        }
    }
    emit(&report, &args)
}

/// Renders and writes the report; the exit code.
fn emit(report: &Report, args: &ValidateArgs) -> i32 {
    let text = match render::render(report, args.format) {
        Ok(text) => text,
        Err(e) => return usage_error(&format!("cannot render the report: {e}")),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| {
            format!(
                "cannot write the report to `{}`: {e}",
                path.to_string_lossy()
            )
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write the report: {e}"))
        }
    };
    if let Err(message) = written {
        return usage_error(&message);
    }
    if report.is_clean() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
