"""Writing citizens, screenings and proposed matches: each change in one transaction,
with its status history and its audit row."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetingplaces.geo import round_location
from meetingplaces.geocoding import GeocodingError, geocode
from meetingplaces.models import Activity
from meetingplaces.roles import home_team_of
from notifications import services as notify
from security.cpr import refuse_cpr_number

from . import engine, events
from .access import access_citizen, access_citizen_as_admin, record_change
from .consent import CONSENT_TEXT_VERSION
from .models import AuditEvent, Citizen, Match, MatchStatusChange, Screening
from .selectors import activity_facts_near, citizen_needs, companions_near, has_consent
from .validators import is_phone_number, normalise_phone


def _home(address: str) -> tuple[str, float, float]:
    """(postcode, latitude, longitude) of an address, the point rounded to about 100 m:
    all we keep of where a citizen lives."""
    try:
        location = geocode(address)
    except GeocodingError as error:
        raise ValidationError({"address": str(error)}) from error
    raw = location.raw if isinstance(location.raw, dict) else {}
    postcode = str(raw.get("postcode") or raw.get("address", {}).get("postcode") or "")
    if not (len(postcode) == 4 and postcode.isdigit()):
        raise ValidationError(
            {"address": _("Skriv adressen med postnummer, fx “Torvet 1, 4990 Sakskøbing”.")}
        )
    return (postcode, *round_location(location.latitude, location.longitude))


def flag_citizen(
    *,
    by,
    address: str,
    screening: dict[str, int],
    view: str,
    **fields,
) -> Citizen:
    """A new citizen of the staff member's home team, waiting from now, with the baseline
    screening and consent recorded; the address is kept only as postcode and a point."""
    team = home_team_of(by)
    if team is None:
        raise PermissionDenied(_("Kun hjemmeplejens medarbejdere kan registrere borgere."))
    postcode, latitude, longitude = _home(address)
    fields.update(postcode=postcode, latitude=latitude, longitude=longitude)
    now = timezone.now()
    with transaction.atomic():
        if Citizen.objects.filter(
            municipality=team.municipality, care_reference=fields["care_reference"]
        ).exists():
            raise ValidationError(
                {"care_reference": _("Borgeren med denne reference er allerede registreret.")}
            )
        try:
            with transaction.atomic():
                citizen = Citizen.objects.create(
                    municipality=team.municipality,
                    team=team,
                    status=Citizen.Status.WAITING,
                    waiting_since=now,
                    consent_given_at=now,
                    consent_text_version=CONSENT_TEXT_VERSION,
                    consent_recorded_by=by,
                    flagged_by=by,
                    **fields,
                )
        except IntegrityError as error:  # the same reference registered a moment ago
            raise ValidationError(
                {"care_reference": _("Borgeren med denne reference er allerede registreret.")}
            ) from error
        Screening.objects.create(
            citizen=citizen,
            kind=Screening.Kind.BASELINE,
            taken_on=timezone.localdate(),
            recorded_by=by,
            **screening,
        )
        record_change(by, [citizen], action=AuditEvent.Action.CREATE, view=view)
    return citizen


def record_screening(
    *, citizen: Citizen, by, kind: str, taken_on: date, items: dict[str, int], view: str
) -> Screening:
    """A follow-up screening; each kind once per citizen (the database holds that rule)."""
    try:
        with transaction.atomic():
            screening = Screening.objects.create(
                citizen=citizen, kind=kind, taken_on=taken_on, recorded_by=by, **items
            )
            Citizen.objects.filter(pk=citizen.pk).update(updated_at=timezone.now())
            record_change(
                by,
                [citizen],
                action=AuditEvent.Action.UPDATE,
                view=view,
                detail=f"screening {kind}",
            )
    except IntegrityError as error:
        raise ValidationError(
            {
                "kind": _("%(kind)s er allerede registreret for borgeren.")
                % {"kind": Screening.Kind(kind).label}
            }
        ) from error
    return screening


def tell_citizen_about(*, citizen_id, activity_id: int, by, view: str) -> Match:
    """Staff told the citizen about a suggested activity: a proposed match for its
    organisation's coordinators, and the citizen's status moves from waiting to proposed.

    The suggestion is checked again under a lock of the citizen's row: what was on the
    screen a minute ago may have lost its last seat since.
    """
    with transaction.atomic():
        citizen = access_citizen(
            by,
            citizen_id,
            view=view,
            action=AuditEvent.Action.UPDATE,
            detail=f"proposed activity {activity_id}",
            lock=True,
        )
        if not has_consent(citizen):
            raise ValidationError(_("Borgeren har trukket sit samtykke tilbage."))
        activity = Activity.objects.filter(pk=activity_id).first()
        needs = citizen_needs(citizen)
        facts = activity_facts_near(needs, activity_id=activity_id) if activity else []
        found = engine.rank(needs, facts, companions_near(needs), limit=1)
        if not found:
            raise ValidationError(
                {
                    "activity": _(
                        "Aktiviteten passer ikke længere til borgeren (fx er pladserne taget). "
                        "Vælg et af de andre forslag."
                    )
                }
            )
        suggestion = found[0]
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    citizen=citizen,
                    activity=activity,
                    organisation_id=activity.organisation_id,
                    coordinator_id=activity.coordinator_id,
                    score=suggestion.score,
                    reasons=[reason.as_dict() for reason in suggestion.reasons],
                    status=Match.Status.PROPOSED,
                )
        except IntegrityError as error:  # a batch run proposed the same pair meanwhile
            raise ValidationError(
                {"activity": _("Borgeren er allerede foreslået til aktiviteten.")}
            ) from error
        MatchStatusChange.objects.create(
            match=match,
            from_status="",
            to_status=Match.Status.PROPOSED,
            changed_by=by,
            happened_on=timezone.localdate(),
            note=_("Hjemmeplejen har fortalt borgeren om aktiviteten."),
        )
        if citizen.status == Citizen.Status.WAITING:
            citizen.status = Citizen.Status.PROPOSED
        citizen.save(update_fields=["status", "updated_at"])
        notify.matches_proposed([match])
        events.publish(
            events.organisation_group(activity.organisation_id),
            "match.proposed",
            {"match": str(match.pk), "activity": activity.pk},
        )
    return match


def record_phone(
    *,
    by,
    citizen_id,
    view: str,
    phone: str,
    holder: str = "",
    relative_name: str = "",
    consent: bool = False,
    as_admin: bool = False,
) -> Citizen:
    """Record whom a coordinator may call about the citizen (the citizen or a relative, by
    name) and on which number, with the consent to call; an empty number removes it.

    Staff reach their team's citizens, an admin (`as_admin`) their municipality's; either
    way the change is audited by the access function that fetches the row.
    """
    phone = normalise_phone(phone)
    relative_name = " ".join(relative_name.split())
    errors: dict[str, list[str]] = {}
    if phone:
        if not is_phone_number(phone):
            errors["phone"] = [_("Telefonnummeret skal være 8 cifre, fx 12 34 56 78.")]
        if holder not in Citizen.PhoneHolder.values:
            errors["holder"] = [_("Vælg, hvem koordinatoren ringer til.")]
        if holder == Citizen.PhoneHolder.RELATIVE and not relative_name:
            errors["relative_name"] = [_("Skriv den pårørendes navn.")]
        if len(relative_name) > 100:
            errors["relative_name"] = [_("Navnet må højst være 100 tegn.")]
        try:
            refuse_cpr_number(relative_name)
        except ValidationError as error:
            errors["relative_name"] = error.messages
        if not consent:
            errors["consent"] = [
                _("Spørg først, om koordinatoren må ringe, og sæt kryds, når svaret er ja.")
            ]
    if errors:
        raise ValidationError(errors)
    access = access_citizen_as_admin if as_admin else access_citizen
    with transaction.atomic():
        citizen = access(
            by,
            citizen_id,
            view=view,
            action=AuditEvent.Action.UPDATE,
            detail="phone" if phone else "phone removed",
            lock=True,
        )
        if citizen.anonymised_at is not None:
            raise ValidationError(_("Borgeren er anonymiseret."))
        citizen.phone = phone
        citizen.phone_holder = holder if phone else ""
        citizen.relative_name = relative_name if holder == Citizen.PhoneHolder.RELATIVE else ""
        if not phone:
            citizen.relative_name = ""
        citizen.phone_consent_at = timezone.now() if phone else None
        citizen.phone_recorded_by = by if phone else None
        citizen.save(
            update_fields=[
                "phone",
                "phone_holder",
                "relative_name",
                "phone_consent_at",
                "phone_recorded_by",
                "updated_at",
            ]
        )
    return citizen
