"""Writing an import: the valid rows of a file in one transaction, or nothing."""

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Activity, ImportUpload, MeetingPlace, Municipality, Organisation
from .plan import ImportPlan, ImportScope, plan_import
from .reading import read_table

BATCH_SIZE = 500
# An upload nobody confirmed is deleted after this long.
UPLOAD_KEPT_FOR = timedelta(days=1)


def import_places(
    *,
    content: bytes,
    filename: str,
    scope: ImportScope,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Plan the file and, unless `dry_run`, write its valid rows; refused rows are left
    out. Planned and written in one transaction, so the plan is what gets written.

    Raises ImportFileError when the file as a whole cannot be read.
    """
    table = read_table(content, filename)
    with transaction.atomic():
        plan = plan_import(table, scope, progress=progress)
        if not dry_run:
            import_plan_write(plan)
    return plan


def import_plan_write(plan: ImportPlan) -> None:
    """Write what the plan holds, in bulk. The caller holds the transaction."""
    now = timezone.now()
    MeetingPlace.objects.bulk_create(plan.places_to_create, batch_size=BATCH_SIZE)
    places = list(plan.places_to_update.values())
    for place in places:
        place.updated_at = now  # bulk_update skips auto_now
    MeetingPlace.objects.bulk_update(
        places, sorted(plan.place_fields | {"updated_at"}), batch_size=BATCH_SIZE
    )
    Activity.objects.bulk_create(plan.activities_to_create, batch_size=BATCH_SIZE)
    activities = list(plan.activities_to_update.values())
    for activity in activities:
        activity.updated_at = now
    Activity.objects.bulk_update(
        activities, sorted(plan.activity_fields | {"updated_at"}), batch_size=BATCH_SIZE
    )


def import_upload_create(
    *, user, municipality: Municipality, organisation: Organisation | None, upload_file
) -> ImportUpload:
    """Keep an uploaded file until its preview is confirmed, and forget the person's
    earlier uploads, and anyone's older than a day, that were never confirmed."""
    ImportUpload.objects.filter(
        Q(uploaded_by=user) | Q(created_at__lt=timezone.now() - UPLOAD_KEPT_FOR)
    ).delete()
    return ImportUpload.objects.create(
        uploaded_by=user,
        municipality=municipality,
        organisation=organisation,
        filename=upload_file.name[:200],
        content=upload_file.read(),
    )


def import_upload_confirm(*, upload: ImportUpload, scope: ImportScope) -> ImportPlan:
    """Import the upload's valid rows and forget the file."""
    with transaction.atomic():
        plan = import_places(content=bytes(upload.content), filename=upload.filename, scope=scope)
        upload.delete()
    return plan
