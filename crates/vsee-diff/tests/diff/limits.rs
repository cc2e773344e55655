//! Inputs at the edges: schemas nested deeper than the comparison descends, long and cyclic
//! `$ref` chains, and the error type of unparsable generated code.

use vsee_diff::{diff_crate, diff_specs, Level, ParseError};

fn load(name: &str, text: &str) -> vsee_spec::Spec {
    vsee_spec::load_str(name, text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One operation whose 200 response is the component `Deep`: `depth` arrays nested in one
/// another around a string of at most `max_length` characters.
fn deep_spec(depth: usize, max_length: u32) -> String {
    let mut schema = format!("{{type: string, maxLength: {max_length}}}");
    for _ in 0..depth {
        schema = format!("{{type: array, items: {schema}}}");
    }
    format!(
        "\
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /deep:
    get:
      operationId: get_deep
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Deep'
components:
  schemas:
    Deep: {schema}
"
    )
}

/// Loads on a thread with a large stack: in a debug build, `vsee_spec`'s loader needs more
/// than a test thread's default 2 MiB for documents nested about 65 levels deep.
fn load_deep(name: &'static str, text: String) -> vsee_spec::Spec {
    std::thread::Builder::new()
        .stack_size(32 * 1024 * 1024)
        .spawn(move || load(name, &text))
        .expect("a thread")
        .join()
        .expect("the spec loads")
}

#[test]
fn a_change_nested_too_deep_to_compare_is_breaking_and_says_why() {
    // 70 levels of arrays: deeper than the comparison descends (64), within what the loader
    // accepts. Only the innermost `maxLength` changes, and it narrows a response: that alone
    // would be additive for `api`, but the comparison cannot see it. (The comparison itself
    // runs on this test's own thread.)
    let old = load_deep("old.yaml", deep_spec(70, 5));
    let new = load_deep("new.yaml", deep_spec(70, 3));
    let d = diff_specs(&old, &new);
    let kinds: Vec<&str> = d.changes.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["too-deep-to-compare"], "{:#?}", d.changes);
    let c = &d.changes[0];
    assert_eq!(c.subject, "schema Deep");
    assert_eq!(c.api.level, Level::Breaking);
    assert_eq!(c.schemas.level, Level::Breaking);
    for reason in [&c.api.reason, &c.schemas.reason] {
        assert!(reason.contains("could not be compared"), "{reason}");
        assert!(reason.contains("reviewed by hand"), "{reason}");
    }
    assert!(c.old.is_some() && c.new.is_some(), "{c:?}");
    assert_eq!(d.api.level, Level::Breaking);
    assert_eq!(d.schemas.level, Level::Breaking);
    assert!(
        d.api.reasons[0].contains("could not be compared"),
        "{:?}",
        d.api
    );

    // The same depth with no difference is no change at all.
    let same = diff_specs(&old, &load_deep("same.yaml", deep_spec(70, 5)));
    assert!(same.changes.is_empty(), "{:#?}", same.changes);
}

/// A spec whose one operation returns `C0`, where `C<i>` is a `$ref` to `C<i+1>` and the last
/// one is an object (or, `cyclic`, a `$ref` back to `C0`).
fn chain_spec(len: usize, cyclic: bool) -> String {
    let mut text = String::from(
        "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /c:
    get:
      operationId: get_c
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/C0'}
components:
  schemas:
",
    );
    for i in 0..len - 1 {
        text.push_str(&format!(
            "    C{i}: {{$ref: '#/components/schemas/C{}'}}\n",
            i + 1
        ));
    }
    let last = len - 1;
    if cyclic {
        text.push_str(&format!(
            "    C{last}: {{$ref: '#/components/schemas/C0'}}\n"
        ));
    } else {
        text.push_str(&format!(
            "    C{last}: {{type: object, additionalProperties: {{}}}}\n"
        ));
    }
    text
}

#[test]
fn long_and_cyclic_reference_chains_are_followed_without_recursion() {
    // Every component of a 20 000-long chain is used by `get_c`; finding that out used to take
    // one stack frame per reference, which overflows a small stack long before the end.
    let len = 20_000;
    let old_text = chain_spec(len, false);
    let new_text = old_text.replace(
        &format!("C{}: {{type: object,", len - 1),
        &format!("C{}: {{type: object, nullable: true,", len - 1),
    );
    let (old, new) = (load("old.yaml", &old_text), load("new.yaml", &new_text));
    let d = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || diff_specs(&old, &new))
        .expect("a thread")
        .join()
        .expect("the comparison finishes");
    let kinds: Vec<&str> = d.changes.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["nullable-changed"], "{:#?}", d.changes);
    let used_by: Vec<String> = d.changes[0]
        .used_by
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(used_by, ["get_c (response)"]);
    assert_eq!(d.api.level, Level::Breaking);

    // A cycle of references terminates, and nothing changed.
    let cyclic = load("cyclic.yaml", &chain_spec(3, true));
    let d = diff_specs(&cyclic, &cyclic);
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
}

#[test]
fn parse_error_is_a_std_error_with_side_and_place() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let err: ParseError = diff_crate("pub struct {", "pub struct A;").unwrap_err();
    is_error(&err);
    assert_eq!(err.side, "OLD");
    assert!(std::error::Error::source(&err).is_none());
    assert_eq!(
        err.to_string(),
        format!(
            "the OLD generated client is not valid Rust at {}:{}: {}",
            err.line, err.column, err.message
        )
    );
}
