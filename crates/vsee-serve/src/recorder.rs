//! The recording file: one NDJSON [`ExchangeRecord`] per line, appended and flushed per
//! exchange, so an interrupted recording loses nothing. What goes into a line is decided by
//! the [`Policy`] alone.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hyper::header::{HeaderName, HeaderValue};

use super::message::{Incoming, Reply};
use vsee_contract::recording::{LiveExchange, LiveMessage, Policy, RecordLine};

/// A response to record.
pub(crate) struct Answered<'a> {
    pub status: u16,
    pub headers: &'a [(HeaderName, HeaderValue)],
    /// `None`: the body was not kept (too large, or not decodable). The response is then
    /// recorded without any body field, so `validate` checks its status but not its body.
    pub body: Option<&'a [u8]>,
}

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

    /// Appends one record; a write error is reported on standard error and serving goes on.
    fn write(&self, record: &RecordLine) {
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
        let answered = Answered {
            status: reply.status,
            headers: &reply.headers,
            body: Some(&reply.body),
        };
        self.record_parts(req, Some(&answered));
    }

    /// Records a request and its response, when one came.
    pub fn record_parts(&self, req: &Incoming, response: Option<&Answered<'_>>) {
        let live_response = response.map(|r| {
            let message = LiveMessage {
                headers: r.headers.iter().map(|(k, v)| header_pair(k, v)).collect(),
                media_type: media_type_of(r.headers),
                body: r.body.unwrap_or_default(),
            };
            (r.status, message)
        });
        let mut record = self.policy.record(&LiveExchange {
            method: &req.method,
            target: &req.target,
            // The media types as the live check read them (`Incoming::media_type`,
            // `Reply::media_type`), so the recording is judged on the same facts.
            request: LiveMessage {
                headers: header_pairs(&req.headers),
                media_type: req.media_type(),
                body: &req.body,
            },
            response: live_response,
        });
        if response.is_some_and(|r| r.body.is_none()) {
            record.leave_out_response_body();
        }
        self.write(&record);
    }
}

/// Header name -> value pairs (values as lossy text).
fn header_pairs(headers: &hyper::HeaderMap) -> Vec<(String, String)> {
    headers.iter().map(|(k, v)| header_pair(k, v)).collect()
}

fn header_pair(name: &HeaderName, value: &HeaderValue) -> (String, String) {
    (
        name.as_str().to_owned(),
        String::from_utf8_lossy(value.as_bytes()).into_owned(),
    )
}

/// The `Content-Type` of a response, as `Reply::media_type` reads it.
fn media_type_of(headers: &[(HeaderName, HeaderValue)]) -> Option<&str> {
    headers
        .iter()
        .find(|(k, _)| *k == hyper::header::CONTENT_TYPE)
        .and_then(|(_, v)| v.to_str().ok())
}
