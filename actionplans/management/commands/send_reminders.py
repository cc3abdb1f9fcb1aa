"""Queue the update-round reminders due today and send every email waiting to go.

Safe to run from cron every hour: each reminder is queued once (its key is unique), an email
being sent is locked against a second run, and one that fails stays queued, is logged, and is
tried again on the next run.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from actionplans.services.mailing import send_pending
from actionplans.services.notices import scheduled_round_notices


class Command(BaseCommand):
    help = "Queue the reminders due today for open update rounds, then send every email waiting to go."

    def handle(self, *args, **options):
        queued = scheduled_round_notices(timezone.localdate())
        report = send_pending()
        self.stdout.write(
            f"Queued {len(queued)} reminder{'s' if len(queued) != 1 else ''}. "
            f"Sent {report.sent} email{'s' if report.sent != 1 else ''}."
        )
        if report.failed:
            self.stderr.write(
                f"{report.failed} email{'s' if report.failed != 1 else ''} could not be sent; "
                "they stay queued and will be tried again on the next run."
            )
