//! `vsee-contract`: validate recorded VSee API traffic against the spec (`validate`), mock the
//! API (`mock`), proxy and record it (`proxy`). The work is the libraries' (`vsee-contract`,
//! `vsee-serve`); this crate is the command line: flags, help, exit codes, the allocator.

mod baseline;
mod cli;
mod exit;
mod serve_args;

// Checking a body builds and drops many small values (the parsed JSON, the typed check's
// structs); mimalloc does that faster than the system allocator (see `cargo bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
