//! Where the proxy sends a request: the one place that turns a client's request target into
//! the upstream URL.
//!
//! A target is forwarded only when its path stays under the upstream's base path once
//! percent-decoded and cleared of dot segments (RFC 3986 5.2.4): `/visits/../intakes` goes to
//! `BASE/intakes`, while `/../secret` and `/visits/%2e%2e/%2e%2e/secret` are refused. A
//! segment that decodes to `/`, `\`, NUL or another control byte is refused too (an upstream
//! may split or cut the path there, which no check here could foresee), and so is a `\`
//! sent as is, a `%` that starts no escape, a `#`, and every target that is not a path
//! (absolute-form `http://host/...`, authority-form `host:443`, `*`, `//host/...`). The URL
//! is the upstream's own with only its path and query replaced, so no target can change the
//! scheme, host, port or userinfo; that is checked again on the URL built.

use reqwest::Url;

/// Why a request target is not forwarded. The messages never repeat the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an origin-form path (`/...`): absolute-form, authority-form, `*`, `//host`.
    NotAPath,
    /// A `..` segment climbs above the upstream's base path.
    Escapes,
    /// A segment holds (as is or percent-encoded) `/`, `\`, NUL or another control byte, or
    /// the target holds a `#`.
    ForbiddenByte,
    /// A `%` not followed by two hex digits.
    BadEscape,
}

impl Refusal {
    /// What the client is told (the 400's `message`), without the target itself.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::NotAPath => {
                "the request target is not a path: the proxy forwards origin-form targets \
                 (`/visits/7727`) only, never `http://host/...`, `host:port`, `*` or `//host/...`"
            }
            Refusal::Escapes => {
                "the path climbs above the upstream's base path (a `..` segment, maybe \
                 percent-encoded)"
            }
            Refusal::ForbiddenByte => {
                "the path holds `/`, `\\`, NUL or a control character inside a segment (maybe \
                 percent-encoded), or a `#`"
            }
            Refusal::BadEscape => "the path holds a `%` that starts no percent escape",
        }
    }
}

/// The upstream's base URL: scheme, host, port and base path (no trailing `/`).
#[derive(Debug, Clone)]
pub struct Upstream {
    base: Url,
    base_path: String,
}

impl Upstream {
    /// Reads `--upstream`: an http(s) URL with a host, and no userinfo, query or fragment.
    pub fn parse(text: &str) -> Result<Upstream, String> {
        const EXAMPLE: &str = "e.g. https://api.vseepreview.com/vc/next/api_v3";
        let base = Url::parse(text)
            .map_err(|e| format!("--upstream is not a URL ({e}); give a base URL, {EXAMPLE}"))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(format!(
                "--upstream must be an http or https URL (got scheme `{}`), {EXAMPLE}",
                base.scheme()
            ));
        }
        if base.host_str().is_none_or(str::is_empty) {
            return Err(format!("--upstream names no host, {EXAMPLE}"));
        }
        if !base.username().is_empty() || base.password().is_some() {
            // The URL itself is not repeated: it holds a credential.
            return Err(
                "--upstream holds a user name or password: give credentials as the \
                        client's headers, not in the URL"
                    .to_owned(),
            );
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(format!(
                "--upstream must be a base URL without a query or fragment, {EXAMPLE}"
            ));
        }
        let base_path = base.path().trim_end_matches('/').to_owned();
        Ok(Upstream { base, base_path })
    }

    /// The upstream URL of a request target, or why the target is refused.
    pub fn url_for(&self, target: &str) -> Result<Url, Refusal> {
        if !target.starts_with('/') || target.starts_with("//") {
            return Err(Refusal::NotAPath);
        }
        if target.contains('#') {
            return Err(Refusal::ForbiddenByte);
        }
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        let mut joined = self.base_path.clone();
        for segment in clean_segments(path)? {
            joined.push('/');
            joined.push_str(segment);
        }
        let mut url = self.base.clone();
        url.set_path(&joined);
        url.set_query(query);
        // Only the path and query were set; a URL whose origin moved anyway is refused.
        let same_origin = url.scheme() == self.base.scheme()
            && url.host() == self.base.host()
            && url.port_or_known_default() == self.base.port_or_known_default()
            && url.username().is_empty()
            && url.password().is_none();
        if !same_origin {
            return Err(Refusal::NotAPath);
        }
        Ok(url)
    }
}

/// The segments of an origin-form path (`/a/b`, without its query) as sent, after RFC 3986
/// 5.2.4 dot-segment removal judged on the decoded segments.
fn clean_segments(path: &str) -> Result<Vec<&str>, Refusal> {
    let mut kept: Vec<&str> = Vec::new();
    let mut ends_with_dot = false;
    // `path` starts with `/`: the first piece of the split is the empty text before it.
    for raw in path.split('/').skip(1) {
        ends_with_dot = false;
        match decoded_kind(raw)? {
            Segment::Dot => ends_with_dot = true,
            Segment::DotDot => {
                kept.pop().ok_or(Refusal::Escapes)?;
                ends_with_dot = true;
            }
            Segment::Plain => kept.push(raw),
        }
    }
    // `/a/b/..` is `/a/`: the directory keeps its trailing slash.
    if ends_with_dot {
        kept.push("");
    }
    Ok(kept)
}

enum Segment {
    Dot,
    DotDot,
    Plain,
}

/// Judges one raw segment by its percent-decoded bytes.
fn decoded_kind(raw: &str) -> Result<Segment, Refusal> {
    let bytes = raw.as_bytes();
    let mut decoded: [u8; 2] = [0; 2];
    let mut len = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEscape)?;
            let value = hex_value(hex[0])
                .zip(hex_value(hex[1]))
                .map(|(h, l)| h << 4 | l)
                .ok_or(Refusal::BadEscape)?;
            i += 3;
            value
        } else {
            i += 1;
            bytes[i - 1]
        };
        if matches!(byte, b'/' | b'\\' | 0x00..=0x1f | 0x7f) {
            return Err(Refusal::ForbiddenByte);
        }
        // The first two decoded bytes and the length tell `.` and `..` from the rest.
        if len < 2 {
            decoded[len] = byte;
        }
        len += 1;
    }
    Ok(match (len, decoded) {
        (1, [b'.', _]) => Segment::Dot,
        (2, [b'.', b'.']) => Segment::DotDot,
        _ => Segment::Plain,
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A transport error without the URL (which may carry ids) but with its kind.
pub(crate) fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the body could not be read"
    } else if e.is_request() {
        "the request could not be sent"
    } else {
        "failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upstream() -> Upstream {
        Upstream::parse("http://u.test/vc/next/api_v3").expect("a base")
    }

    #[test]
    fn the_escapes_of_issue_21_are_refused() {
        let u = upstream();
        for (target, why) in [
            ("/../../../secret", Refusal::Escapes),
            ("/visits/%2e%2e/%2e%2e/%2e%2e/secret2", Refusal::Escapes),
            ("/visits/.%2E/..", Refusal::Escapes),
            ("/visits/..%2f..%2fsecret", Refusal::ForbiddenByte),
            ("/visits/..%5c..%5csecret", Refusal::ForbiddenByte),
            ("/visits/..\\..\\secret", Refusal::ForbiddenByte),
            ("/visits/%00", Refusal::ForbiddenByte),
            ("/visits/a%0d%0aHost:%20evil", Refusal::ForbiddenByte),
            ("/visits/%zz", Refusal::BadEscape),
            ("/visits/%4", Refusal::BadEscape),
            ("http://evil.test/secret", Refusal::NotAPath),
            ("//evil.test/secret", Refusal::NotAPath),
            ("evil.test:443", Refusal::NotAPath),
            ("*", Refusal::NotAPath),
            ("", Refusal::NotAPath),
            ("/visits#frag", Refusal::ForbiddenByte),
        ] {
            assert_eq!(
                u.url_for(target).map(|u| u.to_string()),
                Err(why),
                "{target}"
            );
        }
    }

    #[test]
    fn paths_under_the_base_are_forwarded_with_their_query() {
        let u = upstream();
        for (target, url) in [
            (
                "/visits/7727.json?x=1",
                "http://u.test/vc/next/api_v3/visits/7727.json?x=1",
            ),
            ("/visits/../intakes", "http://u.test/vc/next/api_v3/intakes"),
            ("/visits/./7727", "http://u.test/vc/next/api_v3/visits/7727"),
            ("/visits/7727/..", "http://u.test/vc/next/api_v3/visits/"),
            ("/", "http://u.test/vc/next/api_v3/"),
            ("/@evil.test/x", "http://u.test/vc/next/api_v3/@evil.test/x"),
            (
                "/a:b@evil.test",
                "http://u.test/vc/next/api_v3/a:b@evil.test",
            ),
            (
                "/visits/%41%2e",
                "http://u.test/vc/next/api_v3/visits/%41%2e",
            ),
            ("/visits/...", "http://u.test/vc/next/api_v3/visits/..."),
            (
                "/x?a=../../b&c=%2f",
                "http://u.test/vc/next/api_v3/x?a=../../b&c=%2f",
            ),
        ] {
            assert_eq!(
                u.url_for(target).map(|u| u.to_string()).as_deref(),
                Ok(url),
                "{target}"
            );
        }
    }

    #[test]
    fn a_bare_host_keeps_its_port_and_scheme() {
        let u = Upstream::parse("https://u.test:8443/").expect("a base");
        assert_eq!(u.base_path, "");
        let url = u.url_for("/visits/..//evil.test/x").expect("forwarded");
        assert_eq!(url.as_str(), "https://u.test:8443//evil.test/x");
        assert_eq!(url.host_str(), Some("u.test"));
    }

    #[test]
    fn the_upstream_flag_stays_strict_and_hides_credentials() {
        for bad in [
            "ftp://u.test/api",
            "u.test/api",
            "http://u.test/api?x=1",
            "http://u.test/api#x",
            "file:///etc/passwd",
        ] {
            assert!(Upstream::parse(bad).is_err(), "{bad}");
        }
        let err = Upstream::parse("http://me:SECRET-PW@u.test/api").expect_err("userinfo");
        assert!(!err.contains("SECRET-PW"), "{err}");
    }
}
