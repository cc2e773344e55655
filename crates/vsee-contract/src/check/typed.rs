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

        let decode = |body: &Value| {
            vsee_client::typed_check::decode_response(operation_id, status, body)
                .and_then(Result::err)
        };
        let Some(error) = decode(instance) else {
            return;
        };
        let (pointer, message) = match leaf::locate(instance, &error, decode) {
            Some(found) => (
                found.pointer,
                typed_decode_message(&found.error, sink.ctx.show_values),
            ),
            None => (
                error.pointer().to_owned(),
                typed_decode_message(error.error(), sink.ctx.show_values),
            ),
        };
        sink.push(Issue::response(Location::Body, "typed-decode", message).at(&pointer));
    }

    #[cfg(not(feature = "typed-check"))]
    pub(super) fn typed_decode(&self, _: &str, _: u16, _: &Value, _: &mut Sink<'_>) {}
}

/// Finding the failing leaf under an untagged enum.
///
/// serde tries each variant of an untagged enum and, when none fits, says only "data did not
/// match any variant of untagged enum X" at the enum: the pointer stops there
/// (`/data/attachments`), not at the value that broke it (`/data/attachments/0/type`). Where
/// the schema accepts a value that a generated type rejects, that value is a number the client
/// reads as `i64` but that is not one (`1.0`, `2e3`, beyond `i64`): JSON Schema counts any whole
/// number as an integer. So each such number under the enum is, in turn, replaced by an `i64`
/// in a copy of the body and the body is decoded again: the number whose replacement makes the
/// enum's error go away is the leaf to report, proven by the decoder itself, not guessed.
#[cfg(feature = "typed-check")]
mod leaf {
    use serde::Deserialize;
    use serde_json::Value;
    use vsee_client::DecodeError;

    /// Numbers tried at most (the search runs only for a failing body; this bounds its cost on
    /// a hostile one).
    const MAX_CANDIDATES: usize = 64;

    pub(super) struct Found {
        pub pointer: String,
        pub error: serde_json::Error,
    }

    pub(super) fn locate(
        instance: &Value,
        error: &DecodeError,
        decode: impl Fn(&Value) -> Option<DecodeError>,
    ) -> Option<Found> {
        if !error.error().to_string().contains("untagged enum") {
            return None;
        }
        let at = error.pointer();
        let mut candidates = Vec::new();
        collect(instance.pointer(at)?, at.to_owned(), &mut candidates);
        if candidates.is_empty() || candidates.len() > MAX_CANDIDATES {
            return None;
        }
        let same = |e: &Option<DecodeError>| {
            e.as_ref().is_some_and(|e| {
                e.pointer() == at && e.error().to_string() == error.error().to_string()
            })
        };
        // With every candidate replaced, the enum's error must go away ...
        let mut copy = instance.clone();
        let originals: Vec<Value> = candidates
            .iter()
            .map(|p| replace(&mut copy, p))
            .collect::<Option<_>>()?;
        if same(&decode(&copy)) {
            return None;
        }
        // ... and come back when one of them is put back: that one breaks it.
        for (pointer, original) in candidates.iter().zip(originals) {
            let slot = copy.pointer_mut(pointer)?;
            let fixed = std::mem::replace(slot, original);
            let broken = same(&decode(&copy));
            let original = std::mem::replace(copy.pointer_mut(pointer)?, fixed);
            if broken {
                let error = i64::deserialize(&original).err()?;
                return Some(Found {
                    pointer: pointer.clone(),
                    error,
                });
            }
        }
        None
    }

    /// Pointers of the numbers under `value` that an `i64` cannot hold.
    fn collect(value: &Value, at: String, out: &mut Vec<String>) {
        if out.len() > MAX_CANDIDATES {
            return;
        }
        match value {
            Value::Number(n) if n.as_i64().is_none() => out.push(at),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    collect(item, format!("{at}/{i}"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    collect(item, format!("{at}/{key}"), out);
                }
            }
            _ => {}
        }
    }

    /// Replaces the number at `pointer` by the `i64` nearest to it; returns the original.
    fn replace(body: &mut Value, pointer: &str) -> Option<Value> {
        let slot = body.pointer_mut(pointer)?;
        let near = slot
            .as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
            .unwrap_or(0);
        Some(std::mem::replace(slot, Value::from(near)))
    }
}
