"""The volunteer services take ids and refuse alike what is missing and what is not yours."""

import pytest
from django.core.exceptions import PermissionDenied

from meetingplaces.models import Volunteer
from meetingplaces.volunteers.services import approve_volunteer
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_approves_a_volunteer_of_their_organisation_by_id(coordinator, organisation):
    waiting = VolunteerFactory(organisation=organisation, is_approved=False)

    approved = approve_volunteer(by=coordinator, volunteer_id=waiting.pk)

    assert approved.pk == waiting.pk
    assert Volunteer.objects.get(pk=waiting.pk).is_approved


def test_another_organisations_volunteer_and_a_missing_one_are_refused_alike(coordinator):
    elsewhere = VolunteerFactory(is_approved=False)

    with pytest.raises(PermissionDenied) as not_mine:
        approve_volunteer(by=coordinator, volunteer_id=elsewhere.pk)
    with pytest.raises(PermissionDenied) as missing:
        approve_volunteer(by=coordinator, volunteer_id=elsewhere.pk + 1000)

    assert str(not_mine.value) == str(missing.value)
    assert Volunteer.objects.get(pk=elsewhere.pk).is_approved is False
