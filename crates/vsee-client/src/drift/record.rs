//! The drift watch's recording: NDJSON exchange lines through the recording policy of
//! `vsee-contract` (no header, pseudonyms for values), a size cap with one rotated file, and
//! never a half-written line.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use vsee_contract::recording::{LiveExchange, Policy};
use vsee_contract::Checker;

/// Default of [`DriftWatch::max_file_bytes`](super::DriftWatch::max_file_bytes) (64 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 << 20;

/// The recording of a drift watch could not be started. Messages name the file, never a value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The file could not be opened for appending (the cause is the error's `source()`).
    #[error(
        "cannot open the drift recording `{path}` for appending; check that its folder exists \
         and is writable"
    )]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// No random key for the pseudonyms (the operating system's random source failed).
    #[error("cannot draw the random key that pseudonymises the drift recording; try again")]
    NoRandomKey,
    /// The embedded spec did not load, so nothing can be checked or recorded.
    #[error("the drift watch has no spec (the embedded spec did not load); nothing is recorded")]
    NoSpec,
}

struct Output {
    file: File,
    /// Bytes in `file`, as this recorder knows them.
    size: u64,
}

/// Shared by the clones of one watch.
struct Shared {
    path: PathBuf,
    /// `FILE.1`, where a full file goes.
    rotated: PathBuf,
    output: Mutex<Output>,
    policy: Policy,
    seen: AtomicU64,
}

#[derive(Clone)]
pub(crate) struct Recorder {
    shared: Arc<Shared>,
    sample_every: u64,
    max_bytes: u64,
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder")
            .field("path", &self.shared.path)
            .field("sample_every", &self.sample_every)
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

fn open_append(path: &Path) -> Result<Output, RecordError> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| RecordError::Open {
            path: path.to_owned(),
            source,
        })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(Output { file, size })
}

impl Recorder {
    pub(crate) fn open(path: &Path, checker: &Checker) -> Result<Recorder, RecordError> {
        let output = open_append(path)?;
        let policy = Policy::new(checker, false).map_err(|_| RecordError::NoRandomKey)?;
        let mut rotated = path.as_os_str().to_owned();
        rotated.push(".1");
        Ok(Recorder {
            shared: Arc::new(Shared {
                path: path.to_owned(),
                rotated: PathBuf::from(rotated),
                output: Mutex::new(output),
                policy,
                seen: AtomicU64::new(0),
            }),
            sample_every: 0,
            max_bytes: DEFAULT_MAX_FILE_BYTES,
        })
    }

    pub(crate) fn set_sample_every(&mut self, n: u64) {
        self.sample_every = n;
    }

    pub(crate) fn set_max_bytes(&mut self, bytes: u64) {
        self.max_bytes = bytes;
    }

    /// Whether an exchange that did not drift is recorded (one in `sample_every`).
    pub(crate) fn samples(&self) -> bool {
        self.sample_every > 0
            && self
                .shared
                .seen
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(self.sample_every)
    }

    /// Appends the exchange under the policy. Failures are WARN events (never values); the
    /// caller's response is not affected.
    pub(crate) fn write(&self, live: &LiveExchange<'_>) {
        let mut line = match self.shared.policy.record(live).to_json() {
            Ok(line) => line,
            Err(e) => {
                tracing::warn!(target: "vsee_client::drift", error = %e, "cannot serialize an exchange for the drift recording");
                return;
            }
        };
        line.push(b'\n');
        let len = line.len() as u64;
        if len > self.max_bytes {
            tracing::warn!(target: "vsee_client::drift", bytes = len, max_file_bytes = self.max_bytes, "an exchange is larger than the drift recording's cap and is not recorded");
            return;
        }
        let mut out = self.shared.output.lock().unwrap_or_else(|e| e.into_inner());
        if out.size + len > self.max_bytes {
            if let Err(e) = self.rotate(&mut out) {
                tracing::warn!(target: "vsee_client::drift", path = %self.shared.path.display(), error = %e, "cannot rotate the drift recording; the exchange is not recorded");
                return;
            }
        }
        let before = out.size;
        let written = out.file.write_all(&line).and_then(|()| out.file.flush());
        match written {
            Ok(()) => out.size += len,
            Err(e) => {
                // Cut a partial line back off, so that the file stays whole lines.
                let _ = out.file.set_len(before);
                tracing::warn!(target: "vsee_client::drift", path = %self.shared.path.display(), error = %e, "cannot append to the drift recording");
            }
        }
    }

    /// `FILE` becomes `FILE.1` (replacing an older one); a new `FILE` is started.
    fn rotate(&self, out: &mut Output) -> Result<(), RecordError> {
        let _ = out.file.flush();
        std::fs::rename(&self.shared.path, &self.shared.rotated).map_err(|source| {
            RecordError::Open {
                path: self.shared.rotated.clone(),
                source,
            }
        })?;
        *out = open_append(&self.shared.path)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vsee_contract::recording::LiveMessage;

    fn exchange(body: &[u8]) -> LiveExchange<'_> {
        LiveExchange {
            method: "GET",
            target: "/visits/7727",
            request: LiveMessage {
                headers: Vec::new(),
                media_type: None,
                body: b"",
            },
            response: Some((
                200,
                LiveMessage {
                    headers: Vec::new(),
                    media_type: Some("application/json"),
                    body,
                },
            )),
        }
    }

    fn lines(path: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        assert!(text.is_empty() || text.ends_with('\n'), "whole lines only");
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_full_file_rotates_to_dot_1_and_an_oversized_line_is_dropped() {
        let checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drift.ndjson");
        let mut recorder = Recorder::open(&path, &checker).unwrap();
        let body = br#"{"data": {"id": "7727", "new_field": "Jane Doe"}}"#;
        recorder.write(&exchange(body));
        let one = std::fs::metadata(&path).unwrap().len();
        // Room for two lines: the third starts a new file, the first two go to `.1`.
        recorder.set_max_bytes(2 * one + 1);
        recorder.write(&exchange(body));
        recorder.write(&exchange(body));
        assert_eq!(lines(&dir.path().join("drift.ndjson.1")).len(), 2);
        assert_eq!(lines(&path).len(), 1);
        for line in lines(&path) {
            let record: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(record["response"]["status"], 200);
            assert!(!line.contains("Jane Doe"), "pseudonymised: {line}");
        }
        // A line longer than the cap is never written, whole or in part.
        recorder.set_max_bytes(one - 1);
        recorder.write(&exchange(body));
        assert_eq!(lines(&path).len(), 1);
    }

    #[test]
    fn one_in_n_is_sampled() {
        let checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut recorder = Recorder::open(&dir.path().join("r.ndjson"), &checker).unwrap();
        assert!(!recorder.samples(), "none by default");
        recorder.set_sample_every(3);
        let picked: Vec<bool> = (0..6).map(|_| recorder.samples()).collect();
        assert_eq!(picked.iter().filter(|p| **p).count(), 2);
    }
}
