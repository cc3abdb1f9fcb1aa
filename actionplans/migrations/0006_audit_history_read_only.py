"""On PostgreSQL, the database itself refuses to change or delete an audit history entry, whatever
the application (or anyone with its credentials) asks. SQLite, used only for development and tests,
is left as it is: its test database is emptied with DELETE, which such a trigger would refuse."""

from django.db import migrations

REFUSE = """
CREATE FUNCTION assure_audit_history_is_read_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit history cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_history_is_read_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION assure_audit_history_is_read_only();
"""
ALLOW = """
DROP TRIGGER audit_history_is_read_only ON auditlog_logentry;
DROP FUNCTION assure_audit_history_is_read_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0005_imports"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(on_postgresql(REFUSE), on_postgresql(ALLOW))]
