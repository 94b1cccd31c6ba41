"""The official HSDS 3.0 JSON schemas (vendored in ./schema), strict: every object forbids
properties it does not declare, as the specification's own CI checks its examples.

`validate(kind, document)` checks one response body; `kind` names the endpoint's answer.
The modular schemas `$ref` each other by file name; `referencing` resolves them.
"""

import copy
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA = Path(__file__).parent / "schema"


def strict(node):
    """A copy of a schema in which every object with properties forbids any others."""
    if isinstance(node, dict):
        node = {key: strict(value) for key, value in node.items()}
        if "properties" in node and node.get("type", "object") == "object":
            node.setdefault("additionalProperties", False)
        return node
    if isinstance(node, list):
        return [strict(value) for value in node]
    return node


def _load(path: Path) -> dict:
    return strict(json.loads(path.read_text()))


@cache
def registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in sorted((SCHEMA / "modular").glob("*.json"))
    ]
    return Registry().with_resources(resources)


def _with(schema_file: str, **extra_properties) -> dict:
    """A modular schema with more properties, as the compiled schema composes it."""
    schema = copy.deepcopy(registry().contents(schema_file))
    schema["properties"].update(extra_properties)
    return schema


def _page(items: dict) -> dict:
    openapi = json.loads((SCHEMA / "openapi.json").read_text())
    page = copy.deepcopy(openapi["components"]["schemas"]["Page"])
    page["properties"]["contents"] = {"type": "array", "items": items}
    # "Ideally" all present, says HSDS; we always send every one.
    page["required"] = [*page["properties"]]
    return strict(page)


def _compiled(name: str) -> dict:
    return _load(SCHEMA / "compiled" / name)


@cache
def schemas() -> dict[str, dict]:
    openapi = json.loads((SCHEMA / "openapi.json").read_text())
    info = openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    info_schema = strict(info["schema"])
    info_schema["required"] = ["version", "profile", "openapi_url"]
    return {
        "info": info_schema,
        "service": {"$ref": "service.json"},
        "service_list_item": _compiled("service_list.json"),
        "organization": _with(
            "organization.json", services={"type": "array", "items": {"$ref": "service.json"}}
        ),
        "organization_list_item": _compiled("organization_list.json"),
        "service_at_location": _with("service_at_location.json", service={"$ref": "service.json"}),
        "service_at_location_list_item": _compiled("service_at_location_list.json"),
        "taxonomy": {"$ref": "taxonomy.json"},
        "taxonomy_term": {"$ref": "taxonomy_term.json"},
        "services": _page(_compiled("service_list.json")),
        "organizations": _page(_compiled("organization_list.json")),
        "service_at_locations": _page(_compiled("service_at_location_list.json")),
        "taxonomies": _page({"$ref": "taxonomy.json"}),
        "taxonomy_terms": _page({"$ref": "taxonomy_term.json"}),
    }


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        schemas()[kind],
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(kind: str, document) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(kind).iter_errors(document)
    ]


def validate(kind: str, document) -> None:
    found = errors(kind, document)
    assert not found, f"{kind} does not match HSDS 3.0:\n" + "\n".join(found[:20])
