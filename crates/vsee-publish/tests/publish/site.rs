//! `site/index.html` in a real browser: headless Chromium (Debian's `chromium`, installed by
//! scripts/test) renders it; every operation must be in the operations table, every component
//! must have its section, and at phone width (360 px) nothing may stick out sideways.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support;

fn chromium() -> String {
    if let Ok(path) = std::env::var("VSEE_CHROMIUM") {
        return path;
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return name.to_owned();
        }
    }
    panic!(
        "no Chromium found: install Debian's `chromium` (scripts/test does) or set VSEE_CHROMIUM"
    );
}

/// The DOM after rendering (and running the page's scripts), as Chromium serializes it.
fn dump_dom(page: &Path, window: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    support::run(
        Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--allow-file-access-from-files",
            ])
            .arg("--virtual-time-budget=10000")
            .arg(format!("--window-size={window}"))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display())),
        "chromium --dump-dom",
    )
}

/// Text of an HTML fragment: tags removed, entities of the escaper undone, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_index_shows_every_operation_and_component_in_chromium() {
    let packaged = support::package();
    let page = packaged.out().join("site/index.html");
    let source = std::fs::read_to_string(&page).unwrap();
    assert!(
        !source.contains("{{"),
        "a template placeholder is left in index.html"
    );
    assert!(
        !source.contains("<script"),
        "index.html is meant to be static"
    );
    assert!(
        source.contains("name=\"viewport\""),
        "no viewport meta: unreadable on a phone"
    );

    let dom = dump_dom(&page, "1280,900");
    let start = dom
        .find("<table class=\"stack operations\">")
        .expect("the operations table is rendered");
    let table = &dom[start..start + dom[start..].find("</table>").unwrap()];
    let rows: Vec<String> = table.split("<tr>").skip(2).map(text).collect();
    let spec = support::spec();
    let operations = spec.operations();
    assert_eq!(
        rows.len(),
        operations.len(),
        "one row per operation: {rows:#?}"
    );
    for op in &operations {
        let summary = spec
            .document()
            .pointer(&format!("{}/summary", op.pointer))
            .and_then(Value::as_str)
            .unwrap();
        let expected = format!("{} {} {} {}", op.method, op.path, op.id, summary.trim());
        assert!(rows.contains(&expected), "no row `{expected}` in {rows:#?}");
        assert!(
            dom.contains(&format!("id=\"op-{}\"", op.id)),
            "no section for {}",
            op.id
        );
    }
    let components = vsee_schemas::index()["components"].as_object().unwrap();
    for (name, file) in components {
        let anchor = format!("schema-{}", file.as_str().unwrap().replace(['/', '.'], "-"));
        assert!(
            dom.contains(&format!("id=\"{anchor}\"")),
            "no section for component {name}"
        );
        assert!(
            dom.contains(&format!("href=\"#{anchor}\"")),
            "nothing links to component {name}"
        );
    }
    // Tables with their columns, enum values, and the spec's examples.
    let visit = text(&dom[dom.find("id=\"schema-components-Visit-json\"").unwrap()..]);
    assert!(
        visit.starts_with("id=\"schema-components-Visit-json\" Visit"),
        "{}",
        &visit[..200]
    );
    for column in [
        "Property",
        "Type",
        "Required",
        "Nullable",
        "Values",
        "Description",
    ] {
        assert!(
            dom.contains(&format!("<th>{column}</th>")),
            "no {column} column"
        );
    }
    assert!(
        text(&dom).contains("1 2 3 \"1\" \"2\" \"3\""),
        "VisitType's enum values are not listed"
    );
    assert!(
        dom.contains("Response 200 example"),
        "the spec's examples are not shown"
    );
}

#[test]
fn the_index_fits_a_phone_screen() {
    let packaged = support::package();
    let site = packaged.out().join("site");
    // Headless windows are at least 500 px wide: measure the page in a 360 px frame instead.
    let frame = site.join("phone-frame.html");
    std::fs::write(
        &frame,
        r#"<!DOCTYPE html><html><body><iframe id="f" src="index.html" style="width:360px;height:700px;border:0"></iframe>
<script>document.getElementById("f").addEventListener("load", () => {
  const d = document.getElementById("f").contentDocument.documentElement;
  document.body.setAttribute("data-widths", d.scrollWidth + " " + d.clientWidth);
});</script></body></html>"#,
    )
    .unwrap();
    let dom = dump_dom(&frame, "800,900");
    let widths = dom
        .split("data-widths=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .expect("the frame was measured");
    let (scroll, client) = widths.split_once(' ').unwrap();
    let (scroll, client): (u32, u32) = (scroll.parse().unwrap(), client.parse().unwrap());
    assert!(
        client > 300 && client <= 360,
        "the frame is not phone-sized: {client}"
    );
    assert!(
        scroll <= client,
        "the page is {scroll} px wide in a {client} px phone screen"
    );
}
