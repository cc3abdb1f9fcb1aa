"""`manage.py release`, run once per deployment: migrates, creates the cache's table when the
cache is the database, runs the deployment checks and collects the static files."""

import io
import os
import threading

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)  # the release's own connection commits


def released(**options) -> str:
    """The command's output, run in a thread of its own as a release runs in a process of its own:
    not in the event loop a browser test of the same worker may have left running, and without
    the browser tests' switch for that loop, which the deployment checks rightly refuse."""
    output, failures = io.StringIO(), []
    switch = os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def release():
        try:
            call_command("release", stdout=output, **options)
        except BaseException as failure:  # noqa: BLE001 - raised again in the test's own thread
            failures.append(failure)
        finally:
            connections.close_all()

    thread = threading.Thread(target=release)
    thread.start()
    thread.join()
    if switch is not None:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = switch
    if failures:
        raise failures[0]
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
