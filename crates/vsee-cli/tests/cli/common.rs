//! Shared helpers: running the real binary from the workspace root, and the workspace's
//! fixtures (from `vsee-workspace-tests`: the broken recordings and what is planted in them).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub use vsee_workspace_tests::{
    entry, har, payload, workspace_root as root, BAD_REGEX_SPEC, BROKEN, PATIENT, TOKEN,
};

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `vsee-contract ARGS` in the workspace root.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    run_in(&root(), args)
}

pub fn run_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_vsee-contract"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vsee-contract");
    let o = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stderr.contains("panicked"),
        "vsee-contract panicked:\n{}",
        o.stderr
    );
    o
}
