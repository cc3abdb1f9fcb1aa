"""Update rounds: the business manager asks the leads for updates by a deadline, sees who has
updated, reminds those who have not, and closes the round into a plan version."""

import logging
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Reminder, ReminderKind, Status, UpdateRound
from actionplans.services.rounds import round_open
from reporting.models import PlanVersion
from tests.factories import ActionFactory, MembershipFactory, ProgressUpdateFactory, UserFactory, progress_form

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
OPENED = datetime(2026, 9, 1, 9, tzinfo=LONDON)
DEADLINE = date(2026, 9, 14)


def moment(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def open_form(**changes):
    data = {"deadline_0": DEADLINE.day, "deadline_1": DEADLINE.month, "deadline_2": DEADLINE.year, "message": ""}
    data.update(changes)
    return data


def update_form(**changes):
    return progress_form(
        date(2026, 9, 1), **{"status": Status.UNDERWAY, "rag": "amber", "note": "Panel met.", **changes}
    )


@pytest.fixture
def two_agencies(small):
    """The small partnership with a second DBC action, so DBC has two and PCT one, and PCT's
    action not yet due."""
    small.dbc_second = ActionFactory(
        recommendation=small.recommendation, agency=small.dbc, reference="1.3", target="December 2026"
    )
    return small


def emails_to(address_part: str) -> list:
    return [message for message in mail.outbox if any(address_part in to for to in message.to)]


def test_opening_a_round_asks_each_lead_once_listing_all_their_actions(
    as_user, two_agencies, django_capture_on_commit_callbacks
):
    small = two_agencies
    with time_machine.travel(OPENED, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = as_user(small.users["manager"]).post(
            reverse("actionplans:round_open", args=[small.plan.pk]),
            open_form(message="Please update before the <b>September</b> board."),
        )

    update_round = UpdateRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplans:round_detail", args=[update_round.pk])
    assert set(update_round.actions.all()) == {small.dbc_action, small.dbc_second, small.pct_action}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "testshire-lead_dbc@example.org",
        "testshire-lead_pct@example.org",
    ]
    dbc = emails_to("lead_dbc")[0]
    assert dbc.subject.startswith("Update needed by 14 September 2026")
    assert "1.1: Review the LAC timetable" in dbc.body and "1.3:" in dbc.body and "1.2:" not in dbc.body
    assert f"http://127.0.0.1:8000/actions/{small.dbc_action.pk}/update/" in dbc.body
    assert "Please update before the <b>September</b> board." in dbc.body  # plain text, as typed
    html, kind = dbc.alternatives[0]
    assert kind == "text/html"
    assert "&lt;b&gt;September&lt;/b&gt;" in html and "<b>September</b>" not in html
    assert all(reminder.sent_at for reminder in Reminder.objects.all())


def test_the_round_page_counts_who_has_updated_by_agency_and_by_lead(as_user, two_agencies):
    small = two_agencies
    with time_machine.travel(OPENED, tick=False) as traveller:
        update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=OPENED.date())
        traveller.shift(timedelta(days=1))
        as_user(small.users["lead_dbc"]).post(
            reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), update_form()
        )
        response = as_user(small.users["manager"]).get(reverse("actionplans:round_detail", args=[update_round.pk]))

    progress = response.context["progress"]
    assert (progress.total, progress.updated, progress.outstanding, progress.overdue) == (3, 1, 2, 1)
    by_agency = {agency.short_name: agency for agency in progress.agencies}
    assert (by_agency["DBC"].updated, by_agency["DBC"].outstanding, by_agency["DBC"].overdue) == (1, 1, 1)
    assert (by_agency["PCT"].updated, by_agency["PCT"].outstanding, by_agency["PCT"].overdue) == (0, 1, 0)
    assert [action.reference for action in by_agency["DBC"].outstanding_actions] == ["1.3"]
    assert [membership.user for membership in by_agency["DBC"].asked] == [small.users["lead_dbc"]]
    jenni = {lead.officer.name: lead for lead in progress.leads}["Jenni Cooke"]
    assert (jenni.total, jenni.updated, jenni.outstanding) == (1, 1, 0)
    page = response.content.decode()
    assert "Testshire Borough Council (DBC)" in page and "Send a reminder to the leads still to update" in page


def test_an_update_added_before_the_round_opened_does_not_count(as_user, small):
    ProgressUpdateFactory(action=small.dbc_action, as_at="August 2026")
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))

    response = as_user(small.users["manager"]).get(reverse("actionplans:round_detail", args=[update_round.pk]))

    assert response.context["progress"].updated == 0


def test_reminders_go_only_to_outstanding_leads_once_each_however_often_the_command_runs(two_agencies):
    small = two_agencies
    with time_machine.travel(OPENED, tick=False) as traveller:
        round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=OPENED.date())
        call_command("send_reminders")  # the round's opening emails
        opening = len(mail.outbox)
        ProgressUpdateFactory(action=small.pct_action, as_at="September 2026", recorded_by=small.users["lead_pct"])

        traveller.move_to(moment(DEADLINE - timedelta(days=4)))  # too early for a reminder
        call_command("send_reminders")
        assert len(mail.outbox) == opening

        traveller.move_to(moment(DEADLINE - timedelta(days=3)))  # 3 days before: DBC has not updated
        call_command("send_reminders")
        call_command("send_reminders")
        traveller.move_to(moment(DEADLINE - timedelta(days=3), hour=10))
        call_command("send_reminders")
        before = mail.outbox[opening:]
        assert [(message.to[0], message.subject[:29]) for message in before] == [
            ("testshire-lead_dbc@example.org", "Reminder: updates due by 14 S")
        ]
        assert "1.1:" in before[0].body and "1.3:" in before[0].body

        ProgressUpdateFactory(action=small.dbc_action, as_at="September 2026", recorded_by=small.users["lead_dbc"])
        traveller.move_to(moment(DEADLINE))  # the deadline: only 1.3 is still outstanding
        call_command("send_reminders")
        call_command("send_reminders")
        traveller.move_to(moment(DEADLINE + timedelta(days=2)))
        call_command("send_reminders")

    on_deadline = mail.outbox[opening + 1 :]
    assert [(message.to[0], message.subject[:25]) for message in on_deadline] == [
        ("testshire-lead_dbc@example.org", "Updates were due by 14 Se")
    ]
    assert "1.3:" in on_deadline[0].body and "1.1:" not in on_deadline[0].body
    assert Reminder.objects.filter(kind=ReminderKind.BEFORE_DEADLINE).count() == 1
    assert Reminder.objects.filter(kind=ReminderKind.ON_DEADLINE).count() == 1


def test_a_round_opened_within_the_reminder_days_gets_no_before_deadline_reminder(small):
    with time_machine.travel(moment(DEADLINE - timedelta(days=2)), tick=False):
        round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=DEADLINE - timedelta(days=2))
        call_command("send_reminders")

    assert not Reminder.objects.filter(kind=ReminderKind.BEFORE_DEADLINE).exists()


def test_a_send_that_fails_is_logged_and_retried_next_run_and_the_others_still_go(small, caplog):
    with time_machine.travel(OPENED, tick=False):
        round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=OPENED.date())
    real_send = mail.EmailMultiAlternatives.send

    def refuse_dbc(message, *args, **kwargs):
        if "lead_dbc" in message.to[0]:
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        return real_send(message, *args, **kwargs)

    with (
        time_machine.travel(OPENED, tick=False),
        mock.patch.object(mail.EmailMultiAlternatives, "send", refuse_dbc),
        caplog.at_level(logging.WARNING, logger="assure.reminders"),
    ):
        call_command("send_reminders")

    failed = Reminder.objects.get(recipient=small.users["lead_dbc"])
    assert [message.to[0] for message in mail.outbox] == ["testshire-lead_pct@example.org"]
    assert (failed.sent_at, failed.attempts) == (None, 1)
    assert failed.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert failed.state == "Failed: will retry"
    assert "Connection refused" in caplog.text and "testshire-lead_dbc@example.org" in caplog.text

    with time_machine.travel(OPENED + timedelta(hours=1), tick=False):
        call_command("send_reminders")

    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.attempts == 2 and failed.last_error == ""
    assert sorted(message.to[0] for message in mail.outbox) == [
        "testshire-lead_dbc@example.org",
        "testshire-lead_pct@example.org",
    ]


def test_an_email_that_keeps_failing_is_given_up_after_the_limit(small, settings):
    settings.REMINDER_MAX_ATTEMPTS = 2
    round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))

    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=OSError("no route to host")):
        for _ in range(4):
            call_command("send_reminders")

    assert set(Reminder.objects.values_list("attempts", flat=True)) == {2}
    assert {reminder.state for reminder in Reminder.objects.all()} == {"Failed: given up"}


def test_the_business_manager_reminds_the_leads_still_to_update_and_a_second_click_sends_nothing(as_user, small):
    with time_machine.travel(OPENED, tick=False) as traveller:
        update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=OPENED.date())
        ProgressUpdateFactory(action=small.pct_action, as_at="September 2026", recorded_by=small.users["lead_pct"])
        traveller.shift(timedelta(days=5))
        url = reverse("actionplans:round_remind", args=[update_round.pk])
        manager = as_user(small.users["manager"])

        first = manager.post(url, follow=True)
        second = manager.post(url, follow=True)

    chases = Reminder.objects.filter(kind=ReminderKind.CHASE)
    assert [reminder.recipient for reminder in chases] == [small.users["lead_dbc"]]
    assert chases.get().sent_at is not None
    assert "Reminder sent to 1 lead." in first.content.decode()
    assert "No reminder was sent" in second.content.decode()
    assert "Demo" not in mail.outbox[-1].body and "Manager asks you to update" in mail.outbox[-1].body


def test_opening_refuses_a_past_deadline_a_second_open_round_and_a_plan_with_nothing_to_update(as_user, small):
    manager = as_user(small.users["manager"])
    url = reverse("actionplans:round_open", args=[small.plan.pk])

    with time_machine.travel(OPENED, tick=False):
        past = manager.post(url, open_form(deadline_0=31, deadline_1=8))
        manager.post(url, open_form())
        second = manager.post(url, open_form())
        meeting_before = manager.post(url, open_form(meeting_0=1, meeting_1=9, meeting_2=2026))

    assert past.status_code == 400 and "The deadline must be today or later" in past.content.decode()
    assert "already has an open update round" in second.content.decode()
    assert "The meeting must be on or after the deadline" in meeting_before.content.decode()
    assert UpdateRound.objects.count() == 1
    assert "31" in past.content.decode()  # what was typed is kept


def test_a_round_needs_something_to_update(as_user, small):
    for action in (small.dbc_action, small.pct_action):
        ProgressUpdateFactory(action=action, status=Status.COMPLETED, as_at="August 2026")

    with time_machine.travel(OPENED, tick=False):
        response = as_user(small.users["manager"]).post(
            reverse("actionplans:round_open", args=[small.plan.pk]), open_form()
        )

    assert response.status_code == 400
    assert "there is nothing to update" in response.content.decode()


def test_a_round_for_one_agency_asks_only_its_actions_and_lead(small):
    update_round = round_open(
        plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1), agencies=[small.pct]
    )

    assert list(update_round.actions.all()) == [small.pct_action]
    assert [reminder.recipient for reminder in Reminder.objects.all()] == [small.users["lead_pct"]]


def test_a_lead_sees_the_round_on_their_start_page_until_they_have_updated(as_user, two_agencies):
    small = two_agencies
    with time_machine.travel(OPENED, tick=False) as traveller:
        round_open(
            plan=small.plan,
            by=small.users["manager"],
            deadline=DEADLINE,
            today=OPENED.date(),
            message="Board on 21 September.",
        )
        lead = as_user(small.users["lead_dbc"])
        before = lead.get(reverse("start")).content.decode()
        traveller.shift(timedelta(minutes=20))  # within the 30 minutes a session stays open
        lead.post(reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), update_form())
        lead.post(reverse("actionplans:progress_update_create", args=[small.dbc_second.pk]), update_form())
        after = lead.get(reverse("start")).content.decode()

    assert "Update needed by 14 September 2026" in before
    assert "0 of 2 of DBC" in before and "Board on 21 September." in before
    assert f'href="/actions/{small.dbc_action.pk}/update/"' in before
    assert "2 of 2 of DBC" in after and "are updated" in after


def test_closing_a_round_can_freeze_a_version_in_the_same_step(as_user, small):
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))
    url = reverse("actionplans:round_close", args=[update_round.pk])
    manager = as_user(small.users["manager"])

    missing = manager.post(url, {"freeze": "yes", "label": "", "as_at_0": "", "as_at_1": "", "as_at_2": ""})
    closed = manager.post(
        url, {"freeze": "yes", "label": "September board", "as_at_0": 14, "as_at_1": 9, "as_at_2": 2026}
    )

    assert missing.status_code == 400
    assert "Enter the version label" in missing.content.decode()
    update_round.refresh_from_db()
    version = PlanVersion.objects.get()
    assert not update_round.is_open and update_round.closed_by == small.users["manager"]
    assert version.update_round == update_round and version.label == "September board"
    assert closed["Location"] == reverse("reporting:version_detail", args=[version.pk])


def test_a_version_that_cannot_be_frozen_leaves_the_round_open(as_user, small):
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))
    url = reverse("actionplans:round_close", args=[update_round.pk])
    data = {"freeze": "yes", "label": "September board", "as_at_0": 14, "as_at_1": 9, "as_at_2": 2026}

    with mock.patch("reporting.services.plan_snapshot", side_effect=RuntimeError("snapshot failed")):
        with pytest.raises(RuntimeError):
            as_user(small.users["manager"]).post(url, data)

    update_round.refresh_from_db()
    assert update_round.is_open and update_round.closed_by is None
    assert not PlanVersion.objects.exists()


def test_a_closed_round_sends_no_more_reminders(as_user, small):
    with time_machine.travel(OPENED, tick=False) as traveller:
        update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=OPENED.date())
        as_user(small.users["manager"]).post(
            reverse("actionplans:round_close", args=[update_round.pk]), {"freeze": "no"}
        )
        traveller.move_to(moment(DEADLINE))
        call_command("send_reminders")

    assert not UpdateRound.objects.open().exists()
    assert set(Reminder.objects.values_list("kind", flat=True)) == {ReminderKind.ROUND_OPENED}


def test_each_person_sees_their_own_emails_and_the_business_manager_sees_all(as_user, small):
    round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))
    to_pct = Reminder.objects.get(recipient=small.users["lead_pct"])

    own = as_user(small.users["lead_dbc"]).get(reverse("actionplans:reminder_list"))
    others = as_user(small.users["lead_dbc"]).get(reverse("actionplans:reminder_detail", args=[to_pct.pk]))
    everything = as_user(small.users["manager"]).get(reverse("actionplans:reminder_list"))
    waiting = as_user(small.users["manager"]).get(reverse("actionplans:reminder_list"), {"state": "waiting"})
    scrutiny = as_user(small.users["scrutiny"]).get(reverse("actionplans:reminder_list"))

    assert [reminder.recipient for reminder in own.context["page"]] == [small.users["lead_dbc"]]
    assert others.status_code == 404
    assert {reminder.recipient for reminder in everything.context["page"]} == {
        small.users["lead_dbc"],
        small.users["lead_pct"],
    }
    assert len(waiting.context["page"]) == 2
    assert list(scrutiny.context["page"]) == []


def test_a_lead_without_an_email_address_is_flagged_on_the_round_page(as_user, small):
    small.users["lead_pct"].email = ""
    small.users["lead_pct"].save()
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))

    page = as_user(small.users["manager"]).get(reverse("actionplans:round_detail", args=[update_round.pk]))

    assert not Reminder.objects.filter(recipient=small.users["lead_pct"]).exists()
    assert "(no email address)" in page.content.decode()


def test_an_agency_with_no_lead_login_is_flagged(as_user, small):
    MembershipFactory(user=UserFactory(), partnership=small.partnership, role="scrutiny")
    small.users["lead_pct"].memberships.all().delete()
    update_round = round_open(plan=small.plan, by=small.users["manager"], deadline=DEADLINE, today=date(2026, 9, 1))

    page = as_user(small.users["manager"]).get(reverse("actionplans:round_detail", args=[update_round.pk]))

    assert "No agency lead can be emailed." in page.content.decode()
