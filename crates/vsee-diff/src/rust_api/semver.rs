//! Two public APIs compared by the Cargo book's SemVer rules.

use super::api::{Field, PublicApi, TypeDef};
use crate::model::{CrateChange, Level};

fn change(kind: &str, item: &str, level: Level, message: String, reason: &str) -> CrateChange {
    CrateChange {
        kind: kind.to_owned(),
        item: item.to_owned(),
        message,
        level,
        reason: reason.to_owned(),
    }
}

const REMOVED: &str = "code that uses it stops compiling (semver: major)";
const CHANGED: &str = "code written against the old form stops compiling (semver: major)";
const ADDED: &str = "new public API; existing code keeps compiling (semver: minor)";

fn generics_of(t: &TypeDef) -> &str {
    match t {
        TypeDef::Struct { generics, .. }
        | TypeDef::Enum { generics, .. }
        | TypeDef::Union { generics, .. } => generics,
    }
}

fn compare_type(path: &str, a: &TypeDef, b: &TypeDef, out: &mut Vec<CrateChange>) {
    if generics_of(a) != generics_of(b) {
        out.push(change(
            "generics-changed",
            path,
            Level::Breaking,
            format!(
                "generic parameters changed from `{}` to `{}`",
                generics_of(a),
                generics_of(b)
            ),
            CHANGED,
        ));
    }
    match (a, b) {
        (
            TypeDef::Struct {
                fields: fa,
                non_exhaustive: xa,
                ..
            },
            TypeDef::Struct {
                fields: fb,
                non_exhaustive: xb,
                ..
            },
        ) => {
            // Callers could build it with a struct literal: every field public, not
            // non_exhaustive.
            let constructible = !xa && fa.iter().all(|f| f.public);
            non_exhaustive_change(path, *xa, *xb, out);
            compare_fields(path, fa, fb, constructible, out);
        }
        (TypeDef::Union { fields: fa, .. }, TypeDef::Union { fields: fb, .. }) => {
            let constructible = fa.iter().all(|f| f.public);
            compare_fields(path, fa, fb, constructible, out);
        }
        (
            TypeDef::Enum {
                variants: va,
                non_exhaustive: xa,
                ..
            },
            TypeDef::Enum {
                variants: vb,
                non_exhaustive: xb,
                ..
            },
        ) => {
            non_exhaustive_change(path, *xa, *xb, out);
            for (name, shape) in va {
                match vb.iter().find(|(n, _)| n == name) {
                    None => out.push(change(
                        "variant-removed",
                        path,
                        Level::Breaking,
                        format!("variant `{name}` removed"),
                        REMOVED,
                    )),
                    Some((_, s)) if s != shape => out.push(change(
                        "variant-changed",
                        path,
                        Level::Breaking,
                        format!("variant `{name}{shape}` became `{name}{s}`"),
                        CHANGED,
                    )),
                    Some(_) => {}
                }
            }
            for (name, shape) in vb {
                if va.iter().any(|(n, _)| n == name) {
                    continue;
                }
                if *xa {
                    out.push(change(
                        "variant-added",
                        path,
                        Level::Additive,
                        format!("variant `{name}{shape}` added"),
                        "the enum is #[non_exhaustive]: matches already have a wildcard arm (semver: minor)",
                    ));
                } else {
                    out.push(change(
                        "variant-added",
                        path,
                        Level::Breaking,
                        format!("variant `{name}{shape}` added"),
                        "the enum is not #[non_exhaustive]: exhaustive `match`es on it stop compiling (semver: major)",
                    ));
                }
            }
        }
        _ => out.push(change(
            "type-kind-changed",
            path,
            Level::Breaking,
            "changed between struct, enum and union".to_owned(),
            CHANGED,
        )),
    }
}

fn non_exhaustive_change(path: &str, a: bool, b: bool, out: &mut Vec<CrateChange>) {
    if a == b {
        return;
    }
    if b {
        out.push(change(
            "non-exhaustive-added",
            path,
            Level::Breaking,
            "became #[non_exhaustive]".to_owned(),
            "struct literals and exhaustive matches outside the crate stop compiling (semver: major)",
        ));
    } else {
        out.push(change(
            "non-exhaustive-removed",
            path,
            Level::Additive,
            "no longer #[non_exhaustive]".to_owned(),
            "allows more than before (semver: minor)",
        ));
    }
}

fn compare_fields(
    path: &str,
    fa: &[Field],
    fb: &[Field],
    constructible: bool,
    out: &mut Vec<CrateChange>,
) {
    for f in fa.iter().filter(|f| f.public) {
        match fb.iter().find(|g| g.name == f.name) {
            None => out.push(change(
                "field-removed",
                path,
                Level::Breaking,
                format!("field `{}: {}` removed", f.name, f.ty),
                REMOVED,
            )),
            Some(g) if !g.public => out.push(change(
                "field-removed",
                path,
                Level::Breaking,
                format!("field `{}` is no longer public", f.name),
                REMOVED,
            )),
            Some(g) if g.ty != f.ty => out.push(change(
                "field-type-changed",
                path,
                Level::Breaking,
                format!(
                    "field `{}` changed type from `{}` to `{}`",
                    f.name, f.ty, g.ty
                ),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for g in fb {
        let existed = fa.iter().find(|f| f.name == g.name);
        if existed.is_some_and(|f| f.public || !g.public) {
            continue; // unchanged, or compared above
        }
        let shown = if g.public {
            format!("field `{}: {}` added", g.name, g.ty)
        } else {
            format!("private field `{}` added", g.name)
        };
        if constructible {
            out.push(change(
                "field-added",
                path,
                Level::Breaking,
                shown,
                "every field was public and the struct is not #[non_exhaustive], so callers can build it with a struct literal, which stops compiling (semver: major)",
            ));
        } else if g.public {
            out.push(change(
                "field-added",
                path,
                Level::Additive,
                shown,
                "callers cannot build it with a struct literal (private fields or #[non_exhaustive]), so a new field is minor",
            ));
        }
    }
}

/// Compares two public APIs.
pub fn compare(old: &PublicApi, new: &PublicApi) -> Vec<CrateChange> {
    let mut out = Vec::new();
    compare_types(old, new, &mut out);
    compare_functions(old, new, &mut out);
    compare_impls_and_others(old, new, &mut out);
    out
}

/// Types removed, changed, added, and builders that need a field they did not.
fn compare_types(old: &PublicApi, new: &PublicApi, out: &mut Vec<CrateChange>) {
    for (path, a) in &old.types {
        match new.types.get(path) {
            None => out.push(change(
                "type-removed",
                path,
                Level::Breaking,
                "type removed".to_owned(),
                REMOVED,
            )),
            Some(b) => compare_type(path, a, b, out),
        }
    }
    for (path, fields) in &new.required {
        // A builder new in NEW is a new type (additive): nobody builds it yet.
        if !old.types.contains_key(path) {
            continue;
        }
        let before = old.required.get(path);
        for field in fields {
            if before.is_some_and(|b| b.contains(field)) {
                continue;
            }
            out.push(change(
                "builder-field-required",
                path,
                Level::Breaking,
                format!("`{field}` must now be set before the value can be built"),
                "code that builds it without that field still compiles, but building fails at run time (\"no value supplied for ...\") (semver: major)",
            ));
        }
    }
    for path in new.types.keys() {
        if !old.types.contains_key(path) {
            out.push(change(
                "type-added",
                path,
                Level::Additive,
                "type added".to_owned(),
                ADDED,
            ));
        }
    }
}

fn compare_functions(old: &PublicApi, new: &PublicApi, out: &mut Vec<CrateChange>) {
    for (path, a) in &old.functions {
        match new.functions.get(path) {
            None => out.push(change(
                "function-removed",
                path,
                Level::Breaking,
                format!("`{a}` removed"),
                REMOVED,
            )),
            Some(b) if a != b => out.push(change(
                "function-signature-changed",
                path,
                Level::Breaking,
                format!("`{a}` became `{b}`"),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for (path, b) in &new.functions {
        if !old.functions.contains_key(path) {
            out.push(change(
                "function-added",
                path,
                Level::Additive,
                format!("`{b}` added"),
                ADDED,
            ));
        }
    }
}

/// Trait implementations, and every other item (modules, aliases, constants, traits, uses).
fn compare_impls_and_others(old: &PublicApi, new: &PublicApi, out: &mut Vec<CrateChange>) {
    for key in old.impls.difference(&new.impls) {
        out.push(change(
            "impl-removed",
            key,
            Level::Breaking,
            "trait implementation removed".to_owned(),
            REMOVED,
        ));
    }
    for key in new.impls.difference(&old.impls) {
        out.push(change(
            "impl-added",
            key,
            Level::Additive,
            "trait implementation added".to_owned(),
            ADDED,
        ));
    }
    for (key, a) in &old.others {
        match new.others.get(key) {
            None => out.push(change(
                "item-removed",
                key,
                Level::Breaking,
                "removed".to_owned(),
                REMOVED,
            )),
            Some(b) if a != b => out.push(change(
                "item-changed",
                key,
                Level::Breaking,
                format!("`{a}` became `{b}`"),
                CHANGED,
            )),
            Some(_) => {}
        }
    }
    for key in new.others.keys() {
        if !old.others.contains_key(key) {
            out.push(change(
                "item-added",
                key,
                Level::Additive,
                "added".to_owned(),
                ADDED,
            ));
        }
    }
}
