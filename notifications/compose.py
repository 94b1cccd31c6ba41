"""Writing a message: pick the channel for the recipient, render its one template in the
recipient's language, store it, and hand it to delivery once the transaction commits.

Each message has one template, `notifications/messages/<key>.txt`: its first line is the
e-mail's subject, the rest the text. The same template renders the SMS (with `sms` true in
its context), which must stay short and carry no health or loneliness detail. The HTML
alternative wraps the text in `notifications/email.html`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from matching.models import Citizen
from meetingplaces.models import Volunteer

from . import delivery
from .models import Message, Preference

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(user) -> str:
    token = signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def preference_of(user) -> Preference:
    preference, _ = Preference.objects.get_or_create(user=user)
    return preference


def channel_for(recipient) -> str | None:
    """E-mail where there is an address, otherwise SMS where there is a phone number."""
    if getattr(recipient, "email", ""):
        return Message.Channel.EMAIL
    if getattr(recipient, "phone", ""):
        return Message.Channel.SMS
    return None


def render(key: str, context: dict, *, channel: str, language: str) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(
            f"notifications/messages/{key}.txt",
            {**context, "sms": channel == Message.Channel.SMS, "site_url": settings.SITE_URL},
        )
    subject, _, body = text.strip().partition("\n")
    lines = [line.strip() for line in body.strip().splitlines()]
    if channel == Message.Channel.SMS:
        # One short paragraph: a phone shows it whole.
        return subject.strip(), " ".join(line for line in lines if line)
    body = "\n".join(lines)
    while "\n\n\n" in body:
        body = body.replace("\n\n\n", "\n\n")
    return subject.strip(), body


def queue(
    key: str,
    *,
    to,
    context: dict,
    channel: str | None = None,
    match=None,
    organisation=None,
    dedupe_key: str | None = None,
    essential: bool = True,
) -> Message | None:
    """Write one message to `to` (a user, volunteer, citizen or relative asking for a
    mentor) and deliver it after commit.

    Returns None when the recipient has no address for any channel, or when a message
    with the same `dedupe_key` exists already (a job's second run). `essential` is false
    for notices a person may turn off: those carry an unsubscribe link.
    """
    channel = channel or channel_for(to)
    if channel is None:
        return None
    user = to if isinstance(to, get_user_model()) else None
    language = preference_of(user).language if user else settings.LANGUAGE_CODE
    unsubscribe = unsubscribe_url(user) if user and not essential else ""
    subject, body = render(key, context, channel=channel, language=language)
    html = ""
    if channel == Message.Channel.EMAIL:
        if unsubscribe:
            with translation.override(language):
                body += "\n\n" + translation.gettext(
                    "Vil du ikke have denne slags e-mails? Afmeld her: %(url)s"
                ) % {"url": unsubscribe}
        with translation.override(language):
            html = render_to_string(
                "notifications/email.html",
                {"subject": subject, "body": body, "unsubscribe": unsubscribe},
            )
    message = Message(
        channel=channel,
        template=key,
        subject=subject[:200],
        body=body,
        html=html,
        match=match,
        organisation=organisation,
        dedupe_key=dedupe_key or "",
        **{_recipient_field(to): to},
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    delivery.enqueue(message)
    return message


def _recipient_field(to) -> str:
    from mentors.models import MentorRequest

    if isinstance(to, MentorRequest):
        return "mentor_request"
    if isinstance(to, Citizen):
        return "citizen"
    if isinstance(to, Volunteer):
        return "volunteer"
    return "user"
