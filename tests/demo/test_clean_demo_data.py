import io

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from demo import DemoRefused
from demo.cleaning import demo_data_remove

POSTGRESQL = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "assure",
    "HOST": "127.0.0.1",
    "PORT": 5432,
    "USER": "postgres",
}


@pytest.fixture
def demo_files(tmp_path):
    database = tmp_path / "demo.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "demo.sqlite3-journal").write_bytes(b"journal")
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "minutes.pdf").write_bytes(b"%PDF-1.7")
    (media / "a1b2c3.docx").write_bytes(b"PK")
    return database, media


def sqlite(path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def test_removes_the_sqlite_file_database_url_names_and_every_upload(demo_files):
    database, media = demo_files

    removed = demo_data_remove(database=sqlite(database), media_root=media)

    assert not database.exists() and not database.with_name("demo.sqlite3-journal").exists()
    assert media.is_dir() and list(media.iterdir()) == []
    assert len(removed) == 4


def test_an_in_memory_database_leaves_only_the_uploads_to_remove(demo_files):
    _, media = demo_files

    removed = demo_data_remove(database=sqlite(":memory:"), media_root=media)

    assert sorted(path.name for path in removed) == ["a1b2c3.docx", "evidence"]


def test_refuses_to_drop_a_postgresql_database_and_says_what_to_run(demo_files):
    _, media = demo_files

    with pytest.raises(DemoRefused) as refusal:
        demo_data_remove(database=POSTGRESQL, media_root=media)

    assert "nothing has been removed" in str(refusal.value)
    assert "dropdb --host 127.0.0.1 --port 5432 --username postgres assure && createdb" in str(refusal.value)
    assert (media / "evidence" / "minutes.pdf").exists()


def test_refuses_a_media_root_that_holds_assure_itself(demo_files):
    database, _ = demo_files

    with pytest.raises(DemoRefused, match="holds Assure itself"):
        demo_data_remove(database=sqlite(database), media_root=django_settings.BASE_DIR)

    assert database.exists()


def test_refuses_outside_the_demo_and_tests(settings, demo_files):
    database, media = demo_files
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(DemoRefused, match="only for the demo and the tests"):
        demo_data_remove(database=sqlite(database), media_root=media)

    assert database.exists() and (media / "a1b2c3.docx").exists()


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_command_removes_what_the_settings_name_and_lists_it(settings, demo_files):
    database, media = demo_files
    settings.DATABASES = {"default": sqlite(database)}
    settings.MEDIA_ROOT = media
    output = io.StringIO()

    call_command("clean_demo_data", stdout=output)

    assert f"Removed {database}" in output.getvalue().splitlines()
    assert not database.exists() and list(media.iterdir()) == []


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_command_refuses_postgresql_with_the_commands_to_run(settings, demo_files):
    _, media = demo_files
    settings.DATABASES = {"default": POSTGRESQL}
    settings.MEDIA_ROOT = media

    with pytest.raises(CommandError, match="will not drop"):
        call_command("clean_demo_data")

    assert (media / "a1b2c3.docx").exists()
