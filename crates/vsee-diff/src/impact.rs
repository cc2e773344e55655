//! From an [`Effect`] and the places it shows up to the `api` and `schemas` verdicts.
//!
//! `api` asks: would a client built for OLD still work against an API that behaves as NEW?
//! The answer depends on who sends the value. What the client sends (parameters, request
//! bodies) may narrow only at the client's expense: NEW rejecting values OLD accepted is
//! breaking, accepting more is additive. What the server sends (responses) is the reverse: a
//! client built for OLD reads NEW's responses, so NEW sending values OLD did not allow (a new
//! enum value, `null`) is breaking, and sending fewer is additive.
//!
//! `schemas` asks the question of someone validating payloads with the published JSON
//! Schemas, whichever way the payload travels: a schema that rejects previously valid payloads
//! is breaking; one that accepts more is additive.

use crate::effect::Effect;
use crate::model::{Direction, Impact, Level, Usage};

pub(crate) fn api_level(effect: Effect, direction: Direction) -> Level {
    use Direction::*;
    match (effect, direction) {
        (Effect::Narrow, Request)
        | (Effect::Widen, Response)
        | (Effect::Incompatible, _)
        | (Effect::Uncompared, _) => Level::Breaking,
        (Effect::DefaultChange, Request) => Level::Breaking,
        (Effect::Narrow, Response)
        | (Effect::Widen, Request)
        | (Effect::Extend, _)
        | (Effect::DefaultChange, Response) => Level::Additive,
        (Effect::Neutral, _) => Level::None,
    }
}

fn api_reason(effect: Effect, direction: Direction) -> &'static str {
    use Direction::*;
    match (effect, direction) {
        (Effect::Narrow, Request) => {
            "the server accepts less than before: requests a client built for OLD sends may be rejected"
        }
        (Effect::Narrow, Response) => {
            "responses promise more than before; everything NEW sends, a client built for OLD can read"
        }
        (Effect::Widen, Request) => {
            "the server accepts more than before; what clients built for OLD send is still accepted"
        }
        (Effect::Widen, Response) => {
            "responses may now hold values that a client built for OLD does not expect and may fail to read"
        }
        (Effect::Incompatible, Request) => {
            "values change incompatibly: requests a client built for OLD sends may be rejected"
        }
        (Effect::Incompatible, Response) => {
            "values change incompatibly: a client built for OLD may fail to read responses"
        }
        (Effect::Extend, Request) => {
            "a new optional field: clients built for OLD do not send it and are still accepted"
        }
        (Effect::Extend, Response) => {
            "a new optional field: clients built for OLD ignore it (the object allows additional properties)"
        }
        (Effect::DefaultChange, Request) => {
            "clients built for OLD that omit the value now get a different default behaviour"
        }
        (Effect::DefaultChange, Response) => {
            "the value a missing field stands for changed; clients that read it still parse it"
        }
        (Effect::Neutral, _) => "nothing changes on the wire",
        (Effect::Uncompared, _) => UNCOMPARED,
    }
}

/// The reason given for a difference that could not be compared (too deeply nested).
const UNCOMPARED: &str = "the schemas differ where they could not be compared (nested too deep): \
     this part of the change may break anything and must be reviewed by hand";

/// Names of operations, at most a few.
pub(crate) fn operation_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    const SHOWN: usize = 6;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// The `api` impact of a schema-level effect seen at `uses`.
pub(crate) fn api_impact(effect: Effect, uses: &[Usage]) -> Impact {
    if effect == Effect::Neutral {
        return Impact {
            level: Level::None,
            reason: api_reason(effect, Direction::Request).to_owned(),
        };
    }
    if uses.is_empty() {
        return Impact {
            level: Level::None,
            reason: "not used by any operation".to_owned(),
        };
    }
    let mut level = Level::None;
    let mut parts = Vec::new();
    for direction in [Direction::Request, Direction::Response] {
        let ops: Vec<&str> = uses
            .iter()
            .filter(|u| u.direction == direction)
            .map(|u| u.operation.as_str())
            .collect();
        if ops.is_empty() {
            continue;
        }
        let here = api_level(effect, direction);
        level = level.max(here);
        parts.push(format!(
            "{here} in {} of {}: {}",
            direction.as_str(),
            operation_list(ops),
            api_reason(effect, direction)
        ));
    }
    Impact {
        level,
        reason: parts.join("; "),
    }
}

pub(crate) fn schemas_impact(effect: Effect, published: bool) -> Impact {
    if !published {
        return Impact {
            level: Level::None,
            reason: "parameters are not part of the published JSON Schemas".to_owned(),
        };
    }
    let (level, reason) = match effect {
        Effect::Narrow => (
            Level::Breaking,
            "the published schema now rejects payloads it accepted before",
        ),
        Effect::Incompatible => (
            Level::Breaking,
            "the published schema rejects some payloads it accepted before (and accepts new ones)",
        ),
        Effect::Widen => (
            Level::Additive,
            "the published schema accepts more; every payload it accepted is still valid",
        ),
        Effect::Extend => (
            Level::Additive,
            "a new optional property; objects here allow additional properties, so payloads valid before stay valid",
        ),
        Effect::DefaultChange => (
            Level::None,
            "`default` is an annotation in JSON Schema: validation does not change",
        ),
        Effect::Neutral => (Level::None, "validation does not change"),
        Effect::Uncompared => (Level::Breaking, UNCOMPARED),
    };
    Impact {
        level,
        reason: reason.to_owned(),
    }
}

pub(crate) fn impact(level: Level, reason: impl Into<String>) -> Impact {
    Impact {
        level,
        reason: reason.into(),
    }
}
