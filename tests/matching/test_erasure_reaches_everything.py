"""After erasure, nothing Samvær stores names the citizen: `manage.py dumpdata` of every app
(the admin log, sessions, sign-in records, messages and tasks included), with each stored
session decoded, holds no occurrence of their first name, phone number or care reference.

The citizen is built through the real flows first, so that each of those places did hold
them: flagged on the page (a flash message waits in the staff member's session), a phone
number recorded, told about an activity (the coordinator's message names them), edited in
the Django admin (the admin log names them), and the same person's self-referral from the
public site."""

import json
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from matching.models import Citizen, SelfReferral
from notifications.models import Message
from tests.factories import (
    ActivityFactory,
    CoordinatorFactory,
    MunicipalityAdminFactory,
    StaffFactory,
    TeamFactory,
    UserFactory,
    confirm_second_factor,
    start_support_session,
)
from tests.frontend.test_homecare import FORM

pytestmark = pytest.mark.django_db

# A name with an ø: JSON may hold it escaped (dumpdata, the flash messages in a session).
FIRST_NAME, PHONE, REFERENCE = "Bjørg", "20 30 40 50", "HP-SLET-4711"
TEXTS = [FIRST_NAME, PHONE, PHONE.replace(" ", ""), REFERENCE]
PASSWORD = "test-adgangskode-42"


class _FormFields(HTMLParser):
    """The values a browser would send from a page's form named by its id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            choice = attrs.get("type") in ("checkbox", "radio")
            if choice and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if choice else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea and self.inside:
            name, value = self.data.pop()
            self.data.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_data(html: str, form_id: str) -> dict:
    parser = _FormFields(form_id)
    parser.feed(html)
    data: dict = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def signed_in(user) -> Client:
    """A real sign-in through the login page (recorded by django-axes)."""
    client = Client()
    response = client.post(
        reverse("frontend:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    return confirm_second_factor(client, user)


def stored_texts() -> str:
    """Everything the database holds, as dumpdata writes it, plus every session decoded."""
    out = StringIO()
    call_command("dumpdata", stdout=out)
    sessions = [session.get_decoded() for session in Session.objects.all()]
    return out.getvalue() + "\n".join(values_of(sessions))


def values_of(data) -> list[str]:
    """Every value in nested session data, as text (flash messages are a JSON string)."""
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list | tuple):
        return [text for value in data for text in values_of(value)]
    return [str(data)]


def occurrences(text: str) -> dict[str, int]:
    """Each text's occurrences, as written and as JSON escapes it (ø as \\u00f8)."""
    return {
        needle: text.count(needle) + text.count(json.dumps(needle)[1:-1]) * (not needle.isascii())
        for needle in TEXTS
    }


def test_after_erasure_dumpdata_names_the_citizen_nowhere():
    team = TeamFactory()
    activity = ActivityFactory(title="Whist i Medborgerhuset", interests=0b11)
    staff = StaffFactory(team=team, email="stine@example.org")
    CoordinatorFactory(organisation=activity.organisation, email="anna@example.org")
    admin = MunicipalityAdminFactory(municipality=team.municipality)
    operator = UserFactory(is_staff=True, is_superuser=True)

    # Home care flags the citizen; the confirmation waits in the session (not followed).
    at_home = signed_in(staff)
    flagged = at_home.post(
        reverse("frontend:homecare-flag"),
        {**FORM, "first_name": FIRST_NAME, "care_reference": REFERENCE},
    )
    assert flagged.status_code == 302
    citizen = Citizen.objects.get(care_reference=REFERENCE)
    at_home.post(
        reverse("frontend:homecare-phone", args=[citizen.pk]),
        {"phone": PHONE, "holder": "citizen", "consent": "on"},
    )
    # Told about the whist: the coordinator's message names the citizen.
    at_home.post(reverse("frontend:homecare-tell", args=[citizen.pk]), {"activity": activity.pk})

    # The operator edits the record in the Django admin: the admin log names it.
    support = start_support_session(signed_in(operator), operator)
    change_url = reverse("admin:matching_citizen_change", args=[citizen.pk])
    data = form_data(support.get(change_url).content.decode(), "citizen_form")
    data["notes"] = ["Ringer hellere om formiddagen."]
    data["_save"] = ["Gem"]
    saved = support.post(change_url, data)
    assert saved.status_code == 302

    # The same person asks for a companion on the public site.
    public = Client()
    public.post(
        f"/aktivitet/{activity.uuid}/",
        {
            "first_name": FIRST_NAME,
            "phone": PHONE,
            "email": "",
            "postcode": "4990",
            "consent": "on",
            "website": "",
        },
    )

    before = stored_texts()
    found = occurrences(before)
    assert found[FIRST_NAME] and found[PHONE] and found[REFERENCE], found
    assert LogEntry.objects.filter(object_repr__contains=REFERENCE).exists()
    assert SelfReferral.objects.filter(first_name=FIRST_NAME).exists()
    assert Message.objects.filter(body__contains=FIRST_NAME).exists()

    # The municipality's admin erases the citizen at their request.
    office = signed_in(admin)
    erased = office.post(
        reverse("frontend:municipal-citizen-erase", args=[citizen.pk]), {"confirm": "yes"}
    )
    assert erased.status_code == 302

    after = stored_texts()
    assert occurrences(after) == dict.fromkeys(TEXTS, 0)
    # What is left still adds up: the record (anonymised), its match, the logs' rows.
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None and citizen.matches.count() == 1
    assert LogEntry.objects.filter(object_id=str(citizen.pk)).exists()
    assert '"model": "axes.accesslog"' in after and '"model": "sessions.session"' in after
