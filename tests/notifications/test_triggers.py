"""The services that change state tell people once their change has committed: the
lifecycle, the batch run, staff telling a citizen, a coordinator approving a volunteer."""

import pytest
from django.core import mail

from matching import batch, lifecycle
from matching.models import Match
from meetingplaces.volunteers.services import approve_volunteer
from notifications.models import Message
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_accepting_tells_the_staff_member_after_commit(
    match_parties, django_capture_on_commit_callbacks
):
    match, coordinator, _, _ = match_parties
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lifecycle.accept_match(match_id=match.pk, by=coordinator)
        assert mail.outbox == []  # nothing leaves before the change has committed
    assert callbacks
    assert [m.to for m in mail.outbox] == [["sanne@example.dk"]]
    assert mail.outbox[0].subject == "Inger har fået en plads"


def test_declining_tells_the_staff_member(match_parties):
    match, coordinator, staff, _ = match_parties
    lifecycle.decline_match(match_id=match.pk, by=coordinator, reason="Holdet er fuldt")
    assert Message.objects.filter(user=staff, template="citizen_declined").exists()


def test_ending_releases_the_companion(match_parties):
    match, coordinator, _, companion = match_parties
    Match.objects.filter(pk=match.pk).update(status=Match.Status.PARTICIPATING, companion=companion)
    match.refresh_from_db()
    lifecycle.record_step(match_id=match.pk, by=coordinator, step=Match.Status.ENDED)
    assert Message.objects.filter(volunteer=companion, template="companion_released").exists()


def test_a_batch_run_tells_the_coordinators_of_their_proposals(match_parties):
    match, coordinator, *_ = match_parties
    Match.objects.filter(pk=match.pk).delete()
    matches = sum(plan.matched for plan in batch.run_night())
    assert matches == 1
    [message] = Message.objects.filter(template="proposals_new")
    assert message.user == coordinator
    assert sum(plan.matched for plan in batch.run_night()) == 0
    assert Message.objects.filter(template="proposals_new").count() == 1


def test_approving_a_volunteer_welcomes_them(match_parties):
    _, coordinator, *_ = match_parties
    organisation = coordinator.memberships.get().organisation
    volunteer = VolunteerFactory(organisation=organisation, is_approved=False, email="ny@x.dk")
    approve_volunteer(by=coordinator, volunteer_id=volunteer.pk)
    assert Message.objects.get(volunteer=volunteer).template == "volunteer_approved"


def test_anonymising_a_citizen_erases_the_texts_of_their_messages(match_parties):
    from matching.privacy import anonymise_citizen

    match, coordinator, staff, _ = match_parties
    lifecycle.decline_match(match_id=match.pk, by=coordinator, reason="Holdet er fuldt")
    sms = Message.objects.create(
        channel=Message.Channel.SMS,
        template="visit_tomorrow_citizen",
        body="Hej Inger",
        citizen=match.citizen,
        state=Message.State.SENT,
    )
    anonymise_citizen(citizen=match.citizen, by=None, reason="test")
    sms.refresh_from_db()
    assert sms.body == "" and sms.state == Message.State.SENT
    to_staff = Message.objects.get(user=staff)
    assert "Inger" not in to_staff.subject + to_staff.body + to_staff.html
