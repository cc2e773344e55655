//! One drift as reported: the spec's names, the pointer's pattern, the keyword and a stable
//! fingerprint, built from a validator finding without any value of the exchange.

use vsee_contract::{shape, Finding};

/// One thing an exchange showed that the spec does not describe. Holds no value of the
/// exchange: names from the spec, the pointer's pattern and the keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// The operation the client called (`get_visit`).
    pub operation_id: &'static str,
    /// The response status.
    pub status: u16,
    /// `request` or `response`.
    pub part: &'static str,
    /// What the pointer points into: `body`, `query`, `path`, `status`, `media-type`, `route`.
    pub location: &'static str,
    /// RFC 6901 pointer, array indices and keys that are not field names as `*`
    /// (`/data/*/status`).
    pub pointer: String,
    /// The spec's rule (`enum`, `type`, `required`, `undocumented-property`, ...).
    pub keyword: String,
    /// Stable 64-bit FNV-1a hash of the fields above, as 16 hex digits: the same drift has the
    /// same fingerprint in every process and every version of this crate.
    pub fingerprint: String,
}

/// A finding as a [`Drift`]: only the spec's names, the pointer's pattern and the keyword.
pub(super) fn drift(operation_id: &'static str, status: u16, finding: &Finding) -> Drift {
    let part = finding.part.map_or("exchange", |p| p.as_str());
    let location = finding.location.as_str();
    let pointer = shape::pointer_pattern(&finding.instance_path);
    let mut hash = Fnv::new();
    for field in [
        operation_id,
        &status.to_string(),
        part,
        location,
        &pointer,
        &finding.keyword,
    ] {
        hash.write(field.as_bytes());
        hash.write(&[0]);
    }
    Drift {
        operation_id,
        status,
        part,
        location,
        pointer,
        keyword: finding.keyword.clone(),
        fingerprint: format!("{:016x}", hash.0),
    }
}

/// FNV-1a, 64 bits: fixed by its definition, so fingerprints stay the same across processes,
/// platforms and Rust versions (std's `DefaultHasher` promises none of that).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
