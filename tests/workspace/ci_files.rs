//! The CI files the book gives other teams (`docs/src/ci/`) stay valid: check-jsonschema (pinned
//! in `tests/foreign/requirements.txt`, installed by `scripts/test`) judges them with its
//! built-in schemas of GitHub workflows and GitLab CI files. A broken copy of each must fail,
//! so a check that silently checks nothing fails the test.

use std::path::Path;

use vsee_workspace_tests::{check_jsonschema, workspace_root};

/// `check-jsonschema --builtin-schema SCHEMA FILE`: (passed, output).
fn check(schema: &str, file: &Path) -> (bool, String) {
    check_jsonschema(&["--builtin-schema".as_ref(), schema.as_ref()], file)
}

#[test]
fn the_books_ci_files_are_valid_github_and_gitlab_ci() {
    let dir = tempfile::tempdir().unwrap();
    for (file, schema, breakage) in [
        (
            "docs/src/ci/github-actions.yml",
            "vendor.github-workflows",
            ("    runs-on: ubuntu-latest", "    runs_on: ubuntu-latest"),
        ),
        (
            "docs/src/ci/gitlab-ci.yml",
            "vendor.gitlab-ci",
            ("when: always", "when: sometimes"),
        ),
    ] {
        let path = workspace_root().join(file);
        let (ok, out) = check(schema, &path);
        assert!(ok, "{file} is not valid under {schema}:\n{out}");

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(breakage.0), "{file}");
        assert!(text.contains("vsee-contract validate"), "{file}");
        assert!(text.contains("--baseline"), "{file}");
        assert!(text.contains("cargo install --locked --git"), "{file}");
        let broken = dir.path().join(path.file_name().unwrap());
        std::fs::write(&broken, text.replacen(breakage.0, breakage.1, 1)).unwrap();
        let (ok, out) = check(schema, &broken);
        assert!(!ok, "a broken {file} passes {schema}:\n{out}");
    }
}
