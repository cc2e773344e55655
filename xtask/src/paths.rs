//! What every command reads and writes: the `--spec`/`--root` options, the paths they resolve
//! to, and the one way the spec is loaded.

use std::path::{Path, PathBuf};

use clap::Args;

/// Options every command takes.
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// The spec to read [default: <ROOT>/spec/vsee.yaml]
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Workspace root that generated paths are relative to [default: the workspace this xtask
    /// was built in]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// Where a command reads and writes, resolved from [`Common`].
#[derive(Clone, Debug)]
pub struct Paths {
    /// Workspace root; every generated file's path is relative to it.
    pub root: PathBuf,
    /// The spec file, as given or defaulted (used to read it).
    pub spec: PathBuf,
    /// The spec's name in generated headers: relative to `root` with `/` separators when the
    /// spec is inside the root, so the output does not depend on where the workspace lives.
    pub spec_name: String,
}

impl Common {
    pub fn paths(&self) -> Paths {
        let root = self.root.clone().unwrap_or_else(default_root);
        let spec = self
            .spec
            .clone()
            .unwrap_or_else(|| root.join("spec").join("vsee.yaml"));
        let spec_name = relative_name(&spec, &root);
        Paths {
            root,
            spec,
            spec_name,
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
pub fn default_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `path` relative to `base` with `/` separators when it is inside `base`, else `path` as given.
pub fn relative_name(path: &Path, base: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, base_abs) = (absolute(path), absolute(base));
    match path_abs.strip_prefix(&base_abs) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

/// Loads the spec through `vsee-spec` (the one loader). Messages name the file relative to the
/// current directory when possible, so `spec/vsee.yaml:LINE:COL` is clickable in a terminal.
pub fn load_spec(paths: &Paths) -> anyhow::Result<vsee_spec::Spec> {
    let inside = |dir: &Path| std::path::absolute(&paths.spec).is_ok_and(|p| p.starts_with(dir));
    let shown = match std::env::current_dir() {
        Ok(cwd) if inside(&cwd) => PathBuf::from(relative_name(&paths.spec, &cwd)),
        _ => paths.spec.clone(),
    };
    vsee_spec::load_file(&shown).map_err(|err| {
        anyhow::anyhow!(
            "{err}\n{} is not a usable spec: fix the problems above (the first one is often the \
             cause of the others), then run the command again",
            shown.display()
        )
    })
}
