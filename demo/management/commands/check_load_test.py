"""After `make loadtest`: every progress update the load test was told was accepted is stored once."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.load_data import accepted_updates_check


class Command(BaseCommand):
    help = (
        "Read the submission tokens of the progress updates the load test saw accepted (one a line) "
        "and check that each update is stored exactly once."
    )

    def add_arguments(self, parser):
        parser.add_argument("accepted", type=Path, help="The load test's file of accepted tokens.")

    def handle(self, *args, accepted: Path, **options):
        if not accepted.is_file():
            raise CommandError(f"{accepted} does not exist: run the load test first.")
        tokens = [line.strip() for line in accepted.read_text().splitlines() if line.strip()]
        check = accepted_updates_check(tokens)
        self.stdout.write(
            f"{check.accepted} updates accepted; {len(check.missing)} of them not stored, "
            f"{len(check.repeated)} stored more than once; {check.unreported} stored whose acceptance "
            "the load test did not hear."
        )
        if not check.passed:
            shown = ", ".join((check.missing + check.repeated)[:10])
            raise CommandError(f"Accepted updates are not each stored exactly once (for example: {shown}).")
        self.stdout.write("Every accepted update is stored exactly once.")
