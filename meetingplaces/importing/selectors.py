"""Who may import where, and an upload found again for the person who sent it."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from ..geocoding import fold
from ..models import ImportUpload, Municipality, Organisation
from ..municipalities import find_municipality
from ..roles import administered_municipalities, organisations_of
from .plan import ImportScope


@dataclass(frozen=True)
class ImportTarget:
    """One place a person may import into: an organisation they coordinate (its rows
    all belong to it) or a municipality they administer."""

    municipality: Municipality
    organisation: Organisation | None = None

    @property
    def key(self) -> str:
        if self.organisation:
            return f"organisation-{self.organisation.pk}"
        return f"municipality-{self.municipality.pk}"

    @property
    def label(self) -> str:
        if self.organisation:
            return f"{self.organisation} ({self.municipality})"
        return _("Hele %(municipality)s") % {"municipality": self.municipality}

    @property
    def scope(self) -> ImportScope:
        return ImportScope(
            municipalities=frozenset({self.municipality.pk}),
            default_municipality=self.municipality,
            organisation=self.organisation,
            organisation_fixed=self.organisation is not None,
        )


def import_targets_of(user) -> list[ImportTarget]:
    """Where the user may import: coordinators for their organisations, municipality
    admins for their municipalities."""
    targets = [
        ImportTarget(municipality=municipality)
        for municipality in administered_municipalities(user)
    ]
    targets += [
        ImportTarget(municipality=organisation.municipality, organisation=organisation)
        for organisation in organisations_of(user).select_related("municipality")
    ]
    return targets


def access_import_upload(user, upload_id) -> tuple[ImportUpload, ImportTarget]:
    """The user's own upload with the target it was sent for, while the user may still
    import there; the same 404 for a missing upload, another person's, or a lost role."""
    upload = (
        ImportUpload.objects.select_related("municipality", "organisation")
        .filter(uuid=upload_id, uploaded_by=user)
        .first()
    )
    if upload is not None:
        target = ImportTarget(municipality=upload.municipality, organisation=upload.organisation)
        if target.key in {t.key for t in import_targets_of(user)}:
            return upload, target
    raise Http404


def import_scope_for_command(*, municipality: str = "", organisation: str = "") -> ImportScope:
    """The command's scope: any municipality (a row's own wins), with defaults for rows
    that name none. Raises LookupError for a municipality or organisation not found."""
    default = None
    if municipality:
        default = find_municipality(municipality)
        if default is None:
            raise LookupError(_("Ukendt kommune “%(value)s”.") % {"value": municipality})
    found = None
    if organisation:
        candidates = [
            o
            for o in Organisation.objects.select_related("municipality")
            if fold(o.name) == fold(organisation)
            and (default is None or o.municipality_id == default.pk)
        ]
        if len(candidates) != 1:
            raise LookupError(
                _("Fandt %(count)s foreninger med navnet “%(value)s”.")
                % {"count": len(candidates), "value": organisation}
            )
        found = candidates[0]
        default = default or found.municipality
    return ImportScope(municipalities=None, default_municipality=default, organisation=found)
