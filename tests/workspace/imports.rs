//! Imports point one way (the book, docs/src/introduction.md "Layout"): inside each crate, no two source files import each
//! other, and no two folders of `src/` do. A pair that does is one job split in two places, or
//! two jobs tangled; either way neither half can be read, tested or moved alone.
//!
//! The module tree is read the way rustc reads it: from `src/lib.rs` and `src/main.rs`, following
//! `mod name;` declarations (and their `#[path]`). An import is any `use` or path that names a
//! module of the crate (`crate::`, `super::`, `self::` or, as edition 2021 allows, a child
//! module's bare name); it points at the file of the deepest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;
use vsee_workspace_tests::workspace_root;

type ModPath = Vec<String>;

/// One crate root's modules: each module's path, and the file that holds it (an inline module
/// is held by the file it is written in).
#[derive(Default)]
struct ModuleTree {
    files: BTreeMap<ModPath, PathBuf>,
    /// (module, name) -> the path its `use` item binds that name to.
    binds: BTreeMap<(ModPath, String), ModPath>,
    /// The files that start with an `@generated` header.
    generated: BTreeSet<PathBuf>,
    /// (module, name) of every item a module defines.
    defined: BTreeSet<(ModPath, String)>,
    /// module -> the paths of its `use path::*` items.
    globs: BTreeMap<ModPath, Vec<ModPath>>,
    /// Every path written in a file, with the module it was written in.
    uses: Vec<(PathBuf, ModPath, ModPath)>,
}

impl ModuleTree {
    fn read(root_file: &Path) -> Self {
        let mut tree = Self::default();
        tree.read_file(root_file, Vec::new(), root_file.parent().expect("src/"));
        tree
    }

    /// Reads one module file; `children` is the folder its `mod name;` files live in.
    fn read_file(&mut self, file: &Path, module: ModPath, children: &Path) {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("{} does not read: {e}", file.display()));
        let ast = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        self.files.insert(module.clone(), file.to_owned());
        if text.starts_with("// @generated") {
            self.generated.insert(file.to_owned());
        }
        let mut reader = FileReader {
            module: module.clone(),
            uses: Vec::new(),
            binds: Vec::new(),
            globs: Vec::new(),
            defined: Vec::new(),
            declared: Vec::new(),
            inline: Vec::new(),
        };
        reader.visit_file(&ast);
        for inline in reader.inline {
            self.files.insert(inline, file.to_owned());
        }
        for (module, name, path) in reader.binds {
            self.binds.insert((module, name), path);
        }
        self.defined.extend(reader.defined);
        for (module, path) in reader.globs {
            self.globs.entry(module).or_default().push(path);
        }
        for (path, segments) in reader.uses {
            self.uses.push((file.to_owned(), path, segments));
        }
        let own_dir = file.parent().expect("a file has a folder");
        for (parent, name, path_attr) in reader.declared {
            let nested: PathBuf = parent[module.len()..].iter().collect();
            let (child_file, grandchildren) = match path_attr {
                Some(explicit) => {
                    let child = own_dir.join(explicit);
                    let dir = child.parent().expect("a file has a folder").join(&name);
                    (child, dir)
                }
                None => {
                    let flat = children.join(&nested).join(format!("{name}.rs"));
                    if flat.is_file() {
                        (flat, children.join(&nested).join(&name))
                    } else {
                        let dir = children.join(&nested).join(&name);
                        (dir.join("mod.rs"), dir)
                    }
                }
            };
            let mut child_module = parent.clone();
            child_module.push(name);
            self.read_file(&child_file, child_module, &grandchildren);
        }
    }

    /// The file an import written in `module` points at, if it names a module of this crate.
    /// A name that a module only brings in with `use` (a re-export, or a parent's import that a
    /// child reaches with `super::`) points where that `use` points, so a front door's name
    /// counts as an import of the room behind it.
    fn target(&self, module: &ModPath, segments: &[String]) -> Option<&PathBuf> {
        self.resolve(module, segments, 8)
            .and_then(|m| self.files.get(&m))
    }

    fn resolve(&self, module: &ModPath, segments: &[String], hops: u8) -> Option<ModPath> {
        let first = segments.first()?;
        let (mut base, rest) = match first.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (module.clone(), &segments[1..]),
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let base = module[..module.len().checked_sub(ups)?].to_vec();
                (base, &segments[ups..])
            }
            _ => {
                let mut child = module.clone();
                child.push(first.clone());
                if !self.files.contains_key(&child) {
                    return None;
                }
                (module.clone(), segments)
            }
        };
        let mut consumed = 0;
        for segment in rest {
            base.push(segment.clone());
            if !self.files.contains_key(&base) {
                base.pop();
                break;
            }
            consumed += 1;
        }
        let remaining = &rest[consumed..];
        let Some(name) = remaining.first().filter(|_| hops > 0) else {
            return Some(base);
        };
        if let Some(via) = self.binds.get(&(base.clone(), name.clone())) {
            let mut followed = via.clone();
            followed.extend_from_slice(&remaining[1..]);
            // A name brought in from another crate is in none of this crate's files.
            return self.resolve(&base, &followed, hops - 1);
        }
        // `use x::*` then `name`: the first glob whose module holds `name` is where it comes from.
        for glob in self.globs.get(&base).into_iter().flatten() {
            let Some(from) = self.resolve(&base, glob, hops - 1) else {
                continue;
            };
            if self.holds(&from, name) {
                let mut through = glob.clone();
                through.extend_from_slice(remaining);
                return self.resolve(&base, &through, hops - 1);
            }
        }
        Some(base)
    }

    /// Whether `module` defines `name`, binds it with `use`, or has a child module of that name.
    fn holds(&self, module: &ModPath, name: &str) -> bool {
        let key = (module.clone(), name.to_owned());
        self.defined.contains(&key) || self.binds.contains_key(&key) || {
            let mut child = module.clone();
            child.push(name.to_owned());
            self.files.contains_key(&child)
        }
    }

    /// Every (importing file, imported file) pair of two different files where neither holds
    /// the other's parent module: a module's own file (`mod.rs`, `lib.rs`) is the front door of
    /// the files below it (it declares them, re-exports them and defines what they share), so a
    /// door and its rooms count as one unit; what must not happen is two rooms, or two
    /// folders, leaning on each other. A generated file's own imports are left out: they are
    /// the generator's (the client's `generated.rs` names the hand-written `crate::Error`, by
    /// design of the codegen rules), so only hand-written files are held to the rule.
    fn edges(&self) -> BTreeSet<(PathBuf, PathBuf)> {
        let modules_of = |file: &PathBuf| -> Vec<&ModPath> {
            self.files
                .iter()
                .filter(|(_, f)| *f == file)
                .map(|(m, _)| m)
                .collect()
        };
        let related = |a: &PathBuf, b: &PathBuf| {
            let (ma, mb) = (modules_of(a), modules_of(b));
            ma.iter()
                .any(|x| mb.iter().any(|y| x.starts_with(y) || y.starts_with(x)))
        };
        let mut out = BTreeSet::new();
        for (file, module, segments) in &self.uses {
            if self.generated.contains(file) {
                continue;
            }
            if let Some(target) = self.target(module, segments) {
                if target != file && !related(file, target) {
                    out.insert((file.clone(), target.clone()));
                }
            }
        }
        out
    }
}

/// Collects one file's module declarations and the paths written in it.
struct FileReader {
    module: ModPath,
    uses: Vec<(ModPath, ModPath)>,
    /// (module, name it binds, path it binds it to), one per name a `use` item brings in.
    binds: Vec<(ModPath, String, ModPath)>,
    globs: Vec<(ModPath, ModPath)>,
    defined: Vec<(ModPath, String)>,
    /// (module the declaration is in, child's name, its `#[path]`)
    declared: Vec<(ModPath, String, Option<String>)>,
    inline: Vec<ModPath>,
}

impl<'ast> Visit<'ast> for FileReader {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let name = match item {
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.defined.push((self.module.clone(), name.to_string()));
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let name = item.ident.to_string();
        if item.content.is_none() {
            self.declared
                .push((self.module.clone(), name, path_attribute(&item.attrs)));
            return;
        }
        self.module.push(name);
        self.inline.push(self.module.clone());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        use_paths(&item.tree, &mut Vec::new(), &mut paths);
        for (name, path) in paths {
            match name {
                Some(name) => self.binds.push((self.module.clone(), name, path.clone())),
                None => self.globs.push((self.module.clone(), path.clone())),
            }
            self.uses.push((self.module.clone(), path));
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.uses.push((self.module.clone(), segments));
        syn::visit::visit_path(self, path);
    }
}

/// `use a::{b, c::d as e}` as `a::b` (binding `b`) and `a::c::d` (binding `e`); a glob binds
/// no one name.
fn use_paths(tree: &syn::UseTree, prefix: &mut ModPath, out: &mut Vec<(Option<String>, ModPath)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            out.push((Some(name.clone()), with(prefix, name)));
        }
        syn::UseTree::Rename(r) => {
            out.push((
                Some(r.rename.to_string()),
                with(prefix, r.ident.to_string()),
            ));
        }
        syn::UseTree::Glob(_) => out.push((None, prefix.clone())),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_paths(item, prefix, out);
            }
        }
    }
}

fn with(prefix: &ModPath, last: String) -> ModPath {
    let mut path = prefix.clone();
    path.push(last);
    path
}

fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident("path")).map(|a| {
        let syn::Meta::NameValue(nv) = &a.meta else {
            panic!("#[path] without a value");
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            panic!("#[path] with a value that is not a string");
        };
        s.value()
    })
}

/// Every crate root of the workspace's packages (`crates/*`, `xtask`).
fn crate_roots(root: &Path) -> Vec<PathBuf> {
    let mut packages: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ lists")
        .map(|e| e.expect("crates/ entry").path())
        .collect();
    packages.push(root.join("xtask"));
    packages.sort();
    packages
        .iter()
        .flat_map(|p| [p.join("src/lib.rs"), p.join("src/main.rs")])
        .filter(|f| f.is_file())
        .collect()
}

/// The folder of `src/` a file is in (`input` for `src/input/har.rs`); none for `src/*.rs`.
fn folder(file: &Path) -> Option<PathBuf> {
    let src = file.ancestors().find(|a| a.ends_with("src"))?;
    let relative = file.strip_prefix(src).ok()?;
    let mut parts = relative.components();
    let first = parts.next()?;
    parts.next().map(|_| src.join(first))
}

/// The pairs that point both ways, each once, as paths relative to the workspace.
fn both_ways(edges: &BTreeSet<(PathBuf, PathBuf)>, root: &Path) -> Vec<String> {
    let shown = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
    edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{} <-> {}", shown(a), shown(b)))
        .collect()
}

#[test]
fn no_two_files_or_folders_of_a_crate_import_each_other() {
    let root = workspace_root();
    let roots = crate_roots(&root);
    assert!(roots.len() >= 10, "found only {} crate roots", roots.len());
    let (mut files_both_ways, mut folders_both_ways) = (Vec::new(), Vec::new());
    let mut edges_seen = 0;
    for crate_root in &roots {
        let tree = ModuleTree::read(crate_root);
        let edges = tree.edges();
        edges_seen += edges.len();
        files_both_ways.extend(both_ways(&edges, &root));
        let folder_edges: BTreeSet<(PathBuf, PathBuf)> = edges
            .iter()
            .filter_map(|(a, b)| Some((folder(a)?, folder(b)?)))
            .filter(|(a, b)| a != b)
            .collect();
        folders_both_ways.extend(both_ways(&folder_edges, &root));
    }
    assert!(
        edges_seen > 200,
        "read only {edges_seen} imports: is the reader broken?"
    );
    assert!(
        files_both_ways.is_empty() && folders_both_ways.is_empty(),
        "imports that point both ways (move what both need below both, or merge the two): \
         files {files_both_ways:#?}, folders {folders_both_ways:#?}"
    );
}

/// The reader itself: a planted pair of files that import each other is found, and a parent
/// that only declares its child is not counted as importing it.
#[test]
fn the_import_reader_finds_a_planted_pair() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("check")).expect("mkdir");
    std::fs::write(src.join("lib.rs"), "mod check;\nmod input;\n").expect("write");
    std::fs::write(src.join("input.rs"), "use crate::check::Field;\n").expect("write");
    std::fs::write(src.join("check/mod.rs"), "mod form;\n").expect("write");
    std::fs::write(
        src.join("check/form.rs"),
        "pub struct Field;\nfn f() { crate::input::read(); }\n",
    )
    .expect("write");
    let tree = ModuleTree::read(&src.join("lib.rs"));
    let edges = tree.edges();
    assert!(edges.contains(&(src.join("input.rs"), src.join("check/mod.rs"))));
    assert!(edges.contains(&(src.join("check/form.rs"), src.join("input.rs"))));
    assert!(!edges.contains(&(src.join("lib.rs"), src.join("input.rs"))));
    // `crate::check::Field` names the folder's mod.rs (Field is not a module), so no pair yet.
    assert!(both_ways(&edges, dir.path()).is_empty());
    std::fs::write(src.join("input.rs"), "use crate::check::form::Field;\n").expect("write");
    let edges = ModuleTree::read(&src.join("lib.rs")).edges();
    assert_eq!(
        both_ways(&edges, dir.path()),
        ["src/check/form.rs <-> src/input.rs"]
    );
}
