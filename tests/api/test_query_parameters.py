"""The public list endpoints take any query: a page, or a 400 with a message for each bad
parameter, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    ActivityFactory()
    return APIClient()


PARAMETERS = {
    "/api/v1/activities/": [
        "near",
        "radius_km",
        "category",
        "interest",
        "weekday",
        "time_of_day",
        "step_free",
        "free",
        "companion",
        "organisation",
        "q",
        "page",
        "page_size",
        "colour",
    ],
    "/api/v1/meeting-places/": [
        "near",
        "radius_km",
        "step_free",
        "organisation",
        "q",
        "page",
        "page_size",
        "colour",
    ],
}
# Any text a URL can carry (no lone surrogates: they cannot be encoded).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)


@pytest.mark.parametrize("url", PARAMETERS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_query_gives_a_page_or_a_400_naming_the_parameter(client, url, data):
    params = data.draw(
        st.dictionaries(st.sampled_from(PARAMETERS[url]), ANY_TEXT, min_size=1, max_size=3)
    )
    response = client.get(url, params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    body = response.json()
    if response.status_code == 400:
        fields = body["fields"]
        assert fields and set(fields) <= set(params), (params, body)
        assert all(messages and messages[0] for messages in fields.values()), body
