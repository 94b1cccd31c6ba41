"""Every URL the project serves, called as every role: a response that shows a citizen's,
a self-referral's or a relative's (mentor request's) personal fields (first name, phone,
care reference, e-mail) has an AuditEvent for that user and that record, written while answering.

The URLs come from Django's URL resolver (the permission matrix's PATTERNS, requested the
same way). Each URL has a row in SHOWS: the roles that see personal data there. A new URL
without a row fails `test_every_url_has_a_row_in_the_audit_matrix`, and a row that no
longer says who sees what fails its URL's test, so the matrix cannot go stale silently.
"""

import pytest
from django.test import Client

from matching.models import AuditEvent
from tests.factories import sign_in, start_support_session
from tests.security.conftest import ROLES
from tests.security.test_permission_matrix import METHODS, PATTERNS, url_for

# The operator runs the installation: the Django admin, and no municipal role.
AUDIT_ROLES = ROLES

NOBODY = frozenset()
OPERATOR = frozenset({"operator"})


def roles(*names: str) -> frozenset[str]:
    assert set(names) <= set(AUDIT_ROLES), names
    return frozenset(names)


def both(name: str, shown: frozenset[str]) -> dict[str, frozenset[str]]:
    """An API URL and its twin with a format suffix."""
    return {name: shown, f"{name}[format]": shown}


SHOWS: dict[str, frozenset[str]] = {
    # Public pages and API: nothing personal, for anyone.
    **{
        key: NOBODY
        for key in (
            "frontend:home",
            "frontend:about",
            "frontend:login",
            "frontend:logout",
            "security:verify",
            "security:enrol",
            "security:password-change",
            "security:recovery-codes",
            "set_language",
            "frontend:finder",
            "frontend:activity",
            "frontend:activity-thanks",
            "frontend:activity-ical",
            "frontend:meeting-place",
            "frontend:meeting-place-ical",
            "frontend:volunteer-sign-up",
            "frontend:volunteer-thanks",
            "frontend:relative-request",
            "frontend:relative-thanks",
            "frontend:mentor-follow-up",
            "schema",
            "docs",
            "api-unknown-path",
        )
    },
    **both("activity-list", NOBODY),
    **both("activity-detail", NOBODY),
    **both("meeting-place-list", NOBODY),
    **both("meeting-place-detail", NOBODY),
    **both("api-root", NOBODY),
    **both("volunteer-sign-up-list", NOBODY),
    # Home care: the team's citizens (staff_b's team has citizen_b; the world's URLs name
    # citizen_a, of staff_a's team).
    "frontend:homecare-citizens": roles("staff_a", "staff_b"),
    "frontend:homecare-citizen": roles("staff_a"),
    # The matches partial shows the activity and its history, not the citizen's fields.
    "frontend:homecare-citizen-matches": NOBODY,
    # Systems' keys and the calendar feeds of a municipality or an organisation.
    "frontend:api-keys": NOBODY,
    # A redirect to the role's start page; the overview shows counts, never a citizen.
    "frontend:start": NOBODY,
    "frontend:municipality-overview": NOBODY,
    "frontend:municipality-ical": NOBODY,
    "frontend:organisation-ical": NOBODY,
    # Messages: the printed invitation names the citizen, for the citizen's team.
    "notifications:invitation": roles("staff_a"),
    "notifications:log": NOBODY,
    "notifications:preferences": NOBODY,
    "notifications:retry": NOBODY,
    "notifications:unsubscribe": NOBODY,
    "frontend:homecare-rescreen": roles("staff_a"),
    "frontend:homecare-flag": NOBODY,
    "frontend:homecare-tell": NOBODY,  # a redirect
    "frontend:homecare-phone": NOBODY,  # a redirect
    "frontend:homecare-withdraw": NOBODY,  # a redirect
    # The municipality admin: teams, organisations and people hold no citizen; the citizen
    # found by care reference is shown to the admin of its municipality alone.
    **{
        f"frontend:{name}": NOBODY
        for name in (
            "municipal-teams",
            "municipal-team",
            "municipal-organisations",
            "municipal-organisation-new",
            "municipal-organisation",
            "municipal-users",
            "municipal-user",
            "municipal-user-active",
            "municipal-user-invitation",
            "municipal-membership-remove",
            "municipal-citizen-lookup",
            "municipal-citizen-phone",  # a redirect
            "municipal-citizen-erase",  # a redirect
            "invitation",
        )
    },
    "frontend:municipal-citizen": roles("admin"),
    **both("citizen-list", roles("staff_a", "staff_b")),
    **both("citizen-detail", roles("staff_a")),
    **both("citizen-suggestions", NOBODY),  # activities, not the citizen
    **both("citizen-screenings", NOBODY),  # an empty body: the form's errors
    **both("citizen-withdraw-consent", NOBODY),  # not confirmed: the error only
    # Data subject access: the admin of the citizen's municipality downloads it all.
    "frontend:citizen-export": roles("admin"),
    # Coordinators: their organisations' matches and self-referrals.
    "frontend:inbox": roles("coordinator_x", "coordinator_y"),
    "frontend:inbox-lists": roles("coordinator_x", "coordinator_y"),
    "frontend:match": roles("coordinator_x"),
    # Nobody's baseline screening is eight weeks old in this world.
    "frontend:follow-ups": NOBODY,
    **{
        f"frontend:{name}": NOBODY  # redirects
        for name in (
            "match-accept",
            "match-decline",
            "match-hand-over",
            "match-step",
            "referral-handled",
            "volunteer-approve",
        )
    },
    **{
        f"frontend:{name}": NOBODY
        for name in ("volunteers", "volunteer-new", "volunteer-edit", "volunteer-decline")
    },
    # Entries (activities, meeting places, their freshness): no citizen in them.
    **{
        f"frontend:{name}": NOBODY
        for name in (
            "entries",
            "entry-activity-new",
            "entry-activity",
            "entry-activity-cancel",
            "entry-activity-uncancel",
            "entry-activity-publish",
            "entry-activity-verify",
            "entry-confirm",
            "entry-place-new",
            "entry-place",
            "freshness",
        )
    },
    **{
        key: NOBODY
        for name in (
            "entry-activity-list",
            "entry-activity-detail",
            "entry-activity-verify",
            "entry-activity-cancellations",
            "entry-activity-cancellation",
            "entry-meeting-place-list",
            "entry-meeting-place-detail",
        )
        for key in both(name, NOBODY)
    },
    # Imports of meeting places and activities: no citizen in them.
    "frontend:import": NOBODY,
    "frontend:import-preview": NOBODY,
    # Outcome reports: aggregates only, small counts suppressed.
    **{
        f"frontend:{name}": NOBODY
        for name in ("reports", "reports-gaps", "reports-annual", "reports-csv", "reports-xlsx")
    },
    **both("match-list", roles("coordinator_x", "coordinator_y")),
    **both("match-detail", roles("coordinator_x")),
    **both("match-accept", roles("coordinator_x")),  # the accepted match, with the phone
    **both("match-companions", NOBODY),  # volunteers
    # Refused steps (400, 409) answer with the error, not the match.
    **{
        key: NOBODY
        for name in (
            "match-decline",
            "match-hand-over",
            "match-contacted",
            "match-first-visit",
            "match-participating",
            "match-end",
        )
        for key in both(name, NOBODY)
    },
    # Relatives asking for a mentor: their organisation's coordinators; staff's own list
    # shows dates and statuses only; the offers are volunteers.
    "frontend:homecare-mentor-request": NOBODY,
    "frontend:volunteer-mentor-offer": NOBODY,
    "frontend:mentors": roles("coordinator_x"),
    "frontend:mentor-request": roles("coordinator_x"),
    **{
        f"frontend:{name}": NOBODY  # redirects, and volunteers' offers
        for name in (
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
            "mentor-request-end",
            "mentor-offer-new",
            "mentor-offer-approve",
            "mentor-offer-decline",
        )
    },
    **both("mentor-request-list", roles("coordinator_x")),
    **both("mentor-request-detail", roles("coordinator_x")),
    **both("mentor-request-accept", NOBODY),  # an empty body: the errors
    **both("mentor-request-decline", NOBODY),
    **both("mentor-request-hand-over", NOBODY),
    **both("self-referral-list", roles("coordinator_x")),
    **both("self-referral-handled", roles("coordinator_x")),
    **both("volunteer-list", NOBODY),
    **both("volunteer-detail", NOBODY),
    **both("volunteer-approve", NOBODY),
    **both("volunteer-decline", NOBODY),
    # The admin, for the operator: citizens, their matches and screenings, self-referrals,
    # and the delete confirmations that list them as related records.
    "admin:autocomplete": OPERATOR,
    **{
        f"admin:matching_{model}_{page}": OPERATOR
        for model, pages in {
            "citizen": ("changelist", "change", "history", "delete"),
            "match": ("changelist", "change", "history", "delete"),
            "screening": ("changelist", "change"),
            "selfreferral": ("changelist", "change", "history", "delete"),
        }.items()
        for page in pages
    },
    **{
        f"admin:meetingplaces_{model}_delete": OPERATOR
        for model in ("municipality", "team", "organisation", "meetingplace", "activity")
    },
}

GROUPS: dict[str, frozenset[str]] = {
    # Every other admin page shows no citizen's or self-referral's personal fields.
    "admin:": NOBODY,
    "admin/": NOBODY,
    # The open-data feed: meeting places, activities and organisations only.
    "hsds:": NOBODY,
    # The reports API: aggregates only.
    "report-": NOBODY,
    # Sign-in's second factor, enrolment and password change: the user's own account only.
    "security:": NOBODY,
}

# URLs that show nothing without a query string: the query they are asked with here.
QUERIES = {
    "admin:autocomplete": {
        "app_label": "matching",
        "model_name": "match",
        "field_name": "citizen",
        "term": "",
    },
}


@pytest.fixture
def audit_world(world):
    referral = world.referral_x
    referral.email = "bodil@example.dk"
    referral.save()
    return world


def personal_fields(world) -> dict[object, list[str]]:
    """Per audited id (a citizen's or a self-referral's), the values that identify it."""
    subjects = {}
    for citizen in (world.citizen_a, world.citizen_b, world.citizen_other):
        subjects[citizen.pk] = [
            value for value in (citizen.first_name, citizen.phone, citizen.care_reference) if value
        ]
    referral = world.referral_x
    subjects[referral.pk] = [
        value for value in (referral.first_name, referral.phone, referral.email) if value
    ]
    for request in (world.mentor_request_x, world.mentorship_x):
        subjects[request.pk] = [
            value for value in (request.first_name, request.phone, request.email) if value
        ]
    return subjects


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def exposures(world, key: str) -> dict[str, tuple[set, set]]:
    """Per role: the records whose personal fields the answer showed, and those audited."""
    url = url_for(world, key)
    method = METHODS.get(key, "get")
    subjects = personal_fields(world)
    found = {}
    for role in AUDIT_ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            sign_in(client, user)
        if role == "operator":
            start_support_session(client, user)
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if method == "get":
            response = client.get(url, QUERIES.get(key, {}))
        else:
            response = getattr(client, method)(url)
        body = _body(response)
        shown = {pk for pk, values in subjects.items() if any(v in body for v in values)}
        audited = (
            set(
                AuditEvent.objects.filter(id__gt=last, user=user).values_list(
                    "citizen_id", flat=True
                )
            )
            if user is not None
            else set()
        )
        found[role] = (shown, audited)
    return found


def shows_for(key: str) -> frozenset[str] | None:
    if key in SHOWS:
        return SHOWS[key]
    for prefix, shown in GROUPS.items():
        if key.startswith(prefix):
            return shown
    return None


def test_every_url_has_a_row_in_the_audit_matrix():
    missing = sorted(key for key in PATTERNS if shows_for(key) is None)
    assert not missing, (
        "URLs without a row in the audit matrix (tests/security/test_audit_matrix.py, "
        "SHOWS): " + ", ".join(missing)
    )


def test_every_audit_row_names_a_url():
    stale = sorted(set(SHOWS) - set(PATTERNS))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_the_audit_matrix_covers_every_role_and_url():
    assert len(PATTERNS) * len(AUDIT_ROLES) >= 9 * 200


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_whoever_is_shown_personal_fields_leaves_an_audit_row(audit_world, key):
    found = exposures(audit_world, key)
    unaudited = {
        role: sorted(map(str, shown - audited))
        for role, (shown, audited) in found.items()
        if shown - audited
    }
    assert not unaudited, f"{key}: personal fields shown without an audit row: {unaudited}"
    seen_by = {role for role, (shown, _audited) in found.items() if shown}
    assert seen_by == shows_for(key), (
        f"{key}: personal fields seen by {sorted(seen_by)}, the matrix says "
        f"{sorted(shows_for(key))}"
    )
