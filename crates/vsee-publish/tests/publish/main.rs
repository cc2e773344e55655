//! The three artifacts of `cargo xtask schemas-package`, judged from outside: the npm package
//! installed from its tarball and used with ajv, the Python package installed into a venv and
//! used with python-jsonschema, the site's files at their `$id`s and its index.html rendered
//! by headless Chromium; plus the version rule against real `vsee-diff` verdicts.

mod artifacts;
mod npm;
mod python;
mod site;
mod support;
mod versions;
