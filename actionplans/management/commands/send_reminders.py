"""Queue the update-round reminders due today, and a task to send every email waiting to go.

Safe to run from cron every hour: each reminder is queued once (its key is unique), an email
being sent is locked against a second run, and one that fails stays queued, is logged, and is
tried again on the next run. The task worker sends them (tasks run at once in the demo).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from actionplans.models import Reminder
from actionplans.services.notices import scheduled_round_notices
from actionplans.tasks import reminders_send_now


class Command(BaseCommand):
    help = "Queue the reminders due today for open update rounds, then have every email waiting to go sent."

    def handle(self, *args, **options):
        queued = scheduled_round_notices(timezone.localdate())
        waiting = list(Reminder.objects.pending().order_by("created_at", "pk"))
        report = reminders_send_now(waiting) if waiting else None
        said = f"Queued {len(queued)} reminder{'s' if len(queued) != 1 else ''}. "
        if waiting and report is None:
            emails = f"{len(waiting)} email{'s' if len(waiting) != 1 else ''}"
            self.stdout.write(said + f"The task worker is sending {emails}.")
            return
        sent = report.sent if report else 0
        self.stdout.write(said + f"Sent {sent} email{'s' if sent != 1 else ''}.")
        if report and report.failed:
            self.stderr.write(
                f"{report.failed} email{'s' if report.failed != 1 else ''} could not be sent; "
                "they stay queued and will be tried again on the next run."
            )
