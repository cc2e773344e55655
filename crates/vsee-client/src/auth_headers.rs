//! The credentials as checked headers: their own file, so that the generated client (whose
//! `ClientHooks` inner type this is) depends on it and not on the crate root that includes it.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The authentication headers a [`Client`](crate::Client) adds to every request (through
/// progenitor's `ClientHooks::pre`). Built by
/// [`Credentials::to_headers`](crate::Credentials::to_headers); `Debug` shows header names only.
#[derive(Clone)]
pub struct AuthHeaders {
    headers: HeaderMap,
}

impl AuthHeaders {
    pub(crate) fn new(headers: HeaderMap) -> AuthHeaders {
        AuthHeaders { headers }
    }

    /// The headers with their (sensitive-marked) values, for the request hook.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter()
    }

    /// Names of the headers that will be sent.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.headers.keys().map(HeaderName::as_str)
    }
}

impl fmt::Debug for AuthHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthHeaders")
            .field("names", &self.names().collect::<Vec<_>>())
            .finish()
    }
}
