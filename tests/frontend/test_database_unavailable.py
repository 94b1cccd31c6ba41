"""While the database is away (a restart, a lost connection), the error answer says "try
again shortly": 503 with Retry-After, in the API's JSON shape under /api/. Any other fault
stays a 500."""

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from frontend.errors import server_error


def answer_while_handling(error: Exception, path: str):
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:  # Django calls handler500 inside its except block
        return server_error(request)


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("gone")])
def test_the_api_answers_503_with_its_json_shape(error):
    response = answer_while_handling(error, "/api/v1/matches/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = json.loads(response.content)
    assert body["code"] == "database_unavailable"
    assert "Prøv igen" in body["detail"]


def test_a_page_answers_503(db):
    response = answer_while_handling(OperationalError("server closed"), "/hjemmepleje/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize("path", ["/api/v1/matches/", "/hjemmepleje/"])
def test_any_other_fault_is_still_a_500(db, path):
    response = answer_while_handling(RuntimeError("a bug"), path)
    assert response.status_code == 500
