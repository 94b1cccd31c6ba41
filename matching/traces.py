"""What else may name a citizen once their record is erased, and its erasure: Django's
admin log (a record's name in `object_repr`, related names in `change_message`), flash
messages waiting in signed-in sessions ("Gudrun er registreret"), and self-referrals the
same person sent from the public site (found by phone number in the municipality).

Called by `matching.privacy.anonymise_citizen` inside its transaction, with the texts it
is about to erase."""

import json

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q

from . import events
from .models import Citizen, Match, MatchStatusChange, Screening, SelfReferral

ERASED = "[anonymiseret]"


def personal_texts(citizen: Citizen) -> list[str]:
    """The citizen's identifying texts: first name, care reference, phone (as written and as
    digits), the relative's name."""
    texts = [citizen.first_name, citizen.care_reference, citizen.phone, citizen.relative_name]
    return sorted({text for text in [*texts, _digits(citizen.phone)] if len(text.strip()) >= 2})


def _digits(phone: str) -> str:
    """A Danish number's eight digits, however written (spaces, +45, 0045)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    for prefix in ("0045", "45"):
        if len(digits) == 8 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def erase_traces(citizen: Citizen, texts: list[str]) -> None:
    referrals = _self_referrals_of(citizen)
    _scrub_admin_log(citizen, texts, referrals)
    _delete_self_referrals(referrals)
    _scrub_sessions(texts)


def _self_referrals_of(citizen: Citizen) -> list[SelfReferral]:
    """The municipality's self-referrals from the citizen's phone number."""
    phone = _digits(citizen.phone)
    if not phone:
        return []
    candidates = SelfReferral.objects.filter(municipality_id=citizen.municipality_id).exclude(
        phone=""
    )
    return [
        referral
        for referral in candidates.select_related("activity")
        if _digits(referral.phone) == phone
    ]


def _delete_self_referrals(referrals: list[SelfReferral]) -> None:
    if not referrals:
        return
    SelfReferral.objects.filter(pk__in=[r.pk for r in referrals]).delete()
    for referral in referrals:
        events.self_referral_removed(referral)


def _scrub_admin_log(citizen: Citizen, texts: list[str], referrals) -> None:
    """The admin log's entries about the citizen's records, and any entry naming them."""
    about = Q()
    related = {
        Citizen: [citizen.pk],
        Match: Match.objects.filter(citizen=citizen).values_list("pk", flat=True),
        Screening: Screening.objects.filter(citizen=citizen).values_list("pk", flat=True),
        MatchStatusChange: MatchStatusChange.objects.filter(match__citizen=citizen).values_list(
            "pk", flat=True
        ),
        SelfReferral: [referral.pk for referral in referrals],
    }
    for model, pks in related.items():
        ids = [str(pk) for pk in pks]
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            about |= Q(content_type=content_type, object_id__in=ids)
    # The first name alone is too common to scrub other records' entries by; the care
    # reference and phone number are not.
    for text in texts:
        if text != citizen.first_name and text != citizen.relative_name:
            about |= Q(object_repr__contains=text) | Q(change_message__contains=text)
    LogEntry.objects.filter(about).update(object_repr=ERASED, change_message="")


def _scrub_sessions(texts: list[str]) -> None:
    """Flash messages naming the citizen are taken out of stored sessions; a session that
    still names them (form state) is ended. Database sessions only: other session stores
    cannot be searched, and their entries end with SESSION_COOKIE_AGE."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    # Flash messages are stored as JSON inside the session's JSON: æ, ø, å escaped.
    needles = {needle for text in texts for needle in (text, json.dumps(text)[1:-1])}
    ended = []
    for session in Session.objects.all().iterator():
        data = session.get_decoded()
        if not _names(data, needles):
            continue
        data.pop("_messages", None)
        if _names(data, needles):
            ended.append(session.pk)
        else:
            session.session_data = Session.objects.encode(data)
            session.save(update_fields=["session_data"])
    Session.objects.filter(pk__in=ended).delete()


def _names(data, needles: set[str]) -> bool:
    """Whether any value in the session data (nested, the flash messages' JSON string
    included) holds one of the needles."""
    if isinstance(data, dict):
        return any(_names(value, needles) for value in data.values())
    if isinstance(data, list | tuple):
        return any(_names(value, needles) for value in data)
    text = str(data)
    return any(needle in text for needle in needles)
