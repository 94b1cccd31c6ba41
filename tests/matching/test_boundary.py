"""The municipality boundary: a citizen is proposed only to organisations serving the
citizen's municipality, in every path that suggests or proposes."""

import pytest
from django.core.exceptions import ValidationError

from matching import batch
from matching.lifecycle import decline_match
from matching.models import Citizen, Match, MatchStatusChange
from matching.selectors import suggest_activities
from matching.services import tell_citizen_about
from meetingplaces.models import Organisation
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

# Right on the border: both municipalities' activities are within the citizen's reach.
BORDER = (54.797, 11.645)


@pytest.fixture
def lolland():
    return MunicipalityFactory(code="0360", name="Lolland Kommune", slug="lolland")


@pytest.fixture
def across_the_border(lolland):
    """Inger lives in Guldborgsund; the only activity near her is a Lolland association's."""
    organisation = OrganisationFactory(municipality=lolland, name="Lollands Ældresag")
    place = MeetingPlaceFactory(municipality=lolland, latitude=BORDER[0], longitude=BORDER[1])
    activity = ActivityFactory(meeting_place=place, organisation=organisation)
    inger = CitizenFactory(latitude=BORDER[0], longitude=BORDER[1])
    return organisation, activity, inger


def test_no_suggestion_from_an_organisation_of_another_municipality(across_the_border):
    _organisation, _activity, inger = across_the_border
    assert suggest_activities(inger) == []


def test_an_agreement_to_serve_the_municipality_lets_its_activities_be_suggested(
    across_the_border,
):
    organisation, activity, inger = across_the_border
    organisation.serves.add(inger.municipality)
    assert [s.activity_id for s in suggest_activities(inger)] == [activity.pk]


def test_staff_cannot_tell_a_citizen_about_an_activity_across_the_border(across_the_border):
    _organisation, activity, inger = across_the_border
    with pytest.raises(ValidationError):
        tell_citizen_about(
            citizen_id=inger.pk,
            activity_id=activity.pk,
            by=StaffFactory(team=inger.team),
            view="test",
        )
    assert not Match.objects.exists()


def test_the_batch_run_proposes_only_within_the_boundary(across_the_border, lolland):
    _organisation, activity, inger = across_the_border
    lolland_citizen = CitizenFactory(team__municipality=lolland)
    for municipality_plan in batch.run_night():
        assert municipality_plan.gap == 0.0
    assert list(Match.objects.values_list("citizen_id", "activity_id")) == [
        (lolland_citizen.pk, activity.pk)
    ]
    inger.refresh_from_db()
    assert inger.status == Citizen.Status.WAITING
    assert inger.waiting_reason == "no_activity"


def test_the_batch_run_uses_an_agreement(across_the_border):
    organisation, activity, inger = across_the_border
    organisation.serves.add(inger.municipality)
    batch.run_night(municipality="0376")
    assert list(Match.objects.values_list("citizen_id", "activity_id")) == [(inger.pk, activity.pk)]


def test_companions_come_only_from_organisations_serving_the_municipality(lolland):
    home = OrganisationFactory()
    ActivityFactory(organisation=home, companion_available=False)
    foreign = OrganisationFactory(municipality=lolland)
    VolunteerFactory(organisation=foreign, availability=(1 << 21) - 1)
    CitizenFactory(companion_needed=True)
    batch.run_night(municipality="0376")
    assert not Match.objects.exists()


def test_the_next_proposal_after_a_decline_stays_within_the_boundary(across_the_border):
    _organisation, foreign_activity, inger = across_the_border
    home_activity = ActivityFactory(
        meeting_place=MeetingPlaceFactory(latitude=BORDER[0], longitude=BORDER[1] + 0.01)
    )
    inger.status = Citizen.Status.PROPOSED
    inger.save()
    first = MatchFactory(citizen=inger, activity=home_activity)
    MatchStatusChange.objects.create(match=first, to_status=Match.Status.PROPOSED)
    following = decline_match(
        match_id=first.pk, by=CoordinatorFactory(organisation=first.organisation), reason="Nej tak"
    )
    assert following is None
    assert not Match.objects.filter(activity=foreign_activity).exists()


def test_an_organisation_always_serves_its_own_municipality():
    organisation = OrganisationFactory()
    assert Organisation.objects.serving(organisation.municipality).get() == organisation
