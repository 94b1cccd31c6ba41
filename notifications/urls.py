from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("beskeder/indstillinger/", views.preferences, name="preferences"),
    path("beskeder/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("beskeder/log/", views.delivery_log, name="log"),
    path("beskeder/<int:pk>/send-igen/", views.retry, name="retry"),
    path(
        "hjemmepleje/borgere/<uuid:citizen_id>/invitation/<uuid:match_id>/",
        views.invitation,
        name="invitation",
    ),
]
