"""Backing up the database and the uploaded evidence files into one folder, and restoring them.

A backup folder holds the database (a `pg_dump --format=custom` archive on PostgreSQL, a copy
made with SQLite's backup API on SQLite), every file in the file storage (the local folder
MEDIA_ROOT or the bucket, read through Django's storage API) in `files/`, and
`manifest.json`: the row count of every table and the SHA-256 of every file, the database copy
included, so that a restore can check the backup is whole before using it and check its own
result afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain English."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int


def backup_create(*, connection, storage, into: Path) -> Path:
    """Write a new timestamped backup folder under `into` and return it."""
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
    folder = into / f"assure-{timezone.localtime():%Y-%m-%d-%H%M%S}"
    if folder.exists():
        raise BackupError(f"{folder} already exists. Wait a second and run the backup again.")
    folder.mkdir(parents=True, mode=0o700)  # it holds official-sensitive data
    dump = folder / DUMPS[connection.vendor]
    if connection.vendor == "postgresql":
        tables = _pg_dump(connection, dump)
    else:
        _sqlite_copy(connection, dump)
        tables = _sqlite_file_counts(dump)
    (folder / FILES).mkdir()
    for name in stored_names(storage):
        copy = folder / FILES / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as stored, copy.open("wb") as written:
            for block in iter(lambda: stored.read(1024 * 1024), b""):
                written.write(block)
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "tables": tables,
        "database_sha256": _sha256(dump),
        "files": _checksums(folder / FILES),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def backup_restore(*, connection, storage, source: Path, force: bool = False) -> Restored:
    """Put the database and files of backup folder `source` back, then check them against its
    manifest. Refuses a database that already has tables, and a file storage that already holds
    files, unless `force`."""
    manifest = _checked_manifest(source, connection.vendor)
    if not force:
        _refuse_if_in_use(connection, storage)
    dump = source / DUMPS[connection.vendor]
    if connection.vendor == "postgresql":
        _pg_restore(connection, dump, clean=force)
    else:
        _sqlite_restore(connection, dump)
    for name in manifest["files"]:
        _put(storage, name, source / FILES / name)
    return _checked_result(connection, storage, manifest)


def table_counts(connection) -> dict[str, int]:
    """The number of rows in every table of the database behind `connection`."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def stored_names(storage, folder: str = "") -> list[str]:
    """Every file's name in `storage`, in sub-folders too, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local folder not yet made holds no files
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}{sub}/")
    return sorted(names)


def manifest_of(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup folder: it has no {MANIFEST}.")
    return json.loads(path.read_text())


def _checked_manifest(source: Path, vendor: str) -> dict:
    manifest = manifest_of(source)
    if manifest["database"] != vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database; the configured database is {vendor}.")
    dump = source / DUMPS[vendor]
    if not dump.is_file() or _sha256(dump) != manifest["database_sha256"]:
        raise BackupError(f"The database copy in {source} is missing or damaged. Nothing has been restored.")
    if _checksums(source / FILES) != manifest["files"]:
        raise BackupError(f"The files in {source} do not match its manifest. Nothing has been restored.")
    return manifest


def _refuse_if_in_use(connection, storage) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The configured database already has {len(tables)} tables. Restoring would replace "
            "what is in it. Restore into an empty database, or run again with --force "
            "(make restore FORCE=1) to replace it."
        )
    if stored_names(storage):
        raise BackupError(
            "The file storage already holds files. Empty it, or run again with --force "
            "(make restore FORCE=1) to write the backup's files over it."
        )


def _checked_result(connection, storage, manifest: dict) -> Restored:
    counts = table_counts(connection)
    if counts != manifest["tables"]:
        different = sorted(
            name
            for name in counts.keys() | manifest["tables"].keys()
            if counts.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"The restored database differs from the backup in these tables: {', '.join(different)}.")
    restored_files = {name: _stored_sha256(storage, name) for name in manifest["files"]}
    if restored_files != manifest["files"]:
        raise BackupError("Some restored files differ from the backup's.")
    return Restored(tables=len(counts), rows=sum(counts.values()), files=len(restored_files))


def _pg_environment(connection) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump and pg_restore; the password goes in the environment,
    never on the command line, where other users of the machine could read it."""
    db = connection.settings_dict
    arguments = [f"--dbname={db['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments.append(f"{option}={db[key]}")
    environment = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    if "sslmode" in db.get("OPTIONS", {}):
        environment["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return arguments, environment


def _pg_dump(connection, dump: Path) -> dict[str, int]:
    """Dump the database and count its rows in one snapshot, so the manifest matches the dump
    even while people are saving."""
    arguments, environment = _pg_environment(connection)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", *arguments], environment)
        return table_counts(connection)


def _pg_restore(connection, dump: Path, *, clean: bool) -> None:
    arguments, environment = _pg_environment(connection)
    replace = ["--clean", "--if-exists"] if clean else []
    connection.close()
    _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *replace, *arguments, str(dump)], environment)


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed. Install the PostgreSQL client tools.") from None
    except subprocess.CalledProcessError as failure:
        raise BackupError(f"{command[0]} failed, and nothing more was done: {failure.stderr.strip()}") from None


def _sqlite_copy(connection, dump: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(connection, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _sqlite_file_counts(dump: Path) -> dict[str, int]:
    copy = sqlite3.connect(dump)
    try:
        names = [
            row[0]
            for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
        ]
        return {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        copy.close()


def _checksums(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): _sha256(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def _put(storage, name: str, path: Path) -> None:
    """Store the file at `path` under exactly `name`, replacing a file of that name: the
    records that point at a file know it by its name."""
    if storage.exists(name):
        storage.delete(name)
    with path.open("rb") as handle:
        saved = storage.save(name, File(handle))
    if saved != name:
        raise BackupError(f"The file storage kept {name} as {saved}. Nothing more has been restored.")


def _stored_sha256(storage, name: str) -> str | None:
    try:
        with storage.open(name, "rb") as handle:
            return _digest(handle)
    except FileNotFoundError:
        return None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _digest(handle)


def _digest(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(block)
    return digest.hexdigest()
