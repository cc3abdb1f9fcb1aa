"""Sending queued emails, in the task worker (actionplans/tasks.py). Safe to run at the same time
as another run (each email is locked while it is sent), and again after a failure or a worker
that died (a failed email stays queued and is retried; a sent one is never sent again)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.utils import timezone

from core.errors import is_outage
from core.text import one_line

from ..models import Reminder

logger = logging.getLogger("assure.reminders")


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def send_pending(reminders=None) -> SendReport:
    """Send every queued email (or those of `reminders` that are still queued), each in its own
    transaction; a failure is recorded on the email, logged, and the others still go."""
    queued = (Reminder.objects.all() if reminders is None else reminders).pending()
    outcomes = [_send(pk) for pk in list(queued.order_by("created_at", "pk").values_list("pk", flat=True))]
    return SendReport(outcomes.count(True), outcomes.count(False))


def send_now(reminder_ids: list[int]) -> SendReport:
    """Send the queued emails `reminder_ids` as `send_pending` would. Losing the database part-way
    ends the run: the emails not sent count as not sent and stay queued for the next run of
    send_reminders."""
    outcomes = []
    for pk in reminder_ids:
        try:
            outcomes.append(_send(pk))
        except DatabaseError as error:
            if not is_outage(error):
                raise
            logger.warning("The database was lost while sending emails; the rest stay queued: %s", error)
            return SendReport(outcomes.count(True), len(reminder_ids) - outcomes.count(True))
    return SendReport(outcomes.count(True), outcomes.count(False))


def _send(pk: int) -> bool | None:
    """Send queued email `pk` in its own transaction: True when sent, False when the sending
    failed (recorded on the email and logged), None when another run sent it meanwhile."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update(skip_locked=True).pending().filter(pk=pk).first()
        if reminder is None:
            return None
        reminder.attempts += 1
        reminder.last_attempt_at = timezone.now()
        try:
            _message(reminder).send()
        except Exception as error:  # any failure of the mail server must not stop the rest
            reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
            logger.warning(
                "Email %s (%s) to %s failed, attempt %s of %s: %s",
                reminder.pk,
                reminder.kind,
                reminder.to_address,
                reminder.attempts,
                settings.REMINDER_MAX_ATTEMPTS,
                reminder.last_error,
            )
        else:
            reminder.sent_at = reminder.last_attempt_at
            reminder.last_error = ""
            logger.info("Email %s (%s) sent to %s", reminder.pk, reminder.kind, reminder.to_address)
        reminder.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at"])
        return reminder.sent_at is not None


def _message(reminder: Reminder) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=one_line(reminder.subject),  # even a row stored around the validators (a restored backup) sends
        body=reminder.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.to_address],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(reminder.html_body, "text/html")
    return message
