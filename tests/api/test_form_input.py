"""The API's writes that the pages also make take one input serializer: the page's form,
which both validates the body and documents it in the schema."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from matching.forms import FlagCitizenForm, ScreeningForm
from matching.models import Citizen


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def request_properties(schema, path: str) -> set[str]:
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(schema["components"]["schemas"][name]["properties"])


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/api/v1/citizens/", FlagCitizenForm()),
        ("/api/v1/citizens/{id}/screenings/", ScreeningForm()),
    ],
)
def test_the_documented_body_is_the_forms_fields(schema, path, form):
    assert request_properties(schema, path) == set(form.fields)


def test_a_body_that_is_not_an_object_is_refused_with_a_field_message(staff_api):
    response = staff_api.post("/api/v1/citizens/", [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"] == ["Send et JSON-objekt med felterne."]
    assert not Citizen.objects.exists()


def test_the_forms_messages_come_back_by_field(staff_api):
    response = staff_api.post("/api/v1/citizens/", {"first_name": "Inge"}, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"care_reference", "address", "consent_given", "consent_method"} <= set(fields)
    assert "first_name" not in fields
    assert not Citizen.objects.exists()
