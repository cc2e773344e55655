//! The three artifacts of `cargo xtask schemas-package`, judged from outside: the npm package
//! installed from its tarball and used with ajv, the Python package installed into a venv and
//! used with python-jsonschema, the site's files at their `$id`s and its index.html rendered
//! by headless Chromium; the book's JavaScript and Python snippets; the payload types of both
//! packages under `tsc --strict` and `mypy --strict`; plus the version rule against real
//! `vsee-diff` verdicts.

mod artifacts;
mod book;
mod npm;
mod python;
mod site;
mod support;
mod types_python;
mod types_typescript;
mod versions;
