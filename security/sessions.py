"""Logging a user out everywhere: every stored session that belongs to them is deleted, and
every open socket of theirs is closed when their access changes."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from matching.events import end_sockets_of


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
        end_sockets_of(instance.pk)


def note_password_change(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a user is saved: whether the password is new (read back from the database,
    unless the save names fields without it, as a sign-in's last_login does)."""
    instance._password_changed = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("password", flat=True)
    instance._password_changed = stored.first() not in (None, instance.password)


def end_access_after_password_change(sender, instance, created, **kwargs) -> None:
    """A new password ends every session and socket of the user. Whoever changed their own
    password keeps theirs: Django's PasswordChangeView then moves the session, with what
    it holds, to a new key (update_session_auth_hash)."""
    if not created and getattr(instance, "_password_changed", False):
        end_sessions_of(user=instance)
        end_sockets_of(instance.pk)


def end_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        end_sockets_of(user.pk)


def end_sockets_when_a_role_goes(sender, instance, **kwargs) -> None:
    end_sockets_of(instance.user_id)
