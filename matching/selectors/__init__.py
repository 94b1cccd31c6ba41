"""What the matching app reads. Each module is one kind of reading; the names below are the
ones pages, the API and services use."""

from .citizens import (
    citizen_with_history,
    citizens_of_teams,
    citizens_visible_to,
    has_consent,
    screenings_with_change,
)
from .companions import (
    CompanionOption,
    companion_misfit_for,
    companions_for,
    companions_near,
    companions_of_organisations,
)
from .suggestions import (
    activities_for_suggestions,
    activity_facts_near,
    all_activity_facts,
    candidate_activities,
    citizen_needs,
    organisation_loads,
    seats_held,
    suggest_activities,
)

__all__ = [
    "CompanionOption",
    "activities_for_suggestions",
    "activity_facts_near",
    "all_activity_facts",
    "candidate_activities",
    "citizen_needs",
    "citizen_with_history",
    "citizens_of_teams",
    "citizens_visible_to",
    "companion_misfit_for",
    "companions_for",
    "companions_near",
    "companions_of_organisations",
    "has_consent",
    "organisation_loads",
    "screenings_with_change",
    "seats_held",
    "suggest_activities",
]
