"""SignedInSession now belongs to accounts (accounts 0001): this app forgets the model without
dropping its table, and its content type moves to accounts keeping its id."""

from django.db import migrations

from core.model_moves import content_type_moves


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_new_fields_refuse_control_characters"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SignedInSession")]),
        content_type_moves("signedinsession", "agencies", "accounts"),
    ]
