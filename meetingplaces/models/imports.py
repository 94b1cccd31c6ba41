"""Lists of places and activities uploaded for import, between preview and confirmation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.cpr import refuse_cpr_number

from .organisations import Municipality, Organisation


class ImportUpload(models.Model):
    """A list of places and activities uploaded for import, kept between its preview and
    its confirmation so that the file is not sent twice. Deleted once imported."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_uploads",
        verbose_name=_("uploadet af"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="import_uploads",
        verbose_name=_("kommune"),
    )
    # Set when a coordinator imports: every row then belongs to this organisation.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_uploads",
        verbose_name=_("organisation"),
    )
    filename = models.CharField(_("filnavn"), max_length=200, validators=[refuse_cpr_number])
    content = models.BinaryField(_("indhold"))
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self):
        return self.filename
