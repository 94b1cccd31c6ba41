"""The schema post-processing: local times are described by a pattern, not format: time."""

import re

from api.schema import LOCAL_TIME_PATTERN, local_times_without_offset


def test_time_format_becomes_a_pattern_everywhere():
    schema = {
        "components": {
            "schemas": {
                "Activity": {
                    "properties": {
                        "start_time": {"type": "string", "format": "time"},
                        "website": {"type": "string", "format": "uri"},
                        "slots": {"type": "array", "items": {"type": "string", "format": "time"}},
                    }
                }
            }
        }
    }
    result = local_times_without_offset(schema, None, None, True)
    props = result["components"]["schemas"]["Activity"]["properties"]
    assert props["start_time"] == {
        "type": "string",
        "pattern": LOCAL_TIME_PATTERN,
        "example": "10:00:00",
    }
    assert props["slots"]["items"]["pattern"] == LOCAL_TIME_PATTERN
    assert props["website"] == {"type": "string", "format": "uri"}


def test_the_pattern_takes_what_drf_writes_and_nothing_else():
    for good in ("10:00", "10:00:00", "23:59:59.123456"):
        assert re.match(LOCAL_TIME_PATTERN, good)
    for bad in ("10", "10:00:00+01:00", "ti 10", "10:00:00Z"):
        assert not re.match(LOCAL_TIME_PATTERN, bad)


def test_a_blank_email_or_url_is_allowed_by_the_schema():
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework import serializers
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Contact(serializers.Serializer):
        email = serializers.EmailField(allow_blank=True)
        website = serializers.URLField(allow_blank=True)
        required_email = serializers.EmailField()

    class ContactView(APIView):
        permission_classes = [AllowAny]
        serializer_class = Contact

        def get(self, request):
            return Response(Contact({"email": "", "website": "", "required_email": "a@b.dk"}).data)

    from django.urls import path

    schema = SchemaGenerator(patterns=[path("contact/", ContactView.as_view())]).get_schema(
        request=None, public=True
    )
    props = schema["components"]["schemas"]["Contact"]["properties"]
    assert props["email"]["anyOf"] == [
        {"type": "string", "format": "email"},
        {"type": "string", "maxLength": 0},
    ]
    assert props["website"]["anyOf"][0]["format"] == "uri"
    assert props["required_email"] == {"type": "string", "format": "email"}


def test_every_operation_documents_the_one_error_shape(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail", "fields"]
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if not any(status.startswith("4") for status in operation["responses"])
    ]
    assert undocumented == []
