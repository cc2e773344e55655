//! The generated client's decoding, in the shape of the validator's typed-check hook.

/// [`crate::typed_check::decode_response`] with its error as `(pointer, serde's error)`: the
/// shape of the validator's typed-check hook (`vsee_contract::TypedDecoder`), so that the
/// validator decodes responses exactly as this client does without either crate depending on
/// the other.
pub fn decode_for_validator(
    operation_id: &str,
    status: u16,
    body: &serde_json::Value,
) -> Option<Result<(), (String, serde_json::Error)>> {
    crate::typed_check::decode_response(operation_id, status, body)
        .map(|decoded| decoded.map_err(crate::DecodeError::into_parts))
}
