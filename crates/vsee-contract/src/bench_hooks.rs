//! What `benches/throughput.rs` times beside [`crate::run`]: this crate's HAR framer on its
//! own, so that the bench can set it beside serde_json's own streaming on the same file. Not
//! part of the API.

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
