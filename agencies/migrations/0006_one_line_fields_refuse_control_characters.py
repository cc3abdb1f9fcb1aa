"""Every one-line field refuses line breaks and control characters, every multi-line field the
control characters other than line breaks and tabs; and the text stored before is fitted to them
(line breaks in a one-line field folded to a space), so that existing rows pass."""

import core.text
from django.db import migrations, models


def fit_stored_text(apps, schema_editor):
    for model in apps.get_app_config("agencies").get_models():
        core.text.fit_stored_text(model)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0005_single_sign_on'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agency',
            name='kind',
            field=models.CharField(choices=[('local_authority', 'Local authority'), ('health_commissioner', 'Health commissioner'), ('health_provider', 'Health provider'), ('police', 'Police'), ('education', 'Education'), ('other', 'Other')], max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='agency',
            name='name',
            field=models.CharField(max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='agency',
            name='short_name',
            field=models.CharField(help_text="As the plan writes it, e.g. 'DBC'.", max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='forum',
            name='name',
            field=models.CharField(max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('business_manager', 'Business manager'), ('agency_lead', 'Agency lead'), ('scrutiny', 'Scrutiny member')], max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='officer',
            name='email',
            field=models.EmailField(blank=True, max_length=254, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='officer',
            name='job_title',
            field=models.CharField(blank=True, max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='officer',
            name='name',
            field=models.CharField(blank=True, help_text='Empty when the plan names only a role.', max_length=120, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='officer',
            name='phone',
            field=models.CharField(blank=True, max_length=60, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='partnership',
            name='area',
            field=models.CharField(help_text='The local area it serves.', max_length=120, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='partnership',
            name='name',
            field=models.CharField(max_length=200, unique=True, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='partnership',
            name='short_name',
            field=models.CharField(help_text="As people write it, e.g. 'Darlington LSCB'.", max_length=60, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='partnership',
            name='slug',
            field=models.SlugField(max_length=60, unique=True, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='signedinsession',
            name='session_key',
            field=models.CharField(max_length=40, unique=True, validators=[core.text.refuse_control_characters]),
        ),
        migrations.RunPython(fit_stored_text, migrations.RunPython.noop),
    ]
