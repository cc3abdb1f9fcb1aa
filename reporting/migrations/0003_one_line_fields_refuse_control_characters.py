"""Every one-line field refuses line breaks and control characters, every multi-line field the
control characters other than line breaks and tabs; and the text stored before is fitted to them
(line breaks in a one-line field folded to a space), so that existing rows pass."""

import core.text
from django.db import migrations, models


def fit_stored_text(apps, schema_editor):
    for model in apps.get_app_config("reporting").get_models():
        core.text.fit_stored_text(model)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_version_update_round'),
    ]

    operations = [
        migrations.AlterField(
            model_name='coverreport',
            name='addressed_to',
            field=models.CharField(blank=True, help_text='The board or committee.', max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='coverreport',
            name='background_papers',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='coverreport',
            name='purpose',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='coverreport',
            name='recommendation',
            field=models.TextField(blank=True, help_text='What members are asked to do.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='coverreport',
            name='summary',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='coverreport',
            name='title',
            field=models.CharField(max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='planversion',
            name='label',
            field=models.CharField(help_text="e.g. 'LSCB Composite Plan July 2012'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='reportimplication',
            name='heading',
            field=models.CharField(max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='reportimplication',
            name='text',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.RunPython(fit_stored_text, migrations.RunPython.noop),
    ]
