#!/usr/bin/env python3
"""Judges the spec as a strict OpenAPI 3.0.3 tool does, with code not written in this workspace.

Usage: strict_oas30.py SPEC.yaml PAYLOAD_DIR

1. `openapi-spec-validator` checks the document (OpenAPI 3.0 rules, references, parameters).
2. `openapi-schema-validator`'s OAS 3.0 validators (nullable only beside a `type`, `readOnly`/
   `writeOnly`, OAS formats) check every example of the spec against its schema: parameter,
   request-body and response examples (`example` and every `examples.*.value`) and `example`s
   inside schemas. Requests use the write validator, responses the read validator.
3. The same read validator checks every cleaned sample, PAYLOAD_DIR/<operation_id>/<status>[.x].json,
   against its operation's JSON response schema (the exact status, else its range such as `4XX`).

Prints {"checked": {"examples": N, "payloads": M}, "failures": ["<where>: <message>", ...]} on stdout;
exit 0 when nothing failed, 1 otherwise, 2 on a usage error.
"""
import json
import pathlib
import sys

import yaml
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)
from openapi_spec_validator import validate as validate_spec

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


class Checker:
    def __init__(self, spec):
        self.spec = spec
        self.components = spec.get("components", {})
        self.failures = []
        self.examples = 0
        self.payloads = 0

    def resolve(self, node):
        """Follows a local `$ref` (parameters, responses, request bodies, examples)."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"non-local reference {ref}")
            target = self.spec
            for token in ref[2:].split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node, seen = target, seen + 1
        return node

    def check(self, schema, instance, where, writing):
        # `$ref`s inside the schema point into `#/components`; giving the checked schema the
        # spec's components makes it its own root, so they resolve without any loader of ours.
        root = {"components": self.components, "allOf": [schema]}
        cls = OAS30WriteValidator if writing else OAS30ReadValidator
        validator = cls(root, format_checker=oas30_format_checker)
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            pointer = "".join(f"/{escape(p)}" for p in error.path)
            self.failures.append(f"{where}: at '{pointer}': {error.message}")

    def example_values(self, holder, where):
        """(pointer, value) of `example` and every `examples.*.value` of a holder object."""
        if "example" in holder:
            yield f"{where}/example", holder["example"]
        for name, example in (holder.get("examples") or {}).items():
            example = self.resolve(example)
            if isinstance(example, dict) and "value" in example:
                yield f"{where}/examples/{escape(name)}/value", example["value"]

    def check_holder(self, holder, where, writing):
        """A parameter, header or media type: its examples against its schema."""
        holder = self.resolve(holder)
        schema = holder.get("schema")
        if schema is not None:
            for pointer, value in self.example_values(holder, where):
                self.examples += 1
                self.check(schema, value, pointer, writing)
            self.schema_examples(schema, f"{where}/schema", writing)
        for media, media_type in (holder.get("content") or {}).items():
            self.check_holder(media_type, f"{where}/content/{escape(media)}", writing)

    def schema_examples(self, schema, where, writing):
        """`example`s written inside a schema, each against the schema it is written in."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if "example" in schema:
            self.examples += 1
            self.check(schema, schema["example"], f"{where}/example", writing)
        for name, sub in (schema.get("properties") or {}).items():
            self.schema_examples(sub, f"{where}/properties/{escape(name)}", writing)
        for key in ("items", "additionalProperties", "not"):
            self.schema_examples(schema.get(key), f"{where}/{key}", writing)
        for key in SUBSCHEMA_LISTS:
            for i, sub in enumerate(schema.get(key) or []):
                self.schema_examples(sub, f"{where}/{key}/{i}", writing)

    def operations(self):
        for path, item in (self.spec.get("paths") or {}).items():
            for method in METHODS:
                if method in item:
                    yield path, item, method, item[method]

    def check_examples(self):
        for name, schema in (self.components.get("schemas") or {}).items():
            # A component may be read or written; its own examples are judged as a response.
            self.schema_examples(schema, f"/components/schemas/{escape(name)}", False)
        for path, item, method, operation in self.operations():
            where = f"/paths/{escape(path)}"
            for i, parameter in enumerate(item.get("parameters") or []):
                self.check_holder(parameter, f"{where}/parameters/{i}", True)
            where = f"{where}/{method}"
            for i, parameter in enumerate(operation.get("parameters") or []):
                self.check_holder(parameter, f"{where}/parameters/{i}", True)
            if "requestBody" in operation:
                self.check_holder(operation["requestBody"], f"{where}/requestBody", True)
            for status, response in (operation.get("responses") or {}).items():
                response = self.resolve(response)
                rwhere = f"{where}/responses/{escape(status)}"
                self.check_holder({"content": response.get("content") or {}}, rwhere, False)
                for name, header in (response.get("headers") or {}).items():
                    self.check_holder(header, f"{rwhere}/headers/{escape(name)}", False)

    def response_schema(self, operation_id, status):
        for _, _, _, operation in self.operations():
            if operation.get("operationId") != operation_id:
                continue
            responses = operation.get("responses") or {}
            key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
            response = self.resolve(responses.get(key) or responses.get(key.lower()) or {})
            media = (response.get("content") or {}).get("application/json") or {}
            return media.get("schema")
        return None

    def check_payloads(self, payload_dir):
        for path in sorted(payload_dir.glob("*/*.json")):
            operation_id = path.parent.name
            status = path.name.split(".")[0]
            where = f"{path.parent.name}/{path.name}"
            schema = self.response_schema(operation_id, status)
            if schema is None:
                self.failures.append(f"{where}: no JSON response {status} of `{operation_id}`")
                continue
            self.payloads += 1
            self.check(schema, json.loads(path.read_text(encoding="utf-8")), where, False)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    spec_path, payload_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    checker = Checker(spec)
    try:
        validate_spec(spec)
    except Exception as error:  # the validator's own error types; report, then keep checking
        checker.failures.append(f"openapi-spec-validator: {error}")
    checker.check_examples()
    checker.check_payloads(payload_dir)
    json.dump(
        {
            "checked": {"examples": checker.examples, "payloads": checker.payloads},
            "failures": checker.failures,
        },
        sys.stdout,
        indent=1,
    )
    print()
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
