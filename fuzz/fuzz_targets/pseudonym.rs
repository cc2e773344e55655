//! Fuzz target: `vsee_contract::fuzzing::pseudonym` on arbitrary bytes, the recording policy of
//! `mock --record` and `proxy --record` with its promises asserted (see
//! docs/src/workflows/validate-in-ci.md, "Proven against hostile input").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = vsee_contract::fuzzing::pseudonym(data);
});
