"""Print the code a demo login's authenticator app would show now (demo authenticators only)."""

from django.core.management.base import BaseCommand, CommandError

from demo import DemoRefused
from demo.logins import demo_code


class Command(BaseCommand):
    help = (
        "Print the two-factor code for a demo login that load_demo gave the demo authenticator. "
        "Only the demo and test settings allow it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            self.stdout.write(demo_code(username))
        except (DemoRefused, LookupError) as error:
            raise CommandError(str(error)) from error
