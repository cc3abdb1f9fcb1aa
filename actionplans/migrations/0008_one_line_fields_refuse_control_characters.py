"""Every one-line field refuses line breaks and control characters, every multi-line field the
control characters other than line breaks and tabs; and the text stored before is fitted to them
(line breaks in a one-line field folded to a space), so that existing rows pass."""

import core.text
from django.db import migrations, models


def fit_stored_text(apps, schema_editor):
    for model in apps.get_app_config("actionplans").get_models():
        core.text.fit_stored_text(model)


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0007_form_submissions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='action',
            name='assurance_measures',
            field=models.TextField(blank=True, help_text='One per line.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='action',
            name='desired_outcome',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='action',
            name='evidence_expected',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='action',
            name='leads_note',
            field=models.CharField(blank=True, help_text="Qualifiers in the plan's lead column: 'to implement'.", max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='action',
            name='measure_of_success',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='action',
            name='next_review_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='next review precision'),
        ),
        migrations.AlterField(
            model_name='action',
            name='next_review_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='next review as written'),
        ),
        migrations.AlterField(
            model_name='action',
            name='outcome_measure',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='action',
            name='reference',
            field=models.CharField(blank=True, help_text="As the plan writes it: '1.1', '4'.", max_length=40, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='action',
            name='source',
            field=models.CharField(blank=True, help_text="e.g. 'Service Plan'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='action',
            name='target_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='target date precision'),
        ),
        migrations.AlterField(
            model_name='action',
            name='target_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='target date as written'),
        ),
        migrations.AlterField(
            model_name='action',
            name='text',
            field=models.TextField(blank=True, help_text='Empty while the plan names leads but no action yet.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='as_at_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='as at precision'),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='as_at_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='as at as written'),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='description',
            field=models.TextField(blank=True, help_text="The plan's own heading or subtitle.", validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='notes',
            field=models.TextField(blank=True, help_text='Notes printed on the plan.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='owner_body',
            field=models.CharField(help_text="The body that owns the plan, e.g. 'Darlington LSCB'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='title',
            field=models.CharField(max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='actionplan',
            name='version_label',
            field=models.CharField(blank=True, help_text="e.g. 'LSCB Composite Plan July 2012'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='evidencedocument',
            name='content_type',
            field=models.CharField(help_text='As recognised from the content.', max_length=120, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='evidencedocument',
            name='original_name',
            field=models.CharField(help_text="The file's name as uploaded.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='formsubmission',
            name='result_url',
            field=models.CharField(blank=True, help_text='Where the first save led.', max_length=500, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='formsubmission',
            name='token',
            field=models.CharField(max_length=64, unique=True, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='abbreviation',
            field=models.CharField(max_length=40, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='meaning',
            field=models.CharField(max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='file_name',
            field=models.CharField(max_length=255, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='kind',
            field=models.CharField(help_text='docx, xlsx or csv.', max_length=10, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='importmapping',
            name='name',
            field=models.CharField(max_length=120, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='inspected_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='inspection date precision'),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='inspected_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='inspection date as written'),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='inspectorates',
            field=models.CharField(choices=[('ofsted', 'Ofsted'), ('cqc', 'CQC'), ('ofsted_and_cqc', 'Ofsted and CQC')], max_length=20, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='summary',
            field=models.TextField(blank=True, help_text='What the inspection covered and who inspected.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='title',
            field=models.CharField(max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='judgement',
            name='area',
            field=models.CharField(help_text="e.g. 'Safeguarding services'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='judgement',
            name='criterion',
            field=models.CharField(help_text="e.g. 'Overall effectiveness'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='judgement',
            name='grade',
            field=models.CharField(choices=[('outstanding', 'Outstanding'), ('good', 'Good'), ('requires_improvement', 'Requires improvement'), ('adequate', 'Adequate'), ('inadequate', 'Inadequate')], max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='due_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='due date precision'),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='due_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='due date as written'),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='text',
            field=models.TextField(validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='as_at_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='as at precision'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='as_at_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='as at as written'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='evidence_of_impact',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='evidence_statement',
            field=models.TextField(blank=True, help_text='For a completion with no evidence file: what the evidence is and where it can be seen.', validators=[core.text.refuse_control_characters_in_text], verbose_name='evidence with no document'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='note',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='proposed_target_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='proposed target date precision'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='proposed_target_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='proposed target date as written'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='rag',
            field=models.CharField(blank=True, choices=[('red', 'Red'), ('amber', 'Amber'), ('green', 'Green'), ('blue', 'Blue')], max_length=10, validators=[core.text.refuse_control_characters], verbose_name='RAG'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='rag_change_reason',
            field=models.TextField(blank=True, help_text='Required when the update rates the action better.', validators=[core.text.refuse_control_characters_in_text], verbose_name='why the RAG rating improved'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='status',
            field=models.CharField(blank=True, choices=[('not_started', 'Not started'), ('not_yet_due', 'Not yet due'), ('underway', 'Underway'), ('ongoing', 'Ongoing'), ('completed', 'Completed'), ('evidence_not_yet_reported', 'Evidence not yet reported'), ('deferred', 'Deferred')], max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='target_change_reason',
            field=models.TextField(blank=True, help_text='Why the target date should move; required with a proposal.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='agencies_note',
            field=models.CharField(blank=True, help_text='Words about who is addressed that name no agency.', max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='practice_standards',
            field=models.TextField(blank=True, help_text='One per line.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='reference',
            field=models.CharField(blank=True, help_text="As the plan writes it: '1.1', '3'.", max_length=40, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='report_paragraphs',
            field=models.CharField(blank=True, help_text="As written: 'Para 17, 27, 44'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='source',
            field=models.CharField(blank=True, help_text="e.g. 'Peer Challenge Action Plan'.", max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='text',
            field=models.TextField(validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='timeframe',
            field=models.CharField(blank=True, choices=[('immediate', 'Immediately'), ('within_3_months', 'Within 3 months'), ('within_6_months', 'Within 6 months'), ('by_date', 'By a date'), ('', 'Not stated')], max_length=20, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='timeframe_text',
            field=models.CharField(blank=True, max_length=100, validators=[core.text.refuse_control_characters], verbose_name='timeframe as written'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='body',
            field=models.TextField(blank=True, help_text='The plain-text part, as sent.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='html_body',
            field=models.TextField(blank=True, help_text='The HTML part, as sent.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='key',
            field=models.CharField(help_text='What makes it one email: never sent twice.', max_length=200, unique=True, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(choices=[('round_opened', 'Update round opened'), ('before_deadline', 'Reminder before the deadline'), ('on_deadline', 'Deadline reached'), ('chase', 'Reminder from the business manager'), ('completion_returned', 'Completion returned')], max_length=30, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='last_error',
            field=models.TextField(blank=True, validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='subject',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='to_address',
            field=models.EmailField(blank=True, max_length=254, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='section',
            name='number',
            field=models.CharField(blank=True, max_length=20, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='section',
            name='title',
            field=models.CharField(max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='signoff',
            name='decision',
            field=models.CharField(choices=[('accepted', 'Accepted'), ('returned', 'Returned')], max_length=10, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='signoff',
            name='reason',
            field=models.TextField(blank=True, help_text='Why it was returned: what the lead needs to do.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='kind',
            field=models.CharField(choices=[('part', 'Part of the action'), ('underpinned_by', 'Underpinned by'), ('supplemented_by', 'Supplemented by')], max_length=20, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='leads_note',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='source',
            field=models.CharField(blank=True, max_length=200, validators=[core.text.refuse_control_characters]),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='target_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='target date precision'),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='target_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='target date as written'),
        ),
        migrations.AlterField(
            model_name='subaction',
            name='text',
            field=models.TextField(validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='targetchange',
            name='after_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='target after precision'),
        ),
        migrations.AlterField(
            model_name='targetchange',
            name='after_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='target after as written'),
        ),
        migrations.AlterField(
            model_name='targetchange',
            name='before_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year'), ('', 'No date')], max_length=5, validators=[core.text.refuse_control_characters], verbose_name='target before precision'),
        ),
        migrations.AlterField(
            model_name='targetchange',
            name='before_text',
            field=models.CharField(blank=True, max_length=300, validators=[core.text.refuse_control_characters], verbose_name='target before as written'),
        ),
        migrations.AlterField(
            model_name='targetchange',
            name='reason',
            field=models.TextField(blank=True, help_text='Required when the date moves later.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.AlterField(
            model_name='updateround',
            name='message',
            field=models.TextField(blank=True, help_text='What the business manager asks of the leads.', validators=[core.text.refuse_control_characters_in_text]),
        ),
        migrations.RunPython(fit_stored_text, migrations.RunPython.noop),
    ]
