"""On PostgreSQL, the database refuses to empty the audit history with TRUNCATE too, which the
row-by-row trigger of 0006 does not see. The test settings' database backend (tests/postgresql)
steps around this one trigger while it empties the test database between tests."""

from django.db import migrations

REFUSE = """
CREATE TRIGGER audit_history_cannot_be_truncated
    BEFORE TRUNCATE ON auditlog_logentry
    FOR EACH STATEMENT EXECUTE FUNCTION assure_audit_history_is_read_only();
"""
ALLOW = "DROP TRIGGER audit_history_cannot_be_truncated ON auditlog_logentry;"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0008_one_line_fields_refuse_control_characters"),
    ]

    operations = [migrations.RunPython(on_postgresql(REFUSE), on_postgresql(ALLOW))]
