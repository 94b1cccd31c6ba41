from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Beskeder")

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from .stale_tasks import hold_task_lock, release_task_lock

        # A task worker holds a lock per running task, for the sweep of abandoned tasks.
        task_started.connect(hold_task_lock, dispatch_uid="samvaer-hold-task-lock")
        task_finished.connect(release_task_lock, dispatch_uid="samvaer-release-task-lock")
