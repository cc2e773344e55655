//! Fuzz target: `vsee_contract::fuzzing::ndjson_record` on arbitrary bytes
//! (see docs/src/workflows/validate-in-ci.md, "Proven against hostile input").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = vsee_contract::fuzzing::ndjson_record(data);
});
