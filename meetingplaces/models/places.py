"""Open meeting places, and the range checks every stored point carries."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from security.cpr import refuse_cpr_number

from .organisations import Municipality, Organisation


def latitude_longitude_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Range checks for a model's latitude/longitude pair."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__gte=-90) & Q(latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class MeetingPlace(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="meeting_places",
        verbose_name=_("kommune"),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_places",
        verbose_name=_("værtsorganisation"),
    )
    name = models.CharField(_("navn"), max_length=150, validators=[refuse_cpr_number])
    description = models.TextField(_("beskrivelse"), blank=True, validators=[refuse_cpr_number])
    street = models.CharField(_("adresse"), max_length=200, validators=[refuse_cpr_number])
    postcode = models.CharField(_("postnummer"), max_length=4)
    town = models.CharField(_("by"), max_length=100, validators=[refuse_cpr_number])
    latitude = models.FloatField(_("breddegrad"))
    longitude = models.FloatField(_("længdegrad"))
    step_free = models.BooleanField(_("trinfri adgang"), default=False)
    accessible_toilet = models.BooleanField(_("handicaptoilet"), default=False)
    parking = models.BooleanField(_("parkering"), default=False)
    public_transport = models.CharField(
        _("offentlig transport"), max_length=200, blank=True, validators=[refuse_cpr_number]
    )
    opening_hours = models.CharField(
        _("åbningstider"), max_length=200, blank=True, validators=[refuse_cpr_number]
    )
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # The place's id in the list it was imported from: a re-import updates it by this.
    external_id = models.CharField(
        _("eksternt id"), max_length=100, blank=True, default="", validators=[refuse_cpr_number]
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mødested")
        verbose_name_plural = _("mødesteder")
        constraints = [
            *latitude_longitude_constraints("meetingplace"),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="meetingplace_unique_name"
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="meetingplace_unique_external_id",
            ),
        ]
        indexes = [
            # Answers the bounding box of a nearby search with one range scan.
            models.Index(fields=["latitude", "longitude"], name="meetingplace_near_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"
