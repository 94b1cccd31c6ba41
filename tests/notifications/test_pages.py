"""The pages: preferences, the delivery log with its retry button, the printed invitation."""

import pytest
from django.urls import reverse

from matching.models import AuditEvent, Match
from notifications.models import Message, Preference
from tests.factories import CoordinatorFactory, sign_in

pytestmark = pytest.mark.django_db


def failed_message(match, coordinator):
    return Message.objects.create(
        channel=Message.Channel.EMAIL,
        template="proposals_new",
        subject="Et nyt forslag i din indbakke",
        body="x",
        user=coordinator,
        organisation=match.organisation,
        state=Message.State.FAILED,
        attempts=6,
        last_error="Connection refused",
    )


def test_a_user_chooses_a_daily_digest(client, match_parties):
    _, coordinator, *_ = match_parties
    sign_in(client, coordinator)
    page = client.get(reverse("notifications:preferences"))
    assert "Beskeder til dig" in page.text
    response = client.post(
        reverse("notifications:preferences"),
        {"proposals": "digest", "reminders": "on", "language": "da"},
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=coordinator).proposals == "digest"


def test_the_navigation_of_a_signed_in_user_links_to_the_preferences(client, match_parties):
    sign_in(client, match_parties[2])
    page = client.get(reverse("frontend:homecare-citizens"))
    assert reverse("notifications:preferences") in page.text


def test_a_coordinator_sees_the_failures_of_their_organisation_with_the_error(
    client, match_parties
):
    match, coordinator, *_ = match_parties
    failed_message(match, coordinator)
    sign_in(client, coordinator)
    page = client.get(reverse("notifications:log"))
    assert "En besked er ikke kommet frem." in page.text
    assert "Connection refused" in page.text
    assert "Send igen" in page.text


def test_another_organisations_coordinator_sees_none_of_it(client, match_parties):
    match, coordinator, *_ = match_parties
    message = failed_message(match, coordinator)
    stranger = CoordinatorFactory()
    sign_in(client, stranger)
    assert "Connection refused" not in client.get(reverse("notifications:log")).text
    response = client.post(reverse("notifications:retry", args=[message.pk]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == 6


def test_the_retry_button_sends_the_message_again(
    client, match_parties, django_capture_on_commit_callbacks
):
    match, coordinator, *_ = match_parties
    message = failed_message(match, coordinator)
    sign_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == Message.State.SENT


def test_the_printed_invitation_has_what_the_citizen_needs(client, match_parties):
    match, _, staff, companion = match_parties
    match.status, match.companion = Match.Status.ACCEPTED, companion
    match.save()
    sign_in(client, staff)
    url = reverse("notifications:invitation", args=[match.citizen_id, match.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "Kære Inger" in text
    assert "Du er inviteret til Kortspil" in text
    assert "Torvet 1" in text and "trinfri adgang" in text
    assert "Hanne går med dig første gang." in text
    assert "54 11 22 33" in text
    assert "<svg" in text
    # The companion's contact details never appear, only the first name.
    assert companion.phone not in text and companion.email not in text
    # Printing is accounted for as a letter, once; the read is audited.
    client.get(url)
    letter = Message.objects.get(channel=Message.Channel.LETTER)
    assert letter.citizen == match.citizen and letter.state == Message.State.SENT
    assert (
        AuditEvent.objects.filter(
            citizen_id=match.citizen_id, view="notifications:invitation"
        ).count()
        == 2
    )


def test_the_companion_is_not_named_before_the_match_is_accepted(client, match_parties):
    match, _, staff, companion = match_parties
    match.companion = companion
    match.save()
    sign_in(client, staff)
    page = client.get(reverse("notifications:invitation", args=[match.citizen_id, match.pk]))
    assert "Hanne" not in page.text


def test_a_declined_match_has_no_invitation(client, match_parties):
    match, _, staff, _ = match_parties
    Match.objects.filter(pk=match.pk).update(status=Match.Status.DECLINED, decline_reason="x")
    sign_in(client, staff)
    url = reverse("notifications:invitation", args=[match.citizen_id, match.pk])
    assert client.get(url).status_code == 404


def test_the_inbox_shows_each_proposals_age_and_answer_deadline(client, match_parties):
    _, coordinator, *_ = match_parties
    sign_in(client, coordinator)
    page = client.get(reverse("frontend:inbox"))
    assert "Venter siden" in page.text
    assert "svar senest" in page.text


def test_staff_see_the_escalation_steps_and_the_page_updates_itself(client, match_parties):
    from notifications import escalation

    match, _, staff, _ = match_parties
    escalation._note(match, "Ubesvaret i 3 arbejdsdage: koordinatoren er mindet om det")
    sign_in(client, staff)
    page = client.get(reverse("frontend:homecare-citizen", args=[match.citizen_id]))
    assert "frontend/inbox.js" in page.text  # the live listener, as on the inbox
    fragment_url = reverse("frontend:homecare-citizen-matches", args=[match.citizen_id])
    assert fragment_url in page.text
    fragment = client.get(fragment_url).text
    assert "koordinatoren er mindet om det (venter siden" in fragment
    assert "Venter siden" in fragment
    assert reverse("notifications:invitation", args=[match.citizen_id, match.pk]) in fragment
