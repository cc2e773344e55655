//! The book's "What the generator sees" table (`docs/src/workflows/edit-the-spec.md`) is
//! `vsee_codegen::readme_table()`, so the
//! explanation of each copy rule, setting and rewrite lives in one place (the code).

use std::path::Path;

#[test]
fn the_book_table_is_rendered_from_the_lists() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/src/workflows/edit-the-spec.md");
    let readme = std::fs::read_to_string(&path).expect("docs/src/workflows/edit-the-spec.md");
    let begin = readme
        .find(vsee_codegen::README_BEGIN)
        .expect("the book page has the generator-steps begin marker");
    let end = readme
        .find(vsee_codegen::README_END)
        .expect("the book page has the generator-steps end marker");
    let block = &readme[begin + vsee_codegen::README_BEGIN.len()..end];
    let expected = format!("\n{}", vsee_codegen::readme_table());
    assert!(
        block == expected,
        "docs/src/workflows/edit-the-spec.md's generator table is not the rendered one; replace the lines between the \
         markers with:\n{expected}"
    );
}

#[test]
fn the_table_has_a_row_per_step() {
    let table = vsee_codegen::readme_table();
    for name in vsee_codegen::RULES.iter().map(|r| r.name).chain(
        vsee_codegen::SETTINGS
            .iter()
            .chain(&vsee_codegen::REWRITES)
            .map(|s| s.name),
    ) {
        assert_eq!(
            table.matches(&format!("| `{name}` |")).count(),
            1,
            "{name}\n{table}"
        );
    }
}
