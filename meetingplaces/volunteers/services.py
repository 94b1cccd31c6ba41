"""Writing volunteers: a coordinator creates, changes and approves them; anyone may sign
up, which creates a volunteer waiting for approval. Each service places the volunteer's
home area at their postcode."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from notifications import services as notify
from security import ratelimit
from security.cpr import refuse_cpr_number

from ..geo import round_location
from ..geocoding import GeocodingError, geocode
from ..models import Organisation, Volunteer
from ..roles import organisations_of

# What a volunteer agrees to when signing up, on the page and through the API alike; the
# words shown are stored with the sign-up.
SIGN_UP_CONSENT_TEXT = gettext_lazy(
    "Jeg giver lov til, at foreningens koordinator gemmer mine oplysninger og kontakter mig."
)

# Public sign-ups per client address and hour: enough for a family at one computer.
SIGN_UPS_PER_HOUR = 5

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "postcode",
    "availability",
    "interests",
    "languages",
    "can_accompany",
    "has_car",
    "max_citizens",
    "is_approved",
)


# What a volunteer tells about themselves when signing up on the public form or API.
SIGN_UP_FIELDS = (
    "organisation",
    "first_name",
    "last_name",
    "phone",
    "email",
    "postcode",
    "availability",
    "interests",
    "can_accompany",
    "has_car",
)


class SignUpRefused(DomainError):
    """The sign-up cannot be taken now (too many from one address); the message is for the
    person signing up."""

    status_code = 429
    code = "throttled"


def _locate(volunteer: Volunteer) -> None:
    """Place the volunteer's home area at their postcode (about 1 km is all we keep)."""
    try:
        location = geocode(volunteer.postcode)
    except GeocodingError as error:
        raise ValidationError({"postcode": str(error)}) from error
    latitude, longitude = round_location(location.latitude, location.longitude)
    volunteer.latitude, volunteer.longitude = round(latitude, 2), round(longitude, 2)


def save_volunteer(*, by, data: dict, volunteer: Volunteer | None = None) -> Volunteer:
    """Create or change a volunteer of an organisation the user coordinates."""
    organisation = data.get("organisation") or (volunteer and volunteer.organisation)
    if organisation is None or not organisations_of(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Du er ikke koordinator for denne organisation."))
    volunteer = volunteer or Volunteer(organisation=organisation)
    moved = volunteer.pk is None or data.get("postcode", volunteer.postcode) != volunteer.postcode
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name])
    volunteer.organisation = organisation
    volunteer.municipality_id = organisation.municipality_id
    if moved:
        _locate(volunteer)
    _save_unique(volunteer)
    return volunteer


def approve_volunteer(*, by, volunteer_id) -> Volunteer:
    """Approve a volunteer of one of the coordinator's organisations (any other volunteer,
    or one that does not exist, is refused alike)."""
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update()
            .filter(pk=volunteer_id, organisation__in=organisations_of(by))
            .first()
        )
        if volunteer is None:
            raise PermissionDenied(_("Du er ikke koordinator for denne organisation."))
        volunteer.is_approved = True
        volunteer.save(update_fields=["is_approved"])
        notify.volunteer_approved(volunteer)
    return volunteer


def decline_volunteer(*, by, volunteer_id: int, reason: str = "") -> Volunteer:
    """Decline an application that waits for approval: the applicant is told (with the
    reason, if any), leaves the coordinator's lists, and the retention job deletes the row
    after VOLUNTEER_DECLINED_RETENTION_DAYS."""
    try:
        refuse_cpr_number(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    with transaction.atomic():
        # Locked without the lists' counts: PostgreSQL locks no grouped rows.
        volunteer = (
            Volunteer.objects.select_for_update()
            .filter(pk=volunteer_id, organisation__in=organisations_of(by), declined_at=None)
            .first()
        )
        if volunteer is None:
            raise Volunteer.DoesNotExist
        if volunteer.is_approved:
            raise ValidationError(
                {"reason": _("%(name)s er allerede godkendt.") % {"name": volunteer}}
            )
        volunteer.declined_at = timezone.now()
        volunteer.save(update_fields=["declined_at"])
        notify.volunteer_declined(volunteer, reason=reason)
    return volunteer


def delete_declined_volunteers(*, now) -> int:
    """The retention of declined applications: deleted once their answer has had time to
    go out. Returns how many."""
    cutoff = now - timedelta(days=settings.VOLUNTEER_DECLINED_RETENTION_DAYS)
    deleted, _per_model = Volunteer.objects.filter(declined_at__lt=cutoff).delete()
    return deleted


def _save_unique(volunteer: Volunteer) -> None:
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("Der er allerede en frivillig med denne e-mail i organisationen.")}
        ) from error


def sign_up(*, data: dict, client: str | None, consent: bool) -> Volunteer:
    """A volunteer's own sign-up: saved unapproved until a coordinator approves them, with
    the consent they gave (SIGN_UP_CONSENT_TEXT, and when).

    `client` identifies the sender (their address) for the rate limit.
    """
    if not consent:
        raise ValidationError(
            {"consent": _("Sæt kryds, hvis du giver lov til, at vi gemmer dine oplysninger.")}
        )
    # Incomplete sign-ups are refused before they count against the sender's limit.
    if not data.get("phone") and not data.get("email"):
        raise ValidationError(
            {
                "phone": _(
                    "Skriv et telefonnummer eller en e-mail, så koordinatoren kan kontakte dig."
                )
            }
        )
    if not ratelimit.allow(
        "volunteer-sign-up", client, limit=SIGN_UPS_PER_HOUR, window_seconds=3600
    ):
        raise SignUpRefused(
            _("Der er sendt mange tilmeldinger herfra den seneste time. Prøv igen senere.")
        )
    organisation: Organisation = data["organisation"]
    volunteer = Volunteer(
        organisation=organisation,
        municipality_id=organisation.municipality_id,
        is_approved=False,
        consent_text=str(SIGN_UP_CONSENT_TEXT),
        consent_given_at=timezone.now(),
        **{name: data[name] for name in EDITABLE_FIELDS if name in data and name != "is_approved"},
    )
    _locate(volunteer)
    _save_unique(volunteer)
    return volunteer
