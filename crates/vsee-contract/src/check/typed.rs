//! The typed check: a response body the schema accepts must also decode into a typed
//! client's type for its operation and status (the generated client's, through the hook the
//! `vsee-contract` command sets).

use serde_json::Value;

use super::sink::{Issue, Sink};
use super::Checker;
use crate::privacy::serde::typed_decode_message;
use crate::report::Location;

/// Decodes a response body into the typed client's type for `(operation_id, status)`:
/// `None` when the client has no type for that pair, else whether the body decoded, and if
/// not, where (a JSON pointer into the body, `""` for the top level) and serde's error, whose
/// message may quote the body's values (the checker reports it without them unless values
/// were asked for). The generated client's is `vsee_client::decode_for_validator`.
pub type TypedDecoder = fn(
    operation_id: &str,
    status: u16,
    body: &Value,
) -> Option<Result<(), (String, serde_json::Error)>>;

impl Checker {
    pub(super) fn typed_decode(
        &self,
        operation_id: &str,
        status: u16,
        instance: &Value,
        sink: &mut Sink<'_>,
    ) {
        let Some(decode) = self.typed_decoder else {
            return;
        };
        let Some(Err((pointer, error))) = decode(operation_id, status, instance) else {
            return;
        };
        // The client reads every number and code the schema accepts (`vsee_client::Integer`,
        // `Coded`), so what is left to fail are the client's own leaf types (an id beyond
        // u64): serde's pointer already names that leaf.
        let message = typed_decode_message(&error, sink.ctx.show_values);
        sink.push(Issue::response(Location::Body, "typed-decode", message).at(&pointer));
    }
}
