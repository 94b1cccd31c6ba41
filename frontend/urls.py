"""Server-rendered pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import finder, homecare, privacy, views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("find/", finder.results, name="finder"),
    path("aktivitet/<uuid:uuid>/", finder.activity, name="activity"),
    path("aktivitet/<uuid:uuid>/tak/", finder.activity_thanks, name="activity_thanks"),
    path("aktivitet/<uuid:uuid>.ics", finder.activity_ical, name="activity_ical"),
    path("moedested/<uuid:uuid>/", finder.meeting_place, name="meeting_place"),
    path("moedested/<uuid:uuid>.ics", finder.meeting_place_ical, name="meeting_place_ical"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="frontend/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "privatliv/borgere/<uuid:citizen_id>/eksport/",
        privacy.citizen_export,
        name="citizen-export",
    ),
    # Home care (issue 4): staff of a team, their team's citizens only.
    path("hjemmepleje/", homecare.my_citizens, name="homecare_citizens"),
    path("hjemmepleje/ny/", homecare.flag_citizen, name="homecare_flag"),
    path("hjemmepleje/borgere/<uuid:citizen_id>/", homecare.citizen_page, name="homecare_citizen"),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/fortalt/",
        homecare.tell_citizen,
        name="homecare_tell",
    ),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/screening/",
        homecare.rescreen,
        name="homecare_rescreen",
    ),
]
