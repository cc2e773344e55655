//! `site/`: what a team uploads to the base URI.
//!
//! * `site/v<MAJOR>/<file>`: every document at the path of its `$id` below the base URI;
//! * `site/v<MAJOR>/index.json`: operations and components -> files (relative to that folder);
//! * `site/index.html`: a static reference (no script) of every operation (method, path,
//!   summary, parameters, bodies, examples) and every document, each shown as a table of its
//!   properties with links between documents (`site::reference`).

use std::path::PathBuf;

use crate::template::fill;
use crate::{generated_mark, OutputFile, PublishError, Published};

mod reference;

pub fn render(
    spec: &vsee_spec::Spec,
    published: &Published,
) -> Result<Vec<OutputFile>, PublishError> {
    let root = PathBuf::from("site");
    let dir = published.major_dir();
    let mut out: Vec<OutputFile> = published
        .json_files()
        .into_iter()
        .map(|(name, contents)| OutputFile {
            path: root.join(&dir).join(name),
            contents,
        })
        .collect();
    let body = reference::body(spec, published)?;
    let title = format!(
        "{} {}: JSON Schemas",
        spec.document()
            .pointer("/info/title")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("API"),
        published.version
    );
    let index_json = format!("{dir}/index.json");
    out.push(OutputFile {
        path: root.join("index.html"),
        contents: fill(
            include_str!("../templates/site/index.html"),
            &[
                ("GENERATED", &generated_mark(published).replace("--", "- -")),
                ("TITLE", &reference::esc(&title)),
                ("CSS", include_str!("../templates/site/style.css")),
                ("HEADER", &reference::header(published)),
                ("INDEX_JSON", &index_json),
                ("BODY", &body),
            ],
        ),
    });
    Ok(out)
}
