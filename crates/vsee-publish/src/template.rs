//! `{{NAME}}` placeholders in the template files under `templates/`.

/// `template` with every `{{KEY}}` of `values` replaced. A placeholder left over is a bug of
/// this crate (a template and its caller disagree), caught by the tests of every artifact.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    debug_assert!(
        !out.contains("{{"),
        "a placeholder is left in a template:\n{out}"
    );
    out
}

/// The README shared by the npm and the Python package.
pub(crate) fn package_readme(published: &crate::Published) -> String {
    let major = published.major.to_string();
    fill(
        include_str!("../templates/package-readme.md"),
        &[
            ("GENERATED", &crate::generated_mark(published)),
            ("VERSION", &published.version),
            ("ID_BASE", &published.id_base),
            ("SITE", &published.base_uri),
            ("NPM_NAME", crate::PACKAGE_NAME),
            ("MAJOR", &major),
        ],
    )
}
