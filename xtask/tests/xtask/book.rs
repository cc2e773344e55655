//! Every `cargo xtask ...` command of the book's ```` ```console ```` blocks runs with this
//! build's xtask binary and prints what the book shows (`TRYCMD=overwrite` rewrites the blocks;
//! read the diff of `docs/` before committing it).

use std::path::Path;

use vsee_workspace_tests::{run_book, BookCommands};

#[test]
fn book_console_blocks() {
    run_book(BookCommands::Xtask(Path::new(env!("CARGO_BIN_EXE_xtask"))));
}
