"""`manage.py load_demo` builds a realistic municipality, and running it again adds nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from meetingplaces.demo import DEMO_LOGINS, DEMO_PASSWORD
from meetingplaces.models import Activity, MeetingPlace, Membership, Municipality
from tests.factories import load_demo

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in ("meetingplaces", "matching", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def test_load_demo_twice_adds_nothing():
    load_demo(stdout=StringIO())
    first = row_counts()
    out = StringIO()
    load_demo(stdout=out)
    assert row_counts() == first
    assert "16 meeting places" in out.getvalue()


def test_demo_is_big_enough_to_try_every_role():
    load_demo(stdout=StringIO())
    counts = row_counts()
    assert counts["meetingplaces.MeetingPlace"] >= 14
    assert counts["meetingplaces.Activity"] >= 60
    assert counts["meetingplaces.Volunteer"] >= 40
    assert counts["meetingplaces.Organisation"] >= 2
    assert counts["meetingplaces.Team"] == 3
    assert 25 <= counts["matching.Citizen"] <= 35
    assert counts["matching.Screening"] >= counts["matching.Citizen"]
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"staff", "coordinator", "volunteer", "admin"}
    for username, _role in DEMO_LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None


def test_demo_places_are_spread_over_the_towns_of_guldborgsund():
    load_demo(stdout=StringIO())
    towns = set(MeetingPlace.objects.values_list("town", flat=True))
    assert len(towns) >= 10
    for place in MeetingPlace.objects.all():
        assert 54.5 < place.latitude < 55.0 and 11.5 < place.longitude < 12.2


def test_demo_activities_are_of_many_kinds_with_schedules():
    load_demo(stdout=StringIO())
    assert Activity.objects.values("category").distinct().count() >= 10
    assert Activity.objects.values("title").distinct().count() >= 15
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Mandeværksted", "Kvindenetværket", "Fællessang", "IT-café"} <= titles
    assert Activity.objects.filter(capacity__isnull=False).count() > 40


def test_load_demo_matches_once_when_it_creates_the_demo_and_never_again():
    from matching.models import Match

    first = StringIO()
    load_demo("--match", "--quiet-logins", stdout=first)
    proposals = Match.objects.count()
    assert proposals > 0
    assert "forslag er gemt" in first.getvalue()
    again = StringIO()
    load_demo("--match", "--quiet-logins", stdout=again)
    assert Match.objects.count() == proposals
    assert "nothing added, no matching run" in again.getvalue()


def test_load_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not Municipality.objects.filter(slug="guldborgsund").exists()
