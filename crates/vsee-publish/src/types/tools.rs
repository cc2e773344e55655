//! Where the generators are and whether they are the pinned ones: openapi-typescript in
//! `<foreign>/node_modules` (pinned in `<foreign>/package.json`), datamodel-code-generator in
//! the Python environment of the given interpreter (pinned in `<foreign>/requirements.txt`).
//! Each pin is read from its file, so it is written down once.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::TypesError;

const OPENAPI_TYPESCRIPT: &str = "openapi-typescript";
const DATAMODEL_CODEGEN: &str = "datamodel-code-generator";

/// The generators, found and checked against their pins.
#[derive(Debug, Clone)]
pub struct Tools {
    node: PathBuf,
    python: PathBuf,
    foreign: PathBuf,
    openapi_typescript: String,
    datamodel_codegen: String,
}

impl Tools {
    /// Finds the pinned generators: `foreign` is the folder with `package.json`,
    /// `requirements.txt` and `node_modules` (the workspace's `tests/foreign`), `python` the
    /// interpreter whose environment has datamodel-code-generator. `node` is taken from `PATH`.
    pub fn find(foreign: &Path, python: &Path) -> Result<Tools, TypesError> {
        let npm_install = format!("npm ci --prefix {}", foreign.display());
        let pip_install = format!(
            "{} -m pip install -r {}",
            python.display(),
            foreign.join("requirements.txt").display()
        );
        let openapi_typescript = installed_npm(foreign, &npm_install)?;
        check_pin(
            OPENAPI_TYPESCRIPT,
            &openapi_typescript,
            &npm_pin(foreign)?,
            &foreign.join("package.json"),
            &npm_install,
        )?;
        let datamodel_codegen = installed_pip(python, &pip_install)?;
        check_pin(
            DATAMODEL_CODEGEN,
            &datamodel_codegen,
            &pip_pin(foreign)?,
            &foreign.join("requirements.txt"),
            &pip_install,
        )?;
        // The generators run in a temporary directory: relative paths would not lead back.
        let absolute =
            |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let bare_name = python.components().count() == 1;
        Ok(Tools {
            node: PathBuf::from("node"),
            python: if bare_name {
                python.to_path_buf()
            } else {
                absolute(python)
            },
            foreign: absolute(foreign),
            openapi_typescript,
            datamodel_codegen,
        })
    }

    pub fn openapi_typescript_version(&self) -> &str {
        &self.openapi_typescript
    }

    pub fn datamodel_codegen_version(&self) -> &str {
        &self.datamodel_codegen
    }

    pub(super) fn node(&self) -> &Path {
        &self.node
    }

    pub(super) fn python(&self) -> &Path {
        &self.python
    }

    pub(super) fn openapi_typescript_cli(&self) -> PathBuf {
        package_dir(&self.foreign).join("bin/cli.js")
    }
}

fn package_dir(foreign: &Path) -> PathBuf {
    foreign.join("node_modules").join(OPENAPI_TYPESCRIPT)
}

fn installed_npm(foreign: &Path, install: &str) -> Result<String, TypesError> {
    let manifest = package_dir(foreign).join("package.json");
    let missing = |detail: String| TypesError::Missing {
        tool: OPENAPI_TYPESCRIPT,
        detail,
        install: install.to_owned(),
    };
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| missing(format!("cannot read {}: {e}", manifest.display())))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| missing(format!("{} is not JSON: {e}", manifest.display())))?;
    doc["version"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| missing(format!("{} has no version", manifest.display())))
}

fn npm_pin(foreign: &Path) -> Result<String, TypesError> {
    let file = foreign.join("package.json");
    let pin_error = || TypesError::Pin {
        file: file.display().to_string(),
        tool: OPENAPI_TYPESCRIPT,
        example: "\"openapi-typescript\": \"7.13.0\"",
    };
    let text = std::fs::read_to_string(&file).map_err(|source| TypesError::Io {
        what: format!("read {}", file.display()),
        source,
    })?;
    let doc: Value = serde_json::from_str(&text).map_err(|_| pin_error())?;
    let pin = doc["dependencies"][OPENAPI_TYPESCRIPT]
        .as_str()
        .ok_or_else(pin_error)?;
    // An exact version has no range operator.
    if pin.is_empty()
        || !pin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
    {
        return Err(pin_error());
    }
    Ok(pin.to_owned())
}

fn installed_pip(python: &Path, install: &str) -> Result<String, TypesError> {
    let missing = |detail: String| TypesError::Missing {
        tool: DATAMODEL_CODEGEN,
        detail,
        install: install.to_owned(),
    };
    let output = Command::new(python)
        .args([
            "-c",
            "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))",
            DATAMODEL_CODEGEN,
        ])
        .output()
        .map_err(|e| missing(format!("cannot run {}: {e}", python.display())))?;
    if !output.status.success() {
        return Err(missing(format!(
            "not in the Python environment of {}",
            python.display()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The `==` pin of datamodel-code-generator in `requirements.txt` (names compared as pip
/// does: case, `-`, `_` and `.` do not matter).
fn pip_pin(foreign: &Path) -> Result<String, TypesError> {
    let file = foreign.join("requirements.txt");
    let text = std::fs::read_to_string(&file).map_err(|source| TypesError::Io {
        what: format!("read {}", file.display()),
        source,
    })?;
    let normalize = |name: &str| name.trim().to_ascii_lowercase().replace(['_', '.'], "-");
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter_map(|line| line.split_once("=="))
        .find(|(name, _)| normalize(name) == DATAMODEL_CODEGEN)
        .map(|(_, version)| version.trim().to_owned())
        .filter(|version| !version.is_empty() && !version.contains([',', ';', '*']))
        .ok_or_else(|| TypesError::Pin {
            file: file.display().to_string(),
            tool: DATAMODEL_CODEGEN,
            example: "datamodel-code-generator==0.97.0",
        })
}

fn check_pin(
    tool: &'static str,
    found: &str,
    pinned: &str,
    pin_file: &Path,
    install: &str,
) -> Result<(), TypesError> {
    if found == pinned {
        return Ok(());
    }
    Err(TypesError::Version {
        tool,
        found: found.to_owned(),
        pinned: pinned.to_owned(),
        pin_file: pin_file.display().to_string(),
        install: install.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_exactly_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "requirements.txt",
            "jsonschema>=4\nDatamodel_Code-Generator == 0.97.0  # types\n",
        );
        assert_eq!(pip_pin(dir.path()).unwrap(), "0.97.0");
        write("requirements.txt", "datamodel-code-generator>=0.9\n");
        assert!(pip_pin(dir.path())
            .unwrap_err()
            .to_string()
            .contains("pins no exact version"));
        write(
            "package.json",
            r#"{"dependencies": {"openapi-typescript": "7.13.0"}}"#,
        );
        assert_eq!(npm_pin(dir.path()).unwrap(), "7.13.0");
        write(
            "package.json",
            r#"{"dependencies": {"openapi-typescript": "^7.13.0"}}"#,
        );
        assert!(npm_pin(dir.path()).is_err());
    }

    #[test]
    fn a_missing_generator_says_how_to_install_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("package.json"),
            r#"{"dependencies": {"openapi-typescript": "7.13.0"}}"#,
        )
        .unwrap();
        let err = Tools::find(dir.path(), Path::new("python3"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("openapi-typescript is not installed"), "{err}");
        assert!(
            err.contains(&format!("npm ci --prefix {}", dir.path().display())),
            "{err}"
        );

        let installed = dir.path().join("node_modules/openapi-typescript");
        std::fs::create_dir_all(&installed).unwrap();
        std::fs::write(installed.join("package.json"), r#"{"version": "7.12.0"}"#).unwrap();
        let err = Tools::find(dir.path(), Path::new("python3"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("openapi-typescript 7.12.0 is installed"),
            "{err}"
        );
        assert!(err.contains("pins 7.13.0"), "{err}");

        std::fs::write(installed.join("package.json"), r#"{"version": "7.13.0"}"#).unwrap();
        std::fs::write(
            dir.path().join("requirements.txt"),
            "datamodel-code-generator==0.97.0\n",
        )
        .unwrap();
        let python = dir.path().join("no-such-python");
        let err = Tools::find(dir.path(), &python).unwrap_err().to_string();
        assert!(
            err.contains("datamodel-code-generator is not installed"),
            "{err}"
        );
        assert!(err.contains(" -m pip install -r "), "{err}");
    }
}
