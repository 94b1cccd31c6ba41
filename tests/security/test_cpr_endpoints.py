"""A CPR number sent to any write that takes free text, on a page, in the API or in the
admin, is refused with a message on its field, and no row changes."""

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from frontend.api_keys import ApiKeyForm
from frontend.entry_forms import CancellationForm
from frontend.municipal.forms import (
    AcceptInvitationForm,
    CitizenLookupForm,
    OrganisationForm,
    TeamForm,
)
from integrations.models import ApiToken
from matching.models import Citizen, Match, MatchStatusChange, Screening, SelfReferral
from meetingplaces.models import Activity, MeetingPlace, Membership, Organisation, Volunteer
from notifications.models import Message
from security.cpr import refuse_cpr_number
from tests.factories import (
    ActivityFactory,
    MatchFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    UserFactory,
    VolunteerFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

# Written the ways the old check let through: grouped in pairs, with an en dash.
CPR = "01 01 50 12 34"
CPR_EN_DASH = "010150 – 1234"
# Ten characters: fits even the shortest free-text field (a citizen's language code).
CPR_COMPACT = "0101501234"
MESSAGE = "ligner et CPR-nummer"

WATCHED = (
    Citizen,
    Screening,
    Match,
    MatchStatusChange,
    Volunteer,
    SelfReferral,
    ApiToken,
    Activity,
    MeetingPlace,
    Organisation,
)

FLAG = {
    "care_reference": "HP-2291",
    "first_name": "Inger",
    "address": "Torvet 1, 4990 Sakskøbing",
    "lacks_companionship": "3",
    "feels_left_out": "2",
    "feels_isolated": "3",
    "mobility": "walker",
    "max_distance_km": "3",
    "language": "da",
    "notes": "Kan lide at spille whist.",
    "consent_given": "on",
    "consent_method": "verbal",
}
VOLUNTEER = {"first_name": "Hanne", "postcode": "4990", "languages": "da", "max_citizens": "1"}
SIGN_UP = {"first_name": "Karen", "email": "karen@example.org", "postcode": "4990"}
SELF_REFERRAL = {"first_name": "Inger", "phone": "12 34 56 78", "postcode": "4990"}


def rows() -> dict:
    """Every row of the tables a refused write could touch, as plain values."""
    return {model._meta.label: sorted(map(repr, model.objects.values())) for model in WATCHED}


@pytest.fixture(autouse=True)
def no_rate_limits_left_over():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def proposal(organisation):
    return MatchFactory(activity=ActivityFactory(organisation=organisation))


@pytest.fixture
def volunteer(organisation):
    return VolunteerFactory(organisation=organisation, first_name="Ebbe")


@pytest.fixture
def municipality_admin_client():
    municipality = MunicipalityFactory()
    user = UserFactory()
    Membership.objects.create(user=user, role=Membership.Role.ADMIN, municipality=municipality)
    client = Client()
    sign_in(client, user)
    return client


def refused_in_the_api(response, field):
    assert response.status_code == 400, response.content
    assert MESSAGE in " ".join(response.json()["fields"][field])


def refused_on_the_page(response):
    assert response.status_code in (200, 400)
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("cpr", [CPR, CPR_EN_DASH])
@pytest.mark.parametrize("field", ["care_reference", "first_name", "address", "notes"])
def test_flagging_a_citizen(staff_api, staff_client, field, cpr):
    before = rows()
    refused_in_the_api(
        staff_api.post("/api/v1/citizens/", {**FLAG, field: cpr}, format="json"), field
    )
    refused_on_the_page(staff_client.post("/hjemmepleje/ny/", {**FLAG, field: cpr}))
    assert rows() == before


def test_a_coordinators_decline_reason(coordinator_api, coordinator_client, proposal):
    before = rows()
    url = f"/api/v1/matches/{proposal.pk}/decline/"
    refused_in_the_api(coordinator_api.post(url, {"reason": CPR}, format="json"), "reason")
    page = coordinator_client.post(
        f"/indbakke/match/{proposal.pk}/afvis/", {"reason": CPR}, follow=True
    )
    assert MESSAGE in page.content.decode()
    assert rows() == before


def test_a_coordinators_step_note(coordinator_api, coordinator_client, proposal):
    Match.objects.filter(pk=proposal.pk).update(status=Match.Status.ACCEPTED)
    before = rows()
    url = f"/api/v1/matches/{proposal.pk}/contacted/"
    refused_in_the_api(coordinator_api.post(url, {"note": CPR}, format="json"), "note")
    today = timezone.localdate().isoformat()
    page = coordinator_client.post(
        f"/indbakke/match/{proposal.pk}/trin/",
        {"step": "contacted", "on": today, "note": CPR},
        follow=True,
    )
    assert MESSAGE in page.content.decode()
    assert rows() == before


@pytest.mark.parametrize("field", ["first_name", "last_name", "phone", "languages"])
def test_every_volunteer_field_of_a_coordinator(
    coordinator_api, coordinator_client, organisation, volunteer, field
):
    before = rows()
    data = {**VOLUNTEER, "organisation": organisation.pk, field: CPR}
    refused_in_the_api(coordinator_api.post("/api/v1/volunteers/", data, format="json"), field)
    refused_in_the_api(
        coordinator_api.patch(f"/api/v1/volunteers/{volunteer.pk}/", {field: CPR}, format="json"),
        field,
    )
    refused_on_the_page(coordinator_client.post("/frivillige/ny/", data))
    refused_on_the_page(coordinator_client.post(f"/frivillige/{volunteer.pk}/", data))
    assert rows() == before


def test_the_reason_a_volunteer_application_is_declined(
    coordinator_api, coordinator_client, organisation
):
    applicant = VolunteerFactory(organisation=organisation, is_approved=False)
    before = rows()
    url = f"/api/v1/volunteers/{applicant.pk}/decline/"
    refused_in_the_api(coordinator_api.post(url, {"reason": CPR}, format="json"), "reason")
    refused_on_the_page(
        coordinator_client.post(f"/frivillige/{applicant.pk}/afvis/", {"reason": CPR})
    )
    assert rows() == before
    assert not Message.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name", "phone"])
def test_every_field_of_the_anonymous_volunteer_sign_up(client, organisation, field):
    before = rows()
    data = {**SIGN_UP, "organisation": organisation.pk, field: CPR}
    refused_in_the_api(
        APIClient().post("/api/v1/volunteer-sign-ups/", {**data, "consent": True}, format="json"),
        field,
    )
    refused_on_the_page(client.post("/bliv-frivillig/", {**data, "consent": "on"}))
    assert rows() == before


@pytest.mark.parametrize("field", ["first_name", "phone"])
def test_a_citizens_own_request_about_an_activity(client, field):
    activity = ActivityFactory()
    before = rows()
    data = {**SELF_REFERRAL, "consent": "on", "website": "", field: CPR}
    refused_on_the_page(client.post(f"/aktivitet/{activity.uuid}/", data))
    assert rows() == before


def test_the_name_of_an_api_key(municipality_admin_client):
    before = rows()
    response = municipality_admin_client.post(
        "/kommune/api-noegler/", {"name": CPR, "scope": "website"}
    )
    refused_on_the_page(response)
    assert rows() == before


def admin_request():
    request = RequestFactory().post("/admin/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    return request


def free_text_of(model, form_class) -> list[str]:
    return [
        name
        for name in form_class.base_fields
        if name in {field.name for field in model._meta.fields}
        and refuse_cpr_number in model._meta.get_field(name).validators
    ]


def admin_forms():
    """Each admin form (as the admin builds it to add a row) that has a free-text field."""
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(admin_request(), None, change=False)
        if free_text_of(model, form_class):
            yield pytest.param(model, form_class, id=model._meta.label)


def test_the_admin_forms_with_free_text_include_the_citizens_and_volunteers():
    labels = {param.id for param in admin_forms()}
    assert {"matching.Citizen", "meetingplaces.Volunteer", "matching.Match"} <= labels


@pytest.mark.parametrize(("model", "form_class"), admin_forms())
def test_every_free_text_field_of_every_admin_form(model, form_class):
    before = rows()
    free_text = free_text_of(model, form_class)
    form = form_class(data=dict.fromkeys(free_text, CPR_COMPACT))

    assert not form.is_valid()
    for name in free_text:
        assert MESSAGE in " ".join(form.errors.get(name, [])), name
    assert rows() == before


def test_an_activity_entry_and_its_cancellation_in_the_api(coordinator_api, organisation):
    place = MeetingPlaceFactory()
    activity = ActivityFactory(organisation=organisation)
    before = rows()
    body = {
        "organisation": str(organisation.uuid),
        "meeting_place": str(place.uuid),
        "title": CPR,
        "category": "music",
        "start_time": "19:00",
        "end_time": "21:00",
    }
    url = "/api/v1/entries/activities/"
    refused_in_the_api(coordinator_api.post(url, body, format="json"), "title")
    refused_in_the_api(
        coordinator_api.post(
            f"{url}{activity.uuid}/cancellations/",
            {"date": timezone.localdate().isoformat(), "reason": CPR},
            format="json",
        ),
        "reason",
    )
    assert rows() == before


def municipality_of_a_new_admin():
    return MunicipalityFactory()


# The forms that take free text but build no model row themselves (their services do).
NON_MODEL_FORMS = [
    (CancellationForm, {}, "reason"),
    (TeamForm, {}, "name"),
    (OrganisationForm, {"municipality": municipality_of_a_new_admin}, "name"),
    (OrganisationForm, {"municipality": municipality_of_a_new_admin}, "phone"),
    (CitizenLookupForm, {}, "care_reference"),
    (AcceptInvitationForm, {}, "first_name"),
    (AcceptInvitationForm, {}, "last_name"),
    (ApiKeyForm, {"municipality": municipality_of_a_new_admin}, "name"),
]


@pytest.mark.parametrize(
    ("form_class", "arguments", "field"),
    NON_MODEL_FORMS,
    ids=[f"{form.__name__}.{field}" for form, _arguments, field in NON_MODEL_FORMS],
)
def test_every_free_text_field_of_the_other_forms(form_class, arguments, field):
    form = form_class(data={field: CPR}, **{name: make() for name, make in arguments.items()})
    assert not form.is_valid()
    assert MESSAGE in " ".join(form.errors[field])
