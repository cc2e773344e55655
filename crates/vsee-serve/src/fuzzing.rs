//! The entry point of the `proxy_path` fuzz target (`fuzz/` at the workspace root) and of the
//! test that replays its checked-in corpus on every `scripts/test`.

/// Upstream bases the `proxy_path` target picks from (the first byte of the input, modulo).
pub const PROXY_BASES: [&str; 4] = [
    "http://upstream.test/vc/next/api_v3",
    "https://upstream.test:8443/api_v3/",
    "http://upstream.test",
    "http://127.0.0.1:9/a/b.c/",
];

/// A request target through the proxy's path handling (`serve::upstream`), against the base
/// the first byte picks. Either the target is refused, or the URL built keeps the base's
/// scheme, host and port, has no userinfo, and its path, percent-decoded and cleared of dot
/// segments (RFC 3986 5.2.4, applied here independently of the proxy's own code), stays
/// under the base path. Panics when not; returns whether the target was forwarded.
pub fn proxy_path(bytes: &[u8]) -> bool {
    let Some((&pick, target)) = bytes.split_first() else {
        return false;
    };
    let base_text = PROXY_BASES[usize::from(pick) % PROXY_BASES.len()];
    let upstream = crate::upstream::Upstream::parse(base_text).expect("the bases parse");
    let target = String::from_utf8_lossy(target);
    let Ok(url) = upstream.url_for(&target) else {
        return false;
    };
    // Read back from its text, as the HTTP client will.
    let built = reqwest::Url::parse(url.as_str()).expect("the URL built parses");
    let base = reqwest::Url::parse(base_text).expect("the bases parse");
    assert_eq!(built.scheme(), base.scheme(), "{target:?} -> {url}");
    assert_eq!(built.host_str(), base.host_str(), "{target:?} -> {url}");
    assert_eq!(built.port_or_known_default(), base.port_or_known_default());
    assert!(
        built.username().is_empty() && built.password().is_none(),
        "{url}"
    );
    assert!(built.fragment().is_none(), "{url}");
    let base_path = remove_dot_segments(&decoded(base.path()));
    let base_path = base_path.strip_suffix(b"/").unwrap_or(&base_path);
    let path = remove_dot_segments(&decoded(built.path()));
    let under = path.strip_prefix(base_path);
    assert!(
        under.is_some_and(|rest| rest.is_empty() || rest.starts_with(b"/")),
        "{target:?} -> {url} leaves the base path"
    );
    true
}

fn decoded(path: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(path).collect()
}

/// RFC 3986 5.2.4, step by step as written there (on bytes).
fn remove_dot_segments(path: &[u8]) -> Vec<u8> {
    let mut input = path.to_vec();
    let mut output: Vec<u8> = Vec::with_capacity(input.len());
    while !input.is_empty() {
        if input.starts_with(b"../") {
            input.drain(..3);
        } else if input.starts_with(b"./") || input.starts_with(b"/./") {
            // A: `./` removed; B: `/./` becomes `/`.
            input.drain(..2);
        } else if input == b"/." {
            input.truncate(1);
        } else if input.starts_with(b"/../") || input == b"/.." {
            // The prefix becomes `/`, and the output loses its last segment.
            input.drain(..3);
            if input.is_empty() {
                input.push(b'/');
            }
            let cut = output.iter().rposition(|&b| b == b'/').unwrap_or(0);
            output.truncate(cut);
        } else if input == b"." || input == b".." {
            input.clear();
        } else {
            let start = usize::from(input[0] == b'/');
            let end = input[start..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(input.len(), |p| p + start);
            output.extend(input.drain(..end));
        }
    }
    output
}

#[cfg(test)]
mod tests {
    //! The `proxy_path` target's checked-in corpus, replayed on the stable toolchain, and a
    //! fixed-seed generator of targets built from the escapes' pieces.

    use super::proxy_path;
    use vsee_workspace_tests::fuzz_seeds as seeds;

    #[test]
    fn proxy_path_corpus() {
        for (name, bytes) in seeds("proxy_path") {
            let forwarded = proxy_path(&bytes);
            assert_eq!(forwarded, name.starts_with("ok-"), "{name}");
        }
    }

    /// SplitMix64: a fixed seed, the same targets on every run.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Pieces that targets are built from: the escapes of issue 21 and their spellings, what
    /// URL parsers treat specially, and plain segments.
    const PIECES: [&str; 40] = [
        "/",
        "/",
        "/",
        "..",
        ".",
        "%2e",
        "%2E",
        ".%2e",
        "%2e.",
        "%2f",
        "%2F",
        "%5c",
        "\\",
        "%00",
        "%0a",
        "%09",
        "\t",
        "@",
        ":",
        "//",
        "?",
        "#",
        "%",
        "%%",
        "%2",
        "%252e",
        "http://evil.test",
        "evil.test:81",
        "user:pw@",
        "visits",
        "7727.json",
        "a",
        "~",
        ";",
        "%41",
        "é",
        "%c3%a9",
        "*",
        "[::1]",
        "&x=../",
    ];

    #[test]
    fn generated_targets_never_leave_the_upstream_or_its_base_path() {
        let mut gen = Gen(21);
        let (mut forwarded, mut refused) = (0, 0);
        for _ in 0..60_000 {
            let mut bytes = vec![gen.below(256) as u8];
            if gen.below(4) != 0 {
                bytes.push(b'/');
            }
            for _ in 0..gen.below(12) {
                bytes.extend_from_slice(PIECES[gen.below(PIECES.len())].as_bytes());
            }
            // Now and then a raw byte, valid UTF-8 or not.
            if gen.below(8) == 0 {
                let at = gen.below(bytes.len());
                bytes.insert(at.max(1), gen.below(256) as u8);
            }
            if proxy_path(&bytes) {
                forwarded += 1;
            } else {
                refused += 1;
            }
        }
        // Both outcomes are well represented, so the property was exercised on both sides.
        assert!(
            forwarded > 5_000 && refused > 5_000,
            "{forwarded} forwarded, {refused} refused"
        );
    }
}
