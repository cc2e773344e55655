//! The npm package, as a consumer gets it: `npm pack`, `npm install` of the tarball into a new
//! project (offline: the package has no dependencies), then ajv (tests/foreign) judges every
//! case through the package's `schemas`, `schemaFor` and `requestSchemaFor`.

use std::process::Command;

use crate::support;

const DRIVER: &str = r#"
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { schemas, schemaFor, requestSchemaFor, version, idBase } from "vsee-schemas";

const [ajvPath, casesFile] = process.argv.slice(2);
const { default: Ajv2020 } = await import(ajvPath);
const ajv = new Ajv2020({ schemas: Object.values(schemas), strict: false, validateFormats: false });
const verdicts = {};
for (const c of JSON.parse(readFileSync(casesFile, "utf8")).cases) {
  const schema = c.kind === "request" ? requestSchemaFor(c.operation_id, c.media_type) : schemaFor(c.operation_id, c.status);
  verdicts[c.name] = schema === undefined ? "missing" : ajv.getSchema(schema.$id)(c.instance);
}
// The API's edges, checked here where they run.
const checks = {
  range: schemaFor("get_visit", 404).$id.endsWith("operations/get_visit/response.4XX.json"),
  exact: schemaFor("get_visit", "200").$id.endsWith("operations/get_visit/response.200.json"),
  undocumented: schemaFor("get_visit", 302) === undefined,
  multipart: requestSchemaFor("create_intake", "multipart/form-data; boundary=x").$id.endsWith("request.multipart.json"),
  noMedia: requestSchemaFor("create_intake", "text/csv") === undefined,
  unknownThrows: (() => { try { schemaFor("no_such_operation", 200); return false; } catch (e) { return /unknown operation id/.test(e.message); } })(),
  version: version === JSON.parse(readFileSync(createRequire(import.meta.url).resolve("vsee-schemas/package.json"), "utf8")).version,
  idBase: Object.values(schemas).every((s) => s.$id.startsWith(idBase)),
  cjs: typeof createRequire(import.meta.url)("vsee-schemas").schemaFor === "function",
};
process.stdout.write(JSON.stringify({ verdicts, checks }));
"#;

#[test]
fn the_npm_package_installs_and_judges_every_case_with_ajv() {
    let packaged = support::package();
    let work = tempfile::tempdir().unwrap();
    let project = support::install_npm(&packaged, work.path());
    let installed = project.join("node_modules/vsee-schemas");
    assert!(
        installed.join("index.d.ts").exists(),
        "the TypeScript declarations are packed"
    );
    assert!(installed.join("schemas/components/Visit.json").exists());

    let cases = support::cases();
    let cases_file = work.path().join("cases.json");
    std::fs::write(&cases_file, cases.to_string()).unwrap();
    std::fs::write(project.join("driver.mjs"), DRIVER).unwrap();
    let ajv = support::workspace_root().join("tests/foreign/node_modules/ajv/dist/2020.js");
    assert!(
        ajv.exists(),
        "ajv is missing: run scripts/test (it runs `npm ci --prefix tests/foreign`)"
    );
    let out = support::run(
        Command::new("node")
            .arg("driver.mjs")
            .arg(format!("file://{}", ajv.display()))
            .arg(&cases_file)
            .current_dir(&project),
        "node driver.mjs",
    );
    let result: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    support::assert_verdicts(
        &cases,
        &result["verdicts"].to_string(),
        "ajv through vsee-schemas (npm)",
    );
    for (name, ok) in result["checks"].as_object().unwrap() {
        assert_eq!(ok, true, "npm API check `{name}` failed");
    }
}

#[test]
fn the_typescript_declarations_name_every_operation() {
    let packaged = support::package();
    let dts = std::fs::read_to_string(packaged.out().join("npm/index.d.ts")).unwrap();
    for id in vsee_schemas::operation_ids() {
        assert!(
            dts.contains(&format!("| \"{id}\"")),
            "OperationId lacks {id}"
        );
    }
    for name in ["schemaFor(", "requestSchemaFor(", "const schemas:"] {
        assert!(dts.contains(name), "index.d.ts declares no {name}");
    }
}
