//! Payload types for the two packages, made by the ecosystem's own generators from the spec
//! document the packaging loaded (not from the converted JSON Schemas: both tools read
//! OpenAPI, `nullable` and component names included):
//!
//! * `npm/types.d.ts`: openapi-typescript's `paths`, `components` and `operations`, as it
//!   emits them with its default options;
//! * `python/vsee_schemas/types.py`: datamodel-code-generator's `TypedDict`s, one per object
//!   component, named as the component, with the options of [`DATAMODEL_CODEGEN_OPTIONS`].
//!
//! The tools are run at packaging time at the versions pinned in `tests/foreign/`
//! (`package.json`, `requirements.txt`), found by [`Tools::find`]; nothing they write is
//! committed, so `cargo xtask generate` and `check` stay pure Rust.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod tools;

pub use tools::Tools;

/// The generated type files, before they are placed into the packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Types {
    /// `types.d.ts` of the npm package.
    pub typescript: String,
    /// `vsee_schemas/types.py` of the Python package.
    pub python: String,
}

/// datamodel-code-generator's options besides input, output and header. Each is needed by
/// this spec or by a `TypedDict` consumer; the book (docs/src/workflows/publish-schemas.md) says why.
pub const DATAMODEL_CODEGEN_OPTIONS: &[&str] = &[
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "typing.TypedDict",
    // The oldest Python the package supports: `int | str` and `TypeAlias` need 3.10.
    "--target-python-version",
    "3.10",
    // Without it `nullable: true` is dropped from every field (`account_code: str`), so a
    // payload with the null the spec allows would not type-check.
    "--strict-nullable",
    // A TypedDict's keys are the JSON keys: without it `_id` would become `field_id`, a key
    // the API never sends.
    "--special-field-name-prefix",
    "",
    // Coded values as `Literal` unions, so that the JSON value `20` type-checks as a status
    // (the default for TypedDicts, stated).
    "--enum-field-as-literal",
    "all",
    // Inline objects named by where they are (`AccountVseeApiMeeting`), not numbered
    // (`Meeting1`, beside the unrelated component `Meeting`, renumbered when one is added).
    "--naming-strategy",
    "parent-prefixed",
    // mypy does not implement PEP 728 (`closed=`, `extra_items=`) and reports them as errors.
    // No change today (every object has `additionalProperties: {}`); `false` would need it.
    "--no-use-closed-typed-dict",
    "--use-schema-description",
    "--use-field-description",
    // Output that depends on the pinned generator alone, not on the black and isort installed.
    "--formatters",
    "builtin",
    // The same bytes on every run.
    "--disable-timestamp",
];

/// Problems finding or running the generators; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TypesError {
    #[error(
        "{tool} is not installed ({detail}); install it with `{install}` (scripts/test does this)"
    )]
    Missing {
        tool: &'static str,
        detail: String,
        install: String,
    },
    #[error(
        "{tool} {found} is installed, but {pin_file} pins {pinned}; install the pinned version \
         with `{install}` (scripts/test does this)"
    )]
    Version {
        tool: &'static str,
        found: String,
        pinned: String,
        pin_file: String,
        install: String,
    },
    #[error("{file} pins no exact version of {tool} (e.g. `{example}`); the packaged types are only reproducible with one")]
    Pin {
        file: String,
        tool: &'static str,
        example: &'static str,
    },
    #[error("{tool} failed ({status}) on {spec}:\n{stderr}")]
    Failed {
        tool: &'static str,
        status: String,
        spec: String,
        stderr: String,
    },
    #[error("{tool} wrote no {what}; check the tool's version against its pin in tests/foreign")]
    Output {
        tool: &'static str,
        what: &'static str,
    },
    #[error("cannot {what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

/// Runs both generators on `spec`'s document (concurrently: each takes seconds), reporting
/// each step through `progress`. `spec_name` is the spec's name in the `@generated` headers.
pub fn generate(
    spec: &vsee_spec::Spec,
    spec_name: &str,
    tools: &Tools,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Types, TypesError> {
    let version = crate::spec_version(spec).unwrap_or_default();
    let work = tempfile::tempdir().map_err(|source| TypesError::Io {
        what: "create a temporary directory for the generators".into(),
        source,
    })?;
    let input = work.path().join("vsee.json");
    let text = serde_json::to_vec_pretty(spec.document()).unwrap_or_default();
    std::fs::write(&input, text).map_err(|source| TypesError::Io {
        what: format!("write {}", input.display()),
        source,
    })?;
    let job = Job {
        work: work.path(),
        spec_name,
        progress,
    };
    let (typescript, python) = std::thread::scope(|scope| {
        let typescript = scope.spawn(|| typescript(&job, tools, &version));
        let python = python(&job, tools, &version);
        let typescript = typescript
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (typescript, python)
    });
    Ok(Types {
        typescript: typescript?,
        python: python?,
    })
}

/// What both generator runs share.
struct Job<'a> {
    work: &'a Path,
    spec_name: &'a str,
    progress: &'a (dyn Fn(&str) + Sync),
}

impl Job<'_> {
    /// Runs `command` in the work directory (so no config file of the caller's directory is
    /// read) and returns the file it wrote.
    fn run(
        &self,
        tool: &'static str,
        mut command: Command,
        output: &str,
    ) -> Result<String, TypesError> {
        let started = Instant::now();
        (self.progress)(&format!("{tool}: generating from {} ...", self.spec_name));
        let result = command
            .current_dir(self.work)
            .output()
            .map_err(|source| TypesError::Io {
                what: format!(
                    "start {tool} with {} (is it installed and on PATH?)",
                    command.get_program().to_string_lossy()
                ),
                source,
            })?;
        if !result.status.success() {
            return Err(TypesError::Failed {
                tool,
                status: result.status.to_string(),
                spec: self.spec_name.to_owned(),
                stderr: tail(&String::from_utf8_lossy(&result.stderr), 40),
            });
        }
        let path: PathBuf = self.work.join(output);
        let text = std::fs::read_to_string(&path).map_err(|source| TypesError::Io {
            what: format!("read what {tool} wrote ({})", path.display()),
            source,
        })?;
        (self.progress)(&format!(
            "{tool}: done in {:.1} s",
            started.elapsed().as_secs_f64()
        ));
        Ok(text)
    }
}

fn typescript(job: &Job<'_>, tools: &Tools, version: &str) -> Result<String, TypesError> {
    let tool = "openapi-typescript";
    let mut command = Command::new(tools.node());
    command
        .arg(tools.openapi_typescript_cli())
        .args(["vsee.json", "--output", "types.d.ts"]);
    let text = job.run(tool, command, "types.d.ts")?;
    for what in [
        "export interface paths",
        "export interface components",
        "export interface operations",
    ] {
        if !text.contains(what) {
            return Err(TypesError::Output { tool, what });
        }
    }
    let header = format!(
        "// {}\n",
        mark(
            job.spec_name,
            version,
            tool,
            tools.openapi_typescript_version()
        )
    );
    Ok(header + &text)
}

fn python(job: &Job<'_>, tools: &Tools, version: &str) -> Result<String, TypesError> {
    let tool = "datamodel-code-generator";
    let header = format!(
        "# {}\n# Options: {}\n# An object of the API may carry members beyond those listed here (additionalProperties);\n# mypy, which does not read PEP 728, reports them as `typeddict-unknown-key` in a dict\n# literal: disable that code where you build payloads.",
        mark(job.spec_name, version, tool, tools.datamodel_codegen_version()),
        DATAMODEL_CODEGEN_OPTIONS
            .iter()
            .map(|o| if o.is_empty() { "''" } else { o })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut command = Command::new(tools.python());
    command
        .args([
            "-m",
            "datamodel_code_generator",
            "--input",
            "vsee.json",
            "--output",
            "types.py",
        ])
        .args(DATAMODEL_CODEGEN_OPTIONS)
        .arg("--custom-file-header")
        .arg(&header);
    let text = job.run(tool, command, "types.py")?;
    if !text.starts_with(&header) || !text.contains("(TypedDict)") {
        return Err(TypesError::Output {
            tool,
            what: "TypedDict class under the @generated header",
        });
    }
    Ok(text)
}

fn mark(spec_name: &str, version: &str, tool: &str, tool_version: &str) -> String {
    format!(
        "@generated by `cargo xtask schemas-package` from {spec_name} (info.version {version}) \
         with {tool} {tool_version}; do not edit"
    )
}

/// The last `lines` lines of a tool's error output, at most 4,000 characters of them.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.trim_end().lines().collect();
    let tail = all[all.len().saturating_sub(lines)..].join("\n");
    let skip = tail.chars().count().saturating_sub(4000);
    tail.chars().skip(skip).collect()
}
