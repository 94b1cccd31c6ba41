"""The audit log of citizen records: added to, never changed."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    """Who read or changed which citizen record, when, and through which view.

    The citizen is referred to by id, not by foreign key, so that the trail outlives
    erasure of the record. Rows are only ever added.
    """

    class Action(models.TextChoices):
        READ = "read", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        DELETE = "delete", _("Slettet")
        EXPORT = "export", _("Eksporteret")
        ERASE = "erase", _("Anonymiseret")

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    # Empty only for an export that names no citizen (an outcome report's file).
    citizen_id = models.UUIDField(_("borger"), db_index=True, null=True, blank=True)
    view = models.CharField(_("visning"), max_length=100)
    detail = models.CharField(_("detalje"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit-hændelse")
        verbose_name_plural = _("audit-log")
        indexes = [models.Index(fields=["user", "at"], name="auditevent_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citizen_id__isnull=False) | models.Q(action="export"),
                name="auditevent_citizen_unless_export",
            )
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.citizen_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be deleted.")
