//! The typed check: a response body the schema accepts must also decode into the generated
//! client's type for its operation and status.

use serde_json::Value;

use super::sink::Sink;
use super::Checker;

impl Checker {
    #[cfg(feature = "typed-check")]
    pub(super) fn typed_decode(
        &self,
        operation_id: &str,
        status: u16,
        instance: &Value,
        sink: &mut Sink<'_>,
    ) {
        use super::sink::Issue;
        use crate::privacy::serde::typed_decode_message;
        use crate::report::Location;

        let Some(Err(error)) =
            vsee_client::typed_check::decode_response(operation_id, status, instance)
        else {
            return;
        };
        // The client reads every number and code the schema accepts (`vsee_client::Integer`,
        // `Coded`), so what is left to fail are the client's own leaf types (an id beyond
        // u64): serde's pointer already names that leaf.
        let pointer = error.pointer().to_owned();
        let message = typed_decode_message(error.error(), sink.ctx.show_values);
        sink.push(Issue::response(Location::Body, "typed-decode", message).at(&pointer));
    }

    #[cfg(not(feature = "typed-check"))]
    pub(super) fn typed_decode(&self, _: &str, _: u16, _: &Value, _: &mut Sink<'_>) {}
}
