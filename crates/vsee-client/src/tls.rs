//! TLS: rustls with the *ring* crypto provider and the operating system's certificate store.
//!
//! reqwest's `rustls` feature brings the aws-lc-rs provider, whose C library (aws-lc-sys)
//! took about 30 s of CPU in a clean build of the workspace; ring builds in a few. reqwest
//! is therefore built without a provider (`rustls-no-provider`) and uses rustls's process
//! default, which [`ensure_provider`] sets to ring when nothing else set one. Every client
//! this crate builds goes through it ([`crate::ClientState::new`], which every constructor
//! of [`crate::Client`] needs, progenitor's `Client::new` included), so no constructor can
//! panic for want of a provider.
//!
//! An application that wants another provider installs it before it builds its first
//! [`crate::Client`]: rustls keeps the first process default, so an `install_default()`
//! *after* that returns an error (do not `unwrap` it).

/// Makes ring rustls's process-wide crypto provider, unless one is installed already (then
/// that one stays: an application that chose its provider keeps it). Call it before building
/// a `reqwest::Client` of your own in a program whose TLS comes only from this crate.
pub fn ensure_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one in between: then that one is used, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
