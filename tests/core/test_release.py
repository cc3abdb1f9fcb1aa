"""`manage.py release`, run once per deployment: migrates, creates the cache's table when the
cache is the database, runs the deployment checks and collects the static files."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def deployment_environment(monkeypatch):
    """Without the browser tests' switch, which the deployment checks rightly refuse."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def released(**options) -> str:
    output = io.StringIO()
    call_command("release", stdout=output, **options)
    return output.getvalue()


def test_release_creates_the_database_cache_table_and_collects_the_static_files(settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "release_cache"}
    }
    settings.STATIC_ROOT = tmp_path

    output = released()

    assert "release_cache" in connection.introspection.table_names()
    caches["default"].set("counted", 1)
    assert caches["default"].get("counted") == 1
    assert (tmp_path / "dist" / "assure.css").is_file()
    assert "Released" in output


def test_release_leaves_the_static_files_when_the_image_has_them(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path

    released(skip_collectstatic=True)

    assert not any(tmp_path.iterdir())
