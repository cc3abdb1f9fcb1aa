"""Load the three demo partnerships from demo/fixtures/ and print a login for every role."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actionplans.figures import plan_figures
from actionplans.models import ActionPlan
from agencies.models import Partnership
from demo import DemoRefused, refuse_unless_demo_allowed
from demo.loader import (
    PlanDocumentError,
    load_plan_document,
    partnership_slug,
    read_plan_document,
)
from demo.logins import (
    DEMO_PASSWORD,
    demo_secret,
    ensure_demo_authenticator,
    ensure_demo_logins,
    ensure_demo_operator,
)
from reporting.management.commands.plan_summary import summary_lines


class Command(BaseCommand):
    help = (
        "Load the demo partnerships (demo/fixtures/*.yaml) and their demo logins. "
        "A partnership that is already loaded is left as it is, so running this twice adds nothing. "
        "Only the demo and test settings allow it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=Path(settings.BASE_DIR) / "demo" / "fixtures",
            help="Folder of transcribed plans (default: demo/fixtures/).",
        )

    def handle(self, *args, fixtures: Path, **options):
        try:
            refuse_unless_demo_allowed()
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        paths = sorted(fixtures.glob("*.yaml"))
        if not paths:
            raise CommandError(f"No plan files (*.yaml) in {fixtures}.")
        logins = []
        for path in paths:
            try:
                document = read_plan_document(path)
                slug = partnership_slug(document, source=path.name)
                with transaction.atomic():
                    partnership = Partnership.objects.filter(slug=slug).first()
                    if partnership is None:
                        partnership = load_plan_document(document, source=path.name)
                        self._report_loaded(partnership)
                    else:
                        self.stdout.write(f"{partnership}: already loaded, left as it is.")
                    logins += ensure_demo_logins(partnership)
            except PlanDocumentError as error:
                raise CommandError(str(error)) from error
        logins.append(ensure_demo_operator())
        with_code = [login.username for login in logins if ensure_demo_authenticator(login.username)]
        self._print_logins(logins)
        if with_code:
            self.stdout.write(
                f"\n  Two-factor: {', '.join(with_code)} also need a code after the password.\n"
                "  Get it with: python manage.py demo_code <username>"
                f" (or type the demo key {demo_secret()} into an authenticator app)."
            )

    def _report_loaded(self, partnership):
        plans = ActionPlan.objects.filter(partnership=partnership).select_related("partnership")
        for figures in plan_figures(plans):
            self.stdout.write(self.style.SUCCESS("Loaded ") + summary_lines(figures, timezone.localdate()))

    def _print_logins(self, logins):
        width = max(len(login.username) for login in logins)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (every one uses the same password):"))
        for login in logins:
            where = login.partnership + (f", {login.agency}" if login.agency else "")
            officer = f" – {login.officer}" if login.officer else ""
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role} ({where}){officer}")
        self.stdout.write(f"\n  Password: {DEMO_PASSWORD}")
