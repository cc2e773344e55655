// Checking a body builds and drops many small values (the parsed JSON, the typed check's
// structs); mimalloc does that faster than the system allocator (see `cargo bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vsee_contract::cli::main());
}
