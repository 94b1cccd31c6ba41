"""The services behind the entry pages and API: who may change what, the schedule's rules,
cancellations and breaks, geocoding, and that every refusal leaves everything as it was."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from meetingplaces.entries import freshness, selectors, services
from meetingplaces.models import Activity, ActivityException, MeetingPlace
from tests.factories import (
    ActivityFactory,
    CoordinatorFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from tests.security.hostile import FICTIONAL_CPR

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(organisation):
    return ActivityFactory(
        organisation=organisation, title="Strikkeklub", weekday=1, participants=4, capacity=10
    )


def _data(activity: Activity, **changes) -> dict:
    data = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    return {**data, **changes}


def _unchanged(activity: Activity) -> None:
    stored = Activity.objects.get(pk=activity.pk)
    for name in services.ACTIVITY_FIELDS:
        assert getattr(stored, name) == getattr(activity, name), name


def test_a_coordinator_makes_an_activity_every_other_wednesday(coordinator, organisation):
    place = MeetingPlaceFactory()
    activity = services.save_activity(
        by=coordinator,
        data={
            "organisation": organisation,
            "meeting_place": place,
            "title": "Kaffe\r\nog kage",
            "category": "community",
            "recurrence": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            "weekday": 0,
            "start_time": time(14),
            "end_time": time(16),
            "starts_on": date(2026, 11, 4),
        },
    )
    assert activity.title == "Kaffe og kage"
    assert activity.weekday == 2  # the rule's weekday, for matching and search
    assert activity.municipality == place.municipality
    assert activity.last_verified_on == timezone.localdate()
    assert activity.schedule.describe() == "hver anden onsdag"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_time": time(12), "end_time": time(11)}, "end_time"),
        ({"starts_on": date(2030, 1, 10), "ends_on": date(2030, 1, 1)}, "ends_on"),
        ({"recurrence": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "starts_on": None}, "starts_on"),
        ({"recurrence": "RDATE;VALUE=DATE:20200101"}, "recurrence"),
        ({"recurrence": "RRULE:FREQ=DAILY"}, "recurrence"),
        ({"ends_on": date(2021, 1, 1)}, "recurrence"),
        ({"capacity": 3}, "capacity"),
        ({"description": f"Ring til Jens, {FICTIONAL_CPR}"}, "description"),
        ({"contact_name": "0101501234"}, "contact_name"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_changes_nothing(
    coordinator, activity, changes, field
):
    with pytest.raises(ValidationError) as refused:
        services.save_activity(by=coordinator, data=_data(activity, **changes), activity=activity)
    assert field in refused.value.error_dict
    _unchanged(activity)


def test_another_organisations_activity_does_not_exist_for_a_coordinator(coordinator):
    theirs = ActivityFactory(organisation=OrganisationFactory(name="Røde Kors"))
    with pytest.raises(Http404):
        services.save_activity(by=coordinator, data=_data(theirs, title="Mine nu"), activity=theirs)
    with pytest.raises(Http404):
        services.verify_activity(by=coordinator, activity=theirs)
    _unchanged(theirs)
    assert theirs not in selectors.activities_kept_by(coordinator)


def test_a_coordinator_cannot_move_an_activity_to_another_organisation(coordinator, activity):
    other = OrganisationFactory(name="Røde Kors")
    with pytest.raises(ValidationError) as refused:
        services.save_activity(
            by=coordinator, data=_data(activity, organisation=other), activity=activity
        )
    assert "organisation" in refused.value.error_dict
    _unchanged(activity)


def test_a_municipality_admin_keeps_every_entry_of_their_municipality_only(municipality_admin):
    ours = ActivityFactory()
    elsewhere = ActivityFactory(
        meeting_place=MeetingPlaceFactory(
            municipality=MunicipalityFactory(code="0101", name="København", slug="koebenhavn")
        )
    )
    assert list(selectors.activities_kept_by(municipality_admin)) == [ours]
    services.save_activity(by=municipality_admin, data=_data(ours, capacity=30), activity=ours)
    with pytest.raises(Http404):
        services.set_published(by=municipality_admin, activity=elsewhere, published=False)
    assert Activity.objects.get(pk=elsewhere.pk).is_active


def test_a_paused_activity_leaves_the_finder_and_comes_back(coordinator, activity):
    services.set_published(by=coordinator, activity=activity, published=False)
    assert not Activity.objects.published().filter(pk=activity.pk).exists()
    services.set_published(by=coordinator, activity=activity, published=True)
    assert Activity.objects.published().filter(pk=activity.pk).exists()


def _next_tuesday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_a_cancelled_date_is_skipped_with_its_reason(coordinator, activity):
    tuesday = _next_tuesday()
    services.cancel(by=coordinator, activity=activity, first=tuesday, reason="Sygdom")
    activity = Activity.objects.prefetch_related("exceptions").get(pk=activity.pk)
    assert tuesday not in activity.next_dates(after=tuesday, count=3)
    assert activity.exceptions.get().reason == "Sygdom"


def test_a_summer_break_skips_every_meeting_in_it(coordinator, activity):
    first = _next_tuesday()
    services.cancel(
        by=coordinator,
        activity=activity,
        first=first,
        last=first + timedelta(weeks=6),
        reason="Sommerferie",
    )
    activity = Activity.objects.prefetch_related("exceptions").get(pk=activity.pk)
    assert activity.next_dates(after=first, count=1) == [first + timedelta(weeks=7)]


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (-14, None, "date"),  # in the past (the next Tuesday is at most a week ahead)
        (1, None, "date"),  # a Wednesday: it does not meet then
        (0, -1, "last_date"),  # a break that ends before it begins
        (0, 400, "last_date"),  # longer than half a year: pause it instead
    ],
)
def test_a_cancellation_that_makes_no_sense_is_refused(coordinator, activity, first, last, field):
    tuesday = _next_tuesday()
    with pytest.raises(ValidationError) as refused:
        services.cancel(
            by=coordinator,
            activity=activity,
            first=tuesday + timedelta(days=first),
            last=None if last is None else tuesday + timedelta(days=last),
        )
    assert field in refused.value.error_dict
    assert not ActivityException.objects.exists()


def test_the_same_date_cannot_be_cancelled_twice(coordinator, activity):
    tuesday = _next_tuesday()
    services.cancel(by=coordinator, activity=activity, first=tuesday)
    with pytest.raises(ValidationError):
        services.cancel(by=coordinator, activity=activity, first=tuesday, reason="igen")
    assert ActivityException.objects.get().reason == ""


def test_a_new_meeting_place_is_placed_by_the_geocoder(coordinator, organisation):
    place = services.save_meeting_place(
        by=coordinator,
        data={
            "municipality": organisation.municipality,
            "host": organisation,
            "name": "Medborgerhuset",
            "street": "Torvet 3",
            "postcode": "4800",
            "town": "Nykøbing F",
        },
    )
    # The offline geocoder places it at its postcode (Nykøbing Falster).
    assert 54.7 < place.latitude < 54.9 and 11.8 < place.longitude < 12.0


def test_a_moved_place_is_placed_again_and_an_unknown_address_changes_nothing(
    coordinator, organisation
):
    place = MeetingPlaceFactory(host=organisation, latitude=1.0, longitude=1.0)
    with pytest.raises(ValidationError) as refused:
        services.save_meeting_place(
            by=coordinator, data={"postcode": "0000", "town": "Ingenby"}, place=place
        )
    assert "street" in refused.value.error_dict
    assert MeetingPlace.objects.get(pk=place.pk).postcode == "4990"
    services.save_meeting_place(
        by=coordinator, data={"postcode": "4800", "town": "Nykøbing F"}, place=place
    )
    place.refresh_from_db()
    assert place.latitude != 1.0


def test_another_organisations_place_does_not_exist_for_a_coordinator(coordinator):
    theirs = MeetingPlaceFactory(host=OrganisationFactory(name="Røde Kors"))
    with pytest.raises(Http404):
        services.save_meeting_place(by=coordinator, data={"name": "Mit"}, place=theirs)
    assert MeetingPlace.objects.get(pk=theirs.pk).name == theirs.name


def test_the_confirmation_link_works_once(coordinator, activity):
    Activity.objects.filter(pk=activity.pk).update(last_verified_on=date(2026, 1, 1))
    activity.refresh_from_db()
    token = freshness.verification_token(user=coordinator, activity=activity)
    assert freshness.verify_by_token(token).last_verified_on == timezone.localdate()
    with pytest.raises(ValidationError) as used:
        freshness.verify_by_token(token)
    assert used.value.code == "used"


def test_the_confirmation_link_expires_and_follows_the_role(coordinator, activity, settings):
    token = freshness.verification_token(user=coordinator, activity=activity)
    settings.FRESHNESS_LINK_DAYS = 0
    with pytest.raises(ValidationError):
        freshness.verify_by_token(token)
    settings.FRESHNESS_LINK_DAYS = 28
    coordinator.memberships.all().delete()
    with pytest.raises(ValidationError):
        freshness.verify_by_token(token)
    with pytest.raises(ValidationError):
        freshness.verify_by_token(token[:-2] + "xx")


def test_a_coordinator_of_two_organisations_keeps_both(organisation):
    other = OrganisationFactory(name="Røde Kors")
    both = CoordinatorFactory(organisation=organisation)
    from meetingplaces.models import Membership

    Membership.objects.create(
        user=both,
        role=Membership.Role.COORDINATOR,
        municipality=other.municipality,
        organisation=other,
    )
    mine = {ActivityFactory(organisation=organisation).pk, ActivityFactory(organisation=other).pk}
    ActivityFactory(organisation=OrganisationFactory(name="Tredje"))
    assert {a.pk for a in selectors.activities_kept_by(both)} == mine
