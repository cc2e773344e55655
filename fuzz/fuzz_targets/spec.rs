//! Fuzz target: `vsee_contract::fuzzing::spec_file` on arbitrary bytes (see README.md, "Fuzzing").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = vsee_contract::fuzzing::spec_file(data);
});
