//! The Python package, as a consumer gets it: `pip install` into a new venv (with the system's
//! site packages for jsonschema, offline), then `validator_for` / `request_validator_for`
//! judge every case.

use std::process::Command;

use crate::support;

const DRIVER: &str = r#"
import json, sys
import vsee_schemas

cases = json.load(open(sys.argv[1]))["cases"]
verdicts = {}
for c in cases:
    if c["kind"] == "request":
        validator = vsee_schemas.request_validator_for(c["operation_id"], c["media_type"])
    else:
        validator = vsee_schemas.validator_for(c["operation_id"], c["status"])
    verdicts[c["name"]] = "missing" if validator is None else validator.is_valid(c["instance"])

def raises_key_error():
    try:
        vsee_schemas.validator_for("no_such_operation", 200)
    except KeyError as e:
        return "unknown operation id" in str(e)
    return False

checks = {
    "installed": sys.prefix in vsee_schemas.__file__,
    "range": vsee_schemas.schema_for("get_visit", 404)["$id"].endswith("operations/get_visit/response.4XX.json"),
    "undocumented": vsee_schemas.validator_for("get_visit", 302) is None,
    "multipart": vsee_schemas.request_schema_for("create_intake", "multipart/form-data; boundary=x")["$id"].endswith("request.multipart.json"),
    "unknown": raises_key_error(),
    "registry": all(vsee_schemas.registry().contents(d["$id"]) == d for d in vsee_schemas.schemas().values()),
    "ids": all(d["$id"].startswith(vsee_schemas.ID_BASE) for d in vsee_schemas.schemas().values()),
    "count": len(vsee_schemas.schemas()),
    "version": vsee_schemas.SPEC_VERSION,
}
print(json.dumps({"verdicts": verdicts, "checks": checks}))
"#;

#[test]
fn the_python_package_installs_and_judges_every_case_with_jsonschema() {
    let packaged = support::package();
    let work = tempfile::tempdir().unwrap();
    let python = support::install_python(&packaged, work.path());
    let cases = support::cases();
    let cases_file = work.path().join("cases.json");
    std::fs::write(&cases_file, cases.to_string()).unwrap();
    std::fs::write(work.path().join("driver.py"), DRIVER).unwrap();
    // Run from a directory without the source, so the installed copy is what gets imported.
    let out = support::run(
        Command::new(&python)
            .arg(work.path().join("driver.py"))
            .arg(&cases_file)
            .current_dir(work.path()),
        "python driver.py",
    );
    let result: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    support::assert_verdicts(
        &cases,
        &result["verdicts"].to_string(),
        "python-jsonschema through vsee_schemas",
    );
    let checks = &result["checks"];
    for name in [
        "installed",
        "range",
        "undocumented",
        "multipart",
        "unknown",
        "registry",
        "ids",
    ] {
        assert_eq!(
            checks[name], true,
            "Python API check `{name}` failed: {checks}"
        );
    }
    assert_eq!(
        checks["count"],
        vsee_schemas::files().count(),
        "every document is package data"
    );
    assert_eq!(checks["version"], packaged.published.version);
}
