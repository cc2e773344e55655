//! Alternatives are ranked (the first is the smallest edit that covers every observation),
//! every group is located by `file:line:col` that points at its node, and the nullable forms
//! are the strict OAS 3.0.3 ones the spec uses.

use serde_json::{json, Value};
use vsee_diff::Level;
use vsee_learn::{rank, Proposal, Verdicts};

use crate::{get_visit_record, learn_and_write, write_ndjson};

fn group<'a>(learned: &'a vsee_learn::Learned, ptr: &str) -> &'a vsee_learn::Group {
    learned
        .groups
        .iter()
        .find(|g| g.pointer == ptr)
        .unwrap_or_else(|| panic!("no group at {ptr}: {:#?}", learned.groups))
}

#[test]
fn alternatives_are_ranked_located_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    let mut changed = get_visit_record();
    let data = &mut changed["response"]["body"]["data"];
    // A numeric string where the spec says integer: the spec's StringOrInt or a wider anyOf.
    data["created"] = json!("1615909605");
    // A null where a `$ref` sits: the spec's `anyOf: [$ref, enum: [null]]` form.
    data["start"] = Value::Null;
    let recordings = write_ndjson(dir.path(), "ranked.ndjson", &[changed]);
    let run = learn_and_write(&recordings, dir.path());

    let created = group(&run.learned, "/components/schemas/Visit/properties/created");
    assert!(created.proposals.len() >= 2, "{created:#?}");
    assert!(
        created.proposals[0].summary.contains("`StringOrInt`"),
        "the named union (one line) ranks before a wider anyOf: {:#?}",
        created.proposals
    );
    assert!(created.proposals.iter().all(|p| p.covers));
    let keys: Vec<_> = created.proposals.iter().map(rank::key).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    let start = group(&run.learned, "/components/schemas/Visit/properties/start");
    let lines: Vec<&str> = start.proposals[0].splices[0]
        .lines
        .iter()
        .map(|l| l.trim())
        .collect();
    assert_eq!(
        lines,
        [
            "anyOf:",
            "- $ref: '#/components/schemas/UnixTime'",
            "- enum: [null]"
        ]
    );

    // Every location names the line and column of the node's key in the original text.
    let text_lines: Vec<&str> = run.original.lines().collect();
    for g in &run.learned.groups {
        let mut parts = g.location.rsplitn(3, ':');
        let column: usize = parts.next().unwrap().parse().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        assert_eq!(parts.next(), Some("vsee.yaml"), "{}", g.location);
        let key = g.pointer.rsplit('/').next().unwrap().replace("~1", "/");
        let at = &text_lines[line - 1][column - 1..];
        assert!(
            at.starts_with(&key) || at.trim_start_matches(['\'', '"']).starts_with(&key),
            "{} ({}) points at `{at}`",
            g.location,
            g.pointer
        );
    }

    let v = &run.written_report.verification;
    assert!(v.ok(), "{v:#?}");
    let new = vsee_spec::load_str("vsee.yaml", &run.written).unwrap();
    assert_eq!(vsee_spec::lint(&new), Vec::new());
    // The spec's annotation stays; a `$ref` cannot carry it, so the reference is wrapped.
    assert!(
        run.written.contains(
            "        created:\n          x-vsee-type: unix-time\n          allOf:\n            \
             - $ref: '#/components/schemas/StringOrInt'\n"
        ),
        "the first alternative is the one written"
    );
}

fn proposal(covers: bool, level: Level, lines: usize) -> Proposal {
    let splices = vec![vsee_learn::edit::Splice {
        start: 0,
        end: 0,
        lines: vec![String::new(); lines],
    }];
    let mut p = Proposal::new("an edit", splices);
    p.covers = covers;
    p.verdicts = Some(Verdicts {
        api: level,
        crate_: Some(Level::None),
        schemas: Level::None,
        reasons: Vec::new(),
    });
    p
}

#[test]
fn ranking_puts_covering_then_least_breaking_then_fewest_lines_first() {
    let mut proposals = vec![
        proposal(false, Level::None, 1),
        proposal(true, Level::Breaking, 1),
        proposal(true, Level::Additive, 5),
        proposal(true, Level::Additive, 2),
    ];
    rank::rank(&mut proposals);
    let order: Vec<_> = proposals.iter().map(rank::key).collect();
    assert_eq!(
        order,
        [
            (false, Level::Additive, 2),
            (false, Level::Additive, 5),
            (false, Level::Breaking, 1),
            (true, Level::None, 1),
        ]
    );
}
