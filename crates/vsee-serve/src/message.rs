//! The request and the reply that `mock` and `proxy` exchange with the one HTTP server
//! (`server.rs`): a request read whole, a response to send (whole, or streamed by the proxy).

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{HeaderMap, Response, StatusCode};

/// A response body: whole (the mock's replies, every error) or streamed from the upstream.
pub(crate) type ServerBody = Either<Full<Bytes>, super::relay::RelayBody>;

/// A request read whole.
pub(crate) struct Incoming {
    /// Upper-case method.
    pub method: String,
    /// Path and query as sent (`/visits/7727.json?x=1`).
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Incoming {
    /// A header's value as text, when present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Content-Type` as sent.
    pub fn media_type(&self) -> Option<&str> {
        self.header(CONTENT_TYPE.as_str())
    }
}

/// A response to send.
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

impl Reply {
    /// A JSON body with the given media type.
    pub fn json(status: u16, media_type: &'static str, body: &serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![(CONTENT_TYPE, HeaderValue::from_static(media_type))],
            // Serializing a `Value` cannot fail.
            body: Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
        }
    }

    /// The `Content-Type` of the reply, when set.
    pub fn media_type(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| *k == CONTENT_TYPE)
            .and_then(|(_, v)| v.to_str().ok())
    }

    pub(super) fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        response
    }
}
