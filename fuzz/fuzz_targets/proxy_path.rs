//! Fuzz target: `vsee_serve::fuzzing::proxy_path` on arbitrary bytes (the first picks an
//! upstream base, the rest is the request target); it panics when a forwarded target's URL
//! leaves the upstream or its base path (see docs/src/workflows/validate-in-ci.md, "Proven against hostile input").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = vsee_serve::fuzzing::proxy_path(data);
});
