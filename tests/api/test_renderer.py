"""The API's JSON is written by orjson and is byte for byte what DRF's renderer writes."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from api.renderers import JSONRenderer
from meetingplaces.models import Activity
from tests.factories import ActivityFactory

ours, drf = JSONRenderer(), DRFJSONRenderer()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_plain_json_values_are_written_as_drf_writes_them(value):
    assert ours.render(value) == drf.render(value)


def test_what_drf_encodes_itself_is_written_the_same(settings):
    value = {
        "lazy": gettext_lazy("Den side findes ikke."),
        "price": Decimal("12.50"),
        "day": dt.date(2026, 11, 24),
        "at": dt.time(9, 30, 15, 123456),
        "when": timezone.make_aware(dt.datetime(2026, 11, 24, 9, 30, 15, 123456)),
        "utc": dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "seps": "line\u2028paragraph\u2029end",
        "danish": "Sakskøbing, Ærø, Åbenrå",
        "control": "tab\tnul\x00bell\x07",
        "set": (1, 2, 3),
        7: "an int key",
    }
    with override("en"):
        assert ours.render(value) == drf.render(value)


@pytest.mark.django_db
def test_a_queryset_and_indentation_go_to_drf():
    ActivityFactory.create_batch(2)
    titles = Activity.objects.values_list("title", flat=True)
    assert ours.render({"titles": titles}) == drf.render({"titles": titles})
    pretty = "application/json; indent=2"
    assert ours.render({"a": [1]}, pretty) == drf.render({"a": [1]}, pretty)
    assert ours.render({"a": [1]}, pretty) == b'{\n  "a": [\n    1\n  ]\n}'


def test_nothing_is_written_for_no_data():
    assert ours.render(None) == b""
