"""On PostgreSQL the audit log is append-only in the database: plain SQL from the
application's own connection can neither change nor delete a row; only the retention
purge deletes, and a deleted user's rows lose their user and keep the rest."""

import uuid
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from matching.models import AuditEvent
from matching.privacy import purge_expired_audit_events
from tests.factories import UserFactory

pytestmark = [pytest.mark.scale, pytest.mark.django_db]


def _event(user=None, **fields):
    return AuditEvent.objects.create(
        user=user,
        username=user.username if user else "",
        action=AuditEvent.Action.READ,
        citizen_id=uuid.uuid4(),
        view="test",
        **fields,
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE matching_auditevent SET view = 'rewritten' WHERE id = %s",
        "UPDATE matching_auditevent SET user_id = NULL, view = 'x' WHERE id = %s",
        "DELETE FROM matching_auditevent WHERE id = %s",
    ],
)
def test_plain_sql_cannot_change_or_delete_a_row(sql):
    event = _event(UserFactory())
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).view == "test"


def test_a_deleted_users_rows_stay_without_the_user():
    user = UserFactory(username="sanne")
    event = _event(user)
    user.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert kept.user is None and kept.username == "sanne"


# Its own transactions, as the job has: the purge's permission ends with its commit.
@pytest.mark.django_db(transaction=True)
def test_the_retention_purge_deletes_only_rows_past_the_period(settings):
    settings.AUDIT_RETENTION_MONTHS = 24
    old, recent = _event(), _event()
    with transaction.atomic(), connection.cursor() as cursor:
        # Back-dating a row: the test, as a superuser, runs it with triggers off.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE matching_auditevent SET at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=800), old.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    assert purge_expired_audit_events(now=timezone.now()) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    # Outside the purge the setting is gone again (it was local to its transaction).
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM matching_auditevent WHERE id = %s", [recent.pk])
