"""Server-rendered pages."""

from django.urls import path

from security.views import LogoutView

from . import (
    api_keys,
    calendars,
    entries,
    finder,
    homecare,
    importing,
    inbox,
    mentors,
    municipality,
    privacy,
    reports,
    views,
    volunteers,
)
from .municipal import citizens as municipal_citizens
from .municipal import invitation
from .municipal import organisations as municipal_organisations
from .municipal import teams as municipal_teams
from .municipal import users as municipal_users

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("find/", finder.results, name="finder"),
    path("aktivitet/<uuid:uuid>/", finder.activity, name="activity"),
    path("aktivitet/<uuid:uuid>/tak/", finder.activity_thanks, name="activity-thanks"),
    path("aktivitet/<uuid:uuid>.ics", calendars.activity_ical, name="activity-ical"),
    path("moedested/<uuid:uuid>/", finder.meeting_place, name="meeting-place"),
    path("moedested/<uuid:uuid>.ics", calendars.meeting_place_ical, name="meeting-place-ical"),
    path("organisation/<uuid:uuid>.ics", calendars.organisation_ical, name="organisation-ical"),
    path("kommune/<slug:slug>.ics", calendars.municipality_ical, name="municipality-ical"),
    path("kommune/", municipality.overview, name="municipality-overview"),
    path("kommune/api-noegler/", api_keys.api_keys, name="api-keys"),
    # The municipality admin's own municipality: teams, organisations, people, citizens.
    path("kommune/teams/", municipal_teams.teams, name="municipal-teams"),
    path("kommune/teams/<int:pk>/", municipal_teams.team, name="municipal-team"),
    path(
        "kommune/organisationer/",
        municipal_organisations.organisations,
        name="municipal-organisations",
    ),
    path(
        "kommune/organisationer/ny/",
        municipal_organisations.organisation,
        name="municipal-organisation-new",
    ),
    path(
        "kommune/organisationer/<int:pk>/",
        municipal_organisations.organisation,
        name="municipal-organisation",
    ),
    path("kommune/brugere/", municipal_users.users, name="municipal-users"),
    path("kommune/brugere/<int:pk>/", municipal_users.user, name="municipal-user"),
    path(
        "kommune/brugere/<int:pk>/aktiv/", municipal_users.user_active, name="municipal-user-active"
    ),
    path(
        "kommune/brugere/<int:pk>/nyt-link/",
        municipal_users.user_invitation,
        name="municipal-user-invitation",
    ),
    path(
        "kommune/roller/<int:pk>/fjern/",
        municipal_users.membership_remove,
        name="municipal-membership-remove",
    ),
    path("kommune/borgere/", municipal_citizens.citizen_lookup, name="municipal-citizen-lookup"),
    path(
        "kommune/borgere/<uuid:citizen_id>/",
        municipal_citizens.citizen,
        name="municipal-citizen",
    ),
    path(
        "kommune/borgere/<uuid:citizen_id>/telefon/",
        municipal_citizens.citizen_phone,
        name="municipal-citizen-phone",
    ),
    path(
        "kommune/borgere/<uuid:citizen_id>/slet/",
        municipal_citizens.citizen_erase,
        name="municipal-citizen-erase",
    ),
    path("invitation/<str:token>/", invitation.accept, name="invitation"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("start/", views.start, name="start"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path(
        "privatliv/borgere/<uuid:citizen_id>/eksport/",
        privacy.citizen_export,
        name="citizen-export",
    ),
    path("indbakke/", inbox.inbox_page, name="inbox"),
    path("indbakke/lister/", inbox.inbox_lists, name="inbox-lists"),
    path("indbakke/opfoelgning/", inbox.follow_ups, name="follow-ups"),
    path("indbakke/match/<uuid:pk>/", inbox.match_page, name="match"),
    path("indbakke/match/<uuid:pk>/accepter/", inbox.match_accept, name="match-accept"),
    path("indbakke/match/<uuid:pk>/afvis/", inbox.match_decline, name="match-decline"),
    path("indbakke/match/<uuid:pk>/giv-videre/", inbox.match_hand_over, name="match-hand-over"),
    path("indbakke/match/<uuid:pk>/trin/", inbox.match_step, name="match-step"),
    path(
        "indbakke/henvendelse/<uuid:pk>/behandlet/",
        inbox.referral_handled,
        name="referral-handled",
    ),
    # Entries: a coordinator's organisation's activities and places, an admin's municipality's.
    path("aktiviteter/", entries.entry_list, name="entries"),
    path("aktiviteter/ny/", entries.activity_form, name="entry-activity-new"),
    path("aktiviteter/<uuid:uuid>/rediger/", entries.activity_form, name="entry-activity"),
    path("aktiviteter/<uuid:uuid>/aflys/", entries.activity_cancel, name="entry-activity-cancel"),
    path(
        "aktiviteter/<uuid:uuid>/aflysninger/<int:pk>/fjern/",
        entries.activity_uncancel,
        name="entry-activity-uncancel",
    ),
    path("aktiviteter/<uuid:uuid>/udgiv/", entries.activity_publish, name="entry-activity-publish"),
    path(
        "aktiviteter/<uuid:uuid>/bekraeft/", entries.activity_verify, name="entry-activity-verify"
    ),
    path("aktiviteter/bekraeft/<str:token>/", entries.activity_confirm, name="entry-confirm"),
    path("moedesteder/ny/", entries.place_form, name="entry-place-new"),
    path("moedesteder/<uuid:uuid>/rediger/", entries.place_form, name="entry-place"),
    path("kommune/friskhed/", entries.freshness_list, name="freshness"),
    path("importer/", importing.upload_page, name="import"),
    path("importer/<uuid:pk>/", importing.preview_page, name="import-preview"),
    path("frivillige/", volunteers.volunteer_list, name="volunteers"),
    path("frivillige/ny/", volunteers.volunteer_form, name="volunteer-new"),
    path("frivillige/<int:pk>/", volunteers.volunteer_form, name="volunteer-edit"),
    path("frivillige/<int:pk>/godkend/", volunteers.volunteer_approve, name="volunteer-approve"),
    path("frivillige/<int:pk>/afvis/", volunteers.volunteer_decline, name="volunteer-decline"),
    path("bliv-frivillig/", volunteers.volunteer_sign_up, name="volunteer-sign-up"),
    path("bliv-frivillig/tak/", volunteers.volunteer_thanks, name="volunteer-thanks"),
    # Relatives' peer mentors: the public request, staff's registration, the coordinator's.
    path("paaroerende/", mentors.relative_request, name="relative-request"),
    path("paaroerende/tak/", mentors.relative_thanks, name="relative-thanks"),
    path("paaroerende/svar/<str:token>/", mentors.follow_up_answer, name="mentor-follow-up"),
    path("hjemmepleje/paaroerende/", mentors.staff_request, name="homecare-mentor-request"),
    path("frivillig/mentor/", mentors.own_offer, name="volunteer-mentor-offer"),
    path("mentorer/", mentors.mentor_overview, name="mentors"),
    path("mentorer/anmodning/<uuid:pk>/", mentors.request_page, name="mentor-request"),
    path(
        "mentorer/anmodning/<uuid:pk>/accepter/",
        mentors.request_accept,
        name="mentor-request-accept",
    ),
    path(
        "mentorer/anmodning/<uuid:pk>/afvis/",
        mentors.request_decline,
        name="mentor-request-decline",
    ),
    path(
        "mentorer/anmodning/<uuid:pk>/giv-videre/",
        mentors.request_hand_over,
        name="mentor-request-hand-over",
    ),
    path("mentorer/anmodning/<uuid:pk>/afslut/", mentors.request_end, name="mentor-request-end"),
    path("mentorer/tilbud/ny/", mentors.offer_form, name="mentor-offer-new"),
    path("mentorer/tilbud/<int:pk>/godkend/", mentors.offer_approve, name="mentor-offer-approve"),
    path("mentorer/tilbud/<int:pk>/afvis/", mentors.offer_decline, name="mentor-offer-decline"),
    path("rapporter/", reports.dashboard, name="reports"),
    path("rapporter/huller/", reports.gaps, name="reports-gaps"),
    path("rapporter/aarsrapport/", reports.annual, name="reports-annual"),
    path("rapporter/eksport.csv", reports.export, {"fmt": "csv"}, name="reports-csv"),
    path("rapporter/eksport.xlsx", reports.export, {"fmt": "xlsx"}, name="reports-xlsx"),
    # Home care: staff of a team, their team's citizens only.
    path("hjemmepleje/", homecare.my_citizens, name="homecare-citizens"),
    path("hjemmepleje/ny/", homecare.flag_citizen, name="homecare-flag"),
    path("hjemmepleje/borgere/<uuid:citizen_id>/", homecare.citizen_page, name="homecare-citizen"),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/forloeb/",
        homecare.citizen_matches,
        name="homecare-citizen-matches",
    ),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/fortalt/",
        homecare.tell_citizen,
        name="homecare-tell",
    ),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/samtykke-trukket/",
        homecare.citizen_withdraw,
        name="homecare-withdraw",
    ),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/telefon/",
        homecare.citizen_phone,
        name="homecare-phone",
    ),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/screening/",
        homecare.rescreen,
        name="homecare-rescreen",
    ),
]
