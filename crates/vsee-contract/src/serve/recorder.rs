//! The recording file: one NDJSON [`ExchangeRecord`] per line, appended and flushed per
//! exchange, so an interrupted recording loses nothing. What goes into a line is decided by
//! the [`Policy`] alone.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::message::{Incoming, Reply};
use crate::privacy::recording::{LiveExchange, LiveMessage, Policy};

pub(crate) struct Recorder {
    path: PathBuf,
    file: Mutex<File>,
    policy: Policy,
}

impl Recorder {
    /// Opens (creating it when missing) a file to append to.
    pub fn append(path: &Path, policy: Policy) -> Result<Recorder, String> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                format!(
                    "cannot open the recording `{}` for appending: {e}",
                    path.display()
                )
            })?;
        Ok(Recorder {
            path: path.to_owned(),
            file: Mutex::new(file),
            policy,
        })
    }

    /// Records one exchange; a write error is reported on standard error and serving goes on.
    pub fn record(&self, live: &LiveExchange<'_>) {
        let record = self.policy.record(live);
        let mut line = match record.to_json() {
            Ok(line) => line,
            Err(e) => {
                // serde_json's message names a kind of failure, never the data.
                eprintln!("vsee-contract: cannot serialize an exchange for the recording: {e}");
                return;
            }
        };
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = file.write_all(&line).and_then(|()| file.flush()) {
            eprintln!(
                "vsee-contract: cannot append to the recording `{}`: {e}",
                self.path.display()
            );
        }
    }

    /// Records a request and the reply the server made to it.
    pub fn record_reply(&self, req: &Incoming, reply: &Reply) {
        let response_headers = reply
            .headers
            .iter()
            .map(|(k, v)| header_pair(k, v))
            .collect();
        self.record(&LiveExchange {
            method: &req.method,
            target: &req.target,
            // The media types as the live check read them (`Incoming::media_type`,
            // `Reply::media_type`), so the recording is judged on the same facts.
            request: LiveMessage {
                headers: header_pairs(&req.headers),
                media_type: req.media_type(),
                body: &req.body,
            },
            response: Some((
                reply.status,
                LiveMessage {
                    headers: response_headers,
                    media_type: reply.media_type(),
                    body: &reply.body,
                },
            )),
        });
    }
}

/// Header name -> value pairs (values as lossy text).
fn header_pairs(headers: &hyper::HeaderMap) -> Vec<(String, String)> {
    headers.iter().map(|(k, v)| header_pair(k, v)).collect()
}

fn header_pair(
    name: &hyper::header::HeaderName,
    value: &hyper::header::HeaderValue,
) -> (String, String) {
    (
        name.as_str().to_owned(),
        String::from_utf8_lossy(value.as_bytes()).into_owned(),
    )
}
