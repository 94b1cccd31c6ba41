"""Confirming an entry from the reminder e-mail: a signed link for one owner and one
activity, which works once (it names the date the entry was last confirmed, which the
confirmation changes) and for settings.FRESHNESS_LINK_DAYS."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Activity
from .selectors import access_activity
from .services import verify_activity

SALT = "meetingplaces.entries.verify"


def verification_token(*, user, activity: Activity) -> str:
    verified = activity.last_verified_on.isoformat() if activity.last_verified_on else ""
    return signing.dumps([user.pk, str(activity.uuid), verified], salt=SALT, compress=True)


def activity_of_token(token: str) -> tuple:
    """(user, activity) of a link that can still be used; ValidationError with the reason
    for one that cannot."""
    try:
        user_id, activity_id, verified = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.FRESHNESS_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _("Linket er udløbet. Log ind og bekræft aktiviteten fra din liste.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("Linket er ikke gyldigt.")) from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    try:
        activity = access_activity(user, activity_id)
    except Http404:
        raise ValidationError(_("Linket er ikke gyldigt.")) from None
    stored = activity.last_verified_on.isoformat() if activity.last_verified_on else ""
    if stored != verified:
        raise ValidationError(_("Aktiviteten er allerede bekræftet. Tak!"), code="used")
    return user, activity


def verify_by_token(token: str) -> Activity:
    user, activity = activity_of_token(token)
    return verify_activity(by=user, activity=activity)
