//! The spec's examples and documented media types per operation and response, and Prism's
//! `Prefer` conventions: `code=404` answers with that documented status and its example,
//! `example=NAME` with a named example. No answer repeats what `Prefer` asked for (a name or
//! a status sent is a value sent).

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use vsee_spec::media;

use super::{Answer, Outcome};
use crate::message::Incoming;
use crate::problem;
use vsee_contract::Checker;

/// The examples documented for one response of one operation.
#[derive(Debug, Default)]
struct ExampleSet {
    /// `example`, or else the first of `examples`.
    default: Option<Value>,
    named: Vec<(String, Value)>,
}

/// What `Prefer` asks for.
#[derive(Debug, Default)]
pub(super) struct Preference {
    code: Option<u16>,
    example: Option<String>,
}

/// Per (operation id, response key): the examples and the JSON media type documented.
pub(super) struct Examples {
    sets: HashMap<(String, String), ExampleSet>,
    media: HashMap<(String, String), String>,
}

impl Examples {
    /// Every documented JSON example and media type.
    pub fn collect(checker: &Checker) -> Examples {
        let spec = checker.spec();
        let doc = spec.document();
        let mut sets = HashMap::new();
        let mut media_types = HashMap::new();
        for op in spec.operations_ref() {
            let Some(responses) = doc
                .pointer(&op.pointer)
                .and_then(|o| o.get("responses"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (key, response) in responses {
                let response = spec.deref(response).0;
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                let Some((media_type, mt)) =
                    media::json_body(content.iter().map(|(k, v)| (k.as_str(), v)))
                else {
                    continue;
                };
                let place = (op.id.clone(), key.clone());
                media_types.insert(place.clone(), media_type.to_owned());
                sets.insert(place, example_set(spec, mt));
            }
        }
        Examples {
            sets,
            media: media_types,
        }
    }

    /// `data` of the first documented success example of an operation (what new records of
    /// that operation start from).
    pub fn success_data(&self, op: &str) -> Map<String, Value> {
        self.sets
            .get(&(op.to_owned(), "200".to_owned()))
            .and_then(|set| set.default.as_ref())
            .and_then(|v| v.get("data"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    /// A value inside the first documented success example.
    pub fn success_pointer(&self, op: &str, pointer: &str) -> Option<&Value> {
        self.sets
            .get(&(op.to_owned(), "200".to_owned()))?
            .default
            .as_ref()?
            .pointer(pointer)
    }

    /// The JSON media type documented for an operation's status (a concrete one: a wildcard
    /// range such as `application/*` is not sent).
    pub fn media_type(&self, checker: &Checker, op: &str, status: u16) -> Option<&str> {
        let (_, _, responses) = checker.operation(op)?;
        let key = Checker::status_key(responses, status)?;
        let media_type = self.media.get(&(op.to_owned(), key.to_owned()))?;
        (!media_type.contains('*')).then_some(media_type.as_str())
    }

    /// `Prefer: code=N` and/or `example=NAME`: a documented status with its example.
    pub fn preferred(&self, checker: &Checker, op: &str, preference: &Preference) -> Outcome {
        let Some((_, _, responses)) = checker.operation(op) else {
            return Err((404, "unknown operation".to_owned()));
        };
        let status = match preference.code {
            Some(code) => code,
            None => responses
                .iter()
                .filter_map(|k| k.parse::<u16>().ok())
                .find(|s| (200..300).contains(s))
                .unwrap_or(200),
        };
        let Some(key) = Checker::status_key(responses, status) else {
            return Err((
                422,
                format!(
                    "the status asked for by Prefer: code= is not documented for `{op}` \
                     (documented: {})",
                    responses.join(", ")
                ),
            ));
        };
        let set = self.sets.get(&(op.to_owned(), key.to_owned()));
        let body = match (&preference.example, set) {
            (Some(name), Some(set)) => match set.named.iter().find(|(n, _)| n == name) {
                Some((_, v)) => v.clone(),
                None => {
                    let names: Vec<&str> = set.named.iter().map(|(n, _)| n.as_str()).collect();
                    return Err((
                        422,
                        format!(
                            "the example named by Prefer: example= is not one of `{op}` {key} \
                             (named examples: {})",
                            if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                }
            },
            (Some(_), None) => {
                return Err((
                    422,
                    format!("Prefer: example= names an example, but `{op}` {key} documents none"),
                ))
            }
            (None, Some(set)) => match &set.default {
                Some(v) => v.clone(),
                None => problem::api_error_body(status, "example"),
            },
            (None, None) => problem::api_error_body(status, "no example is documented"),
        };
        let body = with_status_code(body, status);
        Ok(Answer::unchecked(
            status,
            serde_json::to_vec(&body).unwrap_or_default(),
        ))
    }
}

fn example_set(spec: &vsee_spec::Spec, media_type: &Value) -> ExampleSet {
    let mut set = ExampleSet {
        default: media_type.get("example").cloned(),
        named: Vec::new(),
    };
    if let Some(examples) = media_type.get("examples").and_then(Value::as_object) {
        for (name, example) in examples {
            if let Some(value) = spec.deref(example).0.get("value") {
                set.named.push((name.clone(), value.clone()));
            }
        }
    }
    if set.default.is_none() {
        set.default = set.named.first().map(|(_, v)| v.clone());
    }
    set
}

/// The documented error example has its own `code`; make it the status asked for.
fn with_status_code(body: Value, status: u16) -> Value {
    match body {
        Value::Object(mut map)
            if status >= 400
                && map.contains_key("code")
                && map.get("code").and_then(Value::as_u64) != Some(status.into()) =>
        {
            map.insert("code".to_owned(), json!(status));
            map.insert("message".to_owned(), json!(problem::title(status)));
            Value::Object(map)
        }
        other => other,
    }
}

/// Reads `Prefer: code=404, example=NAME` (Prism's tokens); other preferences are ignored.
pub(super) fn read(req: &Incoming) -> Option<Result<Preference, String>> {
    let mut preference = Preference::default();
    let mut any = false;
    for value in req.headers.get_all("prefer") {
        let Ok(text) = value.to_str() else {
            return Some(Err("the Prefer header is not text".to_owned()));
        };
        for token in text.split([',', ';']) {
            let Some((key, val)) = token.trim().split_once('=') else {
                continue;
            };
            let val = val.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "code" => match val.parse::<u16>() {
                    Ok(code) if (100..=599).contains(&code) => {
                        preference.code = Some(code);
                        any = true;
                    }
                    _ => {
                        return Some(Err(
                            "Prefer: code= takes an HTTP status, e.g. code=404".to_owned()
                        ))
                    }
                },
                "example" => {
                    preference.example = Some(val.to_owned());
                    any = true;
                }
                _ => {}
            }
        }
    }
    any.then_some(Ok(preference))
}
