//! The xtask binary end to end (one test binary): `generate`, `check`, `lint` on temporary
//! workspaces ([`cli`]), `diff` on spec files ([`diff`]), `learn` on recordings ([`learn`]) and
//! `schemas-package` with and without its type generators ([`package`]), and the book's
//! `cargo xtask` examples ([`book`]).

mod book;
mod cli;
mod diff;
mod learn;
mod package;
