"""FormSubmission now belongs to core (core 0001): this app forgets the model without dropping its
table, and its content type moves to core keeping its id."""

from django.db import migrations

from core.model_moves import content_type_moves


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0009_audit_history_cannot_be_truncated"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="FormSubmission")]),
        content_type_moves("formsubmission", "actionplans", "core"),
    ]
