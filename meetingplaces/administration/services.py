"""Writing a municipality's teams, organisations and people: each service takes the
municipality the admin runs, refuses what lies outside it (as if it did not exist), and
writes in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from notifications import services as notify

from ..models import Membership, Municipality, Organisation, Team
from .invitations import invitation_token

# The roles an admin gives; volunteers sign up themselves and are approved by coordinators.
INVITED_ROLES = (Membership.Role.STAFF, Membership.Role.COORDINATOR, Membership.Role.ADMIN)


def _name(name: str, *, max_length: int) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Skriv et navn.")})
    if len(name) > max_length:
        raise ValidationError({"name": _("Navnet må højst være %(n)d tegn.") % {"n": max_length}})
    return name


def _unique_name(save, message: str):
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as error:
        raise ValidationError({"name": message}) from error


def team_create(*, municipality: Municipality, name: str) -> Team:
    name = _name(name, max_length=100)
    return _unique_name(
        lambda: Team.objects.create(municipality=municipality, name=name),
        _("Kommunen har allerede et team med det navn."),
    )


def team_rename(*, municipality: Municipality, team_id, name: str) -> Team:
    name = _name(name, max_length=100)
    with transaction.atomic():
        team = _get(Team.objects.filter(municipality=municipality).select_for_update(), team_id)
        team.name = name
        return _unique_name(
            lambda: team.save(update_fields=["name"]) or team,
            _("Kommunen har allerede et team med det navn."),
        )


ORGANISATION_FIELDS = ("name", "kind", "phone", "email", "website")


def organisation_save(
    *, municipality: Municipality, organisation_id=None, serves=(), **fields
) -> Organisation:
    """Create (without `organisation_id`) or change one of the municipality's
    organisations, and the other municipalities it serves by agreement."""
    fields["name"] = _name(fields.get("name", ""), max_length=150)
    if fields.get("kind") not in Organisation.Kind.values:
        raise ValidationError({"kind": _("Vælg en type.")})
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"not an organisation's field: {sorted(unknown)}")
    served = list(Municipality.objects.filter(pk__in=[m.pk for m in serves]))
    with transaction.atomic():
        if organisation_id is None:
            organisation = Organisation(municipality=municipality)
        else:
            organisation = _get(
                Organisation.objects.filter(municipality=municipality).select_for_update(),
                organisation_id,
            )
        for field, value in fields.items():
            setattr(organisation, field, value)
        organisation.full_clean(exclude=["municipality", "serves"], validate_unique=False)
        _unique_name(organisation.save, _("Kommunen har allerede en organisation med det navn."))
        # Its own municipality always counts; listing it again would say nothing.
        organisation.serves.set([m for m in served if m.pk != municipality.pk])
    return organisation


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def _scope(municipality: Municipality, role: str, team_id, organisation_id) -> dict:
    """The membership's fields for a role in the municipality; a team or organisation of
    another municipality is refused like one that does not exist."""
    if role not in INVITED_ROLES:
        raise ValidationError({"role": _("Vælg en rolle.")})
    if role == Membership.Role.STAFF:
        team = Team.objects.filter(municipality=municipality, pk=_pk(team_id)).first()
        if team is None:
            raise ValidationError({"team": _("Vælg et af kommunens teams.")})
        return {"role": role, "team": team}
    if role == Membership.Role.COORDINATOR:
        organisation = Organisation.objects.filter(
            municipality=municipality, pk=_pk(organisation_id)
        ).first()
        if organisation is None:
            raise ValidationError({"organisation": _("Vælg en af kommunens organisationer.")})
        return {"role": role, "organisation": organisation}
    return {"role": role}


def _pk(value) -> int | None:
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


def _add_role(user, municipality: Municipality, scope: dict) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, municipality=municipality, **scope)
    except IntegrityError as error:
        raise ValidationError({"role": _("Brugeren har allerede den rolle.")}) from error


def user_invite(
    *, municipality: Municipality, email: str, role: str, team=None, organisation=None, by
) -> tuple[object, str]:
    """A new user with a role in the municipality and no password yet; returns the user and
    their invitation token. The link goes by e-mail (after commit) when mail is set up.
    `by` is the admin, or None for the operator's `manage.py invite_admin`."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Skriv en gyldig e-mailadresse.")}) from None
    scope = _scope(municipality, role, team, organisation)
    User = get_user_model()
    with transaction.atomic():
        existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        if existing.filter(memberships__municipality=municipality).exists():
            raise ValidationError(
                {"email": _("Personen er allerede bruger her. Giv dem rollen på deres side.")}
            )
        if existing.exists():
            raise ValidationError(
                {
                    "email": _(
                        "Der er allerede en bruger med den e-mail i Samvær. Kontakt driften, "
                        "hvis personen også skal have en rolle i jeres kommune."
                    )
                }
            )
        user = User(username=email, email=email, is_active=True)
        user.set_unusable_password()
        user.save()
        _add_role(user, municipality, scope)
        token = invitation_token(user)
        notify.user_invited(user, token=token, municipality=municipality, by=by)
    return user, token


def _user_here(municipality: Municipality, user_id, *, lock: bool = False):
    users = get_user_model().objects.filter(
        pk__in=Membership.objects.filter(municipality=municipality).values("user_id")
    )
    if lock:
        users = users.select_for_update()
    return _get(users, user_id)


def invitation_renew(*, municipality: Municipality, user_id, by) -> tuple[object, str]:
    """A new link for someone who has not yet arrived; earlier links stop working."""
    with transaction.atomic():
        user = _user_here(municipality, user_id, lock=True)
        if user.has_usable_password() or user.last_login is not None or not user.is_active:
            raise ValidationError(_("Brugeren har allerede taget sin konto i brug."))
        user.set_unusable_password()
        user.save(update_fields=["password"])
        token = invitation_token(user)
        notify.user_invited(user, token=token, municipality=municipality, by=by)
    return user, token


def membership_add(
    *, municipality: Municipality, user_id, role: str, team=None, organisation=None
) -> Membership:
    with transaction.atomic():
        user = _user_here(municipality, user_id, lock=True)
        return _add_role(user, municipality, _scope(municipality, role, team, organisation))


def membership_remove(*, municipality: Municipality, membership_id, by) -> Membership:
    with transaction.atomic():
        membership = _get(
            Membership.objects.filter(municipality=municipality)
            .select_for_update(of=("self",))
            .select_related("user"),
            membership_id,
        )
        if membership.user_id == by.pk and membership.role == Membership.Role.ADMIN:
            raise ValidationError(
                _("Du kan ikke fjerne din egen administratorrolle. Bed en anden administrator.")
            )
        membership.delete()
        user = membership.user
        # Someone left with no role anywhere has nothing to sign in to.
        if not user.memberships.exists() and not (user.is_staff or user.is_superuser):
            user.is_active = False
            user.save(update_fields=["is_active"])
    return membership


def user_set_active(*, municipality: Municipality, user_id, active: bool, by):
    """Deactivate (the user can no longer sign in; their roles stay for the record) or
    activate again. Only for someone whose every role is in this municipality."""
    with transaction.atomic():
        user = _user_here(municipality, user_id, lock=True)
        if user.pk == by.pk:
            raise ValidationError(_("Du kan ikke deaktivere dig selv."))
        if user.is_superuser or user.is_staff:
            raise ValidationError(_("Driftens brugere ændres af driften."))
        if Membership.objects.filter(user=user).exclude(municipality=municipality).exists():
            raise ValidationError(
                _(
                    "Brugeren har også roller i en anden kommune. Fjern rollerne her i stedet "
                    "for at deaktivere brugeren."
                )
            )
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user
