//! Loading `spec/vsee.yaml`: YAML -> JSON value with positions -> typed OpenAPI.
//!
//! The YAML text is read twice, on purpose:
//! 1. a walk over granit-parser events (the parser serde-saphyr is built on) records where every
//!    node is, rejects duplicate keys with the JSON pointer of the key, and caps nesting depth
//!    before anything recursive runs;
//! 2. serde-saphyr turns the text into a `serde_json::Value`, resolving scalars (numbers,
//!    booleans, null) and aliases with its budget limits against YAML bombs.
//!
//! Both readings walk the same event stream, so pointers computed from the first one address
//! nodes of the second.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser};

use crate::error::{Location, Problem, SpecError};
use crate::operations::{self, Operation};
use crate::pointer;
use crate::schema_view::SchemaView;
use crate::walk;

/// Deepest nesting of YAML collections accepted. A hand-written OpenAPI document stays far
/// below this (about 20 levels for a nested schema inside a response); the cap keeps every
/// later recursive walk (serde, conversion, lint) far from the stack limit.
pub const MAX_DEPTH: usize = 128;

/// Largest spec accepted, in bytes: generous for a hand-written file, small enough that an
/// accidental multi-gigabyte input is refused before it is parsed.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Positions of one node: where its key is (for mapping entries) and where its value starts.
#[derive(Clone, Copy, Debug)]
struct NodePos {
    key: Option<(usize, usize)>,
    value: (usize, usize),
}

/// A loaded, structurally valid OpenAPI 3.0.x document.
#[derive(Debug)]
pub struct Spec {
    file: String,
    document: Value,
    openapi: openapiv3::OpenAPI,
    positions: HashMap<String, NodePos>,
    operations: Vec<Operation>,
}

impl Spec {
    /// Display name used in messages, e.g. `spec/vsee.yaml`.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The whole document as JSON, keys in the order of the YAML text.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Typed view of the document.
    pub fn openapi(&self) -> &openapiv3::OpenAPI {
        &self.openapi
    }

    /// Where the node at an RFC 6901 `pointer` is written. For a mapping entry this is the
    /// position of its key (the line a reader looks for: `Visit:` rather than the first line of
    /// its body); for a sequence item or the root, the position of the node itself. A pointer
    /// that does not exist yields the position of its nearest existing ancestor. A leading `#`
    /// (URI-fragment form) is accepted.
    pub fn locate(&self, pointer: &str) -> Location {
        let (line, column) = self
            .find(pointer)
            .map_or((1, 1), |p| p.key.unwrap_or(p.value));
        Location::new(self.file.clone(), line, column)
    }

    /// Like [`Spec::locate`] but always the position of the value, never of its key.
    pub fn locate_value(&self, pointer: &str) -> Location {
        let (line, column) = self.find(pointer).map_or((1, 1), |p| p.value);
        Location::new(self.file.clone(), line, column)
    }

    fn find(&self, pointer: &str) -> Option<&NodePos> {
        let mut current = pointer.strip_prefix('#').unwrap_or(pointer);
        loop {
            if let Some(pos) = self.positions.get(current) {
                return Some(pos);
            }
            current = pointer::parent(current)?;
        }
    }

    /// The operation table, in document order (paths as written, methods as written).
    pub fn operations(&self) -> Vec<Operation> {
        self.operations.clone()
    }

    /// Borrowing form of [`Spec::operations`].
    pub fn operations_ref(&self) -> &[Operation] {
        &self.operations
    }

    /// The document's schemas, read with `$ref`s followed ([`SchemaView`]).
    pub fn schema_view(&self) -> SchemaView<'_> {
        SchemaView::new(&self.document)
    }

    /// Resolves a local `#/...` reference inside the document ([`SchemaView::target`]).
    pub fn resolve_ref(&self, reference: &str) -> Option<&Value> {
        self.schema_view().target(reference)
    }

    /// Follows `$ref` chains (at most [`crate::schema_view::MAX_HOPS`] hops) starting at
    /// `value`; returns the target and the pointer it lives at (`None` when `value` itself was
    /// not a reference). The same as [`SchemaView::follow`].
    pub fn deref<'a>(&'a self, value: &'a Value) -> (&'a Value, Option<String>) {
        self.schema_view().follow(value)
    }

    pub(crate) fn problem(&self, pointer: &str, rule: &str, message: impl Into<String>) -> Problem {
        Problem::new(self.locate(pointer), pointer, rule, message)
    }
}

/// Reads and loads a spec file; the display name in messages is `path` as given.
pub fn load_file(path: &Path) -> Result<Spec, SpecError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| {
        SpecError::single(
            Location::new(name.clone(), 1, 1),
            "",
            "unreadable-file",
            format!(
                "cannot read the spec file: {err}; check the path (run from the workspace root or \
                 pass the spec's path) and its permissions"
            ),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let before = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let (line, column) = line_col_at_end(before);
        SpecError::single(
            Location::new(name.clone(), line, column),
            "",
            "invalid-utf8",
            "the spec file is not valid UTF-8; save it as UTF-8 text",
        )
    })?;
    load_str(&name, &text)
}

fn line_col_at_end(bytes: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(bytes);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Loads a spec from text; `file` is the display name used in messages.
pub fn load_str(file: &str, text: &str) -> Result<Spec, SpecError> {
    // openapiv3's schema types deserialize through serde's untagged-enum buffering, which
    // takes several kilobytes of stack per nesting level: a debug build overflows a 2 MiB
    // thread (the default for spawned threads and tests) at about 65 levels, below MAX_DEPTH.
    // Parsing on a thread of our own with a stack sized for MAX_DEPTH makes the limit, not
    // the caller's stack, decide.
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("vsee-spec-loader".into())
            .stack_size(LOADER_STACK_BYTES)
            .spawn_scoped(scope, || load_str_on_this_stack(file, text))
        {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(SpecError::single(
                    Location::new(file, 1, 1),
                    "",
                    "loader-panic",
                    "the spec loader failed unexpectedly on this file; please report it with \
                     the file attached"
                        .to_owned(),
                ))
            }),
            // No thread to be had (resource limits): parse here, on the caller's stack.
            Err(_) => load_str_on_this_stack(file, text),
        }
    })
}

/// Stack for parsing a spec nested [`MAX_DEPTH`] levels deep, with a wide margin.
const LOADER_STACK_BYTES: usize = 256 * 1024 * 1024;

fn load_str_on_this_stack(file: &str, text: &str) -> Result<Spec, SpecError> {
    let at = |line: usize, column: usize| Location::new(file, line, column);
    if text.len() > MAX_BYTES {
        return Err(SpecError::single(
            at(1, 1),
            "",
            "too-large",
            format!(
                "the spec is {} bytes, more than the {MAX_BYTES} accepted; is this the right file?",
                text.len()
            ),
        ));
    }
    // A byte-order mark is legal YAML but would shift every column of line 1 by one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);

    let positions = walk_positions(file, text)?;
    let document = parse_value(file, text, &positions)?;

    let spec_problem = |ptr: &str, rule: &str, message: String| {
        let (line, column) = nearest(&positions, ptr);
        Problem::new(at(line, column), ptr, rule, message)
    };

    check_version(&document)
        .map_err(|(ptr, msg)| SpecError::new(vec![spec_problem(&ptr, "openapi-version", msg)]))?;

    let openapi: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(&document).map_err(|err| {
            let ptr = pointer::from_serde_path(err.path());
            let inner = err.into_inner().to_string();
            let (ptr, inner) = narrow(&document, ptr, inner);
            SpecError::new(vec![spec_problem(
                &ptr,
                "openapi-structure",
                format!(
                    "not valid OpenAPI 3.0 here: {inner}; compare this node with the OpenAPI \
                     3.0.3 specification"
                ),
            )])
        })?;

    let ref_problems: Vec<Problem> = check_refs(&document)
        .into_iter()
        .map(|(ptr, msg)| spec_problem(&ptr, "unresolved-ref", msg))
        .collect();
    if !ref_problems.is_empty() {
        return Err(SpecError::new(ref_problems));
    }

    Ok(Spec {
        file: file.to_owned(),
        operations: operations::build(&document),
        document,
        openapi,
        positions,
    })
}

fn nearest(positions: &HashMap<String, NodePos>, ptr: &str) -> (usize, usize) {
    let mut current = ptr;
    loop {
        if let Some(pos) = positions.get(current) {
            return pos.key.unwrap_or(pos.value);
        }
        match pointer::parent(current) {
            Some(p) => current = p,
            None => return (1, 1),
        }
    }
}

enum Frame {
    Map {
        pointer: String,
        keys: HashSet<String>,
        /// Key of the entry whose value comes next, with the key's position.
        pending: Option<(String, (usize, usize))>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
}

/// Walks the YAML events once: positions of every node, duplicate keys, depth cap, syntax.
/// Iterative (an explicit stack) so that no input can exhaust the call stack.
fn walk_positions(file: &str, text: &str) -> Result<HashMap<String, NodePos>, SpecError> {
    let mut walk = PositionWalk {
        file,
        positions: HashMap::new(),
        stack: Vec::new(),
        documents: 0,
        root_seen: false,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|scan| {
            let mark = scan.marker();
            walk.error(
                (mark.line(), mark.col() + 1),
                "",
                "invalid-yaml",
                format!("invalid YAML: {}; fix the syntax here", scan.info()),
            )
        })?;
        walk.event(&event, (span.start.line(), span.start.col() + 1))?;
    }
    if !walk.root_seen {
        return Err(walk.error(
            (1, 1),
            "",
            "empty-document",
            "the spec is empty; it must be an OpenAPI 3.0 document (a mapping with `openapi`, \
             `info` and `paths`)"
                .to_owned(),
        ));
    }
    Ok(walk.positions)
}

/// The state of [`walk_positions`]: positions found so far, and the open collections.
struct PositionWalk<'f> {
    file: &'f str,
    positions: HashMap<String, NodePos>,
    stack: Vec<Frame>,
    documents: usize,
    root_seen: bool,
}

impl PositionWalk<'_> {
    fn error(
        &self,
        (line, column): (usize, usize),
        ptr: &str,
        rule: &str,
        message: String,
    ) -> SpecError {
        SpecError::single(Location::new(self.file, line, column), ptr, rule, message)
    }

    /// One YAML event at `here` (line, column).
    fn event(&mut self, event: &Event<'_>, here: (usize, usize)) -> Result<(), SpecError> {
        let starts = match event {
            Event::DocumentStart(..) => return self.document_start(here),
            Event::MappingStart(..) => Some(true),
            Event::SequenceStart(..) => Some(false),
            Event::Scalar(..) | Event::Alias(..) => None,
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                return Ok(());
            }
            _ => return Ok(()),
        };
        if self.mapping_key(event, here)? {
            return Ok(());
        }
        let Some(ptr) = self.value_at(here) else {
            return Ok(());
        };
        match starts {
            Some(is_map) => self.open(ptr, is_map, here),
            None => Ok(()),
        }
    }

    fn document_start(&mut self, here: (usize, usize)) -> Result<(), SpecError> {
        self.documents += 1;
        if self.documents > 1 {
            return Err(self.error(
                here,
                "",
                "multiple-documents",
                "the spec holds more than one YAML document (a second `---`); keep one \
                 document per file"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// Whether the node is a mapping key (remembered until its value comes); a key that is
    /// not a plain string, or one the mapping has already, is an error.
    fn mapping_key(&mut self, event: &Event<'_>, here: (usize, usize)) -> Result<bool, SpecError> {
        let Some(Frame::Map {
            pointer: map_ptr,
            keys,
            pending: None,
        }) = self.stack.last()
        else {
            return Ok(false);
        };
        let Event::Scalar(value, ..) = event else {
            return Err(self.error(
                here,
                map_ptr,
                "unsupported-key",
                "a mapping key must be a plain string (JSON has no collection or alias keys); \
                 write the key as text"
                    .to_owned(),
            ));
        };
        let key = value.to_string();
        if keys.contains(&key) {
            let key_ptr = pointer::push(map_ptr, &key);
            let first = self
                .positions
                .get(&key_ptr)
                .and_then(|p| p.key)
                .map(|(l, c)| format!(" (first at line {l}, column {c})"))
                .unwrap_or_default();
            return Err(self.error(
                here,
                &key_ptr,
                "duplicate-key",
                format!(
                    "duplicate key `{key}`{first}; YAML keys must be unique: merge the two \
                     entries or rename one"
                ),
            ));
        }
        if let Some(Frame::Map { keys, pending, .. }) = self.stack.last_mut() {
            keys.insert(key.clone());
            *pending = Some((key, here));
        }
        Ok(true)
    }

    /// A value node at `here`: its pointer, its position recorded. `None` for a node outside
    /// the first document's root.
    fn value_at(&mut self, here: (usize, usize)) -> Option<String> {
        let (ptr, key_pos) = match self.stack.last_mut() {
            None if self.root_seen => return None,
            None => {
                self.root_seen = true;
                (String::new(), None)
            }
            Some(Frame::Map {
                pointer: map_ptr,
                pending,
                ..
            }) => {
                let (key, key_pos) = pending.take()?;
                (pointer::push(map_ptr, &key), Some(key_pos))
            }
            Some(Frame::Seq {
                pointer: seq_ptr,
                next,
            }) => {
                let ptr = format!("{seq_ptr}/{next}");
                *next += 1;
                (ptr, None)
            }
        };
        self.positions.insert(
            ptr.clone(),
            NodePos {
                key: key_pos,
                value: here,
            },
        );
        Some(ptr)
    }

    /// A mapping or sequence opens at `ptr`; deeper than [`MAX_DEPTH`] is an error.
    fn open(&mut self, ptr: String, is_map: bool, here: (usize, usize)) -> Result<(), SpecError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                here,
                &ptr,
                "too-deep",
                format!(
                    "the document nests more than {MAX_DEPTH} levels deep; an OpenAPI spec \
                     never needs this: look for runaway brackets or indentation"
                ),
            ));
        }
        self.stack.push(if is_map {
            Frame::Map {
                pointer: ptr,
                keys: HashSet::new(),
                pending: None,
            }
        } else {
            Frame::Seq {
                pointer: ptr,
                next: 0,
            }
        });
        Ok(())
    }
}

/// YAML text -> JSON value, with serde-saphyr's limits against alias bombs and huge inputs.
fn parse_value(
    file: &str,
    text: &str,
    positions: &HashMap<String, NodePos>,
) -> Result<Value, SpecError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            // The event walk already capped nesting; this keeps serde-saphyr's own cap above ours
            // so the clearer message of the walk is the one users see.
            max_depth: MAX_DEPTH + 2,
        },
        // JSON semantics (YAML 1.2 core): `yes`/`no`/`on`/`off` stay strings, as every
        // JSON-based consumer of the spec reads them.
        strict_booleans: true,
        // Values such as a zip code `02134` in an example must not silently become 2134.
        leading_zero_numbers_as_strings: true,
        with_snippet: false,
    };
    let value: Value = serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .filter(|(l, _)| *l > 0)
            .unwrap_or((1, 1));
        let ptr = pointer_at(positions, (line, column));
        let message = err.without_snippet().to_string();
        let message = if message.contains("budget") {
            format!(
                "the YAML expands beyond the safety limits ({message}); a spec needs no huge \
                 alias expansions: write the content out or split it into components"
            )
        } else {
            format!("cannot read the YAML: {message}; fix the YAML here")
        };
        SpecError::single(
            Location::new(file, line, column),
            ptr,
            "invalid-yaml",
            message,
        )
    })?;
    if !value.is_object() {
        return Err(SpecError::single(
            Location::new(file, 1, 1),
            "",
            "openapi-structure",
            "the spec must be a YAML mapping with `openapi`, `info` and `paths` at the top level",
        ));
    }
    Ok(value)
}

/// The deepest recorded node that starts at or before `pos` (best effort, for errors that only
/// carry a position).
fn pointer_at(positions: &HashMap<String, NodePos>, pos: (usize, usize)) -> String {
    positions
        .iter()
        .filter(|(_, p)| p.key.unwrap_or(p.value) <= pos)
        .max_by(|a, b| {
            let pa = a.1.key.unwrap_or(a.1.value);
            let pb = b.1.key.unwrap_or(b.1.value);
            pa.cmp(&pb).then_with(|| a.0.len().cmp(&b.0.len()))
        })
        .map(|(k, _)| k.clone())
        .unwrap_or_default()
}

fn check_version(document: &Value) -> Result<(), (String, String)> {
    match document.get("openapi") {
        None => Err((
            String::new(),
            "missing `openapi` version; add `openapi: 3.0.3` at the top".to_owned(),
        )),
        Some(Value::String(v)) if is_oas30(v) => Ok(()),
        Some(Value::String(v)) => Err((
            "/openapi".to_owned(),
            format!(
                "OpenAPI version `{v}` is not supported: the generator reads 3.0.x only; write \
                 `openapi: 3.0.3`"
            ),
        )),
        Some(_) => Err((
            "/openapi".to_owned(),
            "`openapi` must be a string such as `3.0.3` (quote it if YAML reads it as a number)"
                .to_owned(),
        )),
    }
}

/// `3.0.<digits>` with an optional `-suffix`, as the official 3.0 schema's pattern.
fn is_oas30(version: &str) -> bool {
    let Some(rest) = version.strip_prefix("3.0.") else {
        return false;
    };
    let patch = rest
        .split_once('-')
        .map_or(rest, |(p, suffix)| if suffix.is_empty() { "" } else { p });
    !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())
}

/// openapiv3 reads `paths` and `responses` through `#[serde(flatten)]` and schemas through
/// untagged enums, which hide the failing child from serde_path_to_error. Re-deserializes the
/// children of such a node one by one to find the deepest failing one.
fn narrow(document: &Value, mut ptr: String, mut message: String) -> (String, String) {
    use openapiv3::{PathItem, ReferenceOr, Response, Schema};
    // Each round moves at least one level deeper, and the document is at most MAX_DEPTH deep.
    for _ in 0..=MAX_DEPTH {
        let Some(node) = document.pointer(&ptr) else {
            break;
        };
        let tokens = pointer::tokens(&ptr);
        let last = tokens.last().map(String::as_str);
        let before = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());

        let mut children: Vec<(String, &Value)> = Vec::new();
        let kind;
        if ptr == "/paths" {
            kind = Kind::PathItem;
            members(node, &ptr, &mut children);
        } else if last == Some("responses") && before.is_some_and(|m| walk::METHODS.contains(&m)) {
            kind = Kind::Response;
            members(node, &ptr, &mut children);
        } else if is_schema_position(last, before) {
            kind = Kind::Schema;
            for key in ["properties", "x-patternProperties", "patternProperties"] {
                if let Some(props) = node.get(key) {
                    members(props, &pointer::push(&ptr, key), &mut children);
                }
            }
            for key in ["items", "not", "additionalProperties"] {
                if let Some(child) = node.get(key).filter(|c| c.is_object()) {
                    children.push((pointer::push(&ptr, key), child));
                }
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                for (i, child) in node
                    .get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    children.push((format!("{ptr}/{key}/{i}"), child));
                }
            }
        } else {
            break;
        }

        let mut deeper = None;
        for (child_ptr, child) in children {
            // ReferenceOr buffers its input, which hides paths again: read the plain type
            // unless the child really is a reference.
            let is_ref = child.get("$ref").is_some();
            let result = match (kind, is_ref) {
                (Kind::PathItem, false) => try_deserialize::<PathItem>(child),
                (Kind::PathItem, true) => try_deserialize::<ReferenceOr<PathItem>>(child),
                (Kind::Response, false) => try_deserialize::<Response>(child),
                (Kind::Response, true) => try_deserialize::<ReferenceOr<Response>>(child),
                (Kind::Schema, false) => try_deserialize::<Schema>(child),
                (Kind::Schema, true) => try_deserialize::<ReferenceOr<Schema>>(child),
            };
            if let Err((sub, inner)) = result {
                deeper = Some((format!("{child_ptr}{sub}"), inner));
                break;
            }
        }
        match deeper {
            Some((p, m)) => {
                ptr = p;
                message = m;
            }
            None => break,
        }
    }
    (ptr, message)
}

#[derive(Clone, Copy)]
enum Kind {
    PathItem,
    Response,
    Schema,
}

fn members<'a>(node: &'a Value, ptr: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(map) = node.as_object() {
        for (key, child) in map {
            if !key.starts_with("x-") {
                out.push((pointer::push(ptr, key), child));
            }
        }
    }
}

fn is_schema_position(last: Option<&str>, before: Option<&str>) -> bool {
    matches!(
        last,
        Some("schema" | "items" | "not" | "additionalProperties")
    ) || matches!(
        before,
        Some(
            "schemas"
                | "properties"
                | "patternProperties"
                | "x-patternProperties"
                | "allOf"
                | "oneOf"
                | "anyOf"
        )
    )
}

/// Only the error matters here: the value was already rejected as part of the whole document.
fn try_deserialize<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|err| {
            (
                pointer::from_serde_path(err.path()),
                err.into_inner().to_string(),
            )
        })
}

/// Every `$ref` must be a local `#/components/...` reference that resolves. Returns
/// (pointer of the `$ref`, message) for each one that does not.
fn check_refs(document: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk::each_ref(document, &mut |ptr, reference| {
        let message = if !reference.starts_with("#/components/") {
            Some(format!(
                "`$ref: {reference}` is not supported: only local references to \
                 `#/components/...` are; move the target under `components` and refer to it there"
            ))
        } else {
            match pointer::local_ref_pointer(reference) {
                Some(target) if document.pointer(&target).is_some() => None,
                _ => Some(format!(
                    "`$ref: {reference}` points to nothing; check the component's name and kind \
                     (schemas, responses, parameters, ...)"
                )),
            }
        };
        if let Some(message) = message {
            out.push((ptr.to_owned(), message));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_pattern() {
        assert!(is_oas30("3.0.3"));
        assert!(is_oas30("3.0.0"));
        assert!(is_oas30("3.0.10-rc1"));
        assert!(!is_oas30("3.1.0"));
        assert!(!is_oas30("3.0"));
        assert!(!is_oas30("3.0.x"));
        assert!(!is_oas30("3.0.1-"));
    }
}
