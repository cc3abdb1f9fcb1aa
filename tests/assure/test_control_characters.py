"""One-line fields refuse line breaks and control characters everywhere: every one-line field of
every model carries the validator, every form refuses them with a plain-English error instead of
saving, the importer folds them away, and an email subject is kept on one line whatever is stored."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from actionplans.models import ActionPlan, ProgressUpdate, Reminder
from actionplans.services.mailing import send_pending
from actionplans.services.rounds import round_open
from core.text import (
    ONE_LINE_MESSAGE,
    TEXT_MESSAGE,
    fit_stored_text,
    one_line,
    refuse_control_characters,
    refuse_control_characters_in_text,
)
from tests.assure.test_audit_trail import TODAY, WRITES, writer
from tests.factories import ActionPlanFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("control characters")]

PROJECT_APPS = ("agencies", "actionplans", "reporting")
# Short enough for every field's length limit.
FORGED = {
    "a header": "Plan\r\nBcc: x@y.org",
    "a line feed": "Audit\nplan",
    "NUL": "Audit\x00plan",
    "a tab": "Audit\tplan",
    "a line separator": "Audit\u2028plan",
    "an escape": "Audit\x1b[31mplan",
}
# Each kind of form, by the write it makes (tests/assure/test_audit_trail.py), and a one-line field of it.
ONE_LINE_FIELDS = {
    "manage:inspection_create": "title",
    "manage:judgement_create": "area",
    "manage:plan_create": "title",
    "manage:plan_details_edit": "owner_body",
    "manage:section_create": "title",
    "manage:recommendation_create": "reference",
    "manage:action_create": "reference",
    "manage:action_edit": "target",
    "manage:sub_action_create": "leads_note",
    "manage:agency_create": "short_name",
    "manage:officer_create": "name",
    "manage:forum_create": "name",
    "manage:glossary_create": "abbreviation",
    "manage:member_create": "first_name",
    "reporting:version_create": "label",
    "reporting:cover_report_edit": "title",
    "manage:import_preview": "title",
    "operator:partnership_create": "name",
}


def refusal(forged: str) -> str:
    # Django's form fields refuse NUL themselves, before the model's validator is asked.
    return "Null characters are not allowed" if "\x00" in forged else ONE_LINE_MESSAGE


def project_fields(kind):
    return [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.concrete_fields
        if isinstance(field, kind)
    ]


def fields_without(kind, validator):
    """The project's fields of `kind`, and the names of those that do not carry `validator`."""
    fields = project_fields(kind)
    return fields, [f"{model._meta.label}.{field.name}" for model, field in fields if validator not in field.validators]


def test_every_one_line_field_of_every_model_refuses_control_characters(security_figure):
    fields, missing = fields_without(models.CharField, refuse_control_characters)

    assert missing == []
    assert len(fields) > 70
    security_figure(
        f"{len(fields)} one-line fields in {len({model for model, _ in fields})} models carry the validator"
    )


def test_every_multi_line_field_of_every_model_refuses_control_characters_other_than_line_breaks(security_figure):
    fields, missing = fields_without(models.TextField, refuse_control_characters_in_text)

    assert missing == []
    security_figure(f"{len(fields)} multi-line fields keep line breaks and refuse the other control characters")


@pytest.mark.parametrize("forged", FORGED.values(), ids=FORGED.keys())
def test_a_one_line_value_with_a_control_character_is_refused(forged):
    with pytest.raises(ValidationError, match="line breaks or control characters"):
        refuse_control_characters(forged)


@pytest.mark.parametrize(
    "value", ["Composite plan", "Plan – 2012 (£5) «draft» 計画 ✓", "Ünïcödé: ‘quotes’ — dashes", ""]
)
def test_a_one_line_value_of_printable_text_in_any_language_is_accepted(value):
    refuse_control_characters(value)


def test_multi_line_text_keeps_line_breaks_and_tabs_and_refuses_nul_and_escapes():
    refuse_control_characters_in_text("First paragraph.\r\n\r\n- a bullet\n\tindented\u2028")

    for forged in ("\x00", "\x1b[31m", "\x07", "\x85", "\x0b"):
        with pytest.raises(ValidationError, match="control characters"):
            refuse_control_characters_in_text(f"Note {forged} here")


def test_folding_puts_a_value_on_one_line_with_one_space_for_each_break():
    assert one_line("Composite plan\r\nBcc: x@example.org") == "Composite plan Bcc: x@example.org"
    assert one_line("  Audit\n\n  case\tfiles\x00 \u2029") == "Audit case files"


@pytest.fixture(scope="module")
def refused():
    counts = {"forms": set(), "posts": 0}
    yield counts
    if counts["posts"]:
        from tests import security_report

        security_report.tally.record_figure(
            "control characters",
            f"{len(counts['forms'])} kinds of form refuse CR/LF, NUL, tab, U+2028 and escapes: "
            f"{counts['posts']} of {counts['posts']} forged posts refused, none saved",
        )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", sorted(ONE_LINE_FIELDS))
def test_every_kind_of_form_refuses_a_forged_header_in_a_one_line_field_and_saves_nothing(client, small, refused, name):
    write = WRITES[name]
    client.force_login(writer(small, write.who))
    url = reverse(name, kwargs=write.kwargs(small))
    field = ONE_LINE_FIELDS[name]
    entries = LogEntry.objects.count()

    for forged in FORGED.values():
        data = {**write.data(small), field: forged}
        response = client.post(url, data)

        assert response.status_code in (200, 400), (forged, response.status_code)  # the form again, with its error
        assert refusal(forged) in response.content.decode(), forged
        assert LogEntry.objects.count() == entries, forged
        refused["posts"] += 1
    refused["forms"].add(name)


def test_a_sign_in_with_a_line_break_in_the_username_is_refused_and_counted_like_any_other(client):
    """Not refused before the password is checked: then it would escape the throttling count and
    the security log (which escapes it: tests/assure/test_security_log.py)."""
    user = UserFactory(username="pat")
    user.set_password("a long passphrase for pat")
    user.save()

    response = client.post(
        reverse("login"), {"username": "pat\r\nBcc: x@y.org", "password": "a long passphrase for pat"}
    )

    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_progress_update_keeps_its_line_breaks_and_refuses_an_escape(client, small):
    client.force_login(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    data = {"as_at_0": 1, "as_at_1": 6, "as_at_2": 2012, "status": "ongoing"}

    refused = client.post(url, {**data, "note": "Audit done.\x1b[2J"})
    kept = client.post(url, {**data, "note": "Audit done.\r\n\r\n- timetable agreed"})

    assert refused.status_code == 400
    assert TEXT_MESSAGE in refused.content.decode()
    assert kept.status_code == 302
    assert ProgressUpdate.objects.get().note == "Audit done.\r\n\r\n- timetable agreed"


def test_the_action_search_ignores_control_characters_in_its_words(client, small):
    client.force_login(small.users["manager"])

    response = client.get(reverse("actionplans:action_list"), {"q": "LAC\r\n\x00timetable"})

    assert response.status_code == 200
    assert small.dbc_action.text in response.content.decode()


@pytest.fixture
def plan_with_a_forged_title(small):
    """A plan whose title was stored with a line break (before the validators), and a lead to email."""
    lead = small.users["lead_dbc"]
    lead.email = "lead@example.org"
    lead.save()
    ActionPlan.objects.filter(pk=small.plan.pk).update(title="Composite plan\r\nBcc: everyone@example.org")
    small.plan.refresh_from_db()
    return small.plan


def test_round_emails_are_queued_with_their_subject_on_one_line(small, plan_with_a_forged_title):
    round_open(plan=plan_with_a_forged_title, by=small.users["manager"], deadline=TODAY, today=TODAY)

    reminders = list(Reminder.objects.all())
    assert reminders
    for reminder in reminders:
        assert reminder.subject.endswith(": Composite plan Bcc: everyone@example.org")
        reminder.full_clean()


def test_an_email_queued_with_a_line_break_in_its_subject_is_still_sent_on_one_line(small, plan_with_a_forged_title):
    round_open(plan=plan_with_a_forged_title, by=small.users["manager"], deadline=TODAY, today=TODAY)
    Reminder.objects.update(subject="Update needed\r\nBcc: everyone@example.org")  # stored around the validators

    report = send_pending()

    assert (report.sent, report.failed) == (Reminder.objects.count(), 0)
    assert {(email.subject, tuple(email.bcc)) for email in mail.outbox} == {
        ("Update needed Bcc: everyone@example.org", ())
    }


def test_stored_text_from_before_the_validators_is_fitted_to_them(small):
    ActionPlan.objects.filter(pk=small.plan.pk).update(title="Composite\r\nplan\x07", notes="Line one\nline two\x1b[0m")
    untouched = ActionPlanFactory(partnership=small.partnership, title="Clean plan")

    changed = fit_stored_text(ActionPlan)

    plan = ActionPlan.objects.get(pk=small.plan.pk)
    assert changed == 1
    assert (plan.title, plan.notes) == ("Composite plan", "Line one\nline two[0m")
    plan.full_clean()
    assert ActionPlan.objects.get(pk=untouched.pk).title == "Clean plan"
