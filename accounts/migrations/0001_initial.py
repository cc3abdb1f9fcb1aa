"""SignedInSession moves here from agencies, keeping its table (agencies_signedinsession) and its
rows: the model is made in this app's state only; agencies 0008 forgets its own."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.text


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("agencies", "0007_new_fields_refuse_control_characters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SignedInSession",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("session_key", models.CharField(max_length=40, unique=True, validators=[core.text.refuse_control_characters])),
                        ("signed_in_at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "agencies_signedinsession",
                        "ordering": ["user", "signed_in_at"],
                    },
                ),
            ],
        ),
    ]
