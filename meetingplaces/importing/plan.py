"""Planning an import without writing anything: for every row, what would be created,
updated, left unchanged or refused, and why. The plan holds the unsaved objects that
`services.import_places` writes.

Everything existing is read in a few queries up front (municipalities, organisations,
places and activities of the municipalities the file names), never per row.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from security.cpr import contains_cpr_number

from ..geocoding import fold
from ..models import Activity, MeetingPlace, Municipality, Organisation
from ..municipalities import MunicipalityIndex
from .reading import Table
from .rows import ActivityValues, PlaceValues, RowError, parse_row


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportScope:
    """Where an import may write.

    `municipalities` None means any (the command run by an operator). A coordinator's
    import has `organisation_fixed`: every activity belongs to their organisation.
    """

    municipalities: frozenset[int] | None
    default_municipality: Municipality | None = None
    organisation: Organisation | None = None
    organisation_fixed: bool = False


@dataclass
class RowOutcome:
    line: int
    action: Action
    label: str
    municipality: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    outcomes: list[RowOutcome]
    unknown_columns: list[str]
    places_to_create: list[MeetingPlace] = field(default_factory=list)
    places_to_update: dict[int, MeetingPlace] = field(default_factory=dict)
    place_fields: set[str] = field(default_factory=set)
    activities_to_create: list[Activity] = field(default_factory=list)
    activities_to_update: dict[int, Activity] = field(default_factory=dict)
    activity_fields: set[str] = field(default_factory=set)

    @property
    def counts(self) -> Counter:
        return Counter(outcome.action for outcome in self.outcomes)

    @property
    def refused(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == Action.REFUSED]


class _Known:
    """What exists already, indexed the ways a row can name it."""

    def __init__(self, municipality_ids: set[int]):
        self.places_by_id: dict[tuple[int, str], MeetingPlace] = {}
        self.places_by_name: dict[tuple[int, str], MeetingPlace] = {}
        for place in MeetingPlace.objects.filter(municipality_id__in=municipality_ids):
            self.add_place(place)
        self.activities_by_id: dict[tuple[int, str], Activity] = {}
        self.activities_by_key: dict[tuple, Activity] = {}
        for activity in Activity.objects.filter(municipality_id__in=municipality_ids):
            self.add_activity(activity)
        self.organisations = {
            (o.municipality_id, fold(o.name)): o
            for o in Organisation.objects.filter(municipality_id__in=municipality_ids)
        }

    def add_place(self, place: MeetingPlace) -> None:
        if place.external_id:
            self.places_by_id[(place.municipality_id, place.external_id)] = place
        self.places_by_name[(place.municipality_id, fold(place.name))] = place

    def add_activity(self, activity: Activity) -> None:
        if activity.external_id:
            self.activities_by_id[(activity.municipality_id, activity.external_id)] = activity
        self.activities_by_key[_activity_key(activity)] = activity


def _place_key(place: MeetingPlace) -> tuple:
    # A place this import creates has no id yet: it is known by the object itself.
    return ("pk", place.pk) if place.pk else ("new", id(place))


def _activity_key(activity: Activity) -> tuple:
    place = ("pk", activity.meeting_place_id) if activity.meeting_place_id else None
    if place is None:
        place = _place_key(activity.meeting_place)
    return (place, fold(activity.title), activity.weekday, activity.start_time)


def plan_import(
    table: Table, scope: ImportScope, *, progress: Callable[[int, int], None] | None = None
) -> ImportPlan:
    """What importing `table` within `scope` would do, row by row. Writes nothing.

    `progress(rows_done, rows_in_all)` is called after each row."""
    municipalities = MunicipalityIndex()
    resolved: dict[int, Municipality | str] = {}
    for line, values in table.rows:
        text = values.get("municipality", "")
        if text:
            resolved[line] = municipalities.find(text) or text
        else:
            resolved[line] = scope.default_municipality or ""
    known = _Known({m.pk for m in resolved.values() if isinstance(m, Municipality)})
    planner = _Planner(scope, known, ImportPlan(outcomes=[], unknown_columns=table.unknown_columns))
    for done, (line, values) in enumerate(table.rows, start=1):
        planner.plan_row(line, values, resolved[line])
        if progress:
            progress(done, len(table.rows))
    return planner.plan


class _Planner:
    def __init__(self, scope: ImportScope, known: _Known, plan: ImportPlan):
        self.scope = scope
        self.known = known
        self.plan = plan
        self.first_line: dict[int, int] = {}  # id(object) → the row that planned it

    def plan_row(self, line: int, values: dict[str, str], municipality) -> None:
        label = values.get("title") or values.get("name") or "–"
        outcome = RowOutcome(line=line, action=Action.REFUSED, label=label)
        self.plan.outcomes.append(outcome)
        try:
            if any(contains_cpr_number(value) for value in values.values()):
                raise RowError(
                    _("Rækken indeholder noget, der ligner et CPR-nummer, og importeres ikke.")
                )
            municipality = self._municipality(municipality)
            outcome.municipality = municipality.name
            place_values, activity_values = parse_row(values)
            place, place_changes = self._place(municipality, place_values, activity_values)
            activity, activity_changes = None, {}
            if activity_values is not None:
                outcome.label = f"{activity_values.title} ({place_values.name})"
                activity, activity_changes = self._activity(municipality, place, activity_values)
        except RowError as error:
            outcome.errors = list(error.messages)
            return
        outcome.notes.extend(place_values.notes)
        place, place_action = self._apply_place(line, municipality, place, place_changes)
        if activity_values is None:
            outcome.action = place_action
            return
        if place_action == Action.CREATE:
            outcome.notes.append(_("Mødestedet “%(name)s” oprettes.") % {"name": place.name})
        elif place_action == Action.UPDATE:
            outcome.notes.append(_("Mødestedet “%(name)s” opdateres.") % {"name": place.name})
        outcome.action = self._apply_activity(line, place, activity, activity_changes)
        if outcome.action == Action.UNCHANGED and place_action == Action.UPDATE:
            outcome.action = Action.UPDATE

    def _municipality(self, municipality) -> Municipality:
        if not municipality:
            raise RowError(_("Kommune mangler: skriv den i rækken eller vælg den ved importen."))
        if not isinstance(municipality, Municipality):
            raise RowError(_("Ukendt kommune “%(value)s”.") % {"value": municipality})
        allowed = self.scope.municipalities
        if allowed is not None and municipality.pk not in allowed:
            raise RowError(
                _("Du kan ikke importere til %(municipality)s.") % {"municipality": municipality}
            )
        return municipality

    def _organisation(self, municipality: Municipality, name: str) -> Organisation | None:
        scope_organisation = self.scope.organisation
        if not name:
            if scope_organisation and scope_organisation.municipality_id == municipality.pk:
                return scope_organisation
            return None
        organisation = self.known.organisations.get((municipality.pk, fold(name)))
        if organisation is None:
            raise RowError(
                _("Ukendt forening “%(name)s” i %(municipality)s.")
                % {"name": name, "municipality": municipality}
            )
        if self.scope.organisation_fixed and organisation != scope_organisation:
            raise RowError(
                _("Du kan kun importere for %(organisation)s.")
                % {"organisation": scope_organisation}
            )
        return organisation

    def _place(self, municipality, values: PlaceValues, activity: ActivityValues | None):
        """The place the row names (existing, planned earlier in the file, or None for a
        new one) and the changes the row makes to it."""
        known, mid = self.known, municipality.pk
        place = known.places_by_id.get((mid, values.external_id)) if values.external_id else None
        same_name = known.places_by_name.get((mid, fold(values.name)))
        if place is None and same_name is not None:
            if values.external_id and same_name.external_id:
                raise RowError(
                    _("Et andet mødested (id %(id)s) hedder allerede “%(name)s”.")
                    % {"id": same_name.external_id, "name": values.name}
                )
            if values.street and not values.same_address(same_name):
                raise RowError(
                    _(
                        "Et andet mødested hedder allerede “%(name)s” (%(address)s). Ret navnet, "
                        "eller giv rækkerne et id."
                    )
                    % {"name": values.name, "address": same_name.address}
                )
            place = same_name
        elif place is not None and same_name is not None and same_name is not place:
            raise RowError(
                _("Et andet mødested hedder allerede “%(name)s”.") % {"name": values.name}
            )
        if place is not None and id(place) in self.first_line:
            if values.street and not values.same_address(place):
                raise RowError(
                    _("Række %(line)s giver samme mødested en anden adresse.")
                    % {"line": self.first_line[id(place)]}
                )
            return place, {}
        host = self._organisation(municipality, "" if activity else values.organisation)
        if self._hosted_by_another(place):
            if activity is None:
                raise RowError(
                    _("Mødestedet hører ikke til din organisation og kan ikke ændres herfra.")
                )
            return place, {}  # the activity may be held there; the place stays as it is
        if place is None and not values.street:
            raise RowError(_("Adresse mangler."))
        changes = values.changes(place)
        if host is not None and (
            place is None or (values.organisation and place.host_id != host.pk)
        ):
            changes["host"] = host
        return place, changes

    def _hosted_by_another(self, place: MeetingPlace | None) -> bool:
        """A coordinator changes only the places their organisation hosts; others (the
        municipality's own included) they may hold activities at, as they are."""
        if place is None or place.pk is None or not self.scope.organisation_fixed:
            return False
        return place.host_id != self.scope.organisation.pk

    def _activity(self, municipality, place, values: ActivityValues):
        known, mid = self.known, municipality.pk
        organisation = self._organisation(municipality, values.organisation)
        if organisation is None:
            raise RowError(_("Forening mangler: skriv hvem der holder aktiviteten."))
        activity = None
        if values.external_id:
            activity = known.activities_by_id.get((mid, values.external_id))
        key = (
            _place_key(place) if place is not None else None,
            fold(values.title),
            values.weekday,
            values.start_time,
        )
        same_key = known.activities_by_key.get(key) if place is not None else None
        if activity is None:
            activity = same_key
        elif same_key is not None and same_key is not activity:
            raise RowError(_("En anden aktivitet ligger allerede på samme sted og tidspunkt."))
        if activity is not None:
            if id(activity) in self.first_line:
                raise RowError(
                    _("Samme aktivitet står også i række %(line)s.")
                    % {"line": self.first_line[id(activity)]}
                )
            if self.scope.organisation_fixed and activity.organisation_id != organisation.pk:
                raise RowError(_("Aktiviteten hører til en anden organisation."))
        changes = values.changes(activity)
        if activity is None or activity.organisation_id != organisation.pk:
            changes["organisation"] = organisation
        return activity, changes

    def _apply_place(self, line, municipality, place, changes) -> tuple[MeetingPlace, Action]:
        plan = self.plan
        if place is None:
            place = MeetingPlace(municipality=municipality, **changes)
            plan.places_to_create.append(place)
            self.first_line[id(place)] = line
            self.known.add_place(place)
            return place, Action.CREATE
        if id(place) in self.first_line or not changes:
            self.first_line.setdefault(id(place), line)
            return place, Action.UNCHANGED
        self.first_line[id(place)] = line
        for name, value in changes.items():
            setattr(place, name, value)
        plan.places_to_update[place.pk] = place
        plan.place_fields.update(changes)
        self.known.add_place(place)
        return place, Action.UPDATE

    def _apply_activity(self, line, place, activity, changes) -> Action:
        if activity is not None and (place.pk is None or activity.meeting_place_id != place.pk):
            changes["meeting_place"] = place
        if activity is None:
            activity = Activity(municipality=place.municipality, meeting_place=place, **changes)
            self.plan.activities_to_create.append(activity)
            action = Action.CREATE
        elif changes:
            for name, value in changes.items():
                setattr(activity, name, value)
            self.plan.activities_to_update[activity.pk] = activity
            self.plan.activity_fields.update(changes)
            action = Action.UPDATE
        else:
            action = Action.UNCHANGED
        self.first_line[id(activity)] = line
        self.known.add_activity(activity)
        return action
