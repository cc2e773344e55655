//! `servers`: base URLs and their variables.

use serde_json::{Map, Value};
use vsee_spec::{pointer, Spec};

use super::context::{Cx, Entry, Scope};
use crate::impact::impact;
use crate::model::Level;

impl<'a> Cx<'a> {
    pub(super) fn servers(&mut self) {
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

    pub(super) fn server_variables(
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
}
