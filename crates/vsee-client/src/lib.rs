//! Typed async client for the VSee Clinic REST API v3.
//!
//! The operations and types come from `spec/vsee.yaml` through progenitor
//! (`src/generated.rs`, written by `cargo xtask generate`, never edited by hand). This file adds
//! what a spec cannot say: credentials and the headers that carry them, the API's
//! environments, timeouts, the user agent, opt-in retries ([`RetryPolicy`]) and the opt-in
//! drift watch (feature `drift-watch`).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use vsee_client::{Client, Credentials, Environment, ShowValues, TryStreamExt};
//!
//! let credentials = Credentials::new("api-token", "vclinic");
//! let client = Client::with_credentials(Environment::PreviewNext, credentials)?;
//!
//! // Every visit, page after page (50 a page), as a stream.
//! let mut visits = client.visits(50);
//! while let Some(visit) = visits.try_next().await? {
//!     // `Debug` shows field names and shapes, never values ...
//!     println!("{visit:?}");
//!     // ... unless asked for.
//!     println!("{:?}", ShowValues(&visit.status));
//!     // An id from a reply goes into the next call as it is.
//!     if let Some(id) = &visit.id {
//!         let again = client.get_visit().id(id).send().await?;
//!         println!("{:?}", again.data.start.as_ref().map(|t| t.seconds()));
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! - **Ids and times**: every id of the spec (marked `x-vsee-type: id`) is an [`Id`] and every
//!   unix time (`x-vsee-type: unix-time`) a [`UnixTime`], in requests and responses alike, each
//!   read from a number or a string and written back as it came. Every setter of an id takes
//!   `Id`, `&Id`, `&str`, `String`, `&String` or an integer; a parameter with a pattern (a
//!   visit id) is checked before anything is sent.
//! - **Paging**: [`Client::visits`]`(page_size)` reads `list_visits` page after page as one
//!   [`Stream`] ([`Visits`], `Unpin` and `Send`), read with [`StreamExt`] / [`TryStreamExt`],
//!   re-exported here; `visits(0)` is one [`Error::InvalidRequest`] (the spec's `limit` is at
//!   least 1).
//! - **`Debug` without patient data**: every generated type, and [`Id`], [`UnixTime`],
//!   [`Coded`], [`Integer`], prints field names and shapes (`Visit { id: Some(<id>), member:
//!   Some(Member { dob: Some(<str>), .. }), extra: {2 keys} }`); [`ShowValues`] prints the
//!   values when a developer asks for them (see [`debug`]).
//! - **Errors** name the operation, the status and the spec's rule a value broke, never a
//!   value ([`Error`]); a missing required parameter or body field says which setter to call.
//!   A cause is the error's `source()`, never repeated in its `Display`.
//! - **Drift watch** (cargo feature `drift-watch`, off by default; off, nothing of it is built
//!   and the crate depends on nothing more): `ClientBuilder::drift_watch` checks every
//!   request and response against the spec, in the process, with `vsee-contract`'s checker,
//!   and reports what it does not describe (a value a schema rejects, a coded value it does not
//!   list, a field it does not document) as `tracing` WARN events of target
//!   `vsee_client::drift` (operation, status, pointer, keyword, fingerprint; never a value),
//!   a callback, and an optional pseudonymised NDJSON recording for `vsee-contract validate`
//!   and `cargo xtask learn --recordings`. See the `drift` module (built with the feature) and
//!   `examples/drift_watch.rs`.
//! - **TLS** is rustls with the crypto provider reqwest and rustls choose by default
//!   (aws-lc-rs). An application that wants another installs it as rustls's process default
//!   (`CryptoProvider::install_default`) before it builds its first client; reqwest then uses
//!   that one.
//!
//! Every operation returns `Result<ResponseValue<T>, Error<types::ApiError>>` ([`VseeResult`]):
//! a documented error status (4xx/5xx) comes back as [`Error::ErrorResponse`] holding the
//! typed [`types::ApiError`] body.
//!
//! The structs and enums of [`types`] are `#[non_exhaustive]` (the API grows new optional
//! fields and enum values, which are then minor releases of this crate): build values with
//! their builders, use `..` in struct patterns and a `_` arm when matching an enum. The
//! validated newtypes (`types::GetVisitId`, `types::UpdateAppointmentVersion`, ...) are built with
//! `try_from`/`parse`.
//!
//! ```
//! use vsee_client::types;
//!
//! let error: types::ApiError = types::ApiError::builder()
//!     .code(404)
//!     .message("Visit not found")
//!     .try_into()?;
//! let types::ApiError { code, .. } = &error;
//! assert_eq!(*code, 404);
//!
//! let reason = types::CloseReason::CallEnded;
//! let ended_by_patient = match reason {
//!     types::CloseReason::PatientEndCall | types::CloseReason::PatientExitRoom => true,
//!     _ => false, // values added to the spec later land here
//! };
//! assert!(!ended_by_patient);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A struct literal does not compile outside this crate:
//!
//! ```compile_fail,E0639
//! let error = vsee_client::types::ApiError {
//!     code: 404,
//!     message: "Visit not found".to_owned(),
//!     extra: Default::default(),
//! };
//! ```

use std::fmt;
use std::time::Duration;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

// The generated code is included as it is; the lints it trips are allowed here, at the include
// site, because editing generated code would be undone by the next `cargo xtask generate`:
// - doc lints: the spec's descriptions become doc comments as written (Markdown lists with
//   lazy continuation lines, bare URLs, HTML-looking text) and are not rustdoc-clean. The
//   `types` and `builder` modules carry progenitor's own `#[allow(clippy::all)]`.
#[rustfmt::skip] // prettyplease formats it; rustfmt would reformat it differently
#[allow(
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
mod generated;
// The enumerated codes (generated from the spec's `x-enum-varnames`), re-exported in `types`.
#[rustfmt::skip] // generated
mod codes;
pub mod debug;
mod error;
mod observe;
mod paging;
mod retry;
mod setters;
mod tri_state;
mod typed;
mod validator;
mod wire;
/// Which generated type the client decodes for each operation and status (generated; used by
/// the contract validator to check recorded payloads the way the client would read them).
#[rustfmt::skip] // generated, formatted by prettyplease
pub mod typed_check;

// `x-rust-type` paths are absolute (`::vsee_client::Coded`); this makes them resolve here too.
extern crate self as vsee_client;

#[cfg(feature = "drift-watch")]
pub mod drift;

pub use debug::{DebugShape, ShowValues};
pub use error::Error;
/// The stream traits [`Client::visits`] is read with (`.next()`, `.try_next()`,
/// `.try_collect()`), so that a caller needs no `futures` dependency of its own.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
pub use generated::{builder, prelude, ByteStream, Client, ResponseValue};
pub use paging::Visits;
pub use retry::RetryPolicy;
pub use setters::IntoOptional;
pub use wire::{Code, CodeEnum, Coded, Id, Integer, UnixTime};

/// The spec's types: structs and enums generated by progenitor, and the enumerated codes
/// ([`types::VisitStatus`], [`types::VisitType`]).
pub mod types {
    pub use crate::codes::*;
    pub use crate::generated::types::*;
}
pub use progenitor_client;
pub use typed::DecodeError;
pub use validator::decode_for_validator;

/// The error of every operation: transport problems, undocumented statuses, bodies that do not
/// decode, and documented error statuses with their typed [`types::ApiError`] body
/// ([`Error::ErrorResponse`]).
pub type VseeError = Error<types::ApiError>;

/// What every operation's `send()` returns.
pub type VseeResult<T> = Result<ResponseValue<T>, VseeError>;

/// Connect timeout of clients built by [`ClientBuilder`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Whole-request timeout of clients built by [`ClientBuilder`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// `User-Agent` sent by clients built by [`ClientBuilder`].
pub const USER_AGENT: &str = concat!("vsee-client/", env!("CARGO_PKG_VERSION"));

/// A client could not be configured. Messages never include a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A credential cannot be sent as an HTTP header value.
    #[error(
        "the value for the {header} header is not a valid HTTP header value (it contains a line \
         break, a control character or a non-ASCII character); check that the credential was \
         copied whole and without surrounding whitespace"
    )]
    InvalidCredential { header: &'static str },
    /// An account code cannot be part of a host name.
    #[error(
        "account code {account:?} cannot be part of a host name: use the account's code as \
         shown in VSee (letters, digits and '-', at most 63 characters)"
    )]
    InvalidAccount { account: String },
    /// A custom base URL is unusable.
    #[error("base URL {url:?} is unusable: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    /// reqwest could not build its client; the cause is the error's `source()`.
    #[error("cannot build the HTTP client (the cause is this error's source)")]
    Http(#[source] reqwest::Error),
}

/// What the API authenticates a request with.
///
/// `X-ApiToken` and `X-AccountCode` go with every request; `X-ApiKey` and `X-ApiSecret` only
/// when set (SSO, and `get_availability` without a user token, which the API marks beta).
/// `Debug` shows the account code (not a secret) and whether the other values are set, never
/// the values.
// No PartialEq: comparing secrets with `==` is not something to encourage.
#[derive(Clone)]
pub struct Credentials {
    api_token: String,
    account_code: String,
    api_key: Option<String>,
    api_secret: Option<String>,
}

impl Credentials {
    /// A user or application token and the account (clinic) code, e.g. `vclinic`.
    pub fn new(api_token: impl Into<String>, account_code: impl Into<String>) -> Credentials {
        Credentials {
            api_token: api_token.into(),
            account_code: account_code.into(),
            api_key: None,
            api_secret: None,
        }
    }

    /// Also send `X-ApiKey`.
    pub fn with_api_key(mut self, api_key: impl Into<String>) -> Credentials {
        self.api_key = Some(api_key.into());
        self
    }

    /// Also send `X-ApiSecret`.
    pub fn with_api_secret(mut self, api_secret: impl Into<String>) -> Credentials {
        self.api_secret = Some(api_secret.into());
        self
    }

    /// The account (clinic) code.
    pub fn account_code(&self) -> &str {
        &self.account_code
    }

    /// The headers these credentials are sent as, checked once here so that sending a request
    /// cannot fail on them. Values are marked sensitive (reqwest and http hide them in `Debug`).
    pub fn to_headers(&self) -> Result<AuthHeaders, ConfigError> {
        let mut headers = HeaderMap::with_capacity(4);
        // `HeaderName::from_static` wants lower case; messages use the documented spelling.
        let mut put = |shown: &'static str, name: &'static str, value: &str, sensitive: bool| {
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| ConfigError::InvalidCredential { header: shown })?;
            value.set_sensitive(sensitive);
            headers.insert(HeaderName::from_static(name), value);
            Ok::<(), ConfigError>(())
        };
        put("X-ApiToken", "x-apitoken", &self.api_token, true)?;
        put("X-AccountCode", "x-accountcode", &self.account_code, false)?;
        if let Some(key) = &self.api_key {
            put("X-ApiKey", "x-apikey", key, true)?;
        }
        if let Some(secret) = &self.api_secret {
            put("X-ApiSecret", "x-apisecret", secret, true)?;
        }
        Ok(AuthHeaders { headers })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |set: bool| if set { "<redacted>" } else { "<not set>" };
        f.debug_struct("Credentials")
            .field("api_token", &format_args!("{}", hidden(true)))
            .field("account_code", &self.account_code)
            .field(
                "api_key",
                &format_args!("{}", hidden(self.api_key.is_some())),
            )
            .field(
                "api_secret",
                &format_args!("{}", hidden(self.api_secret.is_some())),
            )
            .finish()
    }
}

/// The authentication headers a [`Client`] adds to every request (through progenitor's
/// `ClientHooks::pre`). Built by [`Credentials::to_headers`]; `Debug` shows header names only.
#[derive(Clone)]
pub struct AuthHeaders {
    headers: HeaderMap,
}

impl AuthHeaders {
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

/// What a [`Client`] applies to every request through progenitor's hooks: the credentials'
/// headers and, when set, a [`RetryPolicy`]. `Client::new_with_client(url, http,
/// credentials.to_headers()?.into())` builds one without retries, with your own
/// `reqwest::Client` as `http`.
#[derive(Debug, Clone)]
pub struct ClientState {
    auth: AuthHeaders,
    retry: Option<RetryPolicy>,
    #[cfg(feature = "drift-watch")]
    drift: Option<drift::DriftWatch>,
}

impl ClientState {
    /// The credentials' headers, no retries.
    pub fn new(auth: AuthHeaders) -> ClientState {
        ClientState {
            auth,
            retry: None,
            #[cfg(feature = "drift-watch")]
            drift: None,
        }
    }

    /// Also check every exchange against the spec (feature `drift-watch`, see [`drift`]).
    #[cfg(feature = "drift-watch")]
    pub fn with_drift_watch(mut self, watch: drift::DriftWatch) -> ClientState {
        self.drift = Some(watch);
        self
    }

    /// Also retry as `policy` says.
    pub fn with_retry(mut self, policy: RetryPolicy) -> ClientState {
        self.retry = Some(policy);
        self
    }

    /// The retry policy, if any.
    pub fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }
}

impl From<AuthHeaders> for ClientState {
    fn from(auth: AuthHeaders) -> ClientState {
        ClientState::new(auth)
    }
}

/// The header progenitor adds to every request (see [`ClientHooks::pre`] below).
const API_VERSION_HEADER: &str = "api-version";

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        // progenitor sends `api-version: <info.version>` with every request and has no setting
        // to turn it off. VSee does not define that header, and `info.version` is the version
        // of this curated spec, not anything the server knows: it is not sent.
        headers.remove(API_VERSION_HEADER);
        for (name, value) in &self.inner().auth.headers {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let send = |request| async move {
            match &self.inner().retry {
                Some(policy) => policy.execute(self.client(), request).await,
                None => self.client().execute(request).await,
            }
        };
        #[cfg(feature = "drift-watch")]
        if let Some(watch) = &self.inner().drift {
            let (base, id) = (self.baseurl(), info.operation_id);
            return drift::exec_watched(watch, base, id, request, send).await;
        }
        let _ = info;
        send(request).await
    }
}

/// Where the API lives; the URLs are the `servers` of `spec/vsee.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// Preview (sandbox) shared by all accounts, `next` channel: gets changes first.
    PreviewNext,
    /// Preview shared by all accounts, `stable` channel: follows production.
    PreviewStable,
    /// Account-specific preview host, `https://api-{account}.vseepreview.com/vc/stable/api_v3`.
    AccountPreview(String),
    /// Production, `https://api.vsee.me/api_v3`.
    Production,
    /// Account-specific production host, `https://api-{account}.vsee.me/api_v3`.
    AccountProduction(String),
    /// Any other base URL (a proxy, a mock server): absolute `http`/`https`, no query.
    Custom(String),
}

impl Environment {
    /// The base URL, without a trailing slash (operation paths are appended to it).
    pub fn base_url(&self) -> Result<String, ConfigError> {
        Ok(match self {
            Environment::PreviewNext => "https://api.vseepreview.com/vc/next/api_v3".to_owned(),
            Environment::PreviewStable => "https://api.vseepreview.com/vc/stable/api_v3".to_owned(),
            Environment::AccountPreview(account) => format!(
                "https://api-{}.vseepreview.com/vc/stable/api_v3",
                host_label(account)?
            ),
            Environment::Production => "https://api.vsee.me/api_v3".to_owned(),
            Environment::AccountProduction(account) => {
                format!("https://api-{}.vsee.me/api_v3", host_label(account)?)
            }
            Environment::Custom(url) => custom_base_url(url)?,
        })
    }
}

fn host_label(account: &str) -> Result<&str, ConfigError> {
    // Host is `api-{account}`: the whole label must stay within 63 characters.
    let ok = !account.is_empty()
        && account.len() <= 63 - "api-".len()
        && !account.ends_with('-')
        && account
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(account)
    } else {
        Err(ConfigError::InvalidAccount {
            account: account.to_owned(),
        })
    }
}

fn custom_base_url(url: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        invalid(&format!(
            "{e}; give an absolute URL such as https://host/api_v3"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if parsed.host_str().is_none() {
        return Err(invalid("it has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(
            "it has a query or fragment; operation paths are appended to the base URL",
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Builds a [`Client`] with timeouts, user agent and credentials.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Credentials,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: Option<RetryPolicy>,
    #[cfg(feature = "drift-watch")]
    drift: Option<drift::DriftWatch>,
}

impl ClientBuilder {
    /// Defaults: [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`], [`USER_AGENT`].
    pub fn new(environment: Environment, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            environment,
            credentials,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: USER_AGENT.to_owned(),
            retry: None,
            #[cfg(feature = "drift-watch")]
            drift: None,
        }
    }

    /// Time allowed to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, from connecting to the end of the response body.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = timeout;
        self
    }

    /// Replaces the `User-Agent` (e.g. `my-app/1.2 vsee-client/0.1.0`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> ClientBuilder {
        self.user_agent = user_agent.into();
        self
    }

    /// Retries requests as `policy` says (none by default): idempotent requests after a
    /// connection error, a timeout or a 408/429/502/503/504, with jittered backoff and the
    /// server's `Retry-After`.
    pub fn retry(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = Some(policy);
        self
    }

    /// Checks every request and response against the spec and reports what it does not
    /// describe (feature `drift-watch`; see [`drift`]).
    #[cfg(feature = "drift-watch")]
    pub fn drift_watch(mut self, watch: drift::DriftWatch) -> ClientBuilder {
        self.drift = Some(watch);
        self
    }

    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = self.environment.base_url()?;
        let auth = self.credentials.to_headers()?;
        let state = ClientState {
            retry: self.retry,
            #[cfg(feature = "drift-watch")]
            drift: self.drift,
            ..ClientState::new(auth)
        };
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(ConfigError::Http)?;
        Ok(Client::new_with_client(&base_url, http, state))
    }
}

impl Client {
    /// A client for `environment` that authenticates with `credentials`, with the default
    /// timeouts (connect 10 s, request 30 s) and user agent, without retries. Use
    /// [`ClientBuilder`] to change them, or [`Client::new_with_client`] with
    /// [`Credentials::to_headers`] (`.into()` a [`ClientState`]) to bring your own
    /// `reqwest::Client`.
    pub fn with_credentials(
        environment: Environment,
        credentials: Credentials,
    ) -> Result<Client, ConfigError> {
        ClientBuilder::new(environment, credentials).build()
    }

    /// This client, retrying requests as `policy` says (see [`RetryPolicy`]).
    pub fn with_retry(mut self, policy: RetryPolicy) -> Client {
        self.inner.retry = Some(policy);
        self
    }

    /// This client, checking every exchange against the spec (feature `drift-watch`; see
    /// [`drift`]).
    #[cfg(feature = "drift-watch")]
    pub fn with_drift_watch(mut self, watch: drift::DriftWatch) -> Client {
        self.inner.drift = Some(watch);
        self
    }
}
