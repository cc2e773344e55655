//! `npm/`: an npm package of the documents. `index.js` (CommonJS, also importable from ES
//! modules) exports `schemas`, `index`, `schemaFor`, `requestSchemaFor`, `version` and `idBase`;
//! `index.d.ts` declares them. The documents are plain `.json` files under `schemas/`, required
//! statically so bundlers see them. `types.d.ts` (openapi-typescript's `paths`, `components`,
//! `operations`) is the type-only entry `vsee-schemas/types`.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::template::{fill, package_readme};
use crate::{generated_mark, OutputFile, Published, PACKAGE_NAME};

pub fn render(published: &Published, types: &str) -> Vec<OutputFile> {
    let root = PathBuf::from("npm");
    let generated = generated_mark(published);
    let mut out = Vec::new();
    let mut requires = String::new();
    for (name, text) in published.json_files() {
        if name != "index.json" {
            requires.push_str(&format!(
                "  {}: require({}),\n",
                Value::from(name.as_str()),
                Value::from(format!("./schemas/{name}"))
            ));
        }
        out.push(OutputFile {
            path: root.join("schemas").join(&name),
            contents: text,
        });
    }
    let operation_ids: Vec<String> = published.index["operations"]
        .as_object()
        .map(|ops| {
            ops.keys()
                .map(|id| format!("  | {}", Value::from(id.as_str())))
                .collect()
        })
        .unwrap_or_default();
    let operation_ids = if operation_ids.is_empty() {
        "  string".to_owned()
    } else {
        operation_ids.join("\n")
    };
    let values = [
        ("GENERATED", generated.as_str()),
        ("VERSION", published.version.as_str()),
        ("ID_BASE", published.id_base.as_str()),
        ("FILES", requires.as_str()),
        ("OPERATION_IDS", operation_ids.as_str()),
    ];
    out.push(OutputFile {
        path: root.join("index.js"),
        contents: fill(include_str!("../templates/npm/index.js"), &values),
    });
    out.push(OutputFile {
        path: root.join("index.d.ts"),
        contents: fill(include_str!("../templates/npm/index.d.ts"), &values),
    });
    out.push(OutputFile {
        path: root.join("types.d.ts"),
        contents: types.to_owned(),
    });
    out.push(OutputFile {
        path: root.join("README.md"),
        contents: package_readme(published),
    });
    let manifest = json!({
        "name": PACKAGE_NAME,
        "version": published.version,
        "description": format!(
            "JSON Schemas (2020-12) of the VSee Clinic REST API v3 {}: every request and response body, by operation and status",
            published.version
        ),
        "license": "MIT OR Apache-2.0",
        "main": "index.js",
        "types": "index.d.ts",
        "exports": {
            ".": {"types": "./index.d.ts", "default": "./index.js"},
            // Declarations only: `import type` is erased, so no module is loaded at run time.
            "./types": {"types": "./types.d.ts"},
            "./schemas/*": "./schemas/*",
            "./package.json": "./package.json"
        },
        "files": ["index.js", "index.d.ts", "types.d.ts", "schemas/", "README.md"],
        "sideEffects": false,
        "keywords": ["vsee", "json-schema", "openapi", "telehealth"],
        "vseeSchemas": {"idBase": published.id_base, "generated": generated}
    });
    out.push(OutputFile {
        path: root.join("package.json"),
        contents: crate::pretty(&manifest),
    });
    out
}
