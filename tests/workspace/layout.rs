//! The layout rules of the book (`docs/src/contributing.md`), checked so that they stay true: no
//! hand-written Rust file over 900 lines and no hand-written function over 120, the xtask kept
//! thin (under 900 lines in all), at most one integration-test binary per crate (each binary is
//! another link step on the 2-core CI), a short README, and a book whose `SUMMARY.md` lists
//! exactly the chapters that exist.

use std::path::{Path, PathBuf};

use vsee_workspace_tests::workspace_root;

const MAX_FILE_LINES: usize = 900;
const MAX_FN_LINES: usize = 120;
const MAX_XTASK_LINES: usize = 900;
const MAX_README_LINES: usize = 200;

/// The workspace's packages: `crates/*`, `xtask`, `tests` (as the root `Cargo.toml` lists them).
fn packages(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ lists")
        .map(|e| e.expect("crates/ entry").path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    out.push(root.join("xtask"));
    out.push(root.join("tests"));
    out.sort();
    out
}

/// Every `.rs` file under `dir`, skipping build output.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn lines(path: &Path) -> (usize, bool) {
    let text = std::fs::read_to_string(path).expect("source file reads");
    let generated = text.starts_with("// @generated");
    (text.lines().count(), generated)
}

#[test]
fn no_hand_written_rust_file_is_over_900_lines() {
    let root = workspace_root();
    let mut files = Vec::new();
    for package in packages(&root) {
        rust_files(&package, &mut files);
    }
    rust_files(&root.join("fuzz"), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let over: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let (n, generated) = lines(f);
            (!generated && n > MAX_FILE_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(
        over.is_empty(),
        "split these by job (docs/src/introduction.md, \"Layout\"): {over:#?}"
    );
}

/// One `fn` item: its name (`Type::name` inside an impl or a trait), the line its signature
/// starts on and the line of its closing brace (1-based).
#[derive(Debug, PartialEq)]
struct FnSpan {
    name: String,
    first: usize,
    last: usize,
}

impl FnSpan {
    fn lines(&self) -> usize {
        self.last + 1 - self.first
    }
}

/// Collects every fn item with a body: free, in impls and traits, in nested modules and inside
/// other functions' bodies.
#[derive(Default)]
struct FnSpans {
    owner: Vec<String>,
    out: Vec<FnSpan>,
}

impl FnSpans {
    /// From the signature (its visibility, when there is one) to the closing brace; doc
    /// comments and attributes are not counted.
    fn push(&mut self, vis: Option<&syn::Visibility>, sig: &syn::Signature, block: &syn::Block) {
        use syn::spanned::Spanned;
        let start = match vis {
            Some(syn::Visibility::Inherited) | None => sig.span().start(),
            Some(vis) => vis.span().start(),
        };
        let name = match self.owner.last() {
            Some(owner) => format!("{owner}::{}", sig.ident),
            None => sig.ident.to_string(),
        };
        self.out.push(FnSpan {
            name,
            first: start.line,
            last: block.brace_token.span.close().end().line,
        });
    }
}

impl<'ast> syn::visit::Visit<'ast> for FnSpans {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.push(Some(&f.vis), &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.push(Some(&f.vis), &f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.push(None, &f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let ty = &i.self_ty;
        self.owner.push(quote_type(ty));
        syn::visit::visit_item_impl(self, i);
        self.owner.pop();
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        self.owner.push(t.ident.to_string());
        syn::visit::visit_item_trait(self, t);
        self.owner.pop();
    }
}

/// An impl's type as its last path segment's name (`Checker`, `Source`), else `impl`.
fn quote_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(|| "impl".to_owned(), |s| s.ident.to_string()),
        _ => "impl".to_owned(),
    }
}

/// Every fn item of one Rust source file.
fn fn_spans(text: &str) -> Result<Vec<FnSpan>, syn::Error> {
    let file = syn::parse_file(text)?;
    let mut spans = FnSpans::default();
    syn::visit::Visit::visit_file(&mut spans, &file);
    Ok(spans.out)
}

#[test]
fn no_hand_written_function_is_over_120_lines() {
    let root = workspace_root();
    let mut files = Vec::new();
    for package in packages(&root) {
        rust_files(&package, &mut files);
    }
    rust_files(&root.join("fuzz"), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    files.sort();
    let mut over = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source file reads");
        if text.starts_with("// @generated") {
            continue;
        }
        let spans =
            fn_spans(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        for span in spans.iter().filter(|s| s.lines() > MAX_FN_LINES) {
            let shown = file.strip_prefix(&root).unwrap_or(file).display();
            over.push(format!(
                "{shown}:{} {} ({} lines)",
                span.first,
                span.name,
                span.lines()
            ));
        }
    }
    assert!(
        over.is_empty(),
        "{} functions are over {MAX_FN_LINES} lines; split each by job, into functions whose \
         names say what they do (docs/src/introduction.md, \"Layout\"): {over:#?}",
        over.len()
    );
}

#[test]
fn functions_are_measured_from_signature_to_closing_brace() {
    let text = "/// Doc.\n#[inline]\npub fn free() {\n    fn inner() {}\n}\n\n\
                struct S;\nimpl S {\n    pub(crate) fn method(\n        &self,\n    ) {\n    }\n}\n\
                trait T {\n    fn required();\n    fn provided() {\n        let _ = 1;\n    }\n}\n\
                mod nested {\n    async fn deep() {}\n}\n";
    let spans = fn_spans(text).expect("parses");
    let got: Vec<(&str, usize, usize)> = spans
        .iter()
        .map(|s| (s.name.as_str(), s.first, s.last))
        .collect();
    assert_eq!(
        got,
        [
            ("free", 3, 5),
            ("inner", 4, 4),
            ("S::method", 9, 12),
            ("T::provided", 16, 18),
            ("deep", 21, 21),
        ]
    );
    assert_eq!(spans[0].lines(), 3);
}

#[test]
fn the_xtask_stays_thin() {
    let mut files = Vec::new();
    rust_files(&workspace_root().join("xtask/src"), &mut files);
    let total: usize = files.iter().map(|f| lines(f).0).sum();
    assert!(
        total < MAX_XTASK_LINES,
        "xtask/src has {total} lines: move the logic into a library crate (the generator lives \
         in vsee-codegen, learn in vsee-learn) and keep the commands thin"
    );
}

/// The test binaries a manifest's `[[test]]` sections declare: each one's `path`, or the path
/// Cargo infers from its `name` (`tests/<name>.rs`, else `tests/<name>/main.rs`).
fn declared_tests(package: &Path, manifest: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut section: Option<(Option<String>, Option<String>)> = None;
    let close = |section: Option<(Option<String>, Option<String>)>, out: &mut Vec<PathBuf>| {
        if let Some((name, path)) = section {
            let path = match (path, name) {
                (Some(path), _) => package.join(path),
                (None, Some(name)) if package.join(format!("tests/{name}.rs")).is_file() => {
                    package.join(format!("tests/{name}.rs"))
                }
                (None, Some(name)) => package.join(format!("tests/{name}/main.rs")),
                (None, None) => package.join("tests/<unnamed>"),
            };
            out.push(path);
        }
    };
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            close(section.take(), &mut out);
            if line == "[[test]]" {
                section = Some((None, None));
            }
        } else if let Some((name, path)) = section.as_mut() {
            if let Some((key, value)) = line.split_once('=') {
                let value = value.trim().trim_matches('"').to_owned();
                match key.trim() {
                    "name" => *name = Some(value),
                    "path" => *path = Some(value),
                    _ => {}
                }
            }
        }
    }
    close(section, &mut out);
    out
}

/// Whether the manifest turns Cargo's discovery of `tests/` off (`autotests = false`, not in a
/// comment).
fn autotests_off(manifest: &str) -> bool {
    manifest.lines().map(str::trim).any(|line| {
        line.split_once('=')
            .is_some_and(|(k, v)| k.trim() == "autotests" && v.trim() == "false")
    })
}

#[test]
fn each_crate_has_at_most_one_integration_test_binary() {
    for package in packages(&workspace_root()) {
        let manifest = std::fs::read_to_string(package.join("Cargo.toml")).expect("manifest");
        // Cargo's own discovery (`tests/*.rs`, `tests/*/main.rs`) and the declared ones; a
        // declared path that discovery also finds is one binary.
        let mut binaries = declared_tests(&package, &manifest);
        if !autotests_off(&manifest) {
            if let Ok(entries) = std::fs::read_dir(package.join("tests")) {
                for entry in entries {
                    let path = entry.expect("tests/ entry").path();
                    if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
                        binaries.push(path);
                    } else if path.join("main.rs").is_file() {
                        binaries.push(path.join("main.rs"));
                    }
                }
            }
        }
        binaries.sort();
        binaries.dedup();
        assert!(
            binaries.len() <= 1,
            "{}: {} integration-test binaries ({binaries:?}); make them modules of one \
             tests/<name>/main.rs",
            package.display(),
            binaries.len()
        );
    }
}

#[test]
fn the_manifest_reader_counts_every_test_section() {
    let dir = Path::new("/nonexistent-package");
    let manifest = "[package]\nname = \"x\"\n# autotests = false\n\n[[test]]\nname = \"a\"\n\n[[test]]\nname = \"b\"\npath = \"tests/b/main.rs\"\n\n[dependencies]\nserde = \"1\"\n";
    assert_eq!(
        declared_tests(dir, manifest),
        vec![dir.join("tests/a/main.rs"), dir.join("tests/b/main.rs")]
    );
    assert!(!autotests_off(manifest));
    assert!(autotests_off("[package]\nautotests = false\n"));
}

#[test]
fn the_readme_is_short() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let count = readme.lines().count();
    assert!(
        count <= MAX_README_LINES,
        "README.md has {count} lines (at most {MAX_README_LINES}): move the detail into the book \
         (docs/src/) and link to it"
    );
}

/// The chapter files `SUMMARY.md` links to, relative to `docs/src` (a draft chapter, `[Title]()`,
/// links to none).
fn summary_entries(summary: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in summary.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].trim();
            let target = target.split('#').next().unwrap_or("");
            if !target.is_empty() {
                out.push(target.trim_start_matches("./").to_owned());
            }
            rest = &after[end..];
        }
    }
    out
}

/// Every Markdown file under `dir`, relative to `base`, with `/` separators.
fn markdown_files(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("docs/src lists") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let relative = path.strip_prefix(base).expect("under docs/src");
            let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            out.push(parts.join("/"));
        }
    }
}

#[test]
fn every_book_chapter_is_in_the_summary_and_every_entry_exists() {
    let src = workspace_root().join("docs/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("docs/src/SUMMARY.md");
    let listed = summary_entries(&summary);
    let mut chapters = Vec::new();
    markdown_files(&src, &src, &mut chapters);
    chapters.retain(|c| c != "SUMMARY.md");
    let missing: Vec<_> = listed.iter().filter(|e| !src.join(e).is_file()).collect();
    assert!(
        missing.is_empty(),
        "docs/src/SUMMARY.md lists chapters that do not exist (mdBook would create empty \
         pages): {missing:?}"
    );
    let unlisted: Vec<_> = chapters.iter().filter(|c| !listed.contains(c)).collect();
    assert!(
        unlisted.is_empty(),
        "chapters missing from docs/src/SUMMARY.md (mdBook would not render them): {unlisted:?}"
    );
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<_> = listed.iter().filter(|e| !seen.insert(*e)).collect();
    assert!(twice.is_empty(), "listed twice in SUMMARY.md: {twice:?}");
}

#[test]
fn the_summary_reader_finds_every_entry() {
    let summary = "# Summary\n\n[Introduction](introduction.md)\n\n# Part\n\n\
                   - [A](workflows/a.md)\n    - [B](./workflows/b.md#section)\n\
                   - [Draft]()\n---\n[End](end.md)\n";
    assert_eq!(
        summary_entries(summary),
        [
            "introduction.md",
            "workflows/a.md",
            "workflows/b.md",
            "end.md"
        ]
    );
}
