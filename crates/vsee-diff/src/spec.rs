//! Comparing two specs: operations, parameters, bodies, responses, servers, security and
//! components.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use vsee_spec::{pointer, Spec};

use crate::impact::{api_impact, impact, operation_list, schemas_impact};
use crate::model::{Change, Direction, Impact, Level, Site, Usage};
use crate::schema::{deref, RawChange, SchemaDiff};

/// Which operations reach each component (`/components/<kind>/<name>`), and how.
type UsageMap = BTreeMap<String, BTreeSet<Usage>>;

/// A test of whether two operations are the same one.
type SameOp = dyn Fn(&Op<'_>, &Op<'_>) -> bool;

/// One operation as read from a spec.
struct Op<'a> {
    id: String,
    label: String,
    method: String,
    path: String,
    /// Path with parameter names erased: `/visits/{}`.
    shape: String,
    ptr: String,
    raw: &'a Value,
    item_ptr: String,
    item: &'a Value,
}

impl Op<'_> {
    fn subject(&self) -> String {
        if self.id.is_empty() {
            format!("operation {} {}", self.method, self.path)
        } else {
            format!("operation {} ({} {})", self.id, self.method, self.path)
        }
    }
}

fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn path_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn operations(spec: &Spec) -> Vec<Op<'_>> {
    let doc = spec.document();
    spec.operations()
        .into_iter()
        .filter_map(|op| {
            let raw = doc.pointer(&op.pointer)?;
            let item_ptr = op.pointer.rsplit_once('/').map(|(p, _)| p.to_owned())?;
            let item = doc.pointer(&item_ptr)?;
            let label = if op.id.is_empty() {
                format!("{} {}", op.method, op.path)
            } else {
                op.id.clone()
            };
            Some(Op {
                shape: shape(&op.path),
                id: op.id,
                label,
                method: op.method,
                path: op.path,
                ptr: op.pointer,
                raw,
                item_ptr,
                item,
            })
        })
        .collect()
}

/// Every `$ref` in `value`, recursively.
fn refs_in<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(r) = v.as_str() {
                        out.push(r);
                    }
                } else {
                    refs_in(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// `/components/<kind>/<name>` when `pointer` is inside a component, with the kind and name.
fn component_of(pointer: &str) -> Option<(String, String, String)> {
    match pointer::tokens(pointer).as_slice() {
        [components, kind, name, ..] if components == "components" => Some((
            pointer::push(&pointer::push("/components", kind), name),
            kind.clone(),
            name.clone(),
        )),
        _ => None,
    }
}

/// Records `usage` for every component that `value` reaches through `$ref`s, following each
/// reference once (`seen`: the pointers already followed). A worklist rather than recursion,
/// so that no chain of references, however long, can exhaust the stack.
fn mark_uses(
    doc: &Value,
    value: &Value,
    usage: &Usage,
    map: &mut UsageMap,
    seen: &mut BTreeSet<String>,
) {
    let mut work: Vec<&Value> = vec![value];
    while let Some(next) = work.pop() {
        let mut refs = Vec::new();
        refs_in(next, &mut refs);
        for r in refs {
            let Some(p) = pointer::local_ref_pointer(r) else {
                continue;
            };
            if let Some((component, _, _)) = component_of(&p) {
                map.entry(component).or_default().insert(usage.clone());
            }
            if let Some(target) = doc.pointer(&p) {
                if seen.insert(p) {
                    work.push(target);
                }
            }
        }
    }
}

fn usage_map(spec: &Spec) -> UsageMap {
    let doc = spec.document();
    let mut map = UsageMap::new();
    for op in operations(spec) {
        let request = Usage {
            operation: op.label.clone(),
            direction: Direction::Request,
        };
        let response = Usage {
            operation: op.label.clone(),
            direction: Direction::Response,
        };
        let mut seen = BTreeSet::new();
        for owner in [op.item, op.raw] {
            if let Some(p) = owner.get("parameters") {
                mark_uses(doc, p, &request, &mut map, &mut seen);
            }
        }
        if let Some(b) = op.raw.get("requestBody") {
            mark_uses(doc, b, &request, &mut map, &mut seen);
        }
        let mut seen = BTreeSet::new();
        if let Some(r) = op.raw.get("responses") {
            mark_uses(doc, r, &response, &mut map, &mut seen);
        }
    }
    map
}

/// One parameter of an operation (path-level and operation-level merged).
///
/// `vsee_spec::Operation::parameters` merges the same way, but keeps only name, location,
/// `required` and schema: no pointer (changes name the parameter's place in OLD and NEW), no
/// serialization keywords (`style`, `explode`, ...) and not the `$ref` as written (a shared
/// component is compared once, on its own). Hence this merge of our own, over the raw values.
struct Param<'a> {
    raw: &'a Value,
    raw_ptr: String,
    value: &'a Value,
    ptr: String,
    name: String,
    location: String,
}

fn parameters<'a>(spec: &'a Spec, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    for (owner, owner_ptr) in [(op.item, &op.item_ptr), (op.raw, &op.ptr)] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, raw) in list.iter().enumerate() {
            let raw_ptr = pointer::push(&pointer::push(owner_ptr, "parameters"), &i.to_string());
            let (value, ptr) = deref(spec, raw, &raw_ptr);
            let text = |k: &str| {
                value
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let param = Param {
                raw,
                raw_ptr,
                value,
                ptr,
                name: text("name"),
                location: text("in"),
            };
            match out
                .iter_mut()
                .find(|p| p.name == param.name && p.location == param.location)
            {
                Some(existing) => *existing = param,
                None => out.push(param),
            }
        }
    }
    out
}

fn same_component(a: &Value, b: &Value) -> bool {
    match (
        a.get("$ref").and_then(Value::as_str),
        b.get("$ref").and_then(Value::as_str),
    ) {
        (Some(x), Some(y)) if x == y => pointer::local_ref_pointer(x)
            .and_then(|p| component_of(&p).map(|(c, _, _)| c == p))
            .unwrap_or(false),
        _ => false,
    }
}

/// The schema of a parameter: `schema`, or that of its first `content` media type.
fn param_schema(v: &Value, ptr: &str) -> Option<(Value, String)> {
    if let Some(s) = v.get("schema") {
        return Some((s.clone(), pointer::push(ptr, "schema")));
    }
    let (media, mt) = v.get("content")?.as_object()?.iter().next()?;
    let s = mt.get("schema")?;
    Some((
        s.clone(),
        pointer::push(
            &pointer::push(&pointer::push(ptr, "content"), media),
            "schema",
        ),
    ))
}

/// Security requirement alternatives: each a set of scheme names that must all be sent.
fn requirements(v: Option<&Value>) -> Option<Vec<BTreeSet<String>>> {
    let list = v?.as_array()?;
    Some(
        list.iter()
            .map(|alt| {
                alt.as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            })
            .collect(),
    )
}

fn show_requirements(alts: &[BTreeSet<String>]) -> String {
    if alts.is_empty() {
        return "none".to_owned();
    }
    alts.iter()
        .map(|a| {
            if a.is_empty() {
                "anonymous".to_owned()
            } else {
                a.iter().cloned().collect::<Vec<_>>().join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Compares two requirement lists; `None` when equal.
fn compare_requirements(
    old: &[BTreeSet<String>],
    new: &[BTreeSet<String>],
) -> Option<(Level, String)> {
    let norm = |alts: &[BTreeSet<String>]| -> BTreeSet<BTreeSet<String>> {
        if alts.is_empty() {
            [BTreeSet::new()].into_iter().collect()
        } else {
            alts.iter().cloned().collect()
        }
    };
    let (o, n) = (norm(old), norm(new));
    if o == n {
        return None;
    }
    // A client built for OLD sends the credentials of one OLD alternative; it still gets in
    // when some NEW alternative needs no more than that.
    let lost: Vec<&BTreeSet<String>> = o
        .iter()
        .filter(|a| !n.iter().any(|b| b.is_subset(a)))
        .collect();
    let change = format!(
        "security requirements changed from {} to {}",
        show_requirements(old),
        show_requirements(new)
    );
    if lost.is_empty() {
        Some((
            Level::Additive,
            format!("{change}; every way to authenticate that OLD accepted is still accepted"),
        ))
    } else {
        let lost: Vec<String> = lost
            .iter()
            .map(|a| show_requirements(std::slice::from_ref(*a)))
            .collect();
        Some((
            Level::Breaking,
            format!(
                "{change}; clients that authenticate with {} are refused",
                lost.join(" or ")
            ),
        ))
    }
}

/// Is response status `status` covered by another key of `keys` (`4XX`, `default`)?
fn covered(status: &str, keys: &[&String]) -> Option<String> {
    if keys.iter().any(|k| k.as_str() == "default") {
        return Some("default".to_owned());
    }
    let first = status.chars().next()?;
    if status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()) {
        let range = format!("{first}XX");
        if keys.iter().any(|k| k.eq_ignore_ascii_case(&range)) {
            return Some(range);
        }
    }
    None
}

/// Where and for whom a group of schema changes counts.
struct Scope {
    subject: String,
    at: String,
    uses: Vec<Usage>,
    published: bool,
}

impl Scope {
    fn at(&self, more: &str) -> String {
        match (self.at.is_empty(), more.is_empty()) {
            (_, true) => self.at.clone(),
            (true, false) => more.to_owned(),
            (false, false) => format!("{}: {more}", self.at),
        }
    }

    fn with_at(&self, at: String) -> Scope {
        Scope {
            subject: self.subject.clone(),
            at,
            uses: self.uses.clone(),
            published: self.published,
        }
    }

    fn api_level(&self, request: Level, response: Level) -> Level {
        self.uses
            .iter()
            .map(|u| match u.direction {
                Direction::Request => request,
                Direction::Response => response,
            })
            .max()
            .unwrap_or(Level::None)
    }

    fn ops(&self) -> String {
        let names: BTreeSet<&str> = self.uses.iter().map(|u| u.operation.as_str()).collect();
        operation_list(names)
    }
}

struct Cx<'a> {
    old: &'a Spec,
    new: &'a Spec,
    old_uses: UsageMap,
    new_uses: UsageMap,
    changes: Vec<Change>,
}

/// What a change is, before its sites are located.
struct Entry<'s> {
    kind: &'s str,
    scope: &'s Scope,
    at: String,
    message: String,
    old: Option<String>,
    new: Option<String>,
    api: Impact,
    schemas: Impact,
}

impl<'a> Cx<'a> {
    fn site(spec: &Spec, ptr: Option<String>) -> Option<Site> {
        ptr.map(|pointer| Site {
            location: spec.locate(&pointer).to_string(),
            pointer,
        })
    }

    fn push(&mut self, e: Entry<'_>) {
        self.changes.push(Change {
            kind: e.kind.to_owned(),
            subject: e.scope.subject.clone(),
            at: e.at,
            message: e.message,
            old: Self::site(self.old, e.old),
            new: Self::site(self.new, e.new),
            used_by: e.scope.uses.clone(),
            api: e.api,
            schemas: e.schemas,
        });
    }

    fn push_schema_changes(&mut self, raws: Vec<RawChange>, scope: &Scope) {
        for r in raws {
            self.push(Entry {
                kind: r.kind,
                scope,
                at: scope.at(&r.at),
                message: r.message,
                old: r.old_ptr,
                new: r.new_ptr,
                api: api_impact(r.effect, &scope.uses),
                schemas: schemas_impact(r.effect, scope.published),
            });
        }
    }

    fn compare_schema(&mut self, o: (&Value, &str), n: (&Value, &str), scope: &Scope) {
        let mut d = SchemaDiff::new(self.old, self.new);
        d.compare(o.0, o.1, n.0, n.1, "");
        let raws = std::mem::take(&mut d.out);
        self.push_schema_changes(raws, scope);
    }

    fn uses_of(&self, component: &str) -> Vec<Usage> {
        let mut all: BTreeSet<Usage> = BTreeSet::new();
        for map in [&self.old_uses, &self.new_uses] {
            if let Some(u) = map.get(component) {
                all.extend(u.iter().cloned());
            }
        }
        all.into_iter().collect()
    }

    // ---------------------------------------------------------------- servers

    fn servers(&mut self) {
        let scope = Scope {
            subject: "servers".to_owned(),
            at: String::new(),
            uses: Vec::new(),
            published: false,
        };
        let list = |spec: &'a Spec| -> Vec<(String, &'a Value, String)> {
            spec.document()
                .get("servers")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .map(|(i, s)| {
                            (
                                s.get("url")
                                    .and_then(Value::as_str)
                                    .unwrap_or_default()
                                    .to_owned(),
                                s,
                                format!("/servers/{i}"),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (olds, news) = (list(self.old), list(self.new));
        let no_schemas = || {
            impact(
                Level::None,
                "servers are not part of the published JSON Schemas",
            )
        };
        for (url, o, optr) in &olds {
            match news.iter().find(|(u, _, _)| u == url) {
                None => self.push(Entry {
                    kind: "server-removed",
                    scope: &scope,
                    at: url.clone(),
                    message: format!("server `{url}` removed"),
                    old: Some(optr.clone()),
                    new: None,
                    api: impact(
                        Level::Breaking,
                        "clients configured with this base URL lose their documented server",
                    ),
                    schemas: no_schemas(),
                }),
                Some((_, n, nptr)) => self.server_variables(o, optr, n, nptr, url, &scope),
            }
        }
        for (url, _, nptr) in &news {
            if !olds.iter().any(|(u, _, _)| u == url) {
                self.push(Entry {
                    kind: "server-added",
                    scope: &scope,
                    at: url.clone(),
                    message: format!("server `{url}` added"),
                    old: None,
                    new: Some(nptr.clone()),
                    api: impact(Level::Additive, "a new base URL; the old ones still work"),
                    schemas: no_schemas(),
                });
            }
        }
    }

    fn server_variables(
        &mut self,
        o: &Value,
        optr: &str,
        n: &Value,
        nptr: &str,
        url: &str,
        scope: &Scope,
    ) {
        let vars = |v: &Value| -> Map<String, Value> {
            v.get("variables")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (ov, nv) = (vars(o), vars(n));
        let no_schemas = || {
            impact(
                Level::None,
                "servers are not part of the published JSON Schemas",
            )
        };
        for (name, a) in &ov {
            let aptr = pointer::push(&pointer::push(optr, "variables"), name);
            let bptr = pointer::push(&pointer::push(nptr, "variables"), name);
            let Some(b) = nv.get(name) else {
                continue; // the URL names its variables: a removed one changed the URL
            };
            let at = format!("{url}: variable `{name}`");
            if a.get("default") != b.get("default") {
                self.push(Entry {
                    kind: "server-variable-default-changed",
                    scope,
                    at: at.clone(),
                    message: format!(
                        "default changed from {} to {}",
                        a.get("default").unwrap_or(&Value::Null),
                        b.get("default").unwrap_or(&Value::Null)
                    ),
                    old: Some(pointer::push(&aptr, "default")),
                    new: Some(pointer::push(&bptr, "default")),
                    api: impact(
                        Level::Breaking,
                        "clients that rely on the default now reach a different server",
                    ),
                    schemas: no_schemas(),
                });
            }
            let values = |v: &Value| -> Option<Vec<Value>> { v.get("enum")?.as_array().cloned() };
            let (ae, be) = (values(a), values(b));
            if ae != be {
                let (ae, be) = (ae.unwrap_or_default(), be.unwrap_or_default());
                let removed: Vec<String> = ae
                    .iter()
                    .filter(|v| !be.contains(v))
                    .map(|v| v.to_string())
                    .collect();
                let added: Vec<String> = be
                    .iter()
                    .filter(|v| !ae.contains(v))
                    .map(|v| v.to_string())
                    .collect();
                let (level, why) = if !removed.is_empty() && !be.is_empty() {
                    (
                        Level::Breaking,
                        "clients that use a removed value lose their server",
                    )
                } else {
                    (
                        Level::Additive,
                        "more values are allowed; the old ones still work",
                    )
                };
                self.push(Entry {
                    kind: "server-variable-values-changed",
                    scope,
                    at,
                    message: format!(
                        "allowed values: added [{}], removed [{}]",
                        added.join(", "),
                        removed.join(", ")
                    ),
                    old: Some(pointer::push(&aptr, "enum")),
                    new: Some(pointer::push(&bptr, "enum")),
                    api: impact(level, why),
                    schemas: no_schemas(),
                });
            }
        }
    }

    // ---------------------------------------------------------------- security

    fn effective_security(spec: &Spec, op: &Op<'_>) -> Vec<BTreeSet<String>> {
        requirements(op.raw.get("security"))
            .or_else(|| requirements(spec.document().get("security")))
            .unwrap_or_default()
    }

    fn security(&mut self, pairs: &[(Op<'a>, Op<'a>)]) {
        let no_schemas = || {
            impact(
                Level::None,
                "security is not part of the published JSON Schemas",
            )
        };
        // Global requirements: reported once, for the operations that inherit them.
        let og = requirements(self.old.document().get("security")).unwrap_or_default();
        let ng = requirements(self.new.document().get("security")).unwrap_or_default();
        if let Some((level, message)) = compare_requirements(&og, &ng) {
            let uses: Vec<Usage> = pairs
                .iter()
                .filter(|(o, n)| o.raw.get("security").is_none() && n.raw.get("security").is_none())
                .map(|(_, n)| Usage {
                    operation: n.label.clone(),
                    direction: Direction::Request,
                })
                .collect();
            let scope = Scope {
                subject: "security (global)".to_owned(),
                at: String::new(),
                uses,
                published: false,
            };
            let level = if scope.uses.is_empty() {
                Level::None
            } else {
                level
            };
            let reason = if scope.uses.is_empty() {
                "every operation states its own requirements".to_owned()
            } else {
                format!("for {}: {message}", scope.ops())
            };
            self.push(Entry {
                kind: "security-changed",
                scope: &scope,
                at: String::new(),
                message,
                old: Some("/security".to_owned()),
                new: Some("/security".to_owned()),
                api: impact(level, reason),
                schemas: no_schemas(),
            });
        }
        // Per-operation requirements that override the global ones on either side.
        for (o, n) in pairs {
            if o.raw.get("security").is_none() && n.raw.get("security").is_none() {
                continue;
            }
            let (a, b) = (
                Self::effective_security(self.old, o),
                Self::effective_security(self.new, n),
            );
            if let Some((level, message)) = compare_requirements(&a, &b) {
                let scope = op_scope(n, Direction::Request, false);
                let site = |op: &Op<'_>| {
                    if op.raw.get("security").is_some() {
                        pointer::push(&op.ptr, "security")
                    } else {
                        "/security".to_owned()
                    }
                };
                self.push(Entry {
                    kind: "security-changed",
                    scope: &scope,
                    at: "security".to_owned(),
                    message: message.clone(),
                    old: Some(site(o)),
                    new: Some(site(n)),
                    api: impact(level, message),
                    schemas: no_schemas(),
                });
            }
        }
        // Scheme definitions.
        let schemes = |spec: &Spec| -> Map<String, Value> {
            spec.document()
                .pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let users = |spec: &Spec, name: &str| -> Vec<String> {
            operations(spec)
                .iter()
                .filter(|op| {
                    Self::effective_security(spec, op)
                        .iter()
                        .any(|alt| alt.contains(name))
                })
                .map(|op| op.label.clone())
                .collect()
        };
        let (os, ns) = (schemes(self.old), schemes(self.new));
        let ptr = |name: &str| pointer::push("/components/securitySchemes", name);
        let strip = |v: &Value| -> Value {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.retain(|k, _| k != "description" && !k.starts_with("x-"));
            }
            v
        };
        for (name, a) in &os {
            let scope_for = |ops: Vec<String>| Scope {
                subject: format!("security scheme {name}"),
                at: String::new(),
                uses: ops
                    .into_iter()
                    .map(|operation| Usage {
                        operation,
                        direction: Direction::Request,
                    })
                    .collect(),
                published: false,
            };
            match ns.get(name) {
                None => {
                    let scope = scope_for(users(self.old, name));
                    let api = if scope.uses.is_empty() {
                        impact(Level::None, "no operation of OLD used it")
                    } else {
                        impact(
                            Level::Breaking,
                            format!("{} authenticated with it in OLD", scope.ops()),
                        )
                    };
                    self.push(Entry {
                        kind: "security-scheme-removed",
                        scope: &scope,
                        at: String::new(),
                        message: format!("security scheme `{name}` removed"),
                        old: Some(ptr(name)),
                        new: None,
                        api,
                        schemas: no_schemas(),
                    });
                }
                Some(b) if strip(a) != strip(b) => {
                    let mut ops = users(self.old, name);
                    ops.extend(users(self.new, name));
                    ops.sort();
                    ops.dedup();
                    let scope = scope_for(ops);
                    let api = if scope.uses.is_empty() {
                        impact(Level::None, "no operation uses it")
                    } else {
                        impact(
                            Level::Breaking,
                            format!(
                                "clients of {} send credentials the way OLD describes it",
                                scope.ops()
                            ),
                        )
                    };
                    self.push(Entry {
                        kind: "security-scheme-changed",
                        scope: &scope,
                        at: String::new(),
                        message: format!(
                            "security scheme `{name}` changed from {} to {}",
                            strip(a),
                            strip(b)
                        ),
                        old: Some(ptr(name)),
                        new: Some(ptr(name)),
                        api,
                        schemas: no_schemas(),
                    });
                }
                Some(_) => {}
            }
        }
        for name in ns.keys() {
            if !os.contains_key(name) {
                let scope = Scope {
                    subject: format!("security scheme {name}"),
                    at: String::new(),
                    uses: Vec::new(),
                    published: false,
                };
                self.push(Entry {
                    kind: "security-scheme-added",
                    scope: &scope,
                    at: String::new(),
                    message: format!("security scheme `{name}` added"),
                    old: None,
                    new: Some(ptr(name)),
                    api: impact(
                        Level::Additive,
                        "a new way to authenticate is documented; requirements that use it are reported where they change",
                    ),
                    schemas: no_schemas(),
                });
            }
        }
    }

    // ---------------------------------------------------------------- operations

    fn operations(&mut self) -> Vec<(Op<'a>, Op<'a>)> {
        let mut olds: Vec<Option<Op<'a>>> = operations(self.old).into_iter().map(Some).collect();
        let mut news: Vec<Option<Op<'a>>> = operations(self.new).into_iter().map(Some).collect();
        let mut pairs = Vec::new();
        // Same method and path shape first, then the same operation id (a moved operation).
        let keys: [&SameOp; 2] = [
            &|a, b| a.method == b.method && a.shape == b.shape,
            &|a, b| !a.id.is_empty() && a.id == b.id,
        ];
        for same in keys {
            for o in olds.iter_mut() {
                let Some(op) = o.as_ref() else { continue };
                let Some(slot) = news
                    .iter_mut()
                    .find(|n| n.as_ref().is_some_and(|n| same(op, n)))
                else {
                    continue;
                };
                if let (Some(a), Some(b)) = (o.take(), slot.take()) {
                    pairs.push((a, b));
                }
            }
        }
        for o in olds.into_iter().flatten() {
            let scope = op_scope(&o, Direction::Request, true);
            self.push(Entry {
                kind: "operation-removed",
                scope: &scope,
                at: String::new(),
                message: format!("{} {} removed", o.method, o.path),
                old: Some(o.ptr.clone()),
                new: None,
                api: impact(
                    Level::Breaking,
                    "clients built for OLD call an operation NEW no longer has",
                ),
                schemas: impact(
                    Level::Breaking,
                    "its request and response schemas are no longer published",
                ),
            });
        }
        for n in news.into_iter().flatten() {
            let scope = op_scope(&n, Direction::Request, true);
            self.push(Entry {
                kind: "operation-added",
                scope: &scope,
                at: String::new(),
                message: format!("{} {} added", n.method, n.path),
                old: None,
                new: Some(n.ptr.clone()),
                api: impact(
                    Level::Additive,
                    "a new operation; existing calls are unaffected",
                ),
                schemas: impact(
                    Level::Additive,
                    "new request and response schemas are published",
                ),
            });
        }
        for (o, n) in &pairs {
            self.operation(o, n);
        }
        pairs
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Request, false);
        if o.method != n.method || o.path != n.path {
            let path_only_names = o.method == n.method && o.shape == n.shape;
            let (kind, api) = if path_only_names {
                (
                    "path-parameter-renamed",
                    impact(
                        Level::None,
                        "only the names of path parameters changed; URLs are the same",
                    ),
                )
            } else {
                (
                    "operation-moved",
                    impact(
                        Level::Breaking,
                        format!(
                            "clients built for OLD call {} {}, which NEW no longer serves",
                            o.method, o.path
                        ),
                    ),
                )
            };
            self.push(Entry {
                kind,
                scope: &scope,
                at: String::new(),
                message: format!("{} {} became {} {}", o.method, o.path, n.method, n.path),
                old: Some(o.ptr.clone()),
                new: Some(n.ptr.clone()),
                api,
                schemas: impact(
                    Level::None,
                    "the published schemas are keyed by operation id, not by method and path",
                ),
            });
        }
        if o.id != n.id {
            self.push(Entry {
                kind: "operation-id-changed",
                scope: &scope,
                at: String::new(),
                message: format!("operationId `{}` became `{}`", o.id, n.id),
                old: Some(pointer::push(&o.ptr, "operationId")),
                new: Some(pointer::push(&n.ptr, "operationId")),
                api: impact(Level::None, "operation ids are not sent on the wire"),
                schemas: impact(
                    Level::Breaking,
                    "the published index and schema files are keyed by operation id",
                ),
            });
        }
        let flag = |op: &Op<'_>| {
            op.raw
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        if flag(o) != flag(n) {
            self.push(Entry {
                kind: "operation-deprecated",
                scope: &scope,
                at: String::new(),
                message: format!("`deprecated` changed from {} to {}", flag(o), flag(n)),
                old: Some(o.ptr.clone()),
                new: Some(n.ptr.clone()),
                api: impact(
                    Level::None,
                    "a deprecation is a notice; the operation still works",
                ),
                schemas: impact(Level::None, "validation does not change"),
            });
        }
        self.operation_parameters(o, n, &scope);
        self.operation_body(o, n);
        self.operation_responses(o, n);
    }

    fn operation_parameters(&mut self, o: &Op<'a>, n: &Op<'a>, scope: &Scope) {
        let (op, np) = (parameters(self.old, o), parameters(self.new, n));
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut left: Vec<usize> = Vec::new();
        let mut right: Vec<usize> = (0..np.len()).collect();
        for (i, p) in op.iter().enumerate() {
            match right
                .iter()
                .position(|&j| np[j].name == p.name && np[j].location == p.location)
            {
                Some(k) => pairs.push((i, right.remove(k))),
                None => left.push(i),
            }
        }
        // Path parameters are positional: a renamed one is the same parameter.
        let (opath, npath) = (path_params(&o.path), path_params(&n.path));
        if o.shape == n.shape {
            left.retain(|&i| {
                let p = &op[i];
                let pos = opath.iter().position(|x| *x == p.name);
                let found = (p.location == "path")
                    .then_some(pos)
                    .flatten()
                    .and_then(|pos| npath.get(pos))
                    .and_then(|name| {
                        right
                            .iter()
                            .position(|&j| np[j].location == "path" && np[j].name == *name)
                    });
                match found {
                    Some(k) => {
                        pairs.push((i, right.remove(k)));
                        false
                    }
                    None => true,
                }
            });
        }
        for (i, j) in pairs {
            let (a, b) = (&op[i], &np[j]);
            if same_component(a.raw, b.raw) {
                continue; // compared once, as a component
            }
            let sub = scope.with_at(format!("{} parameter `{}`", b.location, b.name));
            self.compare_parameter(a, b, &sub);
        }
        let mut added: Vec<usize> = right;
        for i in left {
            let a = &op[i];
            if let Some(k) = added.iter().position(|&j| np[j].name == a.name) {
                let b = &np[added.remove(k)];
                self.push(Entry {
                    kind: "parameter-location-changed",
                    scope,
                    at: format!("parameter `{}`", a.name),
                    message: format!("moved from {} to {}", a.location, b.location),
                    old: Some(pointer::push(&a.ptr, "in")),
                    new: Some(pointer::push(&b.ptr, "in")),
                    api: impact(
                        Level::Breaking,
                        format!("clients built for OLD send it in the {}", a.location),
                    ),
                    schemas: impact(
                        Level::None,
                        "parameters are not part of the published JSON Schemas",
                    ),
                });
                continue;
            }
            self.push(Entry {
                kind: "parameter-removed",
                scope,
                at: format!("{} parameter `{}`", a.location, a.name),
                message: format!(
                    "{} parameter removed",
                    if required(a.value) { "required" } else { "optional" }
                ),
                old: Some(a.raw_ptr.clone()),
                new: None,
                api: impact(
                    Level::Breaking,
                    "clients built for OLD still send it; NEW no longer defines it, so the server may reject or ignore it",
                ),
                schemas: impact(Level::None, "parameters are not part of the published JSON Schemas"),
            });
        }
        for j in added {
            let b = &np[j];
            let req = required(b.value);
            self.push(Entry {
                kind: "parameter-added",
                scope,
                at: format!("{} parameter `{}`", b.location, b.name),
                message: format!(
                    "{} parameter added",
                    if req { "required" } else { "optional" }
                ),
                old: None,
                new: Some(b.raw_ptr.clone()),
                api: if req {
                    impact(
                        Level::Breaking,
                        "clients built for OLD do not send this required parameter",
                    )
                } else {
                    impact(
                        Level::Additive,
                        "optional: clients built for OLD may omit it",
                    )
                },
                schemas: impact(
                    Level::None,
                    "parameters are not part of the published JSON Schemas",
                ),
            });
        }
    }

    fn compare_parameter(&mut self, a: &Param<'_>, b: &Param<'_>, scope: &Scope) {
        let no_schemas = || {
            impact(
                Level::None,
                "parameters are not part of the published JSON Schemas",
            )
        };
        let (ra, rb) = (required(a.value), required(b.value));
        if ra != rb {
            let (request, message) = if rb {
                (Level::Breaking, "became required")
            } else {
                (Level::Additive, "became optional")
            };
            let level = scope.api_level(request, request);
            self.push(Entry {
                kind: "parameter-required-changed",
                scope,
                at: scope.at.clone(),
                message: message.to_owned(),
                old: Some(pointer::push(&a.ptr, "required")),
                new: Some(pointer::push(&b.ptr, "required")),
                api: if scope.uses.is_empty() {
                    impact(Level::None, "not used by any operation")
                } else if rb {
                    impact(
                        level,
                        format!("clients of {} built for OLD may omit it", scope.ops()),
                    )
                } else {
                    impact(
                        level,
                        "clients built for OLD send it anyway; it may now be omitted",
                    )
                },
                schemas: no_schemas(),
            });
        }
        for kw in ["style", "explode", "allowReserved", "allowEmptyValue"] {
            if a.value.get(kw) != b.value.get(kw) {
                let level = scope.api_level(Level::Breaking, Level::Breaking);
                self.push(Entry {
                    kind: "parameter-serialization-changed",
                    scope,
                    at: scope.at.clone(),
                    message: format!("`{kw}` changed"),
                    old: Some(pointer::push(&a.ptr, kw)),
                    new: Some(pointer::push(&b.ptr, kw)),
                    api: impact(
                        level,
                        "clients built for OLD serialize the value the old way",
                    ),
                    schemas: no_schemas(),
                });
            }
        }
        match (param_schema(a.value, &a.ptr), param_schema(b.value, &b.ptr)) {
            (Some((sa, pa)), Some((sb, pb))) => {
                let sub = Scope {
                    published: false,
                    ..scope.with_at(scope.at.clone())
                };
                self.compare_schema((&sa, &pa), (&sb, &pb), &sub);
            }
            (None, None) => {}
            (sa, sb) => {
                let (effect_level, message) = if sb.is_some() {
                    (Level::Breaking, "a schema now constrains its value")
                } else {
                    (
                        Level::Additive,
                        "its schema was removed: any value is accepted",
                    )
                };
                let level = scope.api_level(effect_level, effect_level);
                self.push(Entry {
                    kind: "parameter-schema-changed",
                    scope,
                    at: scope.at.clone(),
                    message: message.to_owned(),
                    old: sa.map(|(_, p)| p).or(Some(a.ptr.clone())),
                    new: sb.map(|(_, p)| p).or(Some(b.ptr.clone())),
                    api: impact(level, message),
                    schemas: no_schemas(),
                });
            }
        }
    }

    fn operation_body(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Request, true);
        let (od, nd) = (self.old, self.new);
        let optr = pointer::push(&o.ptr, "requestBody");
        let nptr = pointer::push(&n.ptr, "requestBody");
        match (o.raw.get("requestBody"), n.raw.get("requestBody")) {
            (None, None) => {}
            (Some(a), None) => {
                let (a, _) = deref(od, a, &optr);
                self.push(Entry {
                    kind: "request-body-removed",
                    scope: &scope,
                    at: "request body".to_owned(),
                    message: format!(
                        "{} request body removed",
                        if required(a) { "required" } else { "optional" }
                    ),
                    old: Some(optr),
                    new: None,
                    api: impact(
                        Level::Breaking,
                        "clients built for OLD send a body that NEW no longer defines",
                    ),
                    schemas: impact(
                        Level::Breaking,
                        "its request schemas are no longer published",
                    ),
                });
            }
            (None, Some(b)) => {
                let (b, _) = deref(nd, b, &nptr);
                let req = required(b);
                self.push(Entry {
                    kind: "request-body-added",
                    scope: &scope,
                    at: "request body".to_owned(),
                    message: format!(
                        "{} request body added",
                        if req { "required" } else { "optional" }
                    ),
                    old: None,
                    new: Some(nptr),
                    api: if req {
                        impact(Level::Breaking, "clients built for OLD send no body")
                    } else {
                        impact(
                            Level::Additive,
                            "optional: clients built for OLD may send none",
                        )
                    },
                    schemas: impact(Level::Additive, "new request schemas are published"),
                });
            }
            (Some(a), Some(b)) => {
                if same_component(a, b) {
                    return;
                }
                let (a, ap) = deref(od, a, &optr);
                let (b, bp) = deref(nd, b, &nptr);
                self.compare_body(a, &ap, b, &bp, &scope.with_at("request body".to_owned()));
            }
        }
    }

    fn compare_body(&mut self, a: &Value, ap: &str, b: &Value, bp: &str, scope: &Scope) {
        let (ra, rb) = (required(a), required(b));
        if ra != rb {
            let (level, why) = if rb {
                (Level::Breaking, "clients built for OLD may send no body")
            } else {
                (Level::Additive, "the body may now be omitted")
            };
            self.push(Entry {
                kind: "request-body-required-changed",
                scope,
                at: scope.at.clone(),
                message: format!("became {}", if rb { "required" } else { "optional" }),
                old: Some(pointer::push(ap, "required")),
                new: Some(pointer::push(bp, "required")),
                api: impact(scope.api_level(level, level), why),
                schemas: impact(
                    Level::None,
                    "validation of a body that is present does not change",
                ),
            });
        }
        self.compare_content(a, ap, b, bp, scope, Direction::Request);
    }

    fn compare_content(
        &mut self,
        a: &Value,
        ap: &str,
        b: &Value,
        bp: &str,
        scope: &Scope,
        direction: Direction,
    ) {
        let empty = Map::new();
        let ac = a
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let bc = b
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (acp, bcp) = (pointer::push(ap, "content"), pointer::push(bp, "content"));
        for (media, am) in ac {
            let amp = pointer::push(&acp, media);
            match bc.get(media) {
                Some(bm) => {
                    let bmp = pointer::push(&bcp, media);
                    let sub =
                        scope.with_at(format!("{} {media}", scope.at).trim_start().to_owned());
                    match (am.get("schema"), bm.get("schema")) {
                        (Some(x), Some(y)) => self.compare_schema(
                            (x, &pointer::push(&amp, "schema")),
                            (y, &pointer::push(&bmp, "schema")),
                            &sub,
                        ),
                        (x, y) if x.is_some() != y.is_some() => {
                            let empty_schema = Value::Object(Map::new());
                            self.compare_schema(
                                (x.unwrap_or(&empty_schema), &amp),
                                (y.unwrap_or(&empty_schema), &bmp),
                                &sub,
                            );
                        }
                        _ => {}
                    }
                }
                None => {
                    let (api, what) = match direction {
                        Direction::Request => (
                            impact(
                                scope.api_level(Level::Breaking, Level::Breaking),
                                format!("clients built for OLD may send `{media}`, which NEW no longer accepts"),
                            ),
                            "request",
                        ),
                        Direction::Response => (
                            impact(
                                scope.api_level(Level::Breaking, Level::Breaking),
                                format!("clients built for OLD expect `{media}` responses"),
                            ),
                            "response",
                        ),
                    };
                    self.push(Entry {
                        kind: "media-type-removed",
                        scope,
                        at: scope.at.clone(),
                        message: format!("{what} media type `{media}` removed"),
                        old: Some(amp),
                        new: None,
                        api,
                        schemas: if scope.published {
                            impact(Level::Breaking, "its schema is no longer published")
                        } else {
                            impact(Level::None, "not published")
                        },
                    });
                }
            }
        }
        for media in bc.keys() {
            if ac.contains_key(media) {
                continue;
            }
            let api = match direction {
                Direction::Request => impact(
                    scope.api_level(Level::Additive, Level::Additive),
                    "a new way to send the body; the old ones still work",
                ),
                Direction::Response => impact(
                    scope.api_level(Level::Additive, Level::Additive),
                    "a new response representation; clients get it only when they ask for it (Accept)",
                ),
            };
            self.push(Entry {
                kind: "media-type-added",
                scope,
                at: scope.at.clone(),
                message: format!(
                    "{} media type `{media}` added",
                    match direction {
                        Direction::Request => "request",
                        Direction::Response => "response",
                    }
                ),
                old: None,
                new: Some(pointer::push(&bcp, media)),
                api,
                schemas: if scope.published {
                    impact(Level::Additive, "a new schema is published")
                } else {
                    impact(Level::None, "not published")
                },
            });
        }
    }

    fn operation_responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let scope = op_scope(n, Direction::Response, true);
        let empty = Map::new();
        let ar = o
            .raw
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let br = n
            .raw
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (arp, brp) = (
            pointer::push(&o.ptr, "responses"),
            pointer::push(&n.ptr, "responses"),
        );
        let (od, nd) = (self.old, self.new);
        for (status, a) in ar {
            let ap = pointer::push(&arp, status);
            match br.get(status) {
                Some(b) => {
                    if same_component(a, b) {
                        continue;
                    }
                    let bp = pointer::push(&brp, status);
                    let (a, ap) = deref(od, a, &ap);
                    let (b, bp) = deref(nd, b, &bp);
                    let sub = scope.with_at(format!("response {status}"));
                    self.compare_content(a, &ap, b, &bp, &sub, Direction::Response);
                }
                None => self.push(Entry {
                    kind: "response-status-removed",
                    scope: &scope,
                    at: format!("response {status}"),
                    message: format!("response `{status}` removed"),
                    old: Some(ap),
                    new: None,
                    api: impact(
                        Level::Additive,
                        "the server promises fewer outcomes; a client built for OLD handles a subset of what it knows",
                    ),
                    schemas: impact(Level::Breaking, "its response schema is no longer published"),
                }),
            }
        }
        let old_keys: Vec<&String> = ar.keys().collect();
        for status in br.keys() {
            if ar.contains_key(status) {
                continue;
            }
            let api = match covered(status, &old_keys) {
                Some(range) => impact(
                    Level::Additive,
                    format!("OLD already allowed it through `{range}`; its body is now described on its own"),
                ),
                None => impact(
                    Level::Breaking,
                    "a client built for OLD does not expect this status and treats it as an unexpected response",
                ),
            };
            self.push(Entry {
                kind: "response-status-added",
                scope: &scope,
                at: format!("response {status}"),
                message: format!("response `{status}` added"),
                old: None,
                new: Some(pointer::push(&brp, status)),
                api,
                schemas: impact(Level::Additive, "a new response schema is published"),
            });
        }
    }

    // ---------------------------------------------------------------- components

    fn components(&mut self) {
        for kind in ["schemas", "responses", "parameters", "requestBodies"] {
            let get = |spec: &Spec| -> Map<String, Value> {
                spec.document()
                    .get("components")
                    .and_then(|c| c.get(kind))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            };
            let (om, nm) = (get(self.old), get(self.new));
            let label = match kind {
                "schemas" => "schema",
                "responses" => "response",
                "parameters" => "parameter",
                _ => "request body",
            };
            for (name, a) in &om {
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = Scope {
                    subject: format!("{label} {name}"),
                    at: String::new(),
                    uses: self.uses_of(&ptr),
                    published: kind != "parameters",
                };
                match nm.get(name) {
                    None => self.push(Entry {
                        kind: "component-removed",
                        scope: &scope,
                        at: String::new(),
                        message: format!("component `{ptr}` removed"),
                        old: Some(ptr.clone()),
                        new: None,
                        api: impact(
                            Level::None,
                            "operations that used it are reported where they changed",
                        ),
                        schemas: if kind == "schemas" {
                            impact(
                                Level::Breaking,
                                "its published schema file, and references to its `$id`, are gone",
                            )
                        } else {
                            impact(
                                Level::None,
                                "only component schemas are published on their own",
                            )
                        },
                    }),
                    Some(b) => match kind {
                        "schemas" => self.compare_schema((a, &ptr), (b, &ptr), &scope),
                        "responses" => {
                            let (od, nd) = (self.old, self.new);
                            let (a, ap) = deref(od, a, &ptr);
                            let (b, bp) = deref(nd, b, &ptr);
                            let scope = Scope {
                                uses: scope
                                    .uses
                                    .iter()
                                    .filter(|u| u.direction == Direction::Response)
                                    .cloned()
                                    .collect(),
                                ..scope
                            };
                            self.compare_content(a, &ap, b, &bp, &scope, Direction::Response);
                        }
                        "parameters" => {
                            let (od, nd) = (self.old, self.new);
                            let mk = |spec: &'a Spec, v: &'a Value| -> Param<'a> {
                                let (value, p) = deref(spec, v, &ptr);
                                let text = |k: &str| {
                                    value
                                        .get(k)
                                        .and_then(Value::as_str)
                                        .unwrap_or_default()
                                        .to_owned()
                                };
                                Param {
                                    raw: v,
                                    raw_ptr: ptr.clone(),
                                    value,
                                    ptr: p,
                                    name: text("name"),
                                    location: text("in"),
                                }
                            };
                            let (Some(od_a), Some(nd_b)) =
                                (od.document().pointer(&ptr), nd.document().pointer(&ptr))
                            else {
                                continue;
                            };
                            let (pa, pb) = (mk(od, od_a), mk(nd, nd_b));
                            if pa.name != pb.name || pa.location != pb.location {
                                self.push(Entry {
                                    kind: "parameter-location-changed",
                                    scope: &scope,
                                    at: String::new(),
                                    message: format!(
                                        "{} `{}` became {} `{}`",
                                        pa.location, pa.name, pb.location, pb.name
                                    ),
                                    old: Some(pa.ptr.clone()),
                                    new: Some(pb.ptr.clone()),
                                    api: impact(
                                        scope.api_level(Level::Breaking, Level::Breaking),
                                        "clients built for OLD send the old parameter",
                                    ),
                                    schemas: impact(
                                        Level::None,
                                        "parameters are not part of the published JSON Schemas",
                                    ),
                                });
                            }
                            self.compare_parameter(&pa, &pb, &scope);
                        }
                        _ => {
                            let (od, nd) = (self.old, self.new);
                            let (a, ap) = deref(od, a, &ptr);
                            let (b, bp) = deref(nd, b, &ptr);
                            self.compare_body(a, &ap, b, &bp, &scope);
                        }
                    },
                }
            }
            for name in nm.keys() {
                if om.contains_key(name) {
                    continue;
                }
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = Scope {
                    subject: format!("{label} {name}"),
                    at: String::new(),
                    uses: self.uses_of(&ptr),
                    published: kind != "parameters",
                };
                self.push(Entry {
                    kind: "component-added",
                    scope: &scope,
                    at: String::new(),
                    message: format!("component `{ptr}` added"),
                    old: None,
                    new: Some(ptr.clone()),
                    api: impact(
                        Level::None,
                        "operations that use it are reported where they changed",
                    ),
                    schemas: if kind == "schemas" {
                        impact(Level::Additive, "a new schema file is published")
                    } else {
                        impact(
                            Level::None,
                            "only component schemas are published on their own",
                        )
                    },
                });
            }
        }
    }
}

fn required(v: &Value) -> bool {
    v.get("required").and_then(Value::as_bool).unwrap_or(false)
}

fn op_scope(op: &Op<'_>, direction: Direction, published: bool) -> Scope {
    Scope {
        subject: op.subject(),
        at: String::new(),
        uses: vec![Usage {
            operation: op.label.clone(),
            direction,
        }],
        published,
    }
}

/// Every difference between `old` and `new`, in a stable order: servers, security,
/// operations (in NEW's order, removed ones first), components.
pub(crate) fn changes(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut cx = Cx {
        old,
        new,
        old_uses: usage_map(old),
        new_uses: usage_map(new),
        changes: Vec::new(),
    };
    cx.servers();
    let pairs = cx.operations();
    cx.security(&pairs);
    cx.components();
    cx.changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_shapes_and_parameters() {
        assert_eq!(shape("/visits/{id}/x/{b}"), "/visits/{}/x/{}");
        assert_eq!(path_params("/visits/{id}/x/{b}"), vec!["id", "b"]);
    }

    #[test]
    fn security_requirements() {
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let both = vec![set(&["ApiToken", "AccountCode"])];
        // Needing less is fine, needing more is not.
        assert_eq!(
            compare_requirements(&both, &[set(&["ApiToken"])]).map(|x| x.0),
            Some(Level::Additive)
        );
        assert_eq!(
            compare_requirements(&[set(&["ApiToken"])], &both).map(|x| x.0),
            Some(Level::Breaking)
        );
        assert_eq!(compare_requirements(&both, &both), None);
        // No security at all, then some: breaking; the reverse: additive.
        assert_eq!(
            compare_requirements(&[], &both).map(|x| x.0),
            Some(Level::Breaking)
        );
        assert_eq!(
            compare_requirements(&both, &[]).map(|x| x.0),
            Some(Level::Additive)
        );
        // A new alternative: additive.
        assert_eq!(
            compare_requirements(&both, &[both[0].clone(), set(&["ApiKey"])]).map(|x| x.0),
            Some(Level::Additive)
        );
    }

    #[test]
    fn components_of_pointers() {
        assert_eq!(
            component_of("/components/schemas/Visit/properties/id"),
            Some((
                "/components/schemas/Visit".to_owned(),
                "schemas".to_owned(),
                "Visit".to_owned()
            ))
        );
        assert_eq!(
            component_of("/components/schemas/a~1b").map(|c| c.0),
            Some("/components/schemas/a~1b".to_owned())
        );
        assert_eq!(component_of("/components/schemas"), None);
        assert_eq!(component_of("/paths/x"), None);
    }

    #[test]
    fn status_coverage() {
        let keys = ["200".to_owned(), "4XX".to_owned()];
        let refs: Vec<&String> = keys.iter().collect();
        assert_eq!(covered("404", &refs).as_deref(), Some("4XX"));
        assert_eq!(covered("201", &refs), None);
    }
}
