"""API keys for other systems (a care-record system, the municipality's website) and the
log of every use of them.

The key itself is never stored: django-rest-knox keeps a SHA-512 digest of it, and the
first characters (`token_key`) to find the row. Each key acts as its own user, created
with it: a care-record system's user is staff of exactly one home-care team, so it reads
and writes through the same services, scoping and audit as that team's staff.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from meetingplaces.models import Municipality, Team
from security.cpr import refuse_cpr_number


class ApiToken(AbstractAuthToken):
    class Scope(models.TextChoices):
        CARE_RECORD = "care_record", _("Omsorgssystem: opretter borgere og screeninger for ét team")
        WEBSITE = "website", _("Hjemmeside: læser offentlige data med en højere grænse")

    name = models.CharField(_("navn"), max_length=100, validators=[refuse_cpr_number])
    scope = models.CharField(_("adgang"), max_length=20, choices=Scope.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("kommune"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("team"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    revoked_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        constraints = [
            # A care-record system works for exactly one team; a website for none.
            models.CheckConstraint(
                condition=Q(scope="care_record", team__isnull=False)
                | Q(scope="website", team__isnull=True),
                name="apitoken_scope_team",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ApiTokenUse(models.Model):
    """One request made with a key: which key, when, what."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, related_name="uses", verbose_name=_("API-nøgle")
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("sti"), max_length=500)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("brug af API-nøgle")
        verbose_name_plural = _("brug af API-nøgler")
        indexes = [models.Index(fields=["token", "-at"], name="apitokenuse_token_at_idx")]

    def __str__(self):
        return f"{self.token} {self.method} {self.path}"
