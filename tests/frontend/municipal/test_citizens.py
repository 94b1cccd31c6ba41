"""The admin's lookup of a citizen by care reference: audited, only in their municipality;
and what the admin does there (record a phone, erase on request)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from matching.models import AuditEvent, Citizen
from tests.factories import CitizenFactory, sign_in


@pytest.fixture
def citizen(team):
    return CitizenFactory(team=team, care_reference="EPJ-4411", first_name="Inger")


def lookup(admin_pages, reference):
    return admin_pages.post(
        reverse("frontend:municipal-citizen-lookup"), {"care_reference": reference}
    )


def test_the_admin_finds_a_citizen_by_care_reference_and_the_lookup_is_audited(
    admin_pages, citizen, municipality_admin
):
    response = lookup(admin_pages, " epj-4411 ")

    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:municipal-citizen", args=[citizen.pk])
    event = AuditEvent.objects.get(view="frontend:municipal-citizen-lookup")
    assert (event.user, event.citizen_id, event.action) == (municipality_admin, citizen.pk, "read")
    assert "EPJ-4411" not in event.detail

    page = admin_pages.get(response["Location"])
    assert "Inger" in page.content.decode()
    assert AuditEvent.objects.filter(
        view="frontend:municipal-citizen", citizen_id=citizen.pk
    ).exists()


def test_a_citizen_of_another_municipality_is_not_found(admin_pages, elsewhere):
    other = CitizenFactory(team=elsewhere["team"], care_reference="EPJ-9999")

    response = lookup(admin_pages, "EPJ-9999")

    assert response.status_code == 200
    assert "Der er ingen borger med den reference" in response.content.decode()
    assert not AuditEvent.objects.exists()
    assert (
        admin_pages.get(reverse("frontend:municipal-citizen", args=[other.pk])).status_code == 404
    )


def test_the_admin_records_a_relatives_phone_with_consent(admin_pages, citizen, municipality_admin):
    response = admin_pages.post(
        reverse("frontend:municipal-citizen-phone", args=[citizen.pk]),
        {
            "phone": "20 30 40 50",
            "holder": "relative",
            "relative_name": "Hanne (datter)",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.phone_holder, citizen.relative_name) == (
        "20 30 40 50",
        "relative",
        "Hanne (datter)",
    )
    assert citizen.phone_recorded_by == municipality_admin and citizen.phone_consent_at
    assert AuditEvent.objects.filter(
        view="frontend:municipal-citizen-phone", action="update", citizen_id=citizen.pk
    ).exists()


def test_the_admin_cannot_record_a_phone_for_another_municipalitys_citizen(admin_pages, elsewhere):
    other = CitizenFactory(team=elsewhere["team"])

    response = admin_pages.post(
        reverse("frontend:municipal-citizen-phone", args=[other.pk]),
        {"phone": "20304050", "holder": "citizen", "consent": "on"},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.phone == ""


def test_erasure_on_request_needs_the_confirmation_and_then_anonymises(admin_pages, citizen):
    url = reverse("frontend:municipal-citizen-erase", args=[citizen.pk])

    admin_pages.post(url)
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None

    admin_pages.post(url, {"confirm": "yes"})
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None and citizen.first_name == ""
    assert citizen.status == Citizen.Status.ENDED
    assert AuditEvent.objects.filter(citizen_id=citizen.pk, action="erase").exists()


def test_the_citizen_page_shows_the_dates_and_purposes_of_look_ups(
    admin_pages, citizen, team, django_assert_max_num_queries
):
    from tests.factories import StaffFactory

    staff_pages = Client()
    sign_in(staff_pages, StaffFactory(team=team))
    staff_pages.get(reverse("frontend:homecare-citizen", args=[citizen.pk]))
    staff_pages.get(reverse("frontend:homecare-citizen", args=[citizen.pk]))

    with django_assert_max_num_queries(20):
        page = admin_pages.get(reverse("frontend:municipal-citizen", args=[citizen.pk]))
    html = page.content.decode()
    assert "Opslag i borgerens oplysninger" in html
    today = date_format(timezone.localdate(), "j. F Y")
    row = re.search(
        r"<tr>\s*<td[^>]*>" + re.escape(today) + r"</td>\s*<td[^>]*>Læst</td>\s*"
        r"<td[^>]*>Hjemmeplejen: registrering og opfølgning</td>\s*<td[^>]*>2</td>",
        html,
    )
    assert row, html
    # Who looked is the export's business, not this list's.
    assert "bruger" not in html.split("Opslag i borgerens oplysninger")[1].split("</table>")[0]


def test_the_citizen_pages_show_the_consent_texts_version(admin_pages, team):
    from matching.consent import CONSENT_TEXT_VERSION
    from tests.factories import StaffFactory
    from tests.frontend.test_homecare import FORM

    staff_client = Client()
    sign_in(staff_client, StaffFactory(team=team))
    staff_client.post(reverse("frontend:homecare-flag"), FORM)
    flagged = Citizen.objects.get(care_reference=FORM["care_reference"])
    assert flagged.consent_text_version == CONSENT_TEXT_VERSION
    form = staff_client.get(reverse("frontend:homecare-flag")).content.decode()
    assert f"samtykketekst, version {CONSENT_TEXT_VERSION}" in form
    for page in (
        staff_client.get(reverse("frontend:homecare-citizen", args=[flagged.pk])),
        admin_pages.get(reverse("frontend:municipal-citizen", args=[flagged.pk])),
    ):
        assert f"version {CONSENT_TEXT_VERSION}" in page.content.decode()
