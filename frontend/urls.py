"""Server-rendered pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import privacy, views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
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
]
