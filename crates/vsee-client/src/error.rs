//! The error of every operation: progenitor's information (operation, status, transport
//! cause, the typed error body), shown without any value from the response.
//!
//! Bodies hold patient data, so `Display` and `Debug` say which operation failed, the HTTP
//! status and, for a body that does not decode, where (a JSON pointer) and what was expected;
//! never the body. Whoever needs the bytes asks for them: [`Error::body`].

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::{DecodeError, ResponseValue};

/// What went wrong in an operation (see the module documentation).
#[non_exhaustive]
pub enum Error<E = crate::types::ApiError> {
    /// A parameter or body broke the spec (e.g. a visit id that is not digits); nothing was sent.
    InvalidRequest {
        operation: &'static str,
        message: String,
    },
    /// The request could not be sent or its response not read (connection, TLS, timeout). The
    /// cause, with its URL removed (paths carry ids), is the error's `source()`; `Display`
    /// says which kind of failure it was without repeating it.
    Communication {
        operation: &'static str,
        source: reqwest::Error,
    },
    /// A documented error status (4xx/5xx) with the API's typed error body.
    ErrorResponse {
        operation: &'static str,
        response: ResponseValue<E>,
    },
    /// A documented status whose body does not match the spec.
    InvalidResponsePayload {
        operation: &'static str,
        /// Where (a JSON pointer) and which generated type was expected; serde's message in
        /// it may quote the body ([`DecodeError::error`]).
        error: DecodeError,
        body: Bytes,
    },
    /// A status the spec does not list for this operation.
    UnexpectedResponse {
        operation: &'static str,
        response: reqwest::Response,
    },
    /// The client's own hook refused the request (e.g. a header that cannot be sent).
    Hook {
        operation: &'static str,
        message: String,
    },
}

impl<E> Error<E> {
    /// Converts progenitor's error of `operation`, whose success body is `T` and error body
    /// `E`. Called by every generated `send()`.
    #[doc(hidden)]
    pub fn from_progenitor<T: DeserializeOwned>(
        operation: &'static str,
        error: progenitor_client::Error<E>,
    ) -> Self
    where
        E: DeserializeOwned,
    {
        use progenitor_client::Error as P;
        match error {
            P::InvalidRequest(message) => Error::InvalidRequest { operation, message },
            P::CommunicationError(source)
            | P::InvalidUpgrade(source)
            | P::ResponseBodyError(source) => Error::Communication {
                operation,
                source: source.without_url(),
            },
            P::ErrorResponse(response) => Error::ErrorResponse {
                operation,
                response,
            },
            P::InvalidResponsePayload(body, error) => Error::InvalidResponsePayload {
                operation,
                error: locate::<T, E>(&body, error),
                body,
            },
            P::UnexpectedResponse(response) => Error::UnexpectedResponse {
                operation,
                response,
            },
            P::Custom(message) => Error::Hook { operation, message },
        }
    }

    /// The operation id (`get_visit`).
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Communication { operation, .. }
            | Error::ErrorResponse { operation, .. }
            | Error::InvalidResponsePayload { operation, .. }
            | Error::UnexpectedResponse { operation, .. }
            | Error::Hook { operation, .. } => operation,
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Communication { source, .. } => source.status(),
            Error::ErrorResponse { response, .. } => Some(response.status()),
            Error::UnexpectedResponse { response, .. } => Some(response.status()),
            _ => None,
        }
    }

    /// The API's typed error body of a documented error status.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::ErrorResponse { response, .. } => Some(response.as_ref()),
            _ => None,
        }
    }

    /// Where a body did not decode, the type expected there and serde's error (whose message
    /// may quote the body: see [`DecodeError`]).
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match self {
            Error::InvalidResponsePayload { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The raw body that did not decode. It may hold patient data: do not log it.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::InvalidResponsePayload { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Where `body` fails to decode as `T` (or, when it is a `T`, as the error type `E`: a
/// documented error status). `fallback` is progenitor's own error, kept when decoding again
/// finds nothing to point at.
fn locate<T: DeserializeOwned, E: DeserializeOwned>(
    body: &Bytes,
    fallback: serde_json::Error,
) -> DecodeError {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return DecodeError::of_bytes::<T>(e),
    };
    match crate::typed::decode::<T>(&value).and_then(|()| crate::typed::decode::<E>(&value)) {
        Err(located) => located,
        Ok(()) => DecodeError::of_bytes::<T>(fallback),
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.operation();
        match self {
            Error::InvalidRequest { message, .. } => {
                write!(f, "{operation}: invalid request, nothing sent: {message}")
            }
            // The cause is `source()`, not repeated here: a reporter that walks the chain
            // (anyhow's `{:#}`, `tracing`'s error fields) would print it twice.
            Error::Communication { source, .. } => {
                let what = if source.is_timeout() {
                    "the request timed out"
                } else if source.is_connect() {
                    "could not connect to the API"
                } else if source.is_body() || source.is_decode() {
                    "the response could not be read"
                } else {
                    "the request could not be sent or its response not read"
                };
                write!(f, "{operation}: {what} (the cause is this error's source)")
            }
            Error::ErrorResponse { response, .. } => write!(
                f,
                "{operation}: the API answered HTTP {} with its error body (`Error::api_error`)",
                response.status()
            ),
            Error::InvalidResponsePayload { error, .. } => write!(
                f,
                "{operation}: the response does not match the spec: {error} (the body, which \
                 may hold patient data, is `Error::body`; serde's message, which may quote it, \
                 is `Error::decode_error`)"
            ),
            Error::UnexpectedResponse { response, .. } => write!(
                f,
                "{operation}: HTTP {}, a status the spec does not list for this operation",
                response.status()
            ),
            Error::Hook { message, .. } => write!(f, "{operation}: {message}"),
        }
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let variant = match self {
            Error::InvalidRequest { .. } => "InvalidRequest",
            Error::Communication { .. } => "Communication",
            Error::ErrorResponse { .. } => "ErrorResponse",
            Error::InvalidResponsePayload { .. } => "InvalidResponsePayload",
            Error::UnexpectedResponse { .. } => "UnexpectedResponse",
            Error::Hook { .. } => "Hook",
        };
        write!(f, "Error::{variant}({self})")
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Communication { source, .. } => Some(source),
            _ => None,
        }
    }
}
