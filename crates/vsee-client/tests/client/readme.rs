//! The README's usage example is `examples/quickstart.rs` (which `cargo build --examples` and
//! clippy compile); this keeps the two copies from drifting apart.

#[test]
fn readme_usage_example_is_the_compiled_quickstart() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../../README.md")).expect("README.md");
    let example =
        std::fs::read_to_string(root.join("examples/quickstart.rs")).expect("quickstart.rs");
    let body = |text: &str| -> String {
        let start = text
            .find("// `TryStreamExt` reads `client.visits(..)`")
            .expect("the example starts with the comment on its `use vsee_client` line");
        let end = text[start..]
            .find("\n}\n")
            .expect("the example ends with `}`")
            + start
            + 3;
        text[start..end].to_owned()
    };
    assert_eq!(
        body(&readme),
        body(&example),
        "README.md's client example differs from crates/vsee-client/examples/quickstart.rs: copy the example into the README"
    );
}
