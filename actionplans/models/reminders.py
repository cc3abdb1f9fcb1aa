"""Emails to leads: a round opening, its reminders, and completions returned to them. Each is a
row first and is sent after, so that a failed send is kept and tried again."""

from django.conf import settings
from django.db import models

from agencies.models import Partnership
from agencies.scoping import RecipientsQuerySet
from core.text import refuse_control_characters

from .rounds import UpdateRound
from .signoff import SignOff
from .written import written_line, written_text


class ReminderKind(models.TextChoices):
    ROUND_OPENED = "round_opened", "Update round opened"
    BEFORE_DEADLINE = "before_deadline", "Reminder before the deadline"
    ON_DEADLINE = "on_deadline", "Deadline reached"
    CHASE = "chase", "Reminder from the business manager"
    COMPLETION_RETURNED = "completion_returned", "Completion returned"


class ReminderQuerySet(RecipientsQuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, attempts__lt=settings.REMINDER_MAX_ATTEMPTS)

    def failed(self):
        return self.filter(sent_at__isnull=True, attempts__gt=0)


class Reminder(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders")
    kind = written_line(max_length=30, choices=ReminderKind.choices)
    update_round = models.ForeignKey(
        UpdateRound, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    sign_off = models.ForeignKey(SignOff, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders")
    key = written_line(
        max_length=200,
        unique=True,
        help_text="What makes it one email: never sent twice.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    to_address = models.EmailField(blank=True, validators=[refuse_control_characters])
    subject = written_line(max_length=300, blank=True)
    body = written_text(blank=True, help_text="The plain-text part, as sent.")
    html_body = written_text(blank=True, help_text="The HTML part, as sent.")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = written_text(blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient}"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "Sent"
        if self.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            return "Failed: given up"
        if self.attempts:
            return "Failed: will retry"
        return "Waiting to be sent"
