"""Remove the demo database (a SQLite file) and the uploaded files, for `make clean-db`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import DemoRefused
from demo.cleaning import demo_data_remove


class Command(BaseCommand):
    help = (
        "Delete the SQLite database DATABASE_URL names and the uploaded files under MEDIA_ROOT, so that "
        "load_demo starts afresh. Refuses a PostgreSQL database (drop it yourself). Demo and test settings only."
    )

    # The checks read the database, which would open (and so create) the very file this removes.
    requires_system_checks = []

    def handle(self, *args, **options):
        try:
            removed = demo_data_remove(database=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        for path in removed:
            self.stdout.write(f"Removed {path}")
        if not removed:
            self.stdout.write("Nothing to remove: no database file and no uploaded files.")
