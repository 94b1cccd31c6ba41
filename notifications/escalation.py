"""Proposals never wait unseen. Unanswered after N working days (ESCALATION_WORKING_DAYS)
the coordinator is reminded; after 2N the proposal goes to another coordinator of the
organisation; after 3N the municipality's administrators are told. Each step is written
in the match's history, which home-care staff see on the citizen's page.

Working days skip Saturdays, Sundays and Danish public holidays.
"""

from datetime import date, datetime, timedelta

import holidays
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching import events
from matching.models import Match, MatchStatusChange
from meetingplaces import roles
from meetingplaces.models import Membership

from .compose import absolute, queue
from .models import EscalationStep
from .services import coordinators_of

# Denmark's public holidays (the maintained `holidays` package; years are filled in as
# they are asked for). Escalation counts neither them nor weekends.
_HOLIDAYS = holidays.country_holidays("DK")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _HOLIDAYS


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day)
    return days


def add_working_days(start: date, count: int) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def answer_deadline(match: Match) -> date:
    """The day by which a proposal should be answered."""
    created = timezone.localdate(match.created_at)
    return add_working_days(created, settings.ESCALATION_WORKING_DAYS)


def _note(match: Match, text: str) -> None:
    since = date_format(timezone.localdate(match.created_at), "j. F")
    MatchStatusChange.objects.create(
        match=match,
        from_status=match.status,
        to_status=match.status,
        note=(_("%(step)s (venter siden %(since)s)") % {"step": text, "since": since})[:300],
    )


def _context(match: Match, days: int) -> dict:
    return {
        "match": match,
        "working_days": days,
        "match_url": absolute(reverse("frontend:match", args=[match.pk])),
    }


def _remind(match: Match, days: int) -> None:
    for user in coordinators_of(match):
        queue(
            "proposal_reminder",
            to=user,
            context=_context(match, days),
            match=match,
            organisation=match.organisation,
        )
    _note(
        match,
        _("Ubesvaret i %(days)d arbejdsdage: koordinatoren er mindet om det") % {"days": days},
    )


def _hand_over(match: Match, days: int) -> None:
    from matching import lifecycle

    current = match.coordinator
    colleagues = roles.coordinators_of(match.organisation_id)
    colleague = colleagues.exclude(pk=getattr(current, "pk", None)).first()
    if colleague is None:
        _note(
            match,
            _("Ubesvaret i %(days)d arbejdsdage: ingen anden koordinator at give det videre til")
            % {"days": days},
        )
        return
    # Handed over in the name of the coordinator who held it, while they still coordinate
    # for the organisation; otherwise the colleague takes it.
    still_there = current is not None and colleagues.filter(pk=current.pk).exists()
    lifecycle.hand_over(
        match_id=match.pk, by=current if still_there else colleague, to_id=colleague.pk
    )
    match.refresh_from_db()
    queue(
        "proposal_handed_over",
        to=colleague,
        context=_context(match, days),
        match=match,
        organisation=match.organisation,
    )
    _note(
        match,
        _("Ubesvaret i %(days)d arbejdsdage: givet videre til %(name)s")
        % {"days": days, "name": colleague.get_full_name() or colleague.username},
    )


def _tell_municipality(match: Match, days: int) -> None:
    admins = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Membership.Role.ADMIN,
            memberships__municipality_id=match.organisation.municipality_id,
        )
        .distinct()
    )
    for user in admins:
        queue(
            "proposal_unanswered",
            to=user,
            context=_context(match, days),
            match=match,
            organisation=match.organisation,
        )
    _note(match, _("Ubesvaret i %(days)d arbejdsdage: kommunen er orienteret") % {"days": days})


STEPS = {
    EscalationStep.Level.REMINDED: _remind,
    EscalationStep.Level.HANDED_OVER: _hand_over,
    EscalationStep.Level.MUNICIPALITY: _tell_municipality,
}


def escalate(*, now: datetime | None = None) -> int:
    """The daily escalation job: takes each step that is due and not yet taken. Returns
    how many steps it took."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    every = settings.ESCALATION_WORKING_DAYS
    taken = 0
    proposals = Match.objects.filter(status=Match.Status.PROPOSED).select_related(
        "citizen", "activity", "organisation", "coordinator"
    )
    for match in proposals:
        days = working_days_between(timezone.localdate(match.created_at), today)
        for level, step in STEPS.items():
            if days < level * every:
                break
            try:
                with transaction.atomic():
                    EscalationStep.objects.create(match=match, level=level, taken_at=now)
                    step(match, days)
            except IntegrityError:
                continue  # taken on an earlier day (or by a run at the same moment)
            events.match_changed(match)
            taken += 1
    return taken
