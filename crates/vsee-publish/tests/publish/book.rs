//! The JavaScript and Python snippets of the book's schemas chapter
//! (`docs/src/workflows/publish-schemas.md`), run as a reader runs them: the ones that load the
//! committed files from the workspace root, with ajv from tests/foreign and the system's
//! python-jsonschema; the packages' ones against the npm and pip packages installed as in
//! `npm.rs` and `python.rs`, with the `body` the reader has supplied before them, once valid and
//! once not, so that the printed verdict is judged too.

use std::path::Path;
use std::process::Command;

use crate::support;

const PAGE: &str = "docs/src/workflows/publish-schemas.md";

/// The fenced blocks of `lang` on the page, in order.
fn blocks(lang: &str) -> Vec<String> {
    let page = std::fs::read_to_string(support::workspace_root().join(PAGE)).unwrap();
    let opening = format!("```{lang}");
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        // A fence may be indented (a block inside a list item).
        let fence = line.trim();
        match current.as_mut() {
            None if fence == opening => current = Some(String::new()),
            None => {}
            Some(_) if fence == "```" => found.extend(current.take()),
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "{PAGE}: a ```{lang} block is not closed");
    found
}

/// The page's snippets of `lang`: `count` of them, so that a new one fails here until this file
/// runs it too.
fn snippets(lang: &str, count: usize) -> Vec<String> {
    let found = blocks(lang);
    assert_eq!(
        found.len(),
        count,
        "{PAGE}: the ```{lang} blocks changed; run each new one in {}",
        file!()
    );
    found
}

/// `node_modules` of `dir` pointing at tests/foreign's (ajv), as a reader's `npm install ajv`.
fn link_foreign_modules(dir: &Path, name: &str) {
    let foreign = support::workspace_root().join("tests/foreign/node_modules");
    let target = foreign.join(name);
    assert!(
        target.exists(),
        "{} is missing: run scripts/test (it runs `npm ci --prefix tests/foreign`)",
        target.display()
    );
    let link = dir.join("node_modules").join(name);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
}

#[test]
fn the_snippets_that_load_the_committed_files_print_true() {
    let root = support::workspace_root();
    let work = tempfile::tempdir().unwrap();
    let [python, _, _] = <[String; 3]>::try_from(snippets("python", 3)).unwrap();
    let [js, _] = <[String; 2]>::try_from(snippets("js", 2)).unwrap();

    std::fs::write(work.path().join("load.py"), python).unwrap();
    let out = support::run(
        Command::new("python3")
            .arg(work.path().join("load.py"))
            .current_dir(&root),
        "the book's Python snippet",
    );
    assert_eq!(out, "True\n");

    link_foreign_modules(work.path(), "ajv");
    std::fs::write(work.path().join("load.mjs"), js).unwrap();
    let out = support::run(
        Command::new("node")
            .arg(work.path().join("load.mjs"))
            .current_dir(&root),
        "the book's JavaScript snippet",
    );
    assert_eq!(out, "true\n");
}

#[test]
fn the_package_snippets_run_against_the_installed_packages() {
    let packaged = support::package();
    let work = tempfile::tempdir().unwrap();
    let [_, js] = <[String; 2]>::try_from(snippets("js", 2)).unwrap();
    let [_, python, mypy] = <[String; 3]>::try_from(snippets("python", 3)).unwrap();
    // The mypy line is the one the types test compiles its consumer with.
    let types_test = include_str!("types_python.rs").replace("\\\"", "\"");
    assert!(
        types_test.contains(mypy.trim()),
        "the book's mypy line is not the one types_python.rs checks: {mypy}"
    );

    // A get_visit 404 body (the spec's 4XX example shape) and one whose code is a string; after
    // the snippet, what its last call returns (the page says parameters and case are ignored:
    // so they are here too).
    let project = support::install_npm(&packaged, work.path());
    link_foreign_modules(&project, "ajv");
    let after = "\nconsole.log(requestSchemaFor(\"create_intake\", \"Multipart/Form-Data; boundary=x\").$id);\n";
    for (body, verdict) in [
        (
            r#"{"code": 404, "message": "Visit not found"}"#,
            "true null",
        ),
        (r#"{"code": "404", "message": "Visit not found"}"#, "false"),
    ] {
        std::fs::write(
            project.join("snippet.mjs"),
            format!("const body = {body};\n{js}{after}"),
        )
        .unwrap();
        let out = support::run(
            Command::new("node")
                .arg("snippet.mjs")
                .current_dir(&project),
            "the book's npm package snippet",
        );
        assert!(
            out.starts_with(verdict),
            "body {body}: expected `{verdict}...`, got {out}"
        );
        if verdict == "false" {
            assert!(out.contains("/code"), "the errors name the place: {out}");
        }
        assert!(
            out.trim_end()
                .ends_with("/operations/create_intake/request.multipart.json"),
            "requestSchemaFor: {out}"
        );
    }

    // A get_visit 200 body from the samples: valid, nothing printed; without its `data`, the
    // error names the place. Then what the snippet's last two calls return.
    let python_exe = support::install_python(&packaged, work.path());
    let sample = support::workspace_root().join("tests/payloads/get_visit/200.json");
    let after = "print(type(vsee_schemas.request_validator_for('create_intake', \
                 'application/json')).__name__, type(vsee_schemas.registry()).__name__)\n";
    for (prelude, verdict) in [
        ("", ""),
        ("del body['data']\n", "$ 'data' is a required property\n"),
    ] {
        std::fs::write(
            work.path().join("snippet.py"),
            format!(
                "import json\nbody = json.load(open({:?}))\n{prelude}{python}{after}",
                sample.display().to_string()
            ),
        )
        .unwrap();
        let out = support::run(
            Command::new(&python_exe)
                .arg(work.path().join("snippet.py"))
                .current_dir(work.path()),
            "the book's pip package snippet",
        );
        assert_eq!(out, format!("{verdict}Draft202012Validator Registry\n"));
    }
}
