"""Who is told what, from one template each, in plain Danish (English for those who chose
it); nothing about health or loneliness in an SMS; no contact details before acceptance."""

import pytest
from django.core import mail
from django.template.loader import render_to_string

from notifications import services
from notifications.compose import preference_of, render
from notifications.models import Message, Preference
from tests.factories import CoordinatorFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_hears_of_new_proposals_at_once_by_default(
    match_parties, django_capture_on_commit_callbacks
):
    match, *_ = match_parties
    with django_capture_on_commit_callbacks(execute=True):
        services.matches_proposed([match])
    [sent] = mail.outbox
    assert sent.to == ["kirsten@example.dk"]
    assert sent.subject == "Et nyt forslag i din indbakke"
    assert "Inger til Kortspil" in sent.body
    assert "/indbakke/" in sent.body
    # A proposal carries no contact details of the citizen.
    assert match.citizen.phone not in sent.body


def test_a_coordinator_who_chose_the_digest_gets_nothing_at_once(match_parties):
    match, coordinator, *_ = match_parties
    Preference.objects.create(user=coordinator, proposals=Preference.Proposals.DIGEST)
    assert services.matches_proposed([match]) == []
    assert not Message.objects.exists()


def test_one_message_for_many_proposals_to_one_coordinator(match_parties):
    match, coordinator, *_ = match_parties
    other = type(match).objects.create(
        citizen=match.citizen.__class__.objects.create(
            **{
                f.name: getattr(match.citizen, f.name)
                for f in match.citizen._meta.fields
                if f.name not in ("id", "care_reference")
            },
            care_reference="REF-X",
        ),
        activity=match.activity,
        organisation=match.organisation,
        coordinator=coordinator,
        score=1,
    )
    [message] = services.matches_proposed([match, other])
    assert message.subject == "2 nye forslag i din indbakke"


def test_on_acceptance_staff_and_companion_are_told(
    match_parties, django_capture_on_commit_callbacks
):
    match, _, _, companion = match_parties
    match.companion = companion
    match.status = match.Status.ACCEPTED
    match.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_accepted(match)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"sanne@example.dk", "hanne@example.dk"}
    to_staff = by_address["sanne@example.dk"]
    assert to_staff.subject == "Inger har fået en plads"
    assert "Følgevennen Hanne går med første gang." in to_staff.body
    assert "invitation" in to_staff.body
    to_companion = by_address["hanne@example.dk"]
    assert to_companion.subject == "Du skal være følgeven for Inger"
    assert "Spørgsmål: ring 54 11 22 33." in to_companion.body


def test_a_declined_proposal_is_told_to_the_staff_member(match_parties):
    match, _, staff, _ = match_parties
    services.match_declined(match)
    [message] = Message.objects.all()
    assert message.user == staff
    assert message.subject == "Forslaget til Inger blev ikke til noget"


def test_a_companion_without_email_is_told_by_sms(match_parties):
    match, *_ = match_parties
    match.companion = VolunteerFactory(
        organisation=match.organisation, first_name="Bent", email="", phone="40506070"
    )
    services.companion_assigned(match)
    [message] = Message.objects.all()
    assert message.channel == Message.Channel.SMS
    assert message.body.startswith("Hej Bent. Du er følgeven for Inger til Kortspil.")
    assert "\n" not in message.body


def test_the_companion_is_released_when_the_match_ends(match_parties):
    match, _, _, companion = match_parties
    match.companion = companion
    services.companion_released(match)
    assert Message.objects.get().subject == "Du er ikke længere følgeven på Kortspil"


def test_an_approved_volunteer_is_welcomed_once(match_parties):
    _, _, _, companion = match_parties
    services.volunteer_approved(companion)
    services.volunteer_approved(companion)
    [message] = Message.objects.all()
    assert message.volunteer == companion
    assert message.subject.startswith("Velkommen som frivillig i")


def test_a_user_who_chose_english_is_written_to_in_english(match_parties):
    match, coordinator, *_ = match_parties
    preference = preference_of(coordinator)
    preference.language = "en"
    preference.save()
    [message] = services.matches_proposed([match])
    assert message.subject == "A new proposal in your inbox"


SMS_TEMPLATES = ["companion_assigned", "visit_tomorrow_companion", "visit_tomorrow_citizen"]
HEALTH_WORDS = ["ensom", "screening", "rollator", "kørestol", "mobilitet", "score", "alene"]


@pytest.mark.parametrize("key", SMS_TEMPLATES)
def test_an_sms_carries_no_health_or_loneliness_detail(match_parties, key):
    match, _, _, companion = match_parties
    match.companion = companion
    match.citizen.notes = "Meget ensom, bruger rollator"
    context = services.visit_context(match)
    _, text = render(key, context, channel=Message.Channel.SMS, language="da")
    assert text and len(text) <= 320
    assert not [word for word in HEALTH_WORDS if word in text.lower()]
    assert match.citizen.phone not in text


def test_non_essential_emails_carry_an_unsubscribe_link(match_parties, client):
    match, coordinator, *_ = match_parties
    from notifications.compose import queue

    message = queue(
        "entries_to_verify",
        to=coordinator,
        context={"user": coordinator, "activities": [match.activity]},
        essential=False,
    )
    assert "Afmeld her: http://" in message.body
    url = message.body.rsplit("Afmeld her: ", 1)[1].strip().removeprefix("http://127.0.0.1:8000")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert preference_of(coordinator).reminders is False
    # Essential messages have none.
    assert "Afmeld" not in services.matches_proposed([match])[0].body


def test_every_message_template_renders_in_both_languages(match_parties):
    from matching.selectors import Oversight

    match, coordinator, _, companion = match_parties
    match.companion = companion
    context = {
        **services.visit_context(match),
        "user": coordinator,
        "matches": [match],
        "volunteer": companion,
        "citizen": match.citizen,
        "kind_label": "Opfølgning efter 8 uger",
        "activities": [match.activity],
        "working_days": 3,
        "municipality": match.organisation.municipality,
        "invited_by": "Mette",
        "url": "http://127.0.0.1:8000/invitation/abc/",
        "username": "ole@example.dk",
        "days": 7,
        "users": [Oversight("stine", citizens_read=60, exports=["samvaer-funnel-2026.csv"])],
        "since": match.created_at,
        "until": match.created_at,
        "limit": 50,
    }
    import pathlib

    folder = pathlib.Path(__file__).parents[2] / "notifications/templates/notifications/messages"
    keys = sorted(p.stem for p in folder.glob("*.txt") if not p.stem.startswith("_"))
    assert len(keys) == 23
    for key in keys:
        for language in ("da", "en"):
            subject, body = render(key, context, channel=Message.Channel.EMAIL, language=language)
            assert subject and body, key
    assert render_to_string  # the HTML wrapper is rendered by compose.queue
    assert CoordinatorFactory  # actors come from the shared factories
