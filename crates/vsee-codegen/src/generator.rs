//! progenitor 0.15.1: its settings (listed once in [`SETTINGS`]), and a run that turns its
//! errors and panics into a message.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use progenitor::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
    TypePatch,
};

use crate::explained::Explained;
use crate::non_exhaustive;

/// Type the generated `Client` carries for its hooks (defined in vsee-client's lib.rs).
const INNER_TYPE: &str = "crate::ClientState";

/// Components replaced by hand-written types of vsee-client (setting `hand-written-types`).
/// (`UnixTime` carries the marker `x-vsee-type: unix-time`: copy rule `vsee-types`.)
pub const REPLACEMENTS: [(&str, &str); 1] = [("StringOrInt", "::vsee_client::Id")];

/// Every progenitor/typify setting that shapes the client, and why.
pub const SETTINGS: [Explained; 6] = [
    Explained {
        name: "builder-interface",
        title: "Operations and bodies are builders",
        explanation: "`InterfaceStyle::Builder`: operations take named arguments \
            (`client.get_availability().start(a).end(b).send()`) and bodies are built field by \
            field (`.body_map(|b| b.room_code(..))`); the positional style would take \
            `get_availability`'s eight query parameters as eight positional `Option`s and \
            bodies as struct literals. `TagStyle::Merged`: one `Client` with every operation.",
    },
    Explained {
        name: "hooks",
        title: "Credentials, no `api-version`, and retries from the client's hooks",
        explanation: "`HooksMode::Expected` with inner type `crate::ClientState`: the client \
            does not compile without the hand-written `ClientHooks` impl of `vsee-client`, \
            whose `pre` adds the `X-ApiToken`/`X-AccountCode`/... headers to every request and \
            removes the `api-version` header progenitor always sends (set to the spec's \
            `info.version`, the version of this curated description, unknown to VSee), and \
            whose `exec` sends the request again when the client has a `RetryPolicy`.",
    },
    Explained {
        name: "derives",
        title: "Types compare with `==`",
        explanation: "Every type derives `PartialEq` besides typify's `Debug`, `Clone`, \
            `Serialize`, `Deserialize` (round-trip tests compare values). `serde_json` is a \
            crate `x-rust-type` may name (copy rule `numbers`); progenitor's own \
            `Client::new` times out after 30 s.",
    },
    Explained {
        name: "hand-written-types",
        title: "A number-or-string is a small hand-written type",
        explanation: "A typify replacement: the component `StringOrInt` (a value that arrives \
            as a number or a string of digits: ids, user types, subtypes) becomes \
            `vsee_client::Id` (`as_str()`, `Display`, `Id::from(..)` from strings and \
            integers), which reads a number (also `30.0`, up to `u64`) or a string and writes \
            back what it read. The crate `vsee-client` is declared to typify so that \
            `x-rust-type` may name it (copy rules `coded-enums`, `vsee-types`, `integers`).",
    },
    Explained {
        name: "non-exhaustive",
        title: "Structs and enums of `types` are `#[non_exhaustive]`",
        explanation: "A typify `TypePatch` per struct and enum (named by a first generation \
            pass) adds `#[non_exhaustive]`, so a new optional field or enum value is a minor \
            change of the crate: outside it, build values with their builders and match enums \
            with a `_` arm. Not the builders (`types::builder::*`) nor the validated tuple \
            newtypes, which never gain a field. Generation fails if a struct or enum of \
            `types` lacks it.",
    },
    Explained {
        name: "panics-located",
        title: "A generator panic names the operation",
        explanation: "progenitor has `todo!`s and asserts; a panic is caught and reported with \
            the operation it comes from (`spec/vsee.yaml:LINE:COL`, found by generating each \
            operation alone when the message does not say), and nothing is written.",
    },
];

fn settings(patched: &[String]) -> Result<GenerationSettings, String> {
    let inner: proc_macro2::TokenStream = INNER_TYPE
        .parse()
        .map_err(|e| format!("bad inner type {INNER_TYPE}: {e}"))?;
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(inner)
        .with_derive("PartialEq")
        .with_crate("serde_json", CrateVers::Any, None)
        .with_crate("vsee-client", CrateVers::Any, None)
        .with_timeout(30);
    for (component, rust_type) in REPLACEMENTS {
        settings.with_replacement(component, rust_type, [TypeImpl::Display].into_iter());
    }
    let mut patch = TypePatch::default();
    patch.with_attr(non_exhaustive::ATTR);
    for name in patched {
        settings.with_patch(name, &patch);
    }
    Ok(settings)
}

/// Runs progenitor twice: once to learn the type space, once with a `#[non_exhaustive]`
/// patch on each of its structs and enums.
pub fn run(openapi: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, String> {
    let (_, names) = run_once(openapi, &settings(&[])?)?;
    let (tokens, _) = run_once(openapi, &settings(&names)?)?;
    Ok(tokens)
}

/// Whether progenitor fails on `openapi` (used to find the operation a failure comes from).
pub fn fails(openapi: &openapiv3::OpenAPI) -> bool {
    settings(&[]).map_or(true, |s| run_once(openapi, &s).is_err())
}

/// One progenitor run: the tokens and the names of the types to patch.
fn run_once(
    openapi: &openapiv3::OpenAPI,
    settings: &GenerationSettings,
) -> Result<(proc_macro2::TokenStream, Vec<String>), String> {
    let mut generator = Generator::new(settings);
    // progenitor panics (todo!/unimplemented!/assert!) on inputs it does not support. Catch
    // the panic, and replace the default hook meanwhile so the user sees one clear error
    // rather than a backtrace; the hook records where the panic happened.
    let location: Arc<Mutex<Option<String>>> = Arc::default();
    let previous = std::panic::take_hook();
    {
        let location = Arc::clone(&location);
        std::panic::set_hook(Box::new(move |info| {
            if let (Ok(mut slot), Some(at)) = (location.lock(), info.location()) {
                *slot = Some(format!("{}:{}", at.file(), at.line()));
            }
        }));
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        generator.generate_tokens(openapi).map(|tokens| {
            (
                tokens,
                non_exhaustive::patch_names(generator.get_type_space()),
            )
        })
    }));
    std::panic::set_hook(previous);

    match result {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(err)) => Err(format!("progenitor rejected the spec: {err}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(no message)".to_owned());
            let at = location
                .lock()
                .ok()
                .and_then(|slot| slot.clone())
                .map(|at| format!(" (at {at})"))
                .unwrap_or_default();
            Err(format!(
                "progenitor panicked on the spec: {message}{at}; it does not support this \
                 construct"
            ))
        }
    }
}
