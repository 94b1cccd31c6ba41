"""Every database rule of the meeting-place models rejects the row that breaks it."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction

from meetingplaces.models import ActivityException, Membership, Team
from tests.factories import (
    ActivityFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def rejects(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize(
    "fields",
    [{"latitude": 90.5}, {"latitude": -91}, {"longitude": 180.1}, {"longitude": -200}],
)
def test_meeting_place_outside_the_globe_is_refused(fields):
    rejects(MeetingPlaceFactory, **fields)


def test_meeting_place_on_the_edges_of_the_ranges_is_kept():
    MeetingPlaceFactory(latitude=90, longitude=-180)


def test_two_meeting_places_of_one_name_in_a_municipality_are_refused():
    MeetingPlaceFactory(name="Medborgerhuset")
    rejects(MeetingPlaceFactory, name="Medborgerhuset")


def test_activity_ending_before_it_starts_is_refused():
    rejects(ActivityFactory, start_time=time(14, 0), end_time=time(13, 0))


def test_activity_ending_when_it_starts_is_refused():
    rejects(ActivityFactory, start_time=time(14, 0), end_time=time(14, 0))


def test_activity_period_ending_before_it_starts_is_refused():
    rejects(ActivityFactory, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))


@pytest.mark.parametrize(
    "fields", [{"capacity": -1}, {"participants": -3}, {"price": -5}, {"weekday": 7}]
)
def test_activity_with_negative_or_impossible_numbers_is_refused(fields):
    rejects(ActivityFactory, **fields)


def test_activity_without_capacity_means_no_limit_and_is_kept():
    assert ActivityFactory(capacity=None).capacity is None


def test_same_activity_twice_at_the_same_place_and_time_is_refused():
    first = ActivityFactory()
    rejects(
        ActivityFactory,
        meeting_place=first.meeting_place,
        title=first.title,
        weekday=first.weekday,
        start_time=first.start_time,
    )


def test_an_activity_is_cancelled_once_per_date():
    activity = ActivityFactory()
    ActivityException.objects.create(activity=activity, date=date(2026, 12, 24))
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityException.objects.create(activity=activity, date=date(2026, 12, 24))


@pytest.mark.parametrize("fields", [{"latitude": 100}, {"longitude": 181}, {"max_citizens": -1}])
def test_volunteer_with_impossible_values_is_refused(fields):
    rejects(VolunteerFactory, **fields)


def test_volunteer_e_mail_is_unique_within_an_organisation():
    volunteer = VolunteerFactory(email="hanne@example.dk")
    rejects(VolunteerFactory, organisation=volunteer.organisation, email="hanne@example.dk")
    VolunteerFactory(organisation=volunteer.organisation, email="")
    VolunteerFactory(organisation=volunteer.organisation, email="")


def test_team_and_organisation_names_are_unique_within_a_municipality():
    team = TeamFactory(name="Hjemmeplejen Nord")
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(municipality=team.municipality, name="Hjemmeplejen Nord")
    OrganisationFactory(name="Ældre Sagen")
    rejects(OrganisationFactory, name="Ældre Sagen")


@pytest.mark.parametrize(
    "role, scope",
    [
        ("staff", {}),  # staff without a team
        ("staff", {"organisation": True}),
        ("coordinator", {}),  # coordinator without an organisation
        ("coordinator", {"team": True, "organisation": True}),
        ("volunteer", {"team": True}),
        ("admin", {"team": True}),
    ],
)
def test_membership_must_fit_its_role(role, scope):
    municipality = MunicipalityFactory()
    fields = {
        "team": TeamFactory(municipality=municipality) if scope.get("team") else None,
        "organisation": OrganisationFactory(municipality=municipality)
        if scope.get("organisation")
        else None,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=role, municipality=municipality, **fields
        )


def test_same_role_twice_is_refused():
    team = TeamFactory()
    user = UserFactory()
    Membership.objects.create(user=user, role="staff", municipality=team.municipality, team=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, role="staff", municipality=team.municipality, team=team
        )
