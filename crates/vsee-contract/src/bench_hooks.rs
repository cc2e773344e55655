//! What the benches time beside [`crate::run`]: this crate's HAR framer on its own, so that
//! `crates/vsee-cli/benches/throughput.rs` can set it beside serde_json's own streaming on the same file; and
//! the recording policy on one body (`benches/recording.rs`). Not part of the API.

use std::io::Read;

use crate::input::har_framing::EntryScanner;
pub use crate::input::har_framing::ScanError;

/// Frames every `log.entries` element of a HAR document, as `validate`'s workers do in turn,
/// and returns how many entries and how many entry bytes it handed out.
pub fn frame_har<R: Read>(reader: R) -> Result<(u64, u64), ScanError> {
    let mut scanner = EntryScanner::new(reader);
    let (mut entries, mut bytes) = (0u64, 0u64);
    while let Some(raw) = scanner.next_entry()? {
        entries += 1;
        bytes += raw.bytes.len() as u64;
    }
    Ok((entries, bytes))
}

/// The recording policy of `mock --record` and `proxy --record` (a random key, as in a real
/// run), for `benches/recording.rs`.
pub struct Recording(crate::recording::Policy);

impl Recording {
    /// The policy for the given checker's spec.
    pub fn new(checker: &crate::Checker) -> Result<Recording, crate::recording::NoRandomKey> {
        crate::recording::Policy::new(checker, false).map(Recording)
    }

    /// Records a `POST /intakes` whose body is `body` (as JSON, with no response), as the
    /// recorder does; returns the length of the line it would write.
    pub fn record_json(&self, body: &[u8]) -> usize {
        use crate::recording::{LiveExchange, LiveMessage};
        let line = self.0.record(&LiveExchange {
            method: "POST",
            target: "/intakes",
            request: LiveMessage {
                headers: Vec::new(),
                media_type: Some("application/json"),
                body,
            },
            response: None,
        });
        line.to_json().map_or(0, |l| l.len())
    }
}
