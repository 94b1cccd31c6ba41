"""The one write of the outcomes app: noting that home care saw suggestions for a citizen."""

from django.utils import timezone

from .models import SuggestionShown


def record_suggestions_shown(*, citizen_id, count: int) -> None:
    """Remember the first time suggestions were shown for the citizen (one query; later
    showings change nothing)."""
    if count <= 0:
        return
    SuggestionShown.objects.bulk_create(
        [
            SuggestionShown(
                citizen_id=citizen_id, shown_at=timezone.now(), suggestions=min(count, 32767)
            )
        ],
        ignore_conflicts=True,
    )
