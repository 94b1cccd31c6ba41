"""The shared words of Samvær: activity categories, interests, weekdays and parts of day.

Interests and weekly time slots are stored as bit sets (one integer column) so that
"shared interests" and "schedule fits" are single AND operations, in SQL and in the
matching engine alike. A bit's position is its index in the tuple below: append new
words at the end, never reorder or remove (that would change stored data).
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    COMMUNITY = "community", _("Fællesskab og kaffe")
    WORKSHOP = "workshop", _("Værksted og håndværk")
    NETWORK = "network", _("Netværk")
    MOVEMENT = "movement", _("Motion og bevægelse")
    WALKING = "walking", _("Gåture")
    GAMES = "games", _("Spil og kort")
    MUSIC = "music", _("Sang og musik")
    LEARNING = "learning", _("IT og læring")
    CREATIVE = "creative", _("Kreativt")
    CULTURE = "culture", _("Kultur og foredrag")
    MARKET = "market", _("Loppemarked og bytte")
    MEAL = "meal", _("Spisefællesskab")
    NATURE = "nature", _("Natur og have")


# (slug, label). The index is the bit position.
INTERESTS: tuple[tuple[str, str], ...] = (
    ("coffee", _("kaffe")),
    ("cards", _("kortspil")),
    ("board_games", _("brætspil")),
    ("singing", _("sang")),
    ("music", _("musik")),
    ("walking", _("gåture")),
    ("exercise", _("let motion")),
    ("woodwork", _("træarbejde")),
    ("crafts", _("håndarbejde")),
    ("it", _("IT og telefon")),
    ("reading", _("læsning")),
    ("history", _("lokalhistorie")),
    ("gardening", _("have")),
    ("cooking", _("madlavning")),
    ("flea_market", _("loppemarked")),
    ("dancing", _("dans")),
    ("fishing", _("fiskeri")),
    ("nature", _("natur")),
    ("lectures", _("foredrag")),
    ("painting", _("maling")),
    ("billiards", _("billard")),
    ("bingo", _("banko")),
)
INTEREST_SLUGS: tuple[str, ...] = tuple(slug for slug, _label in INTERESTS)
INTEREST_LABELS = dict(INTERESTS)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class PartOfDay(models.IntegerChoices):
    MORNING = 0, _("formiddag")
    AFTERNOON = 1, _("eftermiddag")
    EVENING = 2, _("aften")


# Where the parts of day begin. An activity belongs to the part of day it starts in and to
# every later part it spends at least PART_OF_DAY_MIN_STAY in: 09:30-12:30 is a morning
# activity (half an hour after noon does not make it one for an afternoon wish), 11:00-13:00
# belongs to both. `parts_of_day` and `part_of_day_q` (the same rule in SQL) decide it.
PART_OF_DAY_STARTS = {
    PartOfDay.MORNING: time(0, 0),
    PartOfDay.AFTERNOON: time(12, 0),
    PartOfDay.EVENING: time(17, 0),
}
PART_OF_DAY_MIN_STAY = timedelta(hours=1)


def _part_of_day_bounds(part: int) -> tuple[time, time | None, time]:
    """(start, next part's start or None, the time an activity begun earlier must last to)."""
    starts = list(PART_OF_DAY_STARTS.values())
    index = list(PART_OF_DAY_STARTS).index(part)
    lo = starts[index]
    hi = starts[index + 1] if index + 1 < len(starts) else None
    stay = (datetime.combine(date.min, lo) + PART_OF_DAY_MIN_STAY).time()
    return lo, hi, stay


def parts_of_day(start: time, end: time) -> list[int]:
    """The parts of day an activity from start to end belongs to (see PART_OF_DAY_STARTS)."""
    parts = []
    for part in PartOfDay:
        lo, hi, stay = _part_of_day_bounds(part)
        starts_in = lo <= start and (hi is None or start < hi)
        if starts_in or (start < lo and end >= stay):
            parts.append(part)
    return parts


def part_of_day_q(part: int, prefix: str = "") -> models.Q:
    """`parts_of_day` as a filter: the activities that belong to this part of day."""
    lo, hi, stay = _part_of_day_bounds(part)
    start, end = f"{prefix}start_time", f"{prefix}end_time"
    # Starts in the part, or earlier and stays long enough: start >= lo or end >= stay.
    belongs = models.Q(**{f"{start}__gte": lo}) | models.Q(**{f"{end}__gte": stay})
    if lo == time.min:  # nothing starts before midnight
        belongs = models.Q()
    if hi is not None:
        belongs &= models.Q(**{f"{start}__lt": hi})
    return belongs


SLOT_COUNT = 7 * 3
ALL_SLOTS = (1 << SLOT_COUNT) - 1
ALL_INTERESTS = (1 << len(INTERESTS)) - 1


def slot_bit(weekday: int, part: int) -> int:
    """The bit of one (weekday, part of day) slot in a weekly slot set."""
    return 1 << (weekday * 3 + part)


def slot_choices() -> list[tuple[str, str]]:
    """Choices for a form: one per slot, keyed 'weekday-part'."""
    return [
        (f"{day.value}-{part.value}", f"{day.label} {part.label}")
        for day in Weekday
        for part in PartOfDay
    ]


def slots_to_mask(slots: Iterable[tuple[int, int]]) -> int:
    mask = 0
    for weekday, part in slots:
        mask |= slot_bit(weekday, part)
    return mask


def mask_to_slots(mask: int) -> list[tuple[int, int]]:
    return [(i // 3, i % 3) for i in range(SLOT_COUNT) if mask >> i & 1]


def activity_slots(weekday: int, start: time, end: time) -> int:
    """The slot set of a weekly activity."""
    return slots_to_mask((weekday, part) for part in parts_of_day(start, end))


def activity_slots_expression() -> models.Expression:
    """`activity_slots` in SQL, from `part_of_day_q`: the stored column Activity.slot_mask."""
    parts = sum(
        (
            models.Case(
                models.When(part_of_day_q(part), then=models.Value(1 << part)),
                default=models.Value(0),
            )
            for part in PartOfDay
        ),
        start=models.Value(0),
    )
    # slot_bit(weekday, part) == (1 << part) * 8 ** weekday: three parts a day.
    day = models.Case(
        *(models.When(weekday=day, then=models.Value(slot_bit(day, 0))) for day in Weekday),
        default=models.Value(0),
    )
    return models.ExpressionWrapper(parts * day, output_field=models.IntegerField())


def interests_to_mask(slugs: Iterable[str]) -> int:
    mask = 0
    for slug in slugs:
        try:
            mask |= 1 << INTEREST_SLUGS.index(slug)
        except ValueError:
            raise ValueError(f"unknown interest: {slug!r}") from None
    return mask


def mask_to_interests(mask: int) -> list[str]:
    return [slug for i, slug in enumerate(INTEREST_SLUGS) if mask >> i & 1]


def interest_labels(mask: int) -> list[str]:
    return [str(INTEREST_LABELS[slug]) for slug in mask_to_interests(mask)]
