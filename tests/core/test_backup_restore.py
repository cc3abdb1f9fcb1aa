"""A backup restored into a fresh database gives back every row of every table and every
uploaded file, byte for byte; a restore never overwrites a database in use unless told to."""

import uuid
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse
from storages.backends.s3 import S3Storage

from core.backups import BackupError, backup_create, backup_restore
from tests import evidence_files as files
from tests import object_storage
from tests.actionplans.test_progress_updates import update_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security("backup and restore")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan_with_evidence(small, client, media):
    client.force_login(small.users["lead_dbc"])
    client.post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("audit.pdf", files.PDF), files.upload("photo.png", files.PNG)]),
    )
    assert len(stored_files(media)) == 2
    return small


@pytest.fixture
def fresh_database(tmp_path):
    """A Django connection to a new, empty database of the test database's kind."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "restored.sqlite3")
    fresh = type(connections["default"])({**connection.settings_dict, "NAME": name}, alias="restored")
    yield fresh
    fresh.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def local_storage(root: Path) -> FileSystemStorage:
    return FileSystemStorage(location=root)


def stored_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def every_row(database) -> dict[str, list[tuple]]:
    """Every table's rows, in an order that does not depend on how they were stored."""
    tables = {}
    with database.cursor() as cursor:
        for name in database.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {database.ops.quote_name(name)}")
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
            tables[name] = sorted(rows, key=repr)
    return tables


def test_a_backup_restored_into_a_fresh_database_gives_back_every_row_and_file_and_only_with_force_over_it(
    plan_with_evidence, media, tmp_path, fresh_database, security_figure
):
    folder = backup_create(connection=connection, storage=default_storage, into=tmp_path / "backups")
    restore = {"connection": fresh_database, "storage": local_storage(tmp_path / "restored-media"), "source": folder}

    restored = backup_restore(**restore)

    original, copy = every_row(connection), every_row(fresh_database)
    assert set(connection.introspection.django_table_names(only_existing=True)) <= set(original)
    assert copy == original
    assert stored_files(tmp_path / "restored-media") == stored_files(media)
    rows = sum(len(table) for table in copy.values())
    assert (restored.tables, restored.rows, restored.files) == (len(copy), rows, 2)
    assert copy["actionplans_evidencedocument"] and copy["actionplans_progressupdate"]
    security_figure(f"{len(copy)} tables, {rows:,} rows, {restored.files} files restored equal")

    with pytest.raises(BackupError, match="already has .* tables. Restoring would replace what is in it"):
        backup_restore(**restore)
    backup_restore(**restore, force=True)
    assert every_row(fresh_database) == original


def test_a_damaged_backup_is_refused_before_anything_is_restored(plan_with_evidence, media, tmp_path, fresh_database):
    folder = backup_create(connection=connection, storage=default_storage, into=tmp_path / "backups")
    evidence = next(path for path in (folder / "files").rglob("*") if path.is_file())
    evidence.write_bytes(b"tampered")

    with pytest.raises(BackupError, match="do not match its manifest. Nothing has been restored"):
        backup_restore(connection=fresh_database, storage=local_storage(tmp_path / "restored-media"), source=folder)

    assert every_row(fresh_database) == {}
    assert not (tmp_path / "restored-media").exists()


def test_the_commands_back_up_and_refuse_to_restore_over_the_configured_database(plan_with_evidence, tmp_path, capsys):
    call_command("backup", into=tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()

    with pytest.raises(CommandError, match="The configured database already has .* tables"):
        call_command("restore", str(folder))

    assert "and 2 file(s) into" in capsys.readouterr().out
    assert (folder / "manifest.json").is_file()


def test_files_kept_in_a_bucket_are_backed_up_and_restored_into_another_bucket(
    settings, small, client, tmp_path, fresh_database
):
    bucket = object_storage.keep_files_in_new_bucket(settings)
    client.force_login(small.users["lead_dbc"])
    client.post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("audit.pdf", files.PDF), files.upload("photo.png", files.PNG)]),
    )
    folder = backup_create(connection=connection, storage=default_storage, into=tmp_path / "backups")
    restored_bucket = object_storage.new_bucket()
    restore = {
        "connection": fresh_database,
        "storage": S3Storage(**object_storage.bucket_settings(restored_bucket)["OPTIONS"]),
        "source": folder,
    }

    restored = backup_restore(**restore)

    assert restored.files == 2
    assert object_storage.objects_in(restored_bucket) == object_storage.objects_in(bucket)
    assert every_row(fresh_database) == every_row(connection)
    with pytest.raises(BackupError, match="already has .* tables"):
        backup_restore(**restore)
    object_storage.client().put_object(Bucket=restored_bucket, Key="evidence/stray.pdf", Body=b"stray")
    backup_restore(**restore, force=True)
    assert object_storage.objects_in(restored_bucket) == {
        **object_storage.objects_in(bucket),
        "evidence/stray.pdf": b"stray",
    }


def test_a_restore_refuses_a_bucket_that_already_holds_files(settings, plan_with_evidence, tmp_path, fresh_database):
    folder = backup_create(connection=connection, storage=default_storage, into=tmp_path / "backups")
    bucket = object_storage.new_bucket()
    object_storage.client().put_object(Bucket=bucket, Key="evidence/other.pdf", Body=b"other")
    storage = S3Storage(**object_storage.bucket_settings(bucket)["OPTIONS"])

    with pytest.raises(BackupError, match="The file storage already holds files"):
        backup_restore(connection=fresh_database, storage=storage, source=folder)

    assert every_row(fresh_database) == {}
