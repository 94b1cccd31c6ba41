"""The batch run against the database: optimal, within the limits, written at once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from matching import batch
from matching.models import Citizen, Match, MatchStatusChange
from matching.tasks import run_batch_matching
from meetingplaces.vocabulary import slot_bit
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MatchFactory,
    MeetingPlaceFactory,
    OrganisationFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

HERE = (54.797, 11.645)
# About 2.2 km east of HERE.
EAST = (54.797, 11.679)


@pytest.fixture
def greedy_trap():
    """Inger can reach both clubs and likes the near one best; Karl reaches only the near
    one, which has one seat. First-come would strand Karl."""
    organisation = OrganisationFactory()
    near = ActivityFactory(
        organisation=organisation,
        capacity=1,
        meeting_place=MeetingPlaceFactory(latitude=HERE[0], longitude=HERE[1]),
    )
    far = ActivityFactory(
        organisation=organisation,
        capacity=1,
        meeting_place=MeetingPlaceFactory(latitude=EAST[0], longitude=EAST[1]),
    )
    inger = CitizenFactory(
        first_name="Inger", max_distance_km=5, waiting_since=timezone.now() - timedelta(days=9)
    )
    karl = CitizenFactory(first_name="Karl", max_distance_km=1)
    return near, far, inger, karl


def test_batch_matches_everyone_greedy_would_strand(greedy_trap):
    near, far, inger, karl = greedy_trap
    plan = batch.run()
    assert plan.greedy_matched == 1
    assert plan.matched == 2
    assert set(Match.objects.values_list("citizen_id", "activity_id")) == {
        (inger.pk, far.pk),
        (karl.pk, near.pk),
    }


def test_batch_writes_history_and_citizen_status(greedy_trap):
    batch.run()
    assert MatchStatusChange.objects.filter(to_status=Match.Status.PROPOSED).count() == 2
    assert set(Citizen.objects.values_list("status", flat=True)) == {Citizen.Status.PROPOSED}
    match = Match.objects.first()
    assert match.reasons and all("text" in r for r in match.reasons)
    assert match.organisation == match.activity.organisation


def test_dry_run_writes_nothing(greedy_trap):
    plan = batch.run(dry_run=True)
    assert plan.matched == 2
    assert not Match.objects.exists()
    assert set(Citizen.objects.values_list("status", flat=True)) == {Citizen.Status.WAITING}


def test_a_declined_pair_is_not_proposed_again(greedy_trap):
    near, _far, inger, karl = greedy_trap
    MatchFactory(
        citizen=karl, activity=near, status=Match.Status.DECLINED, decline_reason="Ikke nu"
    )
    batch.run()
    assert not Match.objects.filter(citizen=karl, status=Match.Status.PROPOSED).exists()
    assert Match.objects.get(citizen=inger).activity == near


def test_citizens_with_an_open_match_are_left_alone(greedy_trap):
    near, far, inger, karl = greedy_trap
    MatchFactory(citizen=inger, activity=far)
    plan = batch.run()
    assert plan.waiting == 1
    assert Match.objects.filter(citizen=karl, activity=near).exists()


def test_open_proposals_use_up_seats_for_the_batch(greedy_trap):
    near, _far, _inger, karl = greedy_trap
    MatchFactory(activity=near, citizen=CitizenFactory(status=Citizen.Status.PROPOSED))
    batch.run()
    assert not Match.objects.filter(citizen=karl).exists()


def test_a_citizen_who_needs_a_companion_gets_one_free_at_that_time():
    organisation = OrganisationFactory()
    tuesday_morning = slot_bit(1, 0)
    activity = ActivityFactory(organisation=organisation, weekday=1)
    VolunteerFactory(organisation=organisation, first_name="Ole", availability=slot_bit(2, 0))
    hanne = VolunteerFactory(
        organisation=organisation, first_name="Hanne", availability=tuesday_morning
    )
    asta = CitizenFactory(companion_needed=True)
    batch.run()
    match = Match.objects.get(citizen=asta)
    assert match.activity == activity
    assert match.companion == hanne
    assert any("Følgeven Hanne bor" in r["text"] for r in match.reasons)


def test_no_proposal_without_a_free_companion():
    organisation = OrganisationFactory()
    ActivityFactory(organisation=organisation)
    busy = VolunteerFactory(organisation=organisation, availability=slot_bit(1, 0), max_citizens=1)
    MatchFactory(companion=busy, status=Match.Status.ACCEPTED)
    CitizenFactory(companion_needed=True)
    assert batch.run().matched == 0


def test_the_command_prints_progress_and_a_summary(greedy_trap):
    out = StringIO()
    call_command("match", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "2/2 borgere" in text
    assert "Foreslået: 2" in text
    assert "Først-til-mølle ville have fundet: 1" in text
    assert "intet er gemt" in text
    assert not Match.objects.exists()


def test_the_background_task_runs_inline(greedy_trap):
    result = run_batch_matching.enqueue()
    assert result.return_value["matched"] == 2
    assert Match.objects.count() == 2


def test_a_citizen_proposed_meanwhile_is_skipped_when_writing(greedy_trap):
    near, _far, inger, karl = greedy_trap
    plan = batch.plan()
    MatchFactory(citizen=inger, activity=near)  # home care told Inger about it meanwhile
    written = batch.write_proposals(plan)
    assert [m.citizen_id for m in written] == [karl.pk]
    assert Match.objects.filter(citizen=inger).count() == 1
