#!/usr/bin/env python3
"""Judges payloads with the published schemas, using Python's `jsonschema` (a non-Rust validator).

Usage: validate.py SCHEMA_DIR CASES.json
CASES.json: {"cases": [{"name": ..., "schema": "<file relative to SCHEMA_DIR>", "instance": ...}]}
Prints {"<name>": true|false, ...} (true = valid) on stdout.

This is also the README's Python example: every file is registered by its `$id`, so cross-file
`$ref`s resolve offline, and one validator per schema judges the payloads.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def load_registry(schema_dir: pathlib.Path) -> Registry:
    resources = []
    for path in sorted(schema_dir.rglob("*.json")):
        if path.name == "index.json":
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_dir = pathlib.Path(sys.argv[1])
    registry = load_registry(schema_dir)
    cases = json.loads(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))["cases"]
    verdicts = {}
    validators = {}
    for case in cases:
        name = case["schema"]
        if name not in validators:
            schema = json.loads((schema_dir / name).read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            validators[name] = Draft202012Validator(schema, registry=registry)
        verdicts[case["name"]] = validators[name].is_valid(case["instance"])
    json.dump(verdicts, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
