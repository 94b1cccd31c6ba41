"""Citizens and relatives asking for someone to go with them to an activity.

A self-referral waits, with status NEW, for a coordinator of the activity's organisation.
It holds only what that coordinator needs to call back: a first name, a phone number or an
e-mail address and a postcode, with the consent text the person agreed to.
"""

import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from config.errors import DomainError
from meetingplaces.models import Activity
from security import ratelimit
from security.cpr import refuse_cpr_number

from . import events
from .access import access_self_referral
from .models import AuditEvent, SelfReferral
from .validators import is_phone_number


def _consent_text() -> str:
    return _(
        "Jeg siger ja til, at en frivilligkoordinator fra foreningen bag aktiviteten må "
        "kontakte mig for at finde en, der kan gå med. Mine oplysninger bliver kun brugt til "
        "det og slettes %(handled)d dage efter, at foreningen har taget sig af det (og senest "
        "%(unhandled)d dage efter, at jeg har sendt dem). Jeg kan altid sige nej igen."
    ) % {
        "handled": settings.SELF_REFERRAL_HANDLED_RETENTION_DAYS,
        "unhandled": settings.SELF_REFERRAL_UNHANDLED_RETENTION_DAYS,
    }


# The text the person agrees to, with the retention periods in force (stored with each
# self-referral as it was shown).
CONSENT_TEXT = lazy(_consent_text, str)()

# How many requests one address may send in a window: enough for a family, not a flood.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

# A form sent twice (a double click, a reload of the posted page) within this time is one
# request: the coordinator would otherwise call the same person twice.
REPEAT_WINDOW = timedelta(minutes=10)

_POSTCODE = re.compile(r"^\d{4}$")


class RateLimited(DomainError):
    """Too many requests from one client in the window."""

    status_code = 429
    code = "throttled"


def note_attempt(*, client: str | None) -> None:
    """Count one request from a client (its address); raise RateLimited past the limit."""
    if not ratelimit.allow(
        "self-referral", client, limit=RATE_LIMIT, window_seconds=RATE_WINDOW_SECONDS
    ):
        raise RateLimited


def create_self_referral(
    *,
    activity: Activity,
    first_name: str,
    phone: str = "",
    email: str = "",
    postcode: str,
    consent_text: str,
    form_token: uuid.UUID | None = None,
) -> SelfReferral:
    """Validate and save a self-referral; ValidationError (per field) saves nothing.

    The same form sent again (`form_token`, the form's one-time token) gets the request it
    made back; so does the same person asking again about the same activity while their
    request still waits (within REPEAT_WINDOW).
    """
    first_name = " ".join(first_name.split())
    phone = " ".join(phone.split())
    email = email.strip()
    postcode = postcode.strip()
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, value in (("first_name", first_name), ("phone", phone), ("email", email)):
        try:
            refuse_cpr_number(value)
        except ValidationError as error:
            refuse(field, error.messages[0])
    if not first_name:
        refuse("first_name", _("Skriv dit fornavn."))
    elif len(first_name) > 50:
        refuse("first_name", _("Fornavnet må højst være 50 tegn."))
    if not phone and not email:
        refuse("phone", _("Skriv et telefonnummer eller en e-mailadresse, så vi kan ringe op."))
    if phone and "phone" not in errors and not is_phone_number(phone):
        refuse("phone", _("Telefonnummeret skal være 8 cifre, fx 12 34 56 78."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            refuse("email", _("E-mailadressen ser forkert ud."))
    if not _POSTCODE.match(postcode):
        refuse("postcode", _("Postnummeret skal være fire cifre, fx 4990."))
    if not consent_text:
        refuse("consent", _("Sæt kryds, hvis du siger ja til at blive kontaktet."))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Lock the activity so it cannot be deactivated under us.
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if not activity.is_active:
            raise ValidationError(_("Aktiviteten er ikke længere aktiv."))
        # The activity's row lock above makes a second, simultaneous post wait here and
        # then find the first one (the token's unique constraint holds it regardless).
        if form_token is not None:
            sent = SelfReferral.objects.filter(form_token=form_token).first()
            if sent is not None:
                return sent
        repeated = SelfReferral.objects.filter(
            activity=activity,
            status=SelfReferral.Status.NEW,
            first_name__iexact=first_name,
            phone=phone,
            email__iexact=email,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if repeated is not None:
            return repeated
        referral = SelfReferral.objects.create(
            municipality=activity.municipality,
            activity=activity,
            first_name=first_name,
            phone=phone,
            email=email,
            postcode=postcode,
            consent_text=consent_text,
            consent_given_at=timezone.now(),
            form_token=form_token,
        )
        # The inbox of the activity's organisation shows it live, once committed.
        events.self_referral_received(referral)
        return referral


def mark_referral_handled(*, referral_id, by) -> SelfReferral:
    """A coordinator of the activity's organisation has called the person back (anyone
    else: NotFound, as for a referral that does not exist)."""
    with transaction.atomic():
        referral = access_self_referral(
            by,
            referral_id,
            view="mark_referral_handled",
            action=AuditEvent.Action.UPDATE,
            detail="handled",
            lock=True,
        )
        referral.status = SelfReferral.Status.HANDLED
        referral.handled_at = timezone.now()
        referral.save(update_fields=["status", "handled_at"])
    return referral


def self_referrals_due_for_deletion(*, now) -> QuerySet[SelfReferral]:
    """Handled more than SELF_REFERRAL_HANDLED_RETENTION_DAYS ago, or never handled and
    sent more than SELF_REFERRAL_UNHANDLED_RETENTION_DAYS ago."""
    handled_before = now - timedelta(days=settings.SELF_REFERRAL_HANDLED_RETENTION_DAYS)
    sent_before = now - timedelta(days=settings.SELF_REFERRAL_UNHANDLED_RETENTION_DAYS)
    return SelfReferral.objects.filter(
        Q(handled_at__lt=handled_before)
        # Handled before handled_at was kept: counted from when it was sent.
        | Q(status=SelfReferral.Status.HANDLED, handled_at=None, created_at__lt=handled_before)
        | Q(status=SelfReferral.Status.NEW, created_at__lt=sent_before)
    )


def delete_expired_self_referrals(*, now) -> int:
    """The retention job's part: delete the self-referrals past their period; how many."""
    with transaction.atomic():
        deleted, _by_model = self_referrals_due_for_deletion(now=now).delete()
    return deleted
