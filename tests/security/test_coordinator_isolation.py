"""A coordinator's lists hold their own organisation's rows only.

The permission matrix proves every coordinator may open the lists; this proves what is in
them: organisation X's match, self-referral and volunteer never reach organisation Y's
coordinator, in the pages or in the API.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import sign_in

LISTS = [
    "frontend:inbox",
    "frontend:inbox-lists",
    "frontend:volunteers",
    "match-list",
    "self-referral-list",
    "volunteer-list",
]


def _content(world, role: str, name: str) -> str:
    client = Client()
    sign_in(client, world.users[role])
    response = client.get(reverse(name))
    assert response.status_code == 200, (role, name, response.status_code)
    return response.content.decode()


def _marks_of_x(world) -> list[str]:
    return [
        str(world.match_x.pk),
        str(world.referral_x.pk),
        reverse("frontend:volunteer-edit", kwargs={"pk": world.volunteer_x.pk}),
        world.citizen_a.first_name,
        world.referral_x.first_name,
        world.volunteer_x.first_name,
    ]


@pytest.mark.parametrize("name", LISTS)
def test_another_organisations_rows_are_not_listed(world, name):
    shown = _content(world, "coordinator_y", name)
    leaked = [mark for mark in _marks_of_x(world) if mark in shown]
    assert not leaked, f"{name} shows organisation X's rows to Y's coordinator: {leaked}"


@pytest.mark.parametrize("name", LISTS)
def test_own_organisations_rows_are_listed(world, name):
    # The control: the marks above are found where they belong.
    shown = _content(world, "coordinator_x", name)
    assert any(mark in shown for mark in _marks_of_x(world)), name
