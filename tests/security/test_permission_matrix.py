"""Every URL the project serves, called as every role: the expected answer is written down.

The URLs come from Django's URL resolver, so a new endpoint without a row in EXPECTED
fails `test_every_url_has_a_row`. Objects of another team, organisation or municipality
answer 404, never 403: a record that is not yours does not exist for you.

To add a URL: add a row to EXPECTED keyed by its name (namespace:name; the route for an
unnamed pattern), one status per role; say which world object fills each path parameter
in PATH_OBJECTS (by parameter name) or URL_OBJECTS (per URL, when one parameter name means
different things); give a non-GET method in METHODS.
"""

import re
import uuid

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.hsds.representations import service_at_location_id
from meetingplaces import taxonomy
from meetingplaces.administration.invitations import invitation_token
from meetingplaces.models import ImportUpload, Membership
from mentors.services.follow_ups import token_for
from tests.factories import UserFactory, sign_in
from tests.security.conftest import ROLES

# Status per role, in the order of ROLES:
#            anonymous, volunteer, staff_a, staff_b, coord_x, coord_y, admin_other, admin
# and the operator's by keyword. The operator (a superuser of Django's admin) holds no
# municipal role: outside the admin they answer as the volunteer does (signed in, no role)
# unless the row says otherwise. Every role signs in with the second factor.
_ = None


def row(*codes: int, operator: int | None = None) -> dict[str, int]:
    assert len(codes) == len(ROLES) - 1, codes
    operator = codes[1] if operator is None else operator
    return dict(zip(ROLES, (*codes, operator), strict=True))


EVERYONE_200 = row(200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_200 = row(403, 200, 200, 200, 200, 200, 200, 200)
# The Django admin is for the operators (is_staff); no municipal role is one, so every
# admin page sends them to the admin's login page. The operator opens it.
ADMIN_ONLY = row(302, 302, 302, 302, 302, 302, 302, 302, operator=200)
# Citizens' records in the admin: the operator is first sent to start a support session
# (security.support); tests/security/test_support_session.py shows them inside one.
ADMIN_SUPPORT_SESSION = row(302, 302, 302, 302, 302, 302, 302, 302, operator=302)
# Coordinator pages and API lists: every coordinator, each seeing their own rows.
COORDINATORS_200 = row(302, 403, 403, 403, 200, 200, 403, 403)
COORDINATORS_API_200 = row(403, 403, 403, 403, 200, 200, 403, 403)

EXPECTED: dict[str, dict[str, int]] = {
    # Public pages.
    "frontend:home": EVERYONE_200,
    "frontend:about": EVERYONE_200,
    "frontend:login": EVERYONE_200,
    "frontend:logout": row(302, 302, 302, 302, 302, 302, 302, 302),
    "set_language": row(302, 302, 302, 302, 302, 302, 302, 302),
    # The activity finder : public, every municipality's activities.
    "frontend:finder": EVERYONE_200,
    "frontend:activity": EVERYONE_200,
    "frontend:activity-thanks": EVERYONE_200,
    "frontend:activity-ical": EVERYONE_200,
    "frontend:meeting-place": EVERYONE_200,
    "frontend:meeting-place-ical": EVERYONE_200,
    "frontend:organisation-ical": EVERYONE_200,
    "frontend:municipality-ical": EVERYONE_200,
    # The municipality admin's API keys page.
    "frontend:api-keys": row(302, 403, 403, 403, 403, 403, 200, 200),
    # The municipality admin's own municipality: lists and forms for both admins; the home
    # municipality's team, organisation, user, role and citizen do not exist for the other
    # municipality's admin. POSTs without a body: a deactivation or a removal is done, a
    # new link for someone who has signed in already and an erasure without its
    # confirmation say so in a message (all 302); an empty phone removes the number (302).
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 403, 403, 200, 200)
        for name in (
            "municipal-teams",
            "municipal-organisations",
            "municipal-organisation-new",
            "municipal-users",
            "municipal-citizen-lookup",
        )
    },
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 403, 403, 404, 200)
        for name in (
            "municipal-team",
            "municipal-organisation",
            "municipal-user",
            "municipal-citizen",
        )
    },
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 403, 403, 404, 302)
        for name in (
            "municipal-user-active",
            "municipal-user-invitation",
            "municipal-membership-remove",
            "municipal-citizen-phone",
            "municipal-citizen-erase",
        )
    },
    # An invitation link is public: whoever holds it may use it.
    "frontend:invitation": EVERYONE_200,
    # Where a sign-in lands: a redirect to the role's own start page, for everyone.
    "frontend:start": row(302, 302, 302, 302, 302, 302, 302, 302),
    # The municipality admin's overview: counts only.
    "frontend:municipality-overview": row(302, 403, 403, 403, 403, 403, 200, 200),
    # The open-data feed (HSDS 3.0): public, published data only.
    **{
        f"hsds:{name}": EVERYONE_200
        for name in (
            "info",
            "services",
            "service",
            "organizations",
            "organization",
            "service-at-locations",
            "service-at-location",
            "taxonomies",
            "taxonomy",
            "taxonomy-terms",
            "taxonomy-term",
        )
    },
    "activity-list": EVERYONE_200,
    "activity-list[format]": EVERYONE_200,
    "activity-detail": EVERYONE_200,
    "activity-detail[format]": EVERYONE_200,
    "meeting-place-list": EVERYONE_200,
    "meeting-place-list[format]": EVERYONE_200,
    "meeting-place-detail": EVERYONE_200,
    "meeting-place-detail[format]": EVERYONE_200,
    # Home care : staff of the citizen's team; other teams' citizens do not exist.
    "frontend:homecare-citizens": row(302, 403, 200, 200, 403, 403, 403, 403),
    "frontend:homecare-flag": row(302, 403, 200, 200, 403, 403, 403, 403),
    "frontend:homecare-citizen": row(302, 403, 200, 404, 403, 403, 403, 403),
    "frontend:homecare-rescreen": row(302, 403, 200, 404, 403, 403, 403, 403),
    "frontend:homecare-citizen-matches": row(302, 403, 200, 404, 403, 403, 403, 403),
    # POST without a body: in scope it is done (302), out of scope it does not exist.
    "frontend:homecare-tell": row(302, 403, 302, 404, 403, 403, 403, 403),
    # POST without a body: no number, so the phone is removed (302).
    "frontend:homecare-phone": row(302, 403, 302, 404, 403, 403, 403, 403),
    # POST without the tick: nothing is withdrawn, back to the citizen's page (302).
    "frontend:homecare-withdraw": row(302, 403, 302, 404, 403, 403, 403, 403),
    "citizen-list": row(403, 403, 200, 200, 403, 403, 403, 403),
    "citizen-list[format]": row(403, 403, 200, 200, 403, 403, 403, 403),
    "citizen-detail": row(403, 403, 200, 404, 403, 403, 403, 403),
    "citizen-detail[format]": row(403, 403, 200, 404, 403, 403, 403, 403),
    "citizen-suggestions": row(403, 403, 200, 404, 403, 403, 403, 403),
    "citizen-suggestions[format]": row(403, 403, 200, 404, 403, 403, 403, 403),
    # POST with an empty body: in scope the answer is a validation error (400).
    "citizen-screenings": row(403, 403, 400, 404, 403, 403, 403, 403),
    "citizen-screenings[format]": row(403, 403, 400, 404, 403, 403, 403, 403),
    # Without {"confirm": true}: 400, nothing erased.
    "citizen-withdraw-consent": row(403, 403, 400, 404, 403, 403, 403, 403),
    "citizen-withdraw-consent[format]": row(403, 403, 400, 404, 403, 403, 403, 403),
    # Data subject access: only an admin of the citizen's own municipality.
    "frontend:citizen-export": row(302, 404, 404, 404, 404, 404, 404, 200),
    # Coordinators : their organisations' matches, self-referrals and volunteers.
    # Lists show each coordinator their own organisation's rows; another organisation's
    # objects do not exist for them.
    "frontend:inbox": COORDINATORS_200,
    "frontend:inbox-lists": COORDINATORS_200,
    "frontend:follow-ups": COORDINATORS_200,
    "frontend:volunteers": COORDINATORS_200,
    "frontend:volunteer-new": COORDINATORS_200,
    "frontend:match": row(302, 403, 403, 403, 200, 404, 403, 403),
    "frontend:volunteer-edit": row(302, 403, 403, 403, 200, 404, 403, 403),
    "frontend:volunteer-decline": row(302, 403, 403, 403, 200, 404, 403, 403),
    # POST without a body: accepting needs nothing more (done, 302); declining, handing
    # over and a step say what is missing in a message on the match's page (302 back).
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 302, 404, 403, 403)
        for name in (
            "match-accept",
            "match-decline",
            "match-hand-over",
            "match-step",
            "referral-handled",
            "volunteer-approve",
        )
    },
    # Import of lists: coordinators and municipality admins; an upload only for its sender.
    "frontend:import": row(302, 403, 403, 403, 200, 200, 200, 200),
    "frontend:import-preview": row(302, 403, 403, 403, 200, 404, 404, 404),
    "frontend:volunteer-sign-up": EVERYONE_200,
    # Relatives' mentors: the request page, its thanks and the follow-up link are public;
    # staff register requests; coordinators see their organisations' requests and mentors.
    "frontend:relative-request": EVERYONE_200,
    "frontend:relative-thanks": EVERYONE_200,
    "frontend:mentor-follow-up": EVERYONE_200,
    "frontend:homecare-mentor-request": row(302, 403, 200, 200, 403, 403, 403, 403),
    "frontend:mentors": COORDINATORS_200,
    # Only a volunteer offers to be a mentor: the operator holds no volunteer record.
    "frontend:volunteer-mentor-offer": row(302, 200, 403, 403, 403, 403, 403, 403, operator=403),
    "frontend:mentor-offer-new": COORDINATORS_200,
    "frontend:mentor-request": row(302, 403, 403, 403, 200, 404, 403, 403),
    "frontend:mentor-offer-decline": row(302, 403, 403, 403, 200, 404, 403, 403),
    # POST without a body: approving needs nothing more; a step without its choice says
    # so in a message on the request's page (302 both).
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 302, 404, 403, 403)
        for name in (
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
            "mentor-request-end",
            "mentor-offer-approve",
        )
    },
    "frontend:volunteer-thanks": EVERYONE_200,
    # Entries: a coordinator's organisation's activities and places, an admin's
    # municipality's; another's do not exist. POST without a body: a cancellation says
    # what is missing (400); publishing, confirming and removing are done (302).
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 200, 200, 200, 200)
        for name in ("entries", "entry-activity-new", "entry-place-new")
    },
    "frontend:entry-activity": row(302, 403, 403, 403, 200, 404, 404, 200),
    "frontend:entry-place": row(302, 403, 403, 403, 200, 404, 404, 200),
    "frontend:entry-activity-cancel": row(302, 403, 403, 403, 400, 404, 404, 400),
    **{
        f"frontend:{name}": row(302, 403, 403, 403, 302, 404, 404, 302)
        for name in ("entry-activity-publish", "entry-activity-verify", "entry-activity-uncancel")
    },
    # The reminder's link: a token that is not signed is no link, for anyone.
    "frontend:entry-confirm": row(400, 400, 400, 400, 400, 400, 400, 400),
    "frontend:freshness": row(302, 403, 403, 403, 403, 403, 200, 200),
    **{
        key: expected
        for name, expected in {
            "match-list": COORDINATORS_API_200,
            "match-detail": row(403, 403, 403, 403, 200, 404, 403, 403),
            # POST without a body: accepting a proposal needs nothing more (200).
            "match-accept": row(403, 403, 403, 403, 200, 404, 403, 403),
            "match-companions": row(403, 403, 403, 403, 200, 404, 403, 403),
            # The reason and the colleague are required (400).
            "match-decline": row(403, 403, 403, 403, 400, 404, 403, 403),
            "match-hand-over": row(403, 403, 403, 403, 400, 404, 403, 403),
            # match_x is a proposal: a step or the end comes after accepting (409).
            "match-contacted": row(403, 403, 403, 403, 409, 404, 403, 403),
            "match-first-visit": row(403, 403, 403, 403, 409, 404, 403, 403),
            "match-participating": row(403, 403, 403, 403, 409, 404, 403, 403),
            "match-end": row(403, 403, 403, 403, 409, 404, 403, 403),
            "self-referral-list": COORDINATORS_API_200,
            "mentor-request-list": COORDINATORS_API_200,
            "mentor-request-detail": row(403, 403, 403, 403, 200, 404, 403, 403),
            # POST without a body: the mentor, category or colleague is required (400).
            "mentor-request-accept": row(403, 403, 403, 403, 400, 404, 403, 403),
            "mentor-request-decline": row(403, 403, 403, 403, 400, 404, 403, 403),
            "mentor-request-hand-over": row(403, 403, 403, 403, 400, 404, 403, 403),
            "self-referral-handled": row(403, 403, 403, 403, 200, 404, 403, 403),
            "volunteer-list": COORDINATORS_API_200,
            "volunteer-detail": row(403, 403, 403, 403, 200, 404, 403, 403),
            "volunteer-approve": row(403, 403, 403, 403, 200, 404, 403, 403),
            # Declining without a reason is allowed; the volunteer is already approved (400).
            "volunteer-decline": row(403, 403, 403, 403, 400, 404, 403, 403),
            "entry-activity-list": row(403, 403, 403, 403, 200, 200, 200, 200),
            "entry-activity-detail": row(403, 403, 403, 403, 200, 404, 404, 200),
            "entry-activity-verify": row(403, 403, 403, 403, 200, 404, 404, 200),
            # Without a body the date is missing; there is no cancellation to remove (400).
            "entry-activity-cancellations": row(403, 403, 403, 403, 400, 404, 404, 400),
            "entry-activity-cancellation": row(403, 403, 403, 403, 400, 404, 404, 400),
            "entry-meeting-place-list": row(403, 403, 403, 403, 200, 200, 200, 200),
            "entry-meeting-place-detail": row(403, 403, 403, 403, 200, 404, 404, 200),
            # Public sign-up; without a body the answer is a validation error.
            "volunteer-sign-up-list": row(400, 400, 400, 400, 400, 400, 400, 400),
        }.items()
        for key in (name, f"{name}[format]")
    },
    # Outcome reports: aggregates for admins, coordinators and staff, each of their own.
    **{
        f"frontend:{name}": row(302, 403, 200, 200, 200, 200, 200, 200)
        for name in ("reports", "reports-gaps", "reports-annual", "reports-csv", "reports-xlsx")
    },
    **{
        f"report-{name}": row(403, 403, 200, 200, 200, 200, 200, 200)
        for name in ("funnel", "effect", "gaps")
    },
    # API: the schema and its docs are public; the root lists links for signed-in users.
    "schema": EVERYONE_200,
    "docs": EVERYONE_200,
    "api-root": SIGNED_IN_200,
    "api-root[format]": SIGNED_IN_200,
    # Messages: each signed-in user's preferences; the delivery log of a coordinator's
    # organisations (another's message does not exist); the printed invitation for the
    # citizen's team; an unsubscribe link that is not signed is no link.
    "notifications:preferences": row(302, 200, 200, 200, 200, 200, 200, 200),
    "notifications:log": COORDINATORS_200,
    "notifications:retry": row(302, 403, 403, 403, 404, 404, 403, 403),
    "notifications:invitation": row(302, 403, 200, 404, 403, 403, 403, 403),
    "notifications:unsubscribe": row(404, 404, 404, 404, 404, 404, 404, 404),
    # Any other path under /api/ names nothing: 404 in the API's shape, for everyone.
    "api-unknown-path": row(404, 404, 404, 404, 404, 404, 404, 404),
    # The admin's own entry points.
    "admin:login": row(200, 200, 200, 200, 200, 200, 200, 200, operator=302),
    "admin:logout": row(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:support-session": ADMIN_ONLY,
    # The second factor's pages: a signed-in session has it already (sent on, 302).
    "security:verify": row(302, 302, 302, 302, 302, 302, 302, 302),
    "security:enrol": row(302, 302, 302, 302, 302, 302, 302, 302),
    "security:password-change": row(302, 200, 200, 200, 200, 200, 200, 200),
    "security:recovery-codes": row(302, 200, 200, 200, 200, 200, 200, 200),
}

# Groups of URLs that share one rule, matched by prefix when a URL has no row of its own.
# The operator's admin pages, from the most particular rule to the most general.
ADMIN_GONE = row(302, 302, 302, 302, 302, 302, 302, 302, operator=302)
ADMIN_REFUSED = row(302, 302, 302, 302, 302, 302, 302, 302, operator=403)
# Models with no row in the world: the admin sends a page of a missing object back (302).
NO_ROWS_IN_THE_WORLD = (
    "auth_group",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_tasks_database_dbtaskresult",
    "integrations_apitoken",
    "integrations_apitokenuse",
    "matching_auditevent",
    "meetingplaces_activityexception",
    "notifications_escalationstep",
    "notifications_message",
    "notifications_preference",
    "otp_static_staticdevice",
    "otp_totp_totpdevice",
    "security_supportsession",
)
# Admin pages with a rule of their own (exact URL names; GROUPS match by prefix).
ADMIN_EXPECTED: dict[str, dict[str, int]] = {
    **{
        f"admin:{model}_{page}": ADMIN_GONE
        for model in NO_ROWS_IN_THE_WORLD
        for page in ("change", "delete", "history")
    },
    # Logs and devices are written by Samvær, never added by hand; logs are never deleted.
    **{
        f"admin:{model}_add": ADMIN_REFUSED
        for model in (
            "axes_accessattempt",
            "axes_accessfailurelog",
            "axes_accesslog",
            "django_tasks_database_dbtaskresult",
            "matching_auditevent",
            # A relative's request comes from the relative or home care, never the admin.
            "mentors_mentorrequest",
            "notifications_message",
            "otp_static_staticdevice",
            "otp_totp_totpdevice",
            "security_supportsession",
        )
    },
    "admin:django_tasks_database_dbtaskresult_delete": ADMIN_REFUSED,
    "admin:matching_auditevent_delete": ADMIN_REFUSED,
    "admin:security_supportsession_delete": ADMIN_REFUSED,
    # A delete confirmation that would list citizens' records sends the operator to start a
    # support session first.
    **{
        f"admin:meetingplaces_{model}_delete": ADMIN_GONE
        for model in ("activity", "meetingplace", "municipality", "organisation", "team")
    },
    # Without a query the autocomplete answers nothing; no citizen has a page on the site.
    "admin:autocomplete": ADMIN_REFUSED,
    "admin:view_on_site": row(302, 302, 302, 302, 302, 302, 302, 302, operator=404),
    # The admin's catch-all names nothing.
    "admin/(?P<url>.*)$": row(302, 302, 302, 302, 302, 302, 302, 302, operator=404),
}
EXPECTED.update(ADMIN_EXPECTED)
GROUPS: dict[str, dict[str, int]] = {
    **{
        f"admin:matching_{model}_": ADMIN_SUPPORT_SESSION
        for model in ("citizen", "match", "matchstatuschange", "screening", "selfreferral")
    },
    "admin:": ADMIN_ONLY,
    # An object's short URL redirects to its page.
    "admin/": ADMIN_GONE,
}

METHODS = {
    "frontend:logout": "post",
    "set_language": "post",
    "admin:logout": "post",
    "frontend:homecare-tell": "post",
    "frontend:homecare-phone": "post",
    "frontend:homecare-withdraw": "post",
    **{
        f"frontend:{name}": "post"
        for name in (
            "municipal-user-active",
            "municipal-user-invitation",
            "municipal-membership-remove",
            "municipal-citizen-phone",
            "municipal-citizen-erase",
        )
    },
    "notifications:retry": "post",
    "citizen-screenings": "post",
    "citizen-screenings[format]": "post",
    "citizen-withdraw-consent": "post",
    "citizen-withdraw-consent[format]": "post",
    **{
        f"frontend:{name}": "post"
        for name in (
            "entry-activity-cancel",
            "entry-activity-publish",
            "entry-activity-verify",
            "entry-activity-uncancel",
            "match-accept",
            "match-decline",
            "match-hand-over",
            "match-step",
            "referral-handled",
            "volunteer-approve",
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
            "mentor-request-end",
            "mentor-offer-approve",
        )
    },
    **{
        key: "post"
        for name in (
            "match-accept",
            "match-decline",
            "match-hand-over",
            "match-contacted",
            "match-first-visit",
            "match-participating",
            "match-end",
            "self-referral-handled",
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
            "volunteer-approve",
            "volunteer-decline",
            "volunteer-sign-up-list",
            "entry-activity-verify",
            "entry-activity-cancellations",
        )
        for key in (name, f"{name}[format]")
    },
    "entry-activity-cancellation": "delete",
    "entry-activity-cancellation[format]": "delete",
}

# Which world object fills a path parameter, by the parameter's name: "object" for its pk,
# "object.attribute" for another field (e.g. "activity_x.uuid").
PATH_OBJECTS = {
    "citizen_id": "citizen_a",
    "match_id": "match_x",
    "uuid": "activity_x.uuid",
}
# Per URL, when a parameter name (such as pk) means different things in different URLs.
URL_OBJECTS: dict[str, dict[str, str]] = {
    **{
        key: {"pk": "citizen_a"}
        for key in (
            "citizen-detail",
            "citizen-suggestions",
            "citizen-screenings",
            "citizen-withdraw-consent",
        )
        for key in (key, f"{key}[format]")
    },
    **{
        key: {"pk": "match_x"}
        for name in (
            "match-detail",
            "match-accept",
            "match-decline",
            "match-hand-over",
            "match-contacted",
            "match-first-visit",
            "match-participating",
            "match-end",
            "match-companions",
        )
        for key in (name, f"{name}[format]")
    },
    **{
        f"frontend:{name}": {"pk": "match_x"}
        for name in ("match", "match-accept", "match-decline", "match-hand-over", "match-step")
    },
    "frontend:referral-handled": {"pk": "referral_x"},
    **{
        key: {"pk": "mentor_request_x"}
        for name in (
            "mentor-request-detail",
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
        )
        for key in (name, f"{name}[format]")
    },
    **{
        f"frontend:{name}": {"pk": "mentor_request_x"}
        for name in (
            "mentor-request",
            "mentor-request-accept",
            "mentor-request-decline",
            "mentor-request-hand-over",
            "mentor-request-end",
        )
    },
    **{
        f"frontend:{name}": {"pk": "offer_x"}
        for name in ("mentor-offer-approve", "mentor-offer-decline")
    },
    "frontend:mentor-follow-up": {"token": lambda world: token_for(world.follow_up_x)},
    "frontend:municipal-team": {"pk": "team_a"},
    "frontend:municipal-organisation": {"pk": "org_x"},
    **{
        f"frontend:{name}": {"pk": lambda world: world.users["staff_a"].pk}
        for name in ("municipal-user", "municipal-user-active", "municipal-user-invitation")
    },
    "frontend:municipal-membership-remove": {
        "pk": lambda world: world.users["staff_a"].memberships.get().pk
    },
    "frontend:invitation": {"token": lambda world: _invitation_token(world)},
    "frontend:import-preview": {"pk": lambda world: _upload_of_coordinator_x(world).uuid},
    "self-referral-handled": {"pk": "referral_x"},
    "self-referral-handled[format]": {"pk": "referral_x"},
    **{
        key: {"pk": "volunteer_x"}
        for key in (
            "frontend:volunteer-edit",
            "frontend:volunteer-decline",
            "frontend:volunteer-approve",
            "volunteer-detail",
            "volunteer-detail[format]",
            "volunteer-approve",
            "volunteer-approve[format]",
            "volunteer-decline",
            "volunteer-decline[format]",
        )
    },
    # No cancellation exists in the world: any number names none.
    **{
        key: {"pk": "activity_x", "cancellation_id": "activity_x"}
        for key in (
            "frontend:entry-activity-uncancel",
            "entry-activity-cancellation",
            "entry-activity-cancellation[format]",
        )
    },
    "frontend:entry-place": {"uuid": "place_x.uuid"},
    "entry-meeting-place-detail": {"uuid": "place_x.uuid"},
    "entry-meeting-place-detail[format]": {"uuid": "place_x.uuid"},
    "frontend:entry-confirm": {"token": "activity_x.uuid"},
    # No message exists in the world: a coordinator's retry of one answers 404.
    "notifications:retry": {"pk": "volunteer_x"},
    "notifications:unsubscribe": {"token": "activity_x.uuid"},
    # The admin's "view on site" shortcut to a citizen (the content type of content_type_id).
    "admin:view_on_site": {"object_id": "citizen_a"},
    "frontend:meeting-place": {"uuid": "place_x.uuid"},
    "frontend:meeting-place-ical": {"uuid": "place_x.uuid"},
    "meeting-place-detail": {"uuid": "place_x.uuid"},
    "meeting-place-detail[format]": {"uuid": "place_x.uuid"},
    "frontend:organisation-ical": {"uuid": "org_x.uuid"},
    "frontend:municipality-ical": {"slug": lambda world: world.place_x.municipality.slug},
    "hsds:service": {"id": "activity_x.uuid"},
    "hsds:organization": {"id": "org_x.uuid"},
    # Ids that are not a model's field: computed from the world.
    "hsds:service-at-location": {"id": lambda world: service_at_location_id(world.activity_x.uuid)},
    "hsds:taxonomy": {"id": lambda world: taxonomy.INTERESTS.id},
    "hsds:taxonomy-term": {"id": lambda world: taxonomy.terms()[0].id},
}


def _invitation_token(world):
    """A link to a user the home municipality's admin invited."""
    invitee = UserFactory(username="inviteret@example.dk", password=None)
    invitee.set_unusable_password()
    invitee.save()
    Membership.objects.create(user=invitee, role="admin", municipality=world.home)
    return invitation_token(invitee)


def _upload_of_coordinator_x(world):
    return ImportUpload.objects.get_or_create(
        uploaded_by=world.users["coordinator_x"],
        defaults={
            "municipality": world.home,
            "organisation": world.org_x,
            "filename": "liste.csv",
            "content": b"navn\nKulturhuset\n",
        },
    )[0]


ADMIN_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def url_patterns(resolver=None, prefix="", namespaces=()):
    """(key, route, pattern) for every pattern, descending into includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from url_patterns(entry, route, spaces)
        else:
            assert isinstance(entry, URLPattern)
            yield _key(entry, route, namespaces), route, entry


def _key(entry, route: str, namespaces) -> str:
    if not entry.name:
        return route
    key = ":".join((*namespaces, entry.name))
    if "format" in entry.pattern.regex.groupindex:
        key += "[format]"
    return key


PATTERNS = {key: (route, entry) for key, route, entry in url_patterns()}


def expected_for(key: str) -> dict[str, int] | None:
    if key in EXPECTED:
        return EXPECTED[key]
    for prefix, expectation in GROUPS.items():
        if key.startswith(prefix):
            return expectation
    return None


def _admin_object_id(route: str) -> str:
    found = ADMIN_ROUTE.match(route)
    if found:
        model = apps.get_model(found["app"], found["model"])
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            return str(obj.pk)
    return "0"


def path_parameters(world, key: str, route: str, entry) -> dict[str, object]:
    params = {}
    for name in entry.pattern.regex.groupindex:
        object_name = URL_OBJECTS.get(key, {}).get(name) or PATH_OBJECTS.get(name)
        if callable(object_name):
            params[name] = object_name(world)
        elif object_name:
            object_name, _dot, attribute = object_name.partition(".")
            params[name] = getattr(getattr(world, object_name), attribute or "pk")
        elif name in ("object_id", "id"):
            params[name] = _admin_object_id(route)
        elif name == "format":
            params[name] = "json"
        elif name == "app_label":
            params[name] = "matching"
        elif name == "content_type_id":
            params[name] = ContentType.objects.get_for_model(world.citizen_a).pk
        elif name == "url":
            params[name] = "nowhere/"
        else:
            raise AssertionError(
                f"{key}: no world object for path parameter {name!r}: add it to PATH_OBJECTS"
            )
    return params


STRUCTURAL_PARAMETERS = {"format", "app_label", "url", "content_type_id"}
REFUSALS = (403, 404)


def _ghost(value):
    """A value of the same kind that names no object."""
    if isinstance(value, uuid.UUID) or (isinstance(value, str) and _is_uuid(value)):
        return uuid.uuid4()
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return 2_000_000_000
    return "findes-ikke"


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def url_for(world, key: str, *, ghost: bool = False) -> str:
    route, entry = PATTERNS[key]
    params = path_parameters(world, key, route, entry)
    if ghost:
        params = {
            name: value if name in STRUCTURAL_PARAMETERS else _ghost(value)
            for name, value in params.items()
        }
    if entry.name:
        return reverse(key.removesuffix("[format]"), kwargs=params)
    # Unnamed (admin redirects and the catch-all): fill the route by hand.
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m[1]]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(params[m[1]]), path)
    return "/" + path.lstrip("^").rstrip("$")


def test_every_url_has_a_row():
    missing = sorted(key for key in PATTERNS if expected_for(key) is None)
    assert not missing, (
        "URLs without a row in the permission matrix (tests/security/test_permission_matrix"
        ".py, EXPECTED): " + ", ".join(missing)
    )


def test_every_row_names_a_url():
    stale = sorted(set(EXPECTED) - set(PATTERNS))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_the_matrix_covers_every_role_and_url():
    assert len(PATTERNS) * len(ROLES) >= 8 * 100
    for key in PATTERNS:
        assert set(expected_for(key)) == set(ROLES), key


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_url_answers_each_role_as_written(world, key):
    expected = expected_for(key)
    assert expected is not None, f"{key} has no row in EXPECTED"
    url = url_for(world, key)
    method = METHODS.get(key, "get")
    unexpected = []
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            sign_in(client, user)
        response = getattr(client, method)(url)
        if response.status_code != expected[role]:
            unexpected.append(f"{role}: {response.status_code} (expected {expected[role]})")
    assert not unexpected, f"{method.upper()} {url} ({key}): " + "; ".join(unexpected)


@pytest.mark.parametrize(
    "key",
    sorted(
        key
        for key, (_route, entry) in PATTERNS.items()
        if set(entry.pattern.regex.groupindex) - STRUCTURAL_PARAMETERS
        and any(status in REFUSALS for status in (expected_for(key) or {}).values())
    ),
)
def test_a_refusal_does_not_tell_whether_the_object_exists(world, key):
    # A role refused an existing object gets the same answer for an id that exists
    # nowhere: 404 for an object outside its scope, and a 403 only ever for the role.
    expected = expected_for(key)
    ghost_url = url_for(world, key, ghost=True)
    method = METHODS.get(key, "get")
    leaks = []
    for role in ROLES:
        if expected[role] not in REFUSALS:
            continue
        client = Client()
        if world.users[role] is not None:
            sign_in(client, world.users[role])
        status = getattr(client, method)(ghost_url).status_code
        if status != expected[role]:
            leaks.append(f"{role}: {status} for a missing object, {expected[role]} for a real one")
    assert not leaks, f"{key}: " + "; ".join(leaks)
