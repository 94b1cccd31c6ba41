"""Logging a user out everywhere: every stored session that belongs to them is deleted."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(*, user) -> int:
    """Delete every live database session signed in as `user`; returns how many."""
    user_id = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_sessions_of_deactivated_user(sender, instance, created, **kwargs) -> None:
    # Django already refuses an inactive user's session at the next request; deleting the
    # sessions also keeps them from coming back if the account is reactivated later.
    if not created and not instance.is_active:
        end_sessions_of(user=instance)
