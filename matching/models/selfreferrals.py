"""Citizens and relatives asking for someone to go with them to an activity."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetingplaces.models import Activity, Municipality
from security.cpr import refuse_cpr_number


class SelfReferral(models.Model):
    """A citizen (or relative) asking for someone to go along to an activity."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        HANDLED = "handled", _("Behandlet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="self_referrals",
        verbose_name=_("kommune"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="self_referrals",
        verbose_name=_("aktivitet"),
    )
    first_name = models.CharField(_("fornavn"), max_length=50, validators=[refuse_cpr_number])
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4)
    consent_text = models.TextField(_("samtykketekst"))
    consent_given_at = models.DateTimeField(_("samtykke givet"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # The form's one-time token: the same form sent twice (a double click, a resend after
    # a lost answer, however late) is one request, held by the database.
    form_token = models.UUIDField(
        _("formularens engangsnøgle"), null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    # When a coordinator marked it handled: the retention period runs from here.
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="selfreferral_has_contact"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} → {self.activity}"
