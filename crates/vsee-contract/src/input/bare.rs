//! Bare JSON payloads: the one reader of a whole payload file (the checker parses it by the
//! target it is checked against).

use std::io::Read;

use super::BOM;

/// Largest bare JSON payload read.
pub const MAX_BARE_BYTES: u64 = 1024 * 1024 * 1024;

/// A payload as read: its bytes (without a byte order mark) and how many bytes were read.
pub(crate) struct Bare {
    pub bytes: Vec<u8>,
    pub read: u64,
}

/// Why a payload could not be read; each knows how many bytes were read before.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BareError {
    #[error("payload is larger than {MAX_BARE_BYTES} bytes")]
    TooLarge { read: u64 },
    #[error("read error: {reason}")]
    Read { read: u64, reason: String },
}

impl BareError {
    /// Bytes read before the error.
    pub fn read(&self) -> u64 {
        match self {
            BareError::TooLarge { read } | BareError::Read { read, .. } => *read,
        }
    }
}

/// Reads a whole payload, at most [`MAX_BARE_BYTES`] (one more byte is read to tell that a
/// payload is larger).
pub(crate) fn read_bare(reader: impl Read) -> Result<Bare, BareError> {
    let mut bytes = Vec::new();
    let result = reader.take(MAX_BARE_BYTES + 1).read_to_end(&mut bytes);
    let read = bytes.len() as u64;
    match result {
        Err(e) => Err(BareError::Read {
            read,
            reason: super::io_reason(&e),
        }),
        Ok(_) if read > MAX_BARE_BYTES => Err(BareError::TooLarge { read }),
        Ok(_) => {
            if bytes.starts_with(BOM) {
                bytes.drain(..BOM.len());
            }
            Ok(Bare { bytes, read })
        }
    }
}
