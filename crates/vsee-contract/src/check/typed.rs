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

        if let Some(Err(error)) =
            vsee_client::typed_check::decode_response(operation_id, status, instance)
        {
            let message = typed_decode_message(error.error(), sink.ctx.show_values);
            sink.push(Issue::response(Location::Body, "typed-decode", message).at(error.pointer()));
        }
    }

    #[cfg(not(feature = "typed-check"))]
    pub(super) fn typed_decode(&self, _: &str, _: u16, _: &Value, _: &mut Sink<'_>) {}
}
