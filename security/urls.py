"""The sign-in's second step, enrolment of the second factor, and the password change."""

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("login/kode/", views.verify, name="verify"),
    path("login/ny-kode/", views.enrol, name="enrol"),
    path("adgangskode/", views.PasswordChangeView.as_view(), name="password-change"),
    path("adgangskode/gendannelseskoder/", views.recovery_codes, name="recovery-codes"),
]
