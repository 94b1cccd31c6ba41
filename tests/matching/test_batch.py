"""The batch run against the database: optimal, within the limits, written at once."""

import random
from dataclasses import replace as dataclass_replace
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from matching import batch, engine
from matching.models import Citizen, Match, MatchStatusChange
from matching.selectors import citizen_needs, waiting_reasons
from matching.tasks import run_batch_matching
from meetingplaces.geo import distance_km
from meetingplaces.models import Activity, Volunteer
from meetingplaces.vocabulary import activity_slots, slot_bit
from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    MatchFactory,
    MeetingPlaceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def guldborgsund():
    return MunicipalityFactory()


def run(**options):
    return batch.run(municipality=guldborgsund(), **options)


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
    plan = run()
    assert plan.greedy_matched == 1
    assert plan.matched == 2
    assert set(Match.objects.values_list("citizen_id", "activity_id")) == {
        (inger.pk, far.pk),
        (karl.pk, near.pk),
    }


def test_batch_writes_history_and_citizen_status(greedy_trap):
    run()
    assert MatchStatusChange.objects.filter(to_status=Match.Status.PROPOSED).count() == 2
    assert set(Citizen.objects.values_list("status", flat=True)) == {Citizen.Status.PROPOSED}
    match = Match.objects.first()
    assert match.reasons and all("text" in r for r in match.reasons)
    assert match.organisation == match.activity.organisation


def test_dry_run_writes_nothing(greedy_trap):
    plan = run(dry_run=True)
    assert plan.matched == 2
    assert not Match.objects.exists()
    assert set(Citizen.objects.values_list("status", flat=True)) == {Citizen.Status.WAITING}


def test_a_declined_pair_is_not_proposed_again(greedy_trap):
    near, _far, inger, karl = greedy_trap
    MatchFactory(
        citizen=karl, activity=near, status=Match.Status.DECLINED, decline_reason="Ikke nu"
    )
    run()
    assert not Match.objects.filter(citizen=karl, status=Match.Status.PROPOSED).exists()
    assert Match.objects.get(citizen=inger).activity == near


def test_citizens_with_an_open_match_are_left_alone(greedy_trap):
    near, far, inger, karl = greedy_trap
    MatchFactory(citizen=inger, activity=far)
    plan = run()
    assert plan.waiting == 1
    assert Match.objects.filter(citizen=karl, activity=near).exists()


def test_open_proposals_use_up_seats_for_the_batch(greedy_trap):
    near, _far, _inger, karl = greedy_trap
    MatchFactory(activity=near, citizen=CitizenFactory(status=Citizen.Status.PROPOSED))
    run()
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
    run()
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
    assert run().matched == 0


def test_the_command_prints_progress_and_a_summary(greedy_trap):
    out = StringIO()
    call_command("match", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Foreslået: 2" in text
    assert "Først-til-mølle ville have fundet: 1" in text
    assert "intet er gemt" in text
    assert not Match.objects.exists()


def test_the_background_task_runs_inline(greedy_trap):
    result = run_batch_matching.enqueue()
    assert [run["matched"] for run in result.return_value] == [2]
    assert Match.objects.count() == 2


def test_a_citizen_proposed_meanwhile_is_skipped_when_writing(greedy_trap):
    near, _far, inger, karl = greedy_trap
    plan = batch.plan(municipality=guldborgsund())
    MatchFactory(citizen=inger, activity=near)  # home care told Inger about it meanwhile
    written = batch.write_proposals(plan)
    assert [m.citizen_id for m in written] == [karl.pk]
    assert Match.objects.filter(citizen=inger).count() == 1


def test_a_rerun_proposes_nothing_twice(greedy_trap):
    first = run()
    assert first.matched == 2
    second = run()
    assert second.waiting == 0
    assert Match.objects.count() == 2
    pairs = list(Match.objects.values_list("citizen_id", "activity_id"))
    assert len(pairs) == len(set(pairs))


def test_a_citizen_left_waiting_is_told_which_seat_is_missing():
    place = MeetingPlaceFactory(latitude=HERE[0], longitude=HERE[1])
    ActivityFactory(meeting_place=place, capacity=1, title="Kortklubben")
    CitizenFactory(first_name="Asta", waiting_since=timezone.now() - timedelta(days=30))
    bent = CitizenFactory(first_name="Bent")
    plan = run()
    assert plan.matched == 1
    bent.refresh_from_db()
    assert bent.waiting_reason == "no_seat"
    assert bent.waiting_detail["title"] == "Kortklubben"
    assert "Ingen ledig plads på Kortklubben" in bent.waiting_explanation
    assert bent.waiting_checked_at is not None


def test_a_citizen_left_waiting_is_told_no_companion_lives_near():
    ActivityFactory(title="Sangkoret")
    asta = CitizenFactory(companion_needed=True)
    run()
    asta.refresh_from_db()
    assert asta.waiting_reason == "no_companion"
    assert "Sangkoret passer, men der mangler en ledig følgeven" in asta.waiting_explanation


def test_a_citizen_left_waiting_is_told_the_nearest_activity_beyond_reach():
    ActivityFactory(
        title="Strikkecafé",
        meeting_place=MeetingPlaceFactory(latitude=HERE[0], longitude=EAST[1]),
    )
    karl = CitizenFactory(max_distance_km=1)
    run()
    karl.refresh_from_db()
    assert karl.waiting_reason == "no_activity"
    assert karl.waiting_detail["distance_km"] == 2.2
    assert "Den nærmeste er Strikkecafé, 2,2 km væk" in karl.waiting_explanation


def test_a_proposed_citizen_loses_the_old_waiting_reason(greedy_trap):
    _near, _far, inger, _karl = greedy_trap
    Citizen.objects.filter(pk=inger.pk).update(waiting_reason="no_seat")
    run()
    inger.refresh_from_db()
    assert inger.waiting_reason == ""


def test_the_command_runs_one_municipality_by_code_or_name(greedy_trap):
    out = StringIO()
    call_command("match", "--municipality", "Guldborgsund Kommune", stdout=out)
    assert "Foreslået: 2" in out.getvalue()
    assert Match.objects.count() == 2
    call_command("match", "--municipality", "0376", stdout=out)
    assert Match.objects.count() == 2


def test_the_command_refuses_an_unknown_municipality():
    with pytest.raises(CommandError):
        call_command("match", "--municipality", "Atlantis", stdout=StringIO())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_proposal_of_a_batch_run_breaks_a_rule(seed):
    rng = random.Random(seed)
    organisations = [OrganisationFactory(), OrganisationFactory()]

    def near():
        return HERE[0] + rng.uniform(-0.05, 0.05), HERE[1] + rng.uniform(-0.08, 0.08)

    for _ in range(25):
        latitude, longitude = near()
        ActivityFactory(
            organisation=rng.choice(organisations),
            meeting_place=MeetingPlaceFactory(
                latitude=latitude, longitude=longitude, step_free=rng.random() < 0.6
            ),
            weekday=rng.randrange(7),
            capacity=rng.choice([None, 1, 2]),
            audience=rng.choice(["all", "all", "men", "women"]),
            companion_available=rng.random() < 0.2,
        )
    for _ in range(8):
        latitude, longitude = near()
        VolunteerFactory(
            organisation=rng.choice(organisations),
            latitude=latitude,
            longitude=longitude,
            availability=rng.getrandbits(21),
            max_citizens=rng.choice([1, 2]),
        )
    for _ in range(30):
        latitude, longitude = near()
        CitizenFactory(
            latitude=latitude,
            longitude=longitude,
            max_distance_km=rng.choice([1, 3, 5]),
            mobility=rng.choice(["walks_alone", "walker"]),
            gender=rng.choice(["", "woman", "man"]),
            preferred_slots=rng.getrandbits(21),
            companion_needed=rng.random() < 0.4,
        )
    plan = run()
    assert plan.matched >= plan.greedy_matched
    matches = Match.objects.select_related("citizen", "activity__meeting_place", "companion")
    for match in matches:
        needs = citizen_needs(match.citizen)
        facts = engine.ActivityFacts(
            id=match.activity_id,
            latitude=match.activity.meeting_place.latitude,
            longitude=match.activity.meeting_place.longitude,
            step_free=match.activity.meeting_place.step_free,
            audience=match.activity.audience,
            interests=match.activity.interests,
            slots=activity_slots(
                match.activity.weekday, match.activity.start_time, match.activity.end_time
            ),
            free_seats=1,  # seats are counted below
            companion_available=match.activity.companion_available,
            organisation_id=match.activity.organisation_id,
        )
        needs = dataclass_replace(needs, excluded_activity_ids=frozenset())
        home = (needs.latitude, needs.longitude)
        place = (facts.latitude, facts.longitude)
        assert engine.breaks_no_rule(needs, facts, distance_km(home, place))
        if needs.companion_needed and not facts.companion_available:
            companion = match.companion
            assert companion.organisation_id == facts.organisation_id
            assert companion.is_approved and companion.can_accompany
            assert facts.slots & ~companion.availability == 0
            assert distance_km(home, (companion.latitude, companion.longitude)) <= 5.0
        else:
            assert match.companion is None
    for activity in Activity.objects.exclude(capacity=None):
        assert activity.matches.count() <= activity.capacity - activity.participants
    for volunteer in Volunteer.objects.all():
        assert volunteer.matches.count() <= volunteer.max_citizens


def test_the_gap_map_reads_who_waits_and_why():
    ActivityFactory(title="Sangkoret")
    asta = CitizenFactory(companion_needed=True)
    run()
    [row] = waiting_reasons(municipality=guldborgsund())
    assert row["pk"] == asta.pk
    assert row["waiting_reason"] == "no_companion"
    assert row["waiting_detail"]["title"] == "Sangkoret"
