"""What the engine knows: plain data about a citizen, an activity and a companion, built
by `matching.selectors` from rows, and what it answers (suggestions with their reasons)."""

from dataclasses import dataclass, field

from meetingplaces.vocabulary import ALL_SLOTS


@dataclass(frozen=True)
class Reason:
    """One explained part of a suggestion: as data (kind, value) and as a Danish sentence."""

    kind: str  # "distance", "interests", "schedule", "step_free", "companion", "waiting", "load"
    value: object  # JSON-serialisable
    text: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class Suggestion:
    activity_id: int
    score: float  # >= 0, higher is better
    distance_km: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class CitizenNeeds:
    """What the engine needs to know about a citizen."""

    latitude: float
    longitude: float
    max_distance_km: float
    needs_step_free: bool
    gender: str  # "", "woman" or "man" (Citizen.Gender)
    interests: int  # bit set, vocabulary.INTERESTS
    preferred_slots: int  # bit set, vocabulary slots; 0 means "no wishes": every time fits
    companion_needed: bool
    has_consent: bool
    # Activities this citizen already has a match with (declined ones among them): a pair
    # is proposed once, and a declined pair never again.
    excluded_activity_ids: frozenset[int] = field(default_factory=frozenset)
    waiting_days: int = 0
    # The municipality boundary: only organisations serving it (None: no boundary, as in
    # the engine's own tests). The selectors apply it in their queries.
    municipality_id: int | None = None


@dataclass(frozen=True)
class ActivityFacts:
    """What the engine needs to know about an activity and its meeting place."""

    id: int
    latitude: float
    longitude: float
    step_free: bool
    audience: str  # Activity.Audience
    interests: int
    slots: int  # vocabulary.activity_slots(weekday, start, end)
    free_seats: int | None  # None: no limit
    companion_available: bool
    organisation_id: int
    load: int = 0  # open matches of the organisation: how busy its coordinators are


@dataclass(frozen=True)
class CompanionFacts:
    """An approved volunteer who can go along the first time (`matching.selectors` reads
    only those): where they live, when they are free and how many more they can take."""

    organisation_id: int
    latitude: float
    longitude: float
    availability: int = ALL_SLOTS  # vocabulary slots the volunteer is free in
    places: int = 1  # max_citizens minus the open matches they go along to
    id: int = 0
