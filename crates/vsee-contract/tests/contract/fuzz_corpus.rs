//! The fuzz targets' checked-in corpus (`fuzz/corpus/<target>/`), replayed through the same
//! entry points the targets call (`vsee_contract::fuzzing`), on the stable toolchain: every
//! seed (and every crash a fuzz run found and someone added there) must return without a
//! panic, and the seeds that are valid must still be read as such.

use vsee_contract::fuzzing;
use vsee_workspace_tests::fuzz_seeds as seeds;

#[test]
fn har_corpus() {
    let mut read = 0;
    for (name, bytes) in seeds("har") {
        let checked = fuzzing::har_file(&bytes);
        if name == "recording-small.har" {
            assert_eq!(checked, 3, "{name}");
        }
        if name.starts_with("duplicate-") || name == "empty.har" {
            assert_eq!(
                checked, 0,
                "{name}: nothing is checked from an ambiguous file"
            );
        }
        read += checked;
    }
    assert!(read >= 8, "{read}");
}

#[test]
fn ndjson_corpus() {
    for (name, bytes) in seeds("ndjson") {
        let read = fuzzing::ndjson_record(&bytes);
        let valid = !matches!(name.as_str(), "wrong-shape.ndjson" | "deep-body.ndjson");
        assert_eq!(read, valid, "{name}");
    }
}

#[test]
fn bare_corpus() {
    for (_, bytes) in seeds("bare") {
        fuzzing::bare_payload(&bytes);
    }
}

#[test]
fn spec_corpus() {
    for (name, bytes) in seeds("spec") {
        let loaded = fuzzing::spec_file(&bytes);
        let valid = matches!(name.as_str(), "ping.yaml" | "bad-regex.yaml");
        assert_eq!(loaded, valid, "{name}");
    }
}

#[test]
fn pseudonym_corpus() {
    for (name, bytes) in seeds("pseudonym") {
        let json = fuzzing::pseudonym(&bytes);
        assert_eq!(json, !name.starts_with("invalid-"), "{name}");
    }
}

#[test]
fn baseline_corpus() {
    for (name, bytes) in seeds("baseline") {
        let accepted = fuzzing::baseline(&bytes);
        assert_eq!(accepted, !name.starts_with("invalid-"), "{name}");
    }
}
