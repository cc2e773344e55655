//! The one privacy policy: how anything recorded is shown in a report, an error, `Debug`, a
//! served error body, a log line, or written to a recording.
//!
//! Recorded traffic holds tokens and patient data. Every message and every URL that leaves
//! this crate is shaped here, from facts of the spec and the *shape* of the recorded data, never
//! from its values; values are added only when the user asks for them (`--show-values`).
//!
//! - [`messages`]: JSON Schema errors, JSON syntax errors and value previews.
//! - [`serde`]: serde's messages (the typed check, record decoding) without the values they quote.
//! - [`shape`]: recorded methods and media types (`*`, `*/*` when unknown), body pointers as
//!   patterns (`/data/*/status`).
//! - [`url`]: recorded URLs and paths as their shape (`/visits/*`).
//! - [`debug`]: the pieces of the redacting `Debug` impls.
//!
//! What of live traffic reaches a recording file is the crate's `recording` module, above this
//! one: it uses these pieces and the checker.

pub(crate) mod debug;
pub(crate) mod messages;
pub(crate) mod serde;
pub mod shape;
pub(crate) mod url;
