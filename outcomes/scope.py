"""Whose figures a user may see, and the citizens and matches a report counts.

Municipality admins see their municipalities (a user who administers several sees them side
by side, in aggregate only); coordinators see their organisations' matches; home-care staff
see their teams (there is no separate team-leader role: the figures are suppressed
aggregates, and staff already follow each citizen of their team). Asking for a
municipality, team or organisation outside that answers "not found", exactly as one that
does not exist.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from matching.models import Citizen, Match
from meetingplaces.models import Membership, Municipality, Organisation, Team
from meetingplaces.roles import administered_municipalities, organisations_of, roles_of, teams_of

# Who sees reports: admins, coordinators and home-care staff (for their own scope).
REPORT_ROLES = frozenset(
    {Membership.Role.ADMIN, Membership.Role.COORDINATOR, Membership.Role.STAFF}
)


class ScopeNotFound(Exception):
    """The asked-for municipality, team or organisation is missing or not the user's."""


class BadScopeParameter(ValueError):
    """A filter that is not even of the right form; `field` names it."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class ReportScope:
    """Which citizens and matches a report counts. None means "not narrowed by this"."""

    municipality_ids: tuple[int, ...] | None
    team_ids: tuple[int, ...] | None = None
    organisation_ids: tuple[int, ...] | None = None

    @property
    def several_municipalities(self) -> bool:
        return self.municipality_ids is not None and len(self.municipality_ids) > 1

    def citizens(self) -> QuerySet[Citizen]:
        citizens = Citizen.objects.all()
        if self.municipality_ids is not None:
            citizens = citizens.filter(municipality_id__in=self.municipality_ids)
        if self.team_ids is not None:
            citizens = citizens.filter(team_id__in=self.team_ids)
        if self.organisation_ids is not None:
            citizens = citizens.filter(
                Exists(
                    Match.objects.filter(
                        citizen=OuterRef("pk"), organisation_id__in=self.organisation_ids
                    )
                )
            )
        return citizens

    def matches(self, citizens: QuerySet[Citizen] | None = None) -> QuerySet[Match]:
        """The matches counted: of the given citizens (all when None), at the scope's
        organisations when it is narrowed to some."""
        matches = (
            Match.objects.all() if citizens is None else Match.objects.filter(citizen__in=citizens)
        )
        if self.organisation_ids is not None:
            matches = matches.filter(organisation_id__in=self.organisation_ids)
        return matches


def may_see_reports(user) -> bool:
    return not roles_of(user).isdisjoint(REPORT_ROLES)


def report_scope_for(
    user, *, municipality: str = "", team: str = "", organisation: str = ""
) -> ReportScope:
    """The scope of the user's reports, narrowed by the filters given.

    Raises PermissionDenied for a user with no role that sees reports, ScopeNotFound for a
    filter outside the user's reach and BadScopeParameter for a malformed one.
    """
    admin_of = set(administered_municipalities(user).values_list("pk", flat=True))
    team_ids = set(teams_of(user).values_list("pk", flat=True))
    organisation_ids = set(organisations_of(user).values_list("pk", flat=True))
    if not (admin_of or team_ids or organisation_ids):
        raise PermissionDenied

    if organisation:
        try:
            key = uuid.UUID(organisation)
        except ValueError:
            raise BadScopeParameter("organisation") from None
        found = Organisation.objects.filter(uuid=key).values_list("pk", "municipality_id").first()
        if found is None or not (found[0] in organisation_ids or found[1] in admin_of):
            raise ScopeNotFound
        municipalities = (found[1],) if found[0] not in organisation_ids else None
        return ReportScope(municipalities, organisation_ids=(found[0],))
    if team:
        if not team.isdigit():
            raise BadScopeParameter("team")
        found = Team.objects.filter(pk=int(team)).values_list("pk", "municipality_id").first()
        if found is None or not (found[0] in team_ids or found[1] in admin_of):
            raise ScopeNotFound
        return ReportScope((found[1],), team_ids=(found[0],))
    if municipality:
        if not (municipality.isdigit() and len(municipality) == 4):
            raise BadScopeParameter("municipality")
        found = Municipality.objects.filter(code=municipality).values_list("pk", flat=True)
        found = found.first()
        if found is None or found not in admin_of:
            raise ScopeNotFound
        return ReportScope((found,))
    if admin_of:
        return ReportScope(tuple(sorted(admin_of)))
    if team_ids:
        municipalities = Team.objects.filter(pk__in=team_ids).values_list("municipality_id")
        return ReportScope(
            tuple(sorted({m for (m,) in municipalities})), team_ids=tuple(sorted(team_ids))
        )
    return ReportScope(None, organisation_ids=tuple(sorted(organisation_ids)))


def filter_choices(user) -> dict[str, list[tuple[str, str]]]:
    """The municipalities, teams and organisations the user may pick, for the page's form."""
    admin_of = administered_municipalities(user)
    teams = Team.objects.filter(pk__in=teams_of(user)) | Team.objects.filter(
        municipality__in=admin_of
    )
    organisations = Organisation.objects.filter(
        pk__in=organisations_of(user)
    ) | Organisation.objects.filter(municipality__in=admin_of)
    return {
        "municipality": [(m.code, m.name) for m in admin_of.order_by("name")],
        "team": [(str(t.pk), t.name) for t in teams.distinct().order_by("name")],
        "organisation": [(str(o.uuid), o.name) for o in organisations.distinct().order_by("name")],
    }
