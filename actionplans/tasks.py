"""The action plans' background tasks: the emails leads get (a round opening, its reminders, a
completion returned), sent by the task worker and never by SMTP inside a web request."""

from __future__ import annotations

from django.db import transaction
from django_tasks import TaskResultStatus, task

from .models import Reminder
from .services.mailing import SendReport, send_now


@task()
def reminders_send(reminder_ids: list[int]) -> dict:
    """Send those of the queued emails `reminder_ids` still waiting. Each email's key makes it one
    email and a sent one is never sent again, so this task run twice sends nothing twice."""
    report = send_now(reminder_ids)
    return {"sent": report.sent, "failed": report.failed}


def reminders_send_soon(reminders) -> None:
    """Queue the waiting emails of `reminders` for sending once the save that queued them has
    committed. A database lost meanwhile must not report that save as failed: the emails stay
    queued for the next run of send_reminders."""
    transaction.on_commit(
        lambda: reminders_send.enqueue(list(reminders.pending().values_list("pk", flat=True))), robust=True
    )


def reminders_send_now(reminders: list[Reminder]) -> SendReport | None:
    """Queue `reminders` for sending; what was sent when the task has run already (tasks run at
    once in the demo), else None: the worker sends them in a moment."""
    result = reminders_send.enqueue([reminder.pk for reminder in reminders])
    if not result.is_finished:
        return None
    if result.status == TaskResultStatus.SUCCESSFUL:
        return SendReport(**result.return_value)
    return SendReport(0, len(reminders))
