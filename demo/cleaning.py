"""Remove the demo's database file and uploaded files, so that the next `make run` starts afresh."""

import shutil
from pathlib import Path

from django.conf import settings

from . import DemoRefused, refuse_unless_demo_allowed

_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def demo_data_remove(*, database: dict, media_root: Path) -> list[Path]:
    """Delete the SQLite file `database` names (with its journal) and everything under
    `media_root`; the paths removed. Refuses, removing nothing, for any other database."""
    refuse_unless_demo_allowed()
    database_files = _sqlite_files(database)
    media_root = Path(media_root).resolve()
    # MEDIA_ROOT comes from the environment: emptying a folder that holds the code would delete it.
    if media_root in (Path(settings.BASE_DIR).resolve(), *Path(settings.BASE_DIR).resolve().parents):
        raise DemoRefused(f"MEDIA_ROOT ({media_root}) holds Assure itself, so nothing has been removed.")

    removed = [path for path in database_files if path.exists()]
    for path in removed:
        path.unlink()
    if media_root.is_dir():
        for path in sorted(media_root.iterdir()):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def _sqlite_files(database: dict) -> list[Path]:
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = str(database["NAME"])
        if name in ("", ":memory:") or name.startswith("file:"):
            return []
        path = Path(name).resolve()
        return [path, *(path.with_name(path.name + suffix) for suffix in _SQLITE_SIDE_FILES)]
    if "postgresql" in database["ENGINE"]:
        raise DemoRefused(
            f"DATABASE_URL names the PostgreSQL database {database['NAME']!r}, which this command will not "
            "drop: nothing has been removed. To start it afresh, drop and create it yourself, "
            f"e.g. dropdb {_pg_options(database)}{database['NAME']} && createdb {_pg_options(database)}"
            f"{database['NAME']}, and remove the files under MEDIA_ROOT."
        )
    raise DemoRefused(f"DATABASE_URL names a {database['ENGINE']} database, which this command does not remove.")


def _pg_options(database: dict) -> str:
    options = {"--host": database.get("HOST"), "--port": database.get("PORT"), "--username": database.get("USER")}
    return "".join(f"{option} {value} " for option, value in options.items() if value)
