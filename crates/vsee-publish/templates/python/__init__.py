# {{GENERATED}}
"""The published JSON Schemas (2020-12) of the VSee Clinic REST API v3.

Every document has an absolute ``$id`` under ``ID_BASE``; references between documents use
those ids and are resolved from this package (``registry()``), never over the network.

    import vsee_schemas
    validator = vsee_schemas.validator_for("get_visit", 200)
    for error in validator.iter_errors(payload):
        print(error.json_path, error.message)
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, Dict, Mapping, Optional, Union

__all__ = [
    "ID_BASE",
    "SPEC_VERSION",
    "index",
    "registry",
    "request_schema_for",
    "request_validator_for",
    "schema_for",
    "schemas",
    "validator_for",
]

__version__ = "{{PY_VERSION}}"
#: ``info.version`` of the spec, as written (``__version__`` is its PEP 440 spelling).
SPEC_VERSION = "{{VERSION}}"
#: The base every ``$id`` starts with (it ends in the major version).
ID_BASE = "{{ID_BASE}}"

_STATUS = re.compile(r"^[1-5][0-9][0-9]$")


def _read(name: str) -> Any:
    path = resources.files(__name__) / "schemas"
    for part in name.split("/"):
        path = path / part
    return json.loads(path.read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def index() -> Mapping[str, Any]:
    """``index.json``: operations and components -> file names (keys of ``schemas()``)."""
    return _read("index.json")


@functools.lru_cache(maxsize=None)
def schemas() -> Mapping[str, Dict[str, Any]]:
    """Every schema document by its path below ``ID_BASE``, e.g. ``components/Visit.json``."""
    return {name: _read(name) for name in _FILES}


@functools.lru_cache(maxsize=None)
def registry():
    """A ``referencing.Registry`` of every document by its ``$id`` (no retrieval: offline)."""
    from referencing import Registry, Resource

    return Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in schemas().values()
    )


def _operation(operation_id: str) -> Mapping[str, Any]:
    operations = index()["operations"]
    if operation_id not in operations:
        raise KeyError(f"unknown operation id {operation_id!r}; known: {', '.join(operations)}")
    return operations[operation_id]


def schema_for(operation_id: str, status: Union[int, str]) -> Optional[Dict[str, Any]]:
    """The response schema for an HTTP status: the exact status, then its range (``404`` ->
    ``4XX``), then ``default``; ``None`` when the spec documents neither."""
    responses = _operation(operation_id).get("responses", {})
    exact = str(status).upper()
    keys = [exact, f"{exact[0]}XX" if _STATUS.match(exact) else None, "default"]
    for key in keys:
        if key is not None and key in responses:
            return schemas()[responses[key]]
    return None


def request_schema_for(operation_id: str, media_type: str) -> Optional[Dict[str, Any]]:
    """The request body schema for a media type (parameters and case ignored); ``None`` when
    the spec does not document it."""
    requests = _operation(operation_id).get("request", {})
    essence = media_type.split(";", 1)[0].strip().lower()
    return schemas()[requests[essence]] if essence in requests else None


def _validator(schema: Optional[Dict[str, Any]]):
    if schema is None:
        return None
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema, registry=registry())


def validator_for(operation_id: str, status: Union[int, str]):
    """A ``jsonschema`` 2020-12 validator of the response body for an HTTP status (see
    ``schema_for``), or ``None`` when the spec documents no body for it."""
    return _validator(schema_for(operation_id, status))


def request_validator_for(operation_id: str, media_type: str):
    """A ``jsonschema`` 2020-12 validator of the request body for a media type, or ``None``."""
    return _validator(request_schema_for(operation_id, media_type))


_FILES = (
{{FILES}})
