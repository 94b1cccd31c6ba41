"""Adjustments to the generated OpenAPI schema so it describes what the API really sends.

The extension below registers itself when this module is imported (api/docs.py does).
"""

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)

# DRF writes a TimeField as local wall-clock time ("10:00:00"): an activity starts at ten
# o'clock in Danish time, whatever the offset that day. JSON Schema's "time" format demands
# an RFC 3339 offset, so the schema says what the value is instead.
LOCAL_TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"


def local_times_without_offset(result, generator, request, public):
    """A drf-spectacular post-processing hook: `format: time` becomes a pattern."""

    def visit(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                node.pop("format")
                node["pattern"] = LOCAL_TIME_PATTERN
                node.setdefault("example", "10:00:00")
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result


class BlankStringsWithAFormat(OpenApiSerializerFieldExtension):
    """A text field with a format (e-mail, URL) that may be blank says so in the schema.

    Without this the schema promises an e-mail address or a URL where the API sends ""
    for an organisation or volunteer without one.
    """

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if not getattr(self.target, "allow_blank", False) or "format" not in schema:
            return schema
        blank = {"type": "string", "maxLength": 0}
        shared = {k: schema.pop(k) for k in ("title", "description", "readOnly") if k in schema}
        return {"anyOf": [schema, blank], **shared}


# What a third party needs to know about the public reads, said where it applies.
LOCAL_TIMES = (
    "Times and dates are local to Denmark (Europe/Copenhagen): 10:00 is ten o'clock in "
    "winter (UTC+1) and in summer (UTC+2)."
)
ACTIVITY_EXAMPLE = {
    "id": "4ff47082-4c01-443d-96df-5ff75cf06bf4",
    "url": "https://samvaer.example.dk/api/v1/activities/4ff47082-4c01-443d-96df-5ff75cf06bf4/",
    "title": "Kortspil og kaffe",
    "category": "games",
    "category_label": "Spil og kort",
    "interests": ["coffee", "cards"],
    "weekday": 1,
    "weekday_label": "tirsdag",
    "start_time": "10:00:00",
    "end_time": "12:00:00",
    "price": "0.00",
    "is_free": True,
    "audience": "all",
    "companion_available": True,
    "meeting_place": {
        "id": "1099f499-0029-40fc-8efa-6740ef141a5d",
        "name": "Mødestedet i Kulturhuset",
        "address": "Nørregade 1, 4800 Nykøbing F",
        "postcode": "4800",
        "town": "Nykøbing F",
        "latitude": 54.7742,
        "longitude": 11.8881,
        "step_free": True,
    },
    "organisation": {
        "id": "ed0c6d1c-41c6-486b-a1e4-5d057d6c70de",
        "name": "Ældre Sagen Guldborgsund",
        "website": "",
    },
    "distance_km": 1.234,
    "next_date": "2026-12-01",
}


def describe_public_reads(result, generator, request, public):
    """A drf-spectacular post-processing hook: the bounds of the finder's parameters,
    that its times are Danish local time, caching, and an example answer."""
    from api.activities import FinderPagination
    from meetingplaces.selectors import DEFAULT_RADIUS_KM, MAX_RADIUS_KM

    bounds = {
        "radius_km": {
            "type": "number",
            "minimum": 0.1,
            "maximum": MAX_RADIUS_KM,
            "default": DEFAULT_RADIUS_KM,
        },
        "page_size": {
            "type": "integer",
            "minimum": 1,
            "maximum": FinderPagination.max_page_size,
            "default": FinderPagination.page_size,
        },
        "page": {"type": "integer", "minimum": 1, "default": 1},
    }
    result["info"]["description"] = (
        f"{result['info'].get('description', '')}\n\n{LOCAL_TIMES} Public answers may be "
        "cached (Cache-Control: public, max-age=60, with an ETag); errors may not "
        "(no-store). Versioning, deprecation, keys and the HSDS feed: docs/api.md."
    )
    for path, item in result.get("paths", {}).items():
        if not path.startswith(("/api/v1/activities/", "/api/v1/meeting-places/")):
            continue
        for operation in item.values():
            operation["description"] = f"{operation.get('description', '')}\n\n{LOCAL_TIMES}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] in bounds:
                    parameter["schema"] = {**parameter["schema"], **bounds[parameter["name"]]}
            if path == "/api/v1/activities/":
                content = operation["responses"]["200"].setdefault("content", {})
                for media in content.values():
                    media["example"] = {
                        "count": 1,
                        "next": None,
                        "previous": None,
                        "results": [ACTIVITY_EXAMPLE],
                    }
    return result


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Other systems' keys (integrations.authentication), as the schema's security scheme."""

    target_class = "integrations.authentication.ApiTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a key made by the municipality's admin.",
        }


# The one error shape of api/exceptions.py, as the schema documents it.
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error the API answers (api/exceptions.py).",
    "properties": {
        "code": {
            "type": "string",
            "description": "For programs: not_found, invalid, no_seat_left, throttled, ...",
        },
        "detail": {"type": "string", "description": "For a person, in the request's language."},
        "fields": {
            "type": "object",
            "description": "Messages per field or query parameter; non_field_errors for the "
            "request as a whole. Empty when the error is not about a field.",
            "additionalProperties": {},
        },
    },
    "required": ["code", "detail", "fields"],
}


def errors_in_one_shape(result, generator, request, public):
    """A drf-spectacular post-processing hook: the Error schema, and a 4XX answer in that
    shape on every operation that documents no client error of its own."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    answer = {
        "description": "An error: the request cannot be answered as asked.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            if not any(str(status).startswith("4") for status in responses):
                responses["4XX"] = answer
    return result
