"""The whole cycle on the demo data: the business manager opens a round, leads update through
the app, the reminder command prints its emails (console backend), completions are accepted or
returned, and the round closes into a plan version."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Assurance, Decision, Reminder, SignOff, Status, UpdateRound
from reporting.models import PlanVersion

pytestmark = pytest.mark.django_db

User = get_user_model()


def signed_in(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_a_round_on_the_demo_data_from_opening_to_the_board_version(
    client, demo_partnerships, settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    plan = ActionPlan.objects.get(partnership__slug="darlington")
    now = timezone.localtime()
    deadline = now.date() + timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        opened = signed_in(client, "darlington-manager").post(
            reverse("actionplans:round_open", args=[plan.pk]),
            {
                "deadline_0": deadline.day,
                "deadline_1": deadline.month,
                "deadline_2": deadline.year,
                "message": "Updates for the board, please.",
            },
        )
    assert opened.status_code == 302
    update_round = UpdateRound.objects.get(plan=plan)
    opening = capsys.readouterr().out
    asked_agencies = set(update_round.actions.values_list("agency__short_name", flat=True))
    assert opening.count("Subject: Update needed by") == len(asked_agencies) == 4
    assert "To: darlington-lead-dbc@demo.invalid" in opening

    dbc_actions = list(update_round.actions.filter(agency__short_name="DBC"))
    lead = signed_in(client, "darlington-lead-dbc")
    for action in dbc_actions:
        response = lead.post(
            reverse("actionplans:progress_update_create", args=[action.pk]),
            {
                "as_at_0": now.day,
                "as_at_1": now.month,
                "as_at_2": now.year,
                "status": Status.UNDERWAY,
                "note": "Reviewed at the DBC management team.",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]

    status = signed_in(client, "darlington-manager").get(reverse("actionplans:round_detail", args=[update_round.pk]))
    by_agency = {agency.short_name: agency for agency in status.context["progress"].agencies}
    assert (by_agency["DBC"].updated, by_agency["DBC"].outstanding) == (len(dbc_actions), 0)
    assert all(by_agency[name].updated == 0 for name in asked_agencies - {"DBC"})

    with time_machine.travel(
        datetime.combine(deadline, datetime.min.time(), ZoneInfo("Europe/London")) + timedelta(hours=8)
    ):
        call_command("send_reminders")
        call_command("send_reminders")
    reminders = capsys.readouterr().out
    assert reminders.count("Subject: Updates were due by") == 3  # every agency but DBC, once each
    assert "darlington-lead-dbc@demo.invalid" not in reminders

    awaiting = list(
        Action.objects.filter(recommendation__section__plan=plan)
        .with_progress()
        .filter(assurance=Assurance.AWAITING)[:2]
    )
    manager = signed_in(client, "darlington-manager")
    manager.post(reverse("actionplans:completion_accept", args=[awaiting[0].latest_update_id]))
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            reverse("actionplans:completion_return", args=[awaiting[1].latest_update_id]),
            {"reason": "Please attach the audit that shows the visits are recorded."},
        )
    assert list(SignOff.objects.order_by("pk").values_list("decision", flat=True)) == [
        Decision.ACCEPTED,
        Decision.RETURNED,
    ]
    assert "Subject: Completion returned" in capsys.readouterr().out

    closed = manager.post(
        reverse("actionplans:round_close", args=[update_round.pk]),
        {
            "freeze": "yes",
            "label": "LSCB Composite Plan for the board",
            "as_at_0": now.day,
            "as_at_1": now.month,
            "as_at_2": now.year,
        },
    )

    version = PlanVersion.objects.get(update_round=update_round)
    assert closed["Location"] == reverse("reporting:version_detail", args=[version.pk])
    frozen = {
        action["id"]: action
        for section in version.snapshot["sections"]
        for rec in section["recommendations"]
        for action in rec["actions"]
    }
    assert frozen[awaiting[0].pk]["progress"]["rag_label"] == "Blue: complete and assured"
    assert frozen[awaiting[1].pk]["progress"]["status_label"] == "Completion returned"
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
