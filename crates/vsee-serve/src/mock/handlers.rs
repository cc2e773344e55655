//! The mock's operations: one handler per operation id of the spec. Each reads what it needs
//! of the admitted request and the store, writes whole records or none, and returns the answer
//! to check and send.

use std::collections::HashMap;

use super::{appointments, intakes, visits, Call, Mock, Outcome};
use crate::state::Store;

/// A handler: the mock (templates, checks), the locked store, the request.
pub(super) type Handler = fn(&Mock, &mut Store, &Call<'_>) -> Outcome;

/// Operation id -> handler. An operation without one (another spec's, with `--spec`) answers
/// its documented example.
pub(super) fn table() -> HashMap<&'static str, Handler> {
    let handlers: [(&'static str, Handler); 15] = [
        ("create_intake", intakes::create),
        ("get_intake", intakes::get),
        ("update_intake", intakes::update),
        ("add_walkin", visits::add_walkin),
        ("add_econsult", visits::add_econsult),
        ("get_current_visit", visits::current),
        ("get_visit", visits::get),
        ("list_visits", visits::list),
        ("close_visit", visits::close),
        ("delete_visit", visits::delete),
        ("export_visit_summary", visits::export),
        ("get_availability", appointments::availability),
        ("create_appointment", appointments::create),
        ("create_appointment_alias", appointments::create),
        ("update_appointment", appointments::update),
    ];
    handlers.into_iter().collect()
}
