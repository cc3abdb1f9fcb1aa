"""Fill an empty PostgreSQL database with partnerships for the load test (`make loadtest`)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.load_data import LoadDataRefused, load_data_generate, refuse_unless_empty
from demo.load_logins import LOAD_PASSWORD, load_username


class Command(BaseCommand):
    help = (
        "Add generated partnerships, each with five agencies, a plan of --actions actions with about "
        "--updates progress updates each, an open update round and logins for every role (password "
        f"{LOAD_PASSWORD}). PostgreSQL only; refuses a database that already holds partnerships unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=150, help="How many partnerships (default 150).")
        parser.add_argument("--actions", type=int, default=500, help="Actions in each plan (default 500).")
        parser.add_argument("--updates", type=int, default=13, help="Progress updates per action (default 13).")
        parser.add_argument("--seed", type=int, default=16, help="The random seed (default 16).")
        parser.add_argument("--force", action="store_true", help="Add to a database that already holds data.")

    def handle(self, *args, partnerships, actions, updates, seed, force, **options):
        if min(partnerships, actions, updates) < 1:
            raise CommandError("--partnerships, --actions and --updates must each be at least 1.")
        try:
            refuse_unless_empty(force=force)
        except LoadDataRefused as refusal:
            raise CommandError(str(refusal)) from None
        started = time.monotonic()
        made = load_data_generate(
            partnerships=partnerships, actions=actions, updates=updates, seed=seed, today=timezone.localdate()
        )
        self.stdout.write(
            f"Added {made.partnerships} partnerships, {made.actions:,} actions, {made.updates:,} progress updates "
            f"and {made.logins} logins in {time.monotonic() - started:.0f} s. Sign in as, for example, "
            f"{load_username(1, 'lead-bc')} with the password {LOAD_PASSWORD}."
        )
