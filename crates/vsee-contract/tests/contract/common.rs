//! Shared helpers of the library's tests: the workspace's fixtures, from `vsee-workspace-tests`.
#![allow(unused_imports)]

pub use vsee_workspace_tests::{
    entry, har, payload, workspace_root as root, BAD_REGEX_SPEC, BROKEN,
};
