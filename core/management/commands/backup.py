"""Back up the database and the uploaded evidence files into one folder under backups/."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, backup_create, manifest_of


class Command(BaseCommand):
    help = (
        "Back up the configured database (pg_dump on PostgreSQL, SQLite's backup API on SQLite) and "
        "every stored file (the MEDIA_ROOT folder, or the bucket) into a new timestamped folder, with a "
        "manifest of row counts and file checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            type=Path,
            default=Path(settings.BASE_DIR) / "backups",
            help="Folder to put the backup folder in (default: backups/).",
        )

    def handle(self, *args, into: Path, **options):
        try:
            folder = backup_create(connection=connections["default"], storage=default_storage, into=into)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = manifest_of(folder)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows:,} rows) and {len(manifest['files'])} file(s) "
            f"into {folder}"
        )
