"""Cross-cutting protections: sign-in lockout page, request limits, error-report filtering
and ending a deactivated user's sessions."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Sikkerhed"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_delete, post_save, pre_save

        from meetingplaces.models import Membership

        from .middleware import note_sign_in
        from .sessions import (
            end_access_after_password_change,
            end_sessions_of_deactivated_user,
            end_sockets_on_logout,
            end_sockets_when_a_role_goes,
            note_password_change,
        )

        # A receiver, not a service call: users are deactivated from the admin and from
        # other apps' pages alike, and every path must end the sessions.
        post_save.connect(
            end_sessions_of_deactivated_user,
            sender=get_user_model(),
            dispatch_uid="security.end_sessions_of_deactivated_user",
        )
        # Open sockets end with the access that opened them.
        pre_save.connect(
            note_password_change,
            sender=get_user_model(),
            dispatch_uid="security.note_password_change",
        )
        post_save.connect(
            end_access_after_password_change,
            sender=get_user_model(),
            dispatch_uid="security.end_access_after_password_change",
        )
        user_logged_in.connect(note_sign_in, dispatch_uid="security.note_sign_in")
        user_logged_out.connect(
            end_sockets_on_logout, dispatch_uid="security.end_sockets_on_logout"
        )
        post_delete.connect(
            end_sockets_when_a_role_goes,
            sender=Membership,
            dispatch_uid="security.end_sockets_when_a_role_goes",
        )
