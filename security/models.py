"""An operator's support session: a time-limited, stated reason to read citizens' records
in the Django admin (security.support)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cpr import refuse_cpr_number


class SupportSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_sessions",
        verbose_name=_("operatør"),
    )
    username = models.CharField(_("brugernavn"), max_length=150, validators=[refuse_cpr_number])
    reason = models.TextField(_("begrundelse"), max_length=500, validators=[refuse_cpr_number])
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)
    ends_at = models.DateTimeField(_("udløber"))

    class Meta:
        verbose_name = _("støttesession")
        verbose_name_plural = _("støttesessioner")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("started_at")),
                name="supportsession_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.username} {self.started_at:%Y-%m-%d %H:%M}"
