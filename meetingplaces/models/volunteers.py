"""Volunteers of the organisations: who may run activities or go along as companions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from security.cpr import refuse_cpr_number

from ..fields import InterestsField, WeeklySlotsField
from .organisations import Municipality, Organisation
from .places import latitude_longitude_constraints


class Volunteer(models.Model):
    """A volunteer of an organisation, who may run activities or go along as a companion."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("kommune"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("bruger"),
    )
    first_name = models.CharField(_("fornavn"), max_length=100, validators=[refuse_cpr_number])
    last_name = models.CharField(
        _("efternavn"), max_length=100, blank=True, validators=[refuse_cpr_number]
    )
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    # Coarse home area (about 1 km), enough to say who lives near a citizen.
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    availability = WeeklySlotsField(_("kan disse tider"), default=0, blank=True)
    interests = InterestsField(_("interesser"), default=0, blank=True)
    languages = models.CharField(
        _("sprog"),
        max_length=50,
        default="da",
        help_text=_("Sprogkoder, fx 'da en'."),
        validators=[refuse_cpr_number],
    )
    can_accompany = models.BooleanField(_("kan være følgeven"), default=False)
    has_car = models.BooleanField(_("har bil"), default=False)
    max_citizens = models.PositiveSmallIntegerField(_("højst antal borgere ad gangen"), default=1)
    is_approved = models.BooleanField(_("godkendt"), default=False)
    # A declined application is kept only until the retention job removes it
    # (VOLUNTEER_DECLINED_RETENTION_DAYS): long enough to send the answer.
    declined_at = models.DateTimeField(_("afvist"), null=True, blank=True, editable=False)
    # A volunteer's own sign-up records the consent they gave, in the words they saw;
    # one a coordinator entered has none (the association holds it).
    consent_text = models.TextField(_("samtykketekst"), blank=True, editable=False)
    consent_given_at = models.DateTimeField(
        _("samtykke givet"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        constraints = [
            *latitude_longitude_constraints("volunteer"),
            models.CheckConstraint(
                condition=Q(max_citizens__gte=0), name="volunteer_max_citizens_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(consent_given_at__isnull=True) | ~Q(consent_text=""),
                name="volunteer_consent_has_text",
            ),
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~Q(email=""),
                name="volunteer_unique_email",
            ),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="volunteer_near_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()
