"""Prepare the database and the static files for a new release: run once per deployment, before
the new web and worker processes start, never by them."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate the database, create the cache table (when the cache is the database), run the "
        "deployment checks, and collect the static files. Run once per release, as the tables' owner."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="The static files were collected when the image was built (deploy/Dockerfile).",
        )

    def handle(self, *args, skip_collectstatic: bool, **options):
        call_command("migrate", interactive=False, stdout=self.stdout)
        if settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            call_command("createcachetable", stdout=self.stdout)
        call_command("check", deploy=not settings.DEBUG, stdout=self.stdout)
        if not skip_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("Released: the database is migrated and the static files are in place.")
