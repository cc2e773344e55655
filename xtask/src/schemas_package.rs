//! `cargo xtask schemas-package`: the published JSON Schemas as a hosted site, an npm package
//! and a pip package. The packaging is `vsee-publish`'s; this module only gathers its inputs:
//! the spec (the one loader) and the schema files exactly as `cargo xtask generate` writes them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context as _};
use clap::Args;
use serde_json::Value;

/// Options of `cargo xtask schemas-package`.
#[derive(Args, Clone, Debug)]
pub struct PackageArgs {
    /// Where the site will be hosted. Every `$id` becomes `<URI>v<MAJOR>/<file>`, MAJOR being
    /// the major of the spec's info.version, so uploading DIR/site/ to URI makes every `$id`
    /// resolvable.
    #[arg(long, value_name = "URI", default_value = vsee_publish::DEFAULT_BASE_URI)]
    pub base_uri: String,
    /// Output directory; its `site/`, `npm/` and `python/` folders are replaced.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The Python whose environment has datamodel-code-generator (tests/foreign/requirements.txt).
    #[arg(long, value_name = "PATH", default_value = "python3")]
    pub python: PathBuf,
    #[command(flatten)]
    pub common: crate::paths::Common,
}

pub const LONG_ABOUT: &str = "\
Package the published JSON Schemas for other teams, all three with the same files:
  DIR/site/    every schema at the path of its $id below URI (v<MAJOR>/...), v<MAJOR>/index.json,
               and index.html, a static reference of every operation and schema
  DIR/npm/     the npm package `vsee-schemas` (schemas, schemaFor, requestSchemaFor, TypeScript
               declarations; payload types `vsee-schemas/types`); `npm publish DIR/npm`
  DIR/python/  the pip package `vsee-schemas` (import vsee_schemas: schemas, registry,
               validator_for, request_validator_for; TypedDicts in vsee_schemas.types);
               `pip install DIR/python`

The version of both packages is the spec's info.version; its major is part of every $id.
The payload types are written by openapi-typescript (from tests/foreign/node_modules: `npm ci
--prefix tests/foreign`) and datamodel-code-generator (`pip install -r
tests/foreign/requirements.txt`), at their pinned versions; scripts/test installs both.

Example:
  cargo xtask schemas-package --base-uri https://schemas.example.com/vsee/ --out dist";

pub fn run(args: &PackageArgs) -> anyhow::Result<ExitCode> {
    let paths = args.common.paths();
    let spec = crate::paths::load_spec(&paths)?;
    let foreign = paths.root.join("tests").join("foreign");
    let tools = vsee_publish::types::Tools::find(&foreign, &args.python)
        .map_err(|e| anyhow!("{e}\nthe payload types of both packages need it"))?;
    eprintln!(
        "schemas-package: converting the schemas of {}",
        paths.spec_name
    );
    let generated = vsee_codegen::published_schemas(&spec, &paths.spec_name)?;
    let mut files = Vec::new();
    for file in generated {
        let Ok(name) = file.path.strip_prefix(vsee_codegen::SCHEMA_DIR) else {
            continue;
        };
        if name.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = name
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let doc: Value = serde_json::from_str(&file.contents)
            .with_context(|| format!("the generated {name} is not JSON"))?;
        files.push((name, doc));
    }
    let published =
        vsee_publish::Published::new(&spec, files, vsee_codegen::SCHEMA_BASE_URI, &args.base_uri)
            .map_err(|e| anyhow!("{e}"))?;
    let progress = |line: &str| eprintln!("schemas-package: {line}");
    let types = vsee_publish::types::generate(&spec, &paths.spec_name, &tools, &progress)
        .map_err(|e| anyhow!("{e}"))?;
    eprintln!(
        "schemas-package: writing version {} (ids under {}) to {}",
        published.version,
        published.id_base,
        args.out.display()
    );
    let summary =
        vsee_publish::package(&spec, &published, &types, &args.out).map_err(|e| anyhow!("{e}"))?;
    println!(
        "{} documents, {} files: {}/site (upload to {}), {}/npm (npm publish), {}/python (pip install)",
        summary.documents,
        summary.files,
        args.out.display(),
        published.base_uri,
        args.out.display(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
