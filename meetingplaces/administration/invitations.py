"""Invitation links: signed, single-use, and valid for INVITATION_MAX_AGE_DAYS.

A link names the user and a digest of the state it was made for (the unusable password
the invitation set, whether the user is active, when they last signed in). Setting a
password, a new link (which sets a new unusable password) or a deactivation changes that
state, so each link works once, and only the newest one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

SALT = "meetingplaces.administration.invitation"


class InvitationInvalid(ValidationError):
    """The link is forged, expired, used or replaced: one answer for all."""

    def __init__(self):
        super().__init__(
            _(
                "Linket virker ikke længere: det er udløbet, allerede brugt eller erstattet "
                "af et nyt. Bed din kommunes administrator om et nyt link."
            ),
            code="invitation_invalid",
        )


def _state(user) -> str:
    value = f"{user.pk}|{user.password}|{user.is_active}|{user.last_login}"
    return salted_hmac(SALT, value).hexdigest()[:32]


def invitation_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT, compress=True)


def _verified(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.INVITATION_MAX_AGE_DAYS * 24 * 60 * 60
        )
        return int(data["u"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationInvalid from None


def invited_user(token: str, *, lock: bool = False):
    """The user a valid link invites; InvitationInvalid otherwise."""
    user_id, state = _verified(token)
    users = get_user_model().objects.filter(is_active=True)
    if lock:
        users = users.select_for_update()
    user = users.filter(pk=user_id).first()
    if user is None or user.has_usable_password() or not constant_time_compare(_state(user), state):
        raise InvitationInvalid
    return user


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str):
    """The invitee names themselves and chooses a password; the link is used up."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    with transaction.atomic():
        user = invited_user(token, lock=True)
        errors = {}
        if not first_name:
            errors["first_name"] = [_("Skriv dit fornavn.")]
        for field, value in (("first_name", first_name), ("last_name", last_name)):
            if len(value) > 150:
                errors[field] = [_("Højst 150 tegn.")]
        user.first_name, user.last_name = first_name, last_name
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            errors["password1"] = error.messages
        if errors:
            raise ValidationError(errors)
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
    return user
