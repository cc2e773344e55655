//! The xtask binary end to end (one test binary): `generate`, `check`, `lint` on temporary
//! workspaces ([`cli`]), `diff` on spec files ([`diff`]) and `learn` on recordings ([`learn`]).

mod cli;
mod diff;
mod learn;
