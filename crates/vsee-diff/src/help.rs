//! The long help of `cargo xtask diff`: what the three verdicts mean, next to the code that
//! gives them.

/// Long help of `cargo xtask diff` (what the verdicts mean).
pub const LONG_ABOUT: &str = "\
Compare OLD and NEW versions of the spec and say what the change breaks.

Three verdicts, each none, additive or breaking, with the reason for every change:
  api      would a client built for OLD still work against an API that behaves as NEW?
           (narrowing what requests may carry breaks; so does widening what responses may
           carry: a new enum value, a field becoming nullable)
  crate    Rust semver of vsee-client, judged from the generated public API of OLD and NEW
  schemas  do the published JSON Schemas still accept every payload they accepted?

Every change names its JSON pointer and file:line:col in OLD and/or NEW; a changed component
is reported once, with the operations that use it.

Examples:
  cargo xtask diff --base origin/main
  cargo xtask diff --base HEAD --format markdown > spec-change.md
  cargo xtask diff --base-file old.yaml --new-file new.yaml --format json --fail-on breaking
  cargo xtask diff --base origin/main --recordings tests/recordings
  cargo xtask diff --base origin/main --fail-on unversioned   # bumps match the verdicts

Exit status: 0; 1 when --fail-on is given and a verdict reaches it; 2 for a usage error.";
