//! The body of `index.html`: operations, then every document as a table of its properties.
//!
//! Tables are drawn from the published documents themselves (what validators judge), with two
//! things only the spec knows: the names of enum values (`x-enum-varnames`, the OpenAPI
//! ecosystem's convention, dropped by the conversion) and the operations' summaries, parameters
//! and examples. Every `$ref` is a link to the section of the document it names.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;
use vsee_spec::{SchemaSet, Spec};

use crate::{PublishError, Published};

/// Nested inline objects are listed down to this depth (`a.b.c`); deeper ones say "object".
const MAX_DEPTH: usize = 6;

pub(crate) use vsee_spec::markup::escape as esc;

/// A description (YAML block text) as HTML: blank lines separate paragraphs, a line starting
/// with `- ` starts a new line, other line breaks are the source's wrapping and become spaces.
pub(crate) fn prose(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .trim()
        .split("\n\n")
        .map(|paragraph| {
            let mut out = String::new();
            for (i, line) in paragraph.lines().map(str::trim).enumerate() {
                if i > 0 {
                    out.push_str(if line.starts_with("- ") { "<br>" } else { " " });
                }
                out.push_str(&esc(line));
            }
            out
        })
        .collect();
    paragraphs.join("<br><br>")
}

/// The anchor of a document's section: `schema-components-Visit-json`.
pub(crate) fn anchor(file: &str) -> String {
    let slug: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("schema-{slug}")
}

pub(crate) fn operation_anchor(id: &str) -> String {
    format!("op-{}", anchor(id).trim_start_matches("schema-"))
}

/// A document's short name: the component name for `components/<Name>.json`, else the file.
fn short_name(file: &str) -> &str {
    file.strip_prefix("components/")
        .and_then(|f| f.strip_suffix(".json"))
        .unwrap_or(file)
}

pub(crate) fn header(published: &Published) -> String {
    let dir = published.major_dir();
    format!(
        "<p>Version <strong>{version}</strong>. Every schema is a JSON Schema 2020-12 document \
         whose <code>$id</code> starts with <code>{base}</code>; this site serves each one at its \
         <code>$id</code> (<a href=\"{dir}/index.json\">{dir}/index.json</a> lists them).</p>\n\
         <p>Install: <code>npm install {name}</code> (JavaScript, TypeScript) or \
         <code>pip install {name}</code> (Python); both carry the same files and resolve every \
         <code>$ref</code> offline.</p>\n",
        version = esc(&published.version),
        base = esc(&published.id_base),
        name = crate::PACKAGE_NAME,
    )
}

struct Context<'a> {
    spec: &'a Spec,
    published: &'a Published,
    /// `$id` -> file name.
    files_by_id: BTreeMap<String, String>,
    /// File name -> the spec schema it was converted from.
    sources: BTreeMap<String, &'a Value>,
}

pub(crate) fn body(spec: &Spec, published: &Published) -> Result<String, PublishError> {
    // The committed conversion knows which spec schema each file comes from (for enum names).
    let set = SchemaSet::build(spec, &published.id_base).map_err(|e| PublishError::Document {
        file: spec.file().to_owned(),
        message: e.to_string(),
    })?;
    let mut sources = BTreeMap::new();
    for file in published.documents.keys() {
        if let Some(node) = set
            .source_pointer(file)
            .and_then(|p| spec.document().pointer(p))
        {
            sources.insert(file.clone(), node);
        }
    }
    let files_by_id = published
        .documents
        .iter()
        .filter_map(|(name, doc)| Some((doc.get("$id")?.as_str()?.to_owned(), name.clone())))
        .collect();
    let cx = Context {
        spec,
        published,
        files_by_id,
        sources,
    };
    let mut html = String::new();
    cx.operations(&mut html);
    cx.components(&mut html);
    cx.documents(&mut html);
    Ok(html)
}

impl Context<'_> {
    fn link(&self, id: &str) -> String {
        match self.files_by_id.get(id) {
            Some(file) => format!(
                "<a href=\"#{}\">{}</a>",
                anchor(file),
                esc(short_name(file))
            ),
            None => format!("<code>{}</code>", esc(id)),
        }
    }

    fn file_link(&self, file: &str) -> String {
        format!(
            "<a href=\"#{}\">{}</a>",
            anchor(file),
            esc(short_name(file))
        )
    }

    fn operations(&self, html: &mut String) {
        let ops = self.spec.operations();
        html.push_str("<section id=\"operations\">\n<h2>Operations</h2>\n");
        html.push_str(
            "<div class=\"table-wrap\"><table class=\"stack operations\"><thead><tr><th>Method</th>\
             <th>Path</th><th>Operation</th><th>Summary</th></tr></thead><tbody>\n",
        );
        for op in &ops {
            let summary = self.op_text(&op.pointer, "summary");
            let _ = writeln!(
                html,
                "<tr><td data-label=\"Method\"><span class=\"method method-{lower}\">{method}</span></td>\
                 <td data-label=\"Path\"><code>{path}</code></td>\
                 <td data-label=\"Operation\"><a href=\"#{anchor}\">{id}</a></td>\
                 <td data-label=\"Summary\">{summary}</td></tr>",
                lower = esc(&op.method.to_ascii_lowercase()),
                method = esc(&op.method),
                path = esc(&op.path),
                anchor = operation_anchor(&op.id),
                id = esc(&op.id),
                summary = esc(&summary),
            );
        }
        html.push_str("</tbody></table></div>\n");
        for op in &ops {
            self.operation(html, op);
        }
        html.push_str("</section>\n");
    }

    fn op_text(&self, pointer: &str, key: &str) -> String {
        self.spec
            .document()
            .pointer(&format!("{pointer}/{key}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    fn operation(&self, html: &mut String, op: &vsee_spec::Operation) {
        let indexed = &self.published.index["operations"][&op.id];
        let _ = writeln!(
            html,
            "<section class=\"operation\" id=\"{anchor}\">\n<h3><span class=\"method method-{lower}\">{method}</span> \
             <code>{path}</code> <span class=\"muted\">{id}</span></h3>\n<p>{summary}</p>",
            anchor = operation_anchor(&op.id),
            lower = esc(&op.method.to_ascii_lowercase()),
            method = esc(&op.method),
            path = esc(&op.path),
            id = esc(&op.id),
            summary = esc(&self.op_text(&op.pointer, "summary")),
        );
        let description = self.op_text(&op.pointer, "description");
        if !description.is_empty() {
            let _ = writeln!(
                html,
                "<details><summary>Description</summary><p class=\"description\">{}</p></details>",
                prose(&description)
            );
        }
        if !op.parameters.is_empty() {
            html.push_str(
                "<h4>Parameters</h4>\n<div class=\"table-wrap\"><table class=\"stack\"><thead><tr>\
                 <th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr>\
                 </thead><tbody>\n",
            );
            for p in &op.parameters {
                let schema = p.schema.as_ref().map(openapi_type).unwrap_or_default();
                let _ = writeln!(
                    html,
                    "<tr><td data-label=\"Name\"><code>{}</code></td><td data-label=\"In\">{}</td>\
                     <td data-label=\"Type\">{}</td><td data-label=\"Required\">{}</td>\
                     <td data-label=\"Description\" class=\"description\">{}</td></tr>",
                    esc(&p.name),
                    esc(&p.location),
                    esc(&schema),
                    if p.required { "yes" } else { "no" },
                    prose(&self.parameter_description(op, &p.name, &p.location)),
                );
            }
            html.push_str("</tbody></table></div>\n");
        }
        if let Some(requests) = indexed["request"].as_object() {
            html.push_str("<h4>Request body</h4>\n<ul>\n");
            for (media, file) in requests {
                let file = file.as_str().unwrap_or_default();
                let _ = writeln!(
                    html,
                    "<li><code>{}</code>: {}</li>",
                    esc(media),
                    self.document_summary(file)
                );
            }
            html.push_str("</ul>\n");
            self.examples(
                html,
                &format!("{}/requestBody", op.pointer),
                "Request example",
            );
        }
        if let Some(responses) = indexed["responses"].as_object() {
            html.push_str("<h4>Responses</h4>\n<ul>\n");
            for (status, file) in responses {
                let file = file.as_str().unwrap_or_default();
                let _ = writeln!(
                    html,
                    "<li><strong>{}</strong>: {}</li>",
                    esc(status),
                    self.document_summary(file)
                );
            }
            html.push_str("</ul>\n");
            for status in responses.keys() {
                self.examples(
                    html,
                    &format!("{}/responses/{}", op.pointer, status),
                    &format!("Response {status} example"),
                );
            }
        }
        html.push_str("</section>\n");
    }

    /// A parameter's description: the operation's own parameter first, then the path item's.
    fn parameter_description(
        &self,
        op: &vsee_spec::Operation,
        name: &str,
        location: &str,
    ) -> String {
        let path_item = op.pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        for at in [op.pointer.as_str(), path_item] {
            let list = self
                .spec
                .document()
                .pointer(&format!("{at}/parameters"))
                .and_then(Value::as_array);
            for parameter in list.into_iter().flatten() {
                let (parameter, _) = self.spec.deref(parameter);
                if parameter.get("name").and_then(Value::as_str) == Some(name)
                    && parameter.get("in").and_then(Value::as_str) == Some(location)
                {
                    return parameter
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                }
            }
        }
        String::new()
    }

    /// "file: Component" for an operation's document that is a reference.
    fn document_summary(&self, file: &str) -> String {
        let target = self
            .published
            .documents
            .get(file)
            .and_then(|doc| doc.get("$ref"))
            .and_then(Value::as_str)
            .map(|id| format!(": {}", self.link(id)))
            .unwrap_or_default();
        format!("{}{target}", self.file_link(file))
    }

    /// The examples of a request body or response object (`$ref`s followed), per media type.
    fn examples(&self, html: &mut String, pointer: &str, title: &str) {
        let Some(node) = self.spec.document().pointer(pointer) else {
            return;
        };
        let (node, _) = self.spec.deref(node);
        let Some(content) = node.get("content").and_then(Value::as_object) else {
            return;
        };
        for (media, body) in content {
            let mut examples: Vec<(String, &Value)> = Vec::new();
            if let Some(example) = body.get("example") {
                examples.push((String::new(), example));
            }
            if let Some(named) = body.get("examples").and_then(Value::as_object) {
                for (name, example) in named {
                    let (example, _) = self.spec.deref(example);
                    if let Some(value) = example.get("value") {
                        examples.push((format!(" ({name})"), value));
                    }
                }
            }
            for (name, value) in examples {
                let _ = writeln!(
                    html,
                    "<details><summary>{} <code>{}</code>{}</summary><pre>{}</pre></details>",
                    esc(title),
                    esc(media),
                    esc(&name),
                    esc(&serde_json::to_string_pretty(value).unwrap_or_default())
                );
            }
        }
    }

    fn components(&self, html: &mut String) {
        html.push_str("<section id=\"components\">\n<h2>Components</h2>\n<p>");
        let names: Vec<String> = self.published.index["components"]
            .as_object()
            .map(|c| {
                c.values()
                    .filter_map(Value::as_str)
                    .map(|file| self.file_link(file))
                    .collect()
            })
            .unwrap_or_default();
        html.push_str(&names.join(" · "));
        html.push_str("</p>\n</section>\n");
    }

    fn documents(&self, html: &mut String) {
        html.push_str("<section id=\"documents\">\n<h2>All documents</h2>\n");
        // Components first (the tables worth reading), then operations and formats.
        let mut files: Vec<&String> = self.published.documents.keys().collect();
        files.sort_by_key(|f| (!f.starts_with("components/"), f.as_str()));
        for file in files {
            self.document(html, file);
        }
        html.push_str("</section>\n");
    }

    fn document(&self, html: &mut String, file: &str) {
        let doc = &self.published.documents[file];
        let id = doc.get("$id").and_then(Value::as_str).unwrap_or_default();
        let _ = writeln!(
            html,
            "<section class=\"schema\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"id\"><a href=\"{}/{}\">{}</a></p>",
            anchor(file),
            esc(short_name(file)),
            esc(&self.published.major_dir()),
            esc(file),
            esc(id)
        );
        if let Some(description) = doc.get("description").and_then(Value::as_str) {
            let _ = writeln!(html, "<p class=\"description\">{}</p>", prose(description));
        }
        let source = self.sources.get(file).copied();
        let _ = writeln!(html, "<p>Type: {}</p>", self.describe(doc));
        let values = enum_values(doc, source);
        if !values.is_empty() {
            let _ = writeln!(html, "<p>Values:</p>{}", values_list(&values));
        }
        let mut rows = Vec::new();
        self.rows(doc, source, "", 0, &mut rows);
        // `$defs` of the workspace's own formats hold their object types.
        if let Some(defs) = doc.get("$defs").and_then(Value::as_object) {
            for (name, def) in defs {
                self.rows(def, None, &format!("$defs/{name}: "), 0, &mut rows);
            }
        }
        if !rows.is_empty() {
            html.push_str(
                "<div class=\"table-wrap\"><table class=\"stack properties\"><thead><tr>\
                 <th>Property</th><th>Type</th><th>Required</th><th>Nullable</th>\
                 <th>Values</th><th>Description</th></tr></thead><tbody>\n",
            );
            html.push_str(&rows.concat());
            html.push_str("</tbody></table></div>\n");
        }
        if let Some(examples) = doc.get("examples").and_then(Value::as_array) {
            for example in examples {
                let _ = writeln!(
                    html,
                    "<details><summary>Example</summary><pre>{}</pre></details>",
                    esc(&serde_json::to_string_pretty(example).unwrap_or_default())
                );
            }
        }
        html.push_str("</section>\n");
    }

    /// One table row per property, nested inline objects as `parent.child` (`items[]` for
    /// arrays of objects).
    fn rows(
        &self,
        schema: &Value,
        source: Option<&Value>,
        prefix: &str,
        depth: usize,
        rows: &mut Vec<String>,
    ) {
        let schema = unwrap_single_all_of(schema);
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, property) in properties {
            let property_source = source
                .and_then(|s| s.get("properties"))
                .and_then(|p| p.get(name));
            let values = enum_values(property, property_source);
            let description = property
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            rows.push(format!(
                "<tr><td data-label=\"Property\"><code>{}{}</code></td><td data-label=\"Type\">{}</td>\
                 <td data-label=\"Required\">{}</td><td data-label=\"Nullable\">{}</td>\
                 <td data-label=\"Values\">{}</td><td data-label=\"Description\" class=\"description\">{}</td></tr>\n",
                esc(prefix),
                esc(name),
                self.describe(property),
                if required.contains(&name.as_str()) { "yes" } else { "no" },
                if accepts_null(property) { "yes" } else { "no" },
                if values.is_empty() { String::new() } else { values_list(&values) },
                prose(description),
            ));
            if depth + 1 >= MAX_DEPTH {
                continue;
            }
            let inner = unwrap_single_all_of(property);
            if inner.get("properties").is_some() {
                self.rows(
                    inner,
                    property_source,
                    &format!("{prefix}{name}."),
                    depth + 1,
                    rows,
                );
            } else if let Some(items) = inner.get("items") {
                self.rows(
                    items,
                    property_source.and_then(|s| s.get("items")),
                    &format!("{prefix}{name}[]."),
                    depth + 1,
                    rows,
                );
            }
        }
    }

    /// A schema's type in words, with links for references.
    fn describe(&self, schema: &Value) -> String {
        let Some(map) = schema.as_object() else {
            return if schema == &Value::Bool(false) {
                "nothing".into()
            } else {
                "any".into()
            };
        };
        if let Some(id) = map.get("$ref").and_then(Value::as_str) {
            return self.link(id);
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(branches) = map.get(keyword).and_then(Value::as_array) {
                let words: Vec<String> = branches
                    .iter()
                    .filter(|b| !is_null_type(b))
                    .map(|b| self.describe(b))
                    .collect();
                return words.join(" or ");
            }
        }
        if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
            let words: Vec<String> = parts.iter().map(|b| self.describe(b)).collect();
            return words.join(" and ");
        }
        if let Some(value) = map.get("const") {
            return format!("<code>{}</code>", esc(&value.to_string()));
        }
        let types: Vec<&str> = match map.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        if types.is_empty() {
            return if map.contains_key("enum") {
                "enum".into()
            } else if map.contains_key("properties") {
                "object".into()
            } else {
                "any".into()
            };
        }
        let words: Vec<String> = types
            .iter()
            .map(|t| match *t {
                "array" => match map.get("items") {
                    Some(items) => format!("array of {}", self.describe(items)),
                    None => "array".into(),
                },
                "object" => match map.get("additionalProperties") {
                    Some(extra)
                        if !map.contains_key("properties")
                            && extra.as_object().is_some_and(|m| !m.is_empty()) =>
                    {
                        format!("map of {}", self.describe(extra))
                    }
                    _ => "object".into(),
                },
                other => match map.get("format").and_then(Value::as_str) {
                    Some(format) => format!("{} ({})", esc(other), esc(format)),
                    None => esc(other),
                },
            })
            .collect();
        words.join(" or ")
    }
}

fn unwrap_single_all_of(schema: &Value) -> &Value {
    match schema.get("allOf").and_then(Value::as_array) {
        Some(parts) if parts.len() == 1 && schema.get("properties").is_none() => &parts[0],
        _ => schema,
    }
}

fn is_null_type(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// Whether `null` is accepted by the schema itself (not through a reference).
fn accepts_null(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => return true,
        Some(Value::Array(ts)) if ts.iter().any(|t| t == "null") => return true,
        _ => {}
    }
    if schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.contains(&Value::Null))
    {
        return true;
    }
    ["anyOf", "oneOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|bs| bs.iter().any(is_null_type))
    })
}

/// Enum values of a schema (also of its `anyOf`/`oneOf` branches) with their names from the
/// spec's `x-enum-varnames` (on the schema itself, on the branch, or on the wrapper by index).
fn enum_values(schema: &Value, source: Option<&Value>) -> Vec<(String, Option<String>)> {
    let names_of = |node: Option<&Value>, key: &str| -> Vec<Option<String>> {
        node.and_then(|n| n.get(key))
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let wrapper_names = names_of(source, "x-enum-varnames");
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        for (i, value) in values.iter().enumerate() {
            out.push((value.to_string(), wrapper_names.get(i).cloned().flatten()));
        }
        return out;
    }
    for keyword in ["anyOf", "oneOf"] {
        let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        for (b, branch) in branches.iter().enumerate() {
            let branch_source = source.and_then(|s| s.get(keyword)).and_then(|s| s.get(b));
            let names = names_of(branch_source, "x-enum-varnames");
            if let Some(values) = branch.get("enum").and_then(Value::as_array) {
                for (i, value) in values.iter().enumerate() {
                    let name = names
                        .get(i)
                        .or_else(|| wrapper_names.get(i))
                        .cloned()
                        .flatten();
                    out.push((value.to_string(), name));
                }
            }
        }
    }
    out
}

fn values_list(values: &[(String, Option<String>)]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|(value, name)| match name {
            Some(name) => format!("<li><code>{}</code> {}</li>", esc(value), esc(name)),
            None => format!("<li><code>{}</code></li>", esc(value)),
        })
        .collect();
    format!("<ul class=\"values\">{}</ul>", items.concat())
}

/// An OpenAPI parameter schema's type in words (parameters are not published documents).
fn openapi_type(schema: &Value) -> String {
    let base = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("any")
        .to_owned();
    let mut out = match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{base} ({format})"),
        None => base,
    };
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(Value::to_string).collect();
        out.push_str(&format!(", one of {}", values.join(", ")));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        out.push_str(&format!(", pattern {pattern}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn enum_values_take_their_names_from_x_enum_varnames() {
        // As converted (published) and as written in the spec (with the names).
        let published = json!({"oneOf": [{"type": "integer", "enum": [1, 2]}, {"type": "string", "enum": ["1", "2"]}]});
        let spec = json!({"x-enum-varnames": ["WalkIn", "Appointment"],
            "oneOf": [{"type": "integer", "enum": [1, 2]}, {"type": "string", "enum": ["1", "2"]}]});
        let values = enum_values(&published, Some(&spec));
        assert_eq!(values[0], ("1".to_owned(), Some("WalkIn".to_owned())));
        assert_eq!(
            values[3],
            ("\"2\"".to_owned(), Some("Appointment".to_owned()))
        );
        let html = values_list(&values);
        assert!(html.contains("<code>1</code> WalkIn"), "{html}");
        let direct = enum_values(
            &json!({"enum": ["a"]}),
            Some(&json!({"x-enum-varnames": ["A"]})),
        );
        assert_eq!(direct, vec![("\"a\"".to_owned(), Some("A".to_owned()))]);
        assert_eq!(
            enum_values(&json!({"enum": [3]}), None),
            vec![("3".to_owned(), None)]
        );
    }

    #[test]
    fn descriptions_keep_paragraphs_and_list_items_and_are_escaped() {
        let html = prose("A <b> wrapped\nline.\n\n- `1`: one;\n- `2`: two.\n");
        assert_eq!(
            html,
            "A &lt;b&gt; wrapped line.<br><br>- `1`: one;<br>- `2`: two."
        );
    }
}
