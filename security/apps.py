"""Cross-cutting protections: sign-in lockout page, request limits, error-report filtering
and ending a deactivated user's sessions."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Sikkerhed"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from .sessions import end_sessions_of_deactivated_user

        # A receiver, not a service call: users are deactivated from the admin and from
        # other apps' pages alike, and every path must end the sessions.
        post_save.connect(
            end_sessions_of_deactivated_user,
            sender=get_user_model(),
            dispatch_uid="security.end_sessions_of_deactivated_user",
        )
