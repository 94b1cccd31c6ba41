"""On PostgreSQL the audit log is append-only in the database itself: a trigger refuses
every UPDATE and DELETE of its rows, whatever the client (a psql session, a bug, an
attacker with the application's credentials). Two exceptions: a deleted user's rows lose
their user (the foreign key's SET NULL; the user name stays), and the retention purge
(matching.privacy.purge_expired_audit_events), which says so with a transaction-local
setting. SQLite (one machine, no other clients) relies on the model's refusals."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION samvaer_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('samvaer.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
        AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER matching_auditevent_append_only
    BEFORE UPDATE OR DELETE ON matching_auditevent
    FOR EACH ROW EXECUTE FUNCTION samvaer_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS matching_auditevent_append_only ON matching_auditevent;
DROP FUNCTION IF EXISTS samvaer_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the % in the message is PL/pgSQL's, not a placeholder.
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_free_text_refuses_cpr")]

    operations = [migrations.RunPython(create, drop)]
