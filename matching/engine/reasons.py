"""Why a pair is suggested, in plain Danish (English through gettext), as data and text."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetingplaces.vocabulary import (
    INTEREST_LABELS,
    PartOfDay,
    Weekday,
    mask_to_interests,
    mask_to_slots,
)

from .facts import ActivityFacts, CitizenNeeds, Reason
from .rules import schedule_overlap


def format_distance(km: float) -> str:
    """ "800 m" under a kilometre (to 100 m: homes are stored to about 100 m), else "1,2 km"."""
    if km < 0.95:
        return _("%(metres)s m") % {"metres": max(100, round(km * 10) * 100)}
    return _("%(km)s km") % {"km": formats.number_format(round(km, 1), 1)}


def _slot_label(weekday: int, part: int) -> str:
    return f"{Weekday(weekday).label} {PartOfDay(part).label}"


def reasons_for(
    needs: CitizenNeeds,
    activity: ActivityFacts,
    distance: float,
    companion_km: float | None = None,
) -> tuple[Reason, ...]:
    """Why a pair is suggested, in the order staff read them out. `companion_km` as in
    score.companion_points."""
    reasons = [
        Reason(
            "distance",
            round(distance, 3),
            _("%(distance)s væk") % {"distance": format_distance(distance)},
        )
    ]
    shared = mask_to_interests(needs.interests & activity.interests)
    if shared:
        labels = ", ".join(str(INTEREST_LABELS[slug]) for slug in shared)
        reasons.append(Reason("interests", shared, _("Interesser: %(list)s") % {"list": labels}))
    slots = mask_to_slots(schedule_overlap(needs.preferred_slots, activity.slots))
    when = ", ".join(_slot_label(day, part) for day, part in slots)
    when = when[:1].upper() + when[1:]
    reasons.append(
        Reason(
            "schedule",
            [list(slot) for slot in slots],
            _("%(when)s passer") % {"when": when}
            if needs.preferred_slots
            else _("%(when)s (ingen ønsker om tidspunkt)") % {"when": when},
        )
    )
    if activity.step_free:
        reasons.append(Reason("step_free", True, _("Trinfri adgang")))
    if needs.companion_needed:
        if activity.companion_available:
            reasons.append(
                Reason("companion", {"at_activity": True}, _("En følgeven kan komme med"))
            )
        elif companion_km is not None:
            reasons.append(
                Reason(
                    "companion",
                    {"distance_km": round(companion_km, 3)},
                    _("En følgeven bor %(distance)s væk")
                    % {"distance": format_distance(companion_km)},
                )
            )
    if needs.waiting_days >= 7:
        weeks = needs.waiting_days // 7
        reasons.append(
            Reason(
                "waiting",
                needs.waiting_days,
                ngettext("Har ventet %(weeks)d uge", "Har ventet %(weeks)d uger", weeks)
                % {"weeks": weeks},
            )
        )
    reasons.append(
        Reason(
            "load",
            activity.load,
            _("Koordinatoren har tid lige nu")
            if activity.load == 0
            else ngettext(
                "Koordinatoren har %(count)d borger i gang",
                "Koordinatoren har %(count)d borgere i gang",
                activity.load,
            )
            % {"count": activity.load},
        )
    )
    return tuple(reasons)


def companion_volunteer_reason(*, volunteer_id: int, name: str, km: float) -> Reason:
    """The reason a batch run adds when it also picked the companion who goes along."""
    return Reason(
        "companion_volunteer",
        {"volunteer": volunteer_id, "distance_km": round(km, 3)},
        _("Følgeven %(name)s bor %(distance)s væk")
        % {"name": name, "distance": format_distance(km)},
    )
