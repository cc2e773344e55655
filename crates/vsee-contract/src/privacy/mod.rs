//! The one privacy policy: how anything recorded is shown in a report, an error, `Debug`, a
//! served error body, a log line, or written to a recording.
//!
//! Recorded traffic holds tokens and patient data. Every message and every URL that leaves
//! this crate is shaped here, from facts of the spec and the *shape* of the recorded data, never
//! from its values; values are added only when the user asks for them (`--show-values`).
//!
//! - [`messages`]: JSON Schema errors, JSON syntax errors and value previews.
//! - [`serde`]: serde's messages (the typed check, record decoding) without the values they quote.
//! - [`shape`]: recorded methods and media types (`*`, `*/*` when unknown).
//! - [`url`]: recorded URLs and paths as their shape (`/visits/*`).
//! - [`debug`]: the pieces of the redacting `Debug` impls.
//! - [`recording`]: what of live traffic (mock, proxy) reaches a recording file: no
//!   credential ever, values as pseudonyms and timestamps shifted unless the user keeps them;
//!   [`recorded_body`] (bodies by kind), [`record_line`] (the line written).
//! - [`values`]: what becomes of one value (kept, shifted, pseudonym), wherever it is;
//!   [`json_text`] (the token-level rewrite of a JSON body), [`number`] (numbers by their
//!   text), [`timeshift`] (the run's time shift), [`pseudonym`] (keyed, shape-keeping
//!   pseudonyms); [`promises`] (what the policy promises, as the fuzz target checks it).

pub(crate) mod debug;
pub(crate) mod json_text;
pub(crate) mod messages;
pub(crate) mod number;
pub(crate) mod promises;
pub(crate) mod pseudonym;
pub(crate) mod record_line;
pub(crate) mod recorded_body;
pub(crate) mod recording;
#[cfg_attr(not(feature = "typed-check"), allow(dead_code))]
pub(crate) mod serde;
pub(crate) mod shape;
pub(crate) mod timeshift;
pub(crate) mod url;
pub(crate) mod values;
