"""FormSubmission moves here from actionplans, keeping its table (actionplans_formsubmission) and
its rows: the model is made in this app's state only; actionplans 0010 forgets its own."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import core.text


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("actionplans", "0009_audit_history_cannot_be_truncated"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FormSubmission",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(max_length=64, unique=True, validators=[core.text.refuse_control_characters])),
                        ("created", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("result_url", models.CharField(blank=True, help_text="Where the first save led.", max_length=500, validators=[core.text.refuse_control_characters])),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "actionplans_formsubmission",
                        "ordering": ["-created"],
                    },
                ),
            ],
        ),
    ]
