//! The xtask binary end to end (one test binary): `generate`, `check`, `lint` on temporary
//! workspaces ([`cli`]) and `diff` on spec files ([`diff`]).

mod cli;
mod diff;
