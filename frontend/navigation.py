"""The site's one navigation, and where each person lands after signing in.

Each entry names the page (its URL name), its Danish label and who sees it: a predicate on
the `Viewer`, whose roles come from `meetingplaces.roles`. base.html draws the entries a
viewer may use; the municipality overview lists the admin's entries with their
descriptions. A new page for a role is one more entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meetingplaces.models import Membership
from meetingplaces.roles import roles_of
from outcomes.scope import REPORT_ROLES

Role = Membership.Role


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a page: what the navigation is chosen by."""

    signed_in: bool
    roles: frozenset[str] = frozenset()
    superuser: bool = False

    @classmethod
    def of(cls, user) -> "Viewer":
        if user is None or not user.is_authenticated:
            return cls(signed_in=False)
        return cls(signed_in=True, roles=roles_of(user), superuser=user.is_superuser)

    @classmethod
    def of_request(cls, request) -> "Viewer":
        """The request's viewer, read once however many parts of the page ask."""
        if not hasattr(request, "_viewer"):
            request._viewer = cls.of(getattr(request, "user", None))
        return request._viewer

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    shown_to: Callable[[Viewer], bool]
    # Pages that belong under this entry (a citizen under "Mine borgere"): the entry is
    # marked as the current section there.
    section: tuple[str, ...] = ()
    # What the page is for, on the municipality admin's overview.
    description: str = ""


def _staff(viewer):
    return viewer.has(Role.STAFF)


def _coordinator(viewer):
    return viewer.has(Role.COORDINATOR)


def _admin(viewer):
    return viewer.has(Role.ADMIN)


def _keeper(viewer):
    """Coordinators and municipality admins: who keeps entries and imports lists."""
    return viewer.has(Role.ADMIN, Role.COORDINATOR)


ENTRIES: tuple[Entry, ...] = (
    # Home-care staff.
    Entry(
        "frontend:homecare-citizens",
        _("Mine borgere"),
        _staff,
        section=(
            "frontend:homecare-citizen",
            "frontend:homecare-rescreen",
            "notifications:invitation",
        ),
    ),
    Entry("frontend:homecare-flag", _("Registrér en borger"), _staff),
    Entry("frontend:homecare-mentor-request", _("Pårørende søger mentor"), _staff),
    # Volunteer coordinators.
    Entry("frontend:inbox", _("Indbakke"), _coordinator, section=("frontend:match",)),
    Entry("frontend:follow-ups", _("Opfølgning"), _coordinator),
    Entry(
        "frontend:volunteers",
        _("Frivillige"),
        _coordinator,
        section=("frontend:volunteer-new", "frontend:volunteer-edit", "frontend:volunteer-decline"),
    ),
    Entry(
        "frontend:mentors",
        _("Pårørendementorer"),
        _coordinator,
        section=(
            "frontend:mentor-request",
            "frontend:mentor-offer-new",
            "frontend:mentor-offer-decline",
        ),
    ),
    Entry("notifications:log", _("Beskedlog"), _coordinator),
    # Volunteers with a sign-in.
    Entry(
        "frontend:volunteer-mentor-offer",
        _("Bliv pårørendementor"),
        lambda viewer: viewer.has(Role.VOLUNTEER),
    ),
    # Municipality admins.
    Entry("frontend:municipality-overview", _("Overblik"), _admin),
    # With a description, an admin's page is also listed on the overview.
    Entry(
        "frontend:municipal-users",
        _("Brugere"),
        _admin,
        section=("frontend:municipal-user",),
        description=_(
            "Inviter medarbejdere, koordinatorer og administratorer; giv roller, og luk adgange."
        ),
    ),
    Entry(
        "frontend:municipal-teams",
        _("Teams"),
        _admin,
        section=("frontend:municipal-team",),
        description=_("Kommunens hjemmeplejeteams."),
    ),
    Entry(
        "frontend:municipal-organisations",
        _("Organisationer"),
        _admin,
        section=("frontend:municipal-organisation", "frontend:municipal-organisation-new"),
        description=_("Foreninger og kommunale enheder, og hvilke kommuner de dækker."),
    ),
    Entry(
        "frontend:municipal-citizen-lookup",
        _("Find borger"),
        _admin,
        section=("frontend:municipal-citizen",),
        description=_("Find en borger ud fra omsorgsreferencen: indsigt, telefon og sletning."),
    ),
    # Coordinators keep their organisation's entries; admins their municipality's.
    Entry(
        "frontend:entries",
        _("Aktiviteter og steder"),
        _keeper,
        section=(
            "frontend:entry-activity-new",
            "frontend:entry-activity",
            "frontend:entry-place-new",
            "frontend:entry-place",
        ),
        description=_("Opret, ret, udgiv og aflys mødesteder og aktiviteter."),
    ),
    Entry(
        "frontend:freshness",
        _("Friskhed"),
        _admin,
        description=_("Aktiviteter, som ingen har bekræftet længe."),
    ),
    Entry(
        "frontend:import",
        _("Importér liste"),
        _keeper,
        section=("frontend:import-preview",),
        description=_("Indlæs kommunens lister over mødesteder og aktiviteter (CSV eller Excel)."),
    ),
    Entry(
        "frontend:api-keys",
        _("API-nøgler"),
        _admin,
        description=_("Nøgler til omsorgssystemet og kommunens hjemmeside."),
    ),
    Entry(
        "frontend:reports",
        _("Tal og effekt"),
        lambda viewer: viewer.has(*REPORT_ROLES),
        section=("frontend:reports-gaps", "frontend:reports-annual"),
        description=_("Forløbet, effekten på ensomhed, hvor der mangler hjælp, årsrapporten."),
    ),
    # The operator: Django's admin.
    Entry("admin:index", _("Drift"), lambda viewer: viewer.superuser),
    # Everyone.
    Entry(
        "frontend:home",
        _("Find aktiviteter"),
        lambda viewer: True,
        section=("frontend:finder", "frontend:activity", "frontend:meeting-place"),
    ),
    Entry(
        "frontend:relative-request",
        _("Pårørende? Få en mentor"),
        lambda viewer: not viewer.signed_in,
        section=("frontend:relative-thanks",),
    ),
    Entry("frontend:volunteer-sign-up", _("Bliv frivillig"), lambda viewer: not viewer.signed_in),
    Entry("notifications:preferences", _("Beskeder"), lambda viewer: viewer.signed_in),
    Entry(
        "security:password-change",
        _("Adgangskode og login"),
        lambda viewer: viewer.signed_in,
        section=("security:recovery-codes",),
    ),
    Entry("frontend:login", _("Log ind for medarbejdere"), lambda viewer: not viewer.signed_in),
)


@dataclass(frozen=True)
class Link:
    entry: Entry
    url: str
    current: str | None  # the value of aria-current, or None


def links_for(viewer: Viewer, *, view_name: str | None = None) -> list[Link]:
    """The entries the viewer may use, in order, with the current page marked."""
    links = []
    for entry in ENTRIES:
        if not entry.shown_to(viewer):
            continue
        current = None
        if view_name == entry.url_name:
            current = "page"
        elif view_name in entry.section:
            current = "true"
        links.append(Link(entry, reverse(entry.url_name), current))
    return links


def home_url_name(viewer: Viewer) -> str:
    """Where a person lands after signing in: their daily work."""
    if viewer.has(Role.STAFF):
        return "frontend:homecare-citizens"
    if viewer.has(Role.COORDINATOR):
        return "frontend:inbox"
    if viewer.has(Role.ADMIN):
        return "frontend:municipality-overview"
    if viewer.superuser:
        return "admin:index"
    # Volunteers have no page of their own yet: the finder shows what goes on near them.
    return "frontend:home"
