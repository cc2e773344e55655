fn main() {
    std::process::exit(vsee_contract::cli::main());
}
