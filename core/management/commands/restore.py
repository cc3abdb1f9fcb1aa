"""Restore a backup folder made by `manage.py backup` into the configured database and file storage."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured database and file storage (MEDIA_ROOT or the bucket), "
        "then check both against the backup's manifest. Refuses a database that already has tables "
        "unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder, e.g. backups/assure-2026-03-27-101500.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what is in the configured database, and write over files in the file storage.",
        )

    def handle(self, *args, backup: Path, force: bool, **options):
        try:
            restored = backup_restore(
                connection=connections["default"], storage=default_storage, source=backup, force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {restored.tables} tables ({restored.rows:,} rows) and {restored.files} file(s) from {backup}; "
            "all match the backup's manifest."
        )
