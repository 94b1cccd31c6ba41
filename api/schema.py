"""Adjustments to the generated OpenAPI schema so it describes what the API really sends.

The extension below registers itself when this module is imported (api/docs.py does).
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

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
