"""What the reports need that no other record holds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Citizen


class SuggestionShown(models.Model):
    """The first time home care was shown at least one suggested activity for a citizen.

    The funnel's "suggested" step: a suggestion on the screen leaves no match behind, so
    without this row the step could not be counted. Kept once per citizen, with no detail of
    what was shown, and deleted with the citizen.
    """

    citizen = models.OneToOneField(
        Citizen,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="suggestion_shown",
        verbose_name=_("borger"),
    )
    shown_at = models.DateTimeField(_("første gang vist"))
    suggestions = models.PositiveSmallIntegerField(_("antal forslag"))

    class Meta:
        verbose_name = _("forslag vist")
        verbose_name_plural = _("forslag vist")

    def __str__(self):
        return f"{self.shown_at:%Y-%m-%d}: {self.suggestions}"
