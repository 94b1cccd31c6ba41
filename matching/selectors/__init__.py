"""What the matching app reads. Each module is one kind of reading; the names below are the
ones pages, the API and services use."""

from .audit import Oversight, look_ups_of, oversight_between
from .citizens import (
    citizen_counts,
    citizen_with_history,
    citizens_administered_by,
    citizens_of_teams,
    citizens_visible_to,
    has_consent,
    screenings_with_change,
    waiting_reasons,
)
from .companions import (
    CompanionOption,
    companion_misfit_for,
    companions_for,
    companions_near,
    companions_of_organisations,
)
from .inbox import (
    FollowUp,
    follow_ups_due,
    matches_of,
    ongoing_of,
    proposals_of,
    self_referrals_of,
)
from .suggestions import (
    activities_for_suggestions,
    activity_facts_near,
    all_activity_facts,
    candidate_activities,
    citizen_needs,
    citizen_needs_many,
    organisation_loads,
    seats_held,
    suggest_activities,
)

__all__ = [
    "CompanionOption",
    "FollowUp",
    "Oversight",
    "activities_for_suggestions",
    "activity_facts_near",
    "all_activity_facts",
    "candidate_activities",
    "citizen_counts",
    "citizen_needs",
    "citizen_needs_many",
    "citizen_with_history",
    "citizens_administered_by",
    "citizens_of_teams",
    "citizens_visible_to",
    "companion_misfit_for",
    "companions_for",
    "companions_near",
    "companions_of_organisations",
    "follow_ups_due",
    "has_consent",
    "look_ups_of",
    "matches_of",
    "ongoing_of",
    "organisation_loads",
    "oversight_between",
    "proposals_of",
    "screenings_with_change",
    "seats_held",
    "self_referrals_of",
    "suggest_activities",
    "waiting_reasons",
]
