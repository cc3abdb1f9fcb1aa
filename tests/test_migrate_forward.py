"""A database made by the layout before the apps were split (tests/data/old_layout/) migrates
forward with nothing lost: every table keeps its rows, the moved models keep their ContentType
ids (so audit history and permissions still point at them), and the new apps read the rows.

Each half migrates a copy in a subprocess with today's code: SQLite in the SQLite run, PostgreSQL
in the PostgreSQL run (DATABASE_URL names it)."""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest
from django.conf import settings

OLD_LAYOUT = Path(__file__).resolve().parent / "data" / "old_layout"
MIGRATIONS_TABLE = "django_migrations"
# The models that changed app, from their old (app label, model) to their new one.
MOVED = {
    ("actionplans", "formsubmission"): ("core", "formsubmission"),
    ("agencies", "signedinsession"): ("accounts", "signedinsession"),
    ("actionplans", "importbatch"): ("imports", "importbatch"),
    ("actionplans", "importmapping"): ("imports", "importmapping"),
}
# What the new apps read of the rows the old layout made (tests/data/old_layout/extras.py.txt).
READ_MOVED_ROWS = """
import json
from django.contrib.contenttypes.models import ContentType
from accounts.models import SignedInSession
from core.models import FormSubmission
from imports.models import ImportBatch, ImportMapping
moved = (FormSubmission, SignedInSession, ImportBatch, ImportMapping)
print(json.dumps({
    "form_submissions": list(FormSubmission.objects.values_list("result_url", flat=True)),
    "signed_in_sessions": SignedInSession.objects.count(),
    "batches": list(ImportBatch.objects.values_list("file_name", flat=True)),
    "mappings": list(ImportMapping.objects.values_list("name", flat=True)),
    "content_types": {model._meta.label_lower: ContentType.objects.get_for_model(model).pk for model in moved},
}))
"""


def manage(database_url: str, *arguments: str) -> str:
    """Run manage.py with today's code on `database_url`; its output."""
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "assure.settings.test"}
    finished = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def sqlite_contents(path: Path) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Rows in every table, and the ContentType id of every model."""
    with closing(sqlite3.connect(path)) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return _contents(cursor)


def postgresql_contents(database_url: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    with closing(_connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return _contents(cursor)


def _contents(cursor):
    """From a cursor that has just listed the tables."""
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app_label, model, id FROM django_content_type")
    content_types = {(app_label, model): pk for app_label, model, pk in cursor.fetchall()}
    return counts, content_types


def _connect(database_url: str):
    config = dj_database_url.parse(database_url)
    return psycopg2.connect(
        dbname=config["NAME"],
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )


def migrate_and_compare(database_url: str, contents) -> None:
    counts_before, content_types_before = contents()
    moved_tables = ["actionplans_formsubmission", "agencies_signedinsession", "actionplans_importbatch"]
    moved_tables.append("actionplans_importmapping")
    assert all(counts_before[table] for table in moved_tables), "the old layout's database has a row in each"

    output = manage(database_url, "migrate", "--noinput")
    applied = output.count("... OK")
    counts_after, content_types_after = contents()

    # Every table is still there with the same rows; only the migrations just applied are new, and
    # the content types and permissions Django adds for the models made since.
    added_models = len(content_types_after) - len(content_types_before)
    expected = {
        **counts_before,
        MIGRATIONS_TABLE: counts_before[MIGRATIONS_TABLE] + applied,
        "django_content_type": counts_before["django_content_type"] + added_models,
        "auth_permission": counts_before["auth_permission"] + 4 * added_models,  # add, change, delete, view
    }
    assert {table: counts_after.get(table) for table in counts_before} == expected
    # A moved model keeps its ContentType row (same id) under its new app; every other stays.
    kept = {MOVED.get(model, model): pk for model, pk in content_types_before.items()}
    assert {model: content_types_after.get(model) for model in kept} == kept

    read = json.loads(manage(database_url, "shell", "--verbosity", "0", "--command", READ_MOVED_ROWS))
    assert read["form_submissions"] == ["/plans/"]
    assert read["signed_in_sessions"] == counts_before["agencies_signedinsession"]
    assert read["batches"] == ["plan.xlsx"]
    assert read["mappings"] == ["Our layout"]
    assert read["content_types"] == {
        f"{new_app}.{model}": content_types_before[old] for old, (new_app, model) in MOVED.items()
    }


def test_a_sqlite_database_of_the_old_layout_migrates_forward_with_nothing_lost(tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("The SQLite half runs in the SQLite run.")
    path = tmp_path / "old-layout.sqlite3"
    with gzip.open(OLD_LAYOUT / "demo.sqlite3.gz") as packed, path.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    migrate_and_compare(f"sqlite:///{path}", lambda: sqlite_contents(path))


@pytest.fixture
def old_postgresql_database():
    """A database of its own on the suite's PostgreSQL server, restored from the old layout's dump
    and dropped afterwards."""
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("The PostgreSQL half runs in the PostgreSQL run (DATABASE_URL names PostgreSQL).")
    if shutil.which("psql") is None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but psql, needed to restore the old layout's dump, is not installed.")
        pytest.skip("psql is not installed, so the old layout's dump cannot be restored.")
    name = f"assure_old_layout_{uuid.uuid4().hex[:12]}"
    database_url = urlsplit(server_url)._replace(path=f"/{name}").geturl()
    server = _connect(urlsplit(server_url)._replace(path="/postgres").geturl())
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", database_url],
            input=gzip.decompress((OLD_LAYOUT / "demo-postgresql.sql.gz").read_bytes()),
            capture_output=True,
            check=True,
            timeout=300,
        )
        yield database_url
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def test_a_postgresql_database_of_the_old_layout_migrates_forward_with_nothing_lost(old_postgresql_database):
    migrate_and_compare(old_postgresql_database, lambda: postgresql_contents(old_postgresql_database))
