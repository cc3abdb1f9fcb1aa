"""ASSURE_ENVIRONMENT names the settings every entry point loads (manage.py, and so the task
worker and the scheduled commands; assure/wsgi.py, and so gunicorn); DJANGO_SETTINGS_MODULE set
explicitly wins; and settings that contradict the environment refuse to start, plainly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "assure.example.gov.uk",
    "SITE_URL": "https://assure.example.gov.uk",
    "DATABASE_URL": "postgres://assure@db.example.gov.uk:5432/assure",
}
PRINT_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


def run(command: list[str], **environment: str) -> subprocess.CompletedProcess:
    """Run `command` in a fresh interpreter with only PATH and the given variables set."""
    env = {"PATH": os.environ["PATH"], **environment}
    return subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def manage_settings(**environment: str) -> subprocess.CompletedProcess:
    return run(["manage.py", "shell", "--no-imports", "-c", PRINT_SETTINGS], **environment)


def wsgi_settings(**environment: str) -> subprocess.CompletedProcess:
    """Import the WSGI application as gunicorn does; the settings module is the last line printed."""
    return run(["-c", f"import assure.wsgi; {PRINT_SETTINGS}"], **environment)


@pytest.mark.parametrize(
    "environment, settings_module",
    [
        ({}, "assure.settings.demo"),
        ({"ASSURE_ENVIRONMENT": "demo"}, "assure.settings.demo"),
        ({"ASSURE_ENVIRONMENT": "test"}, "assure.settings.test"),
        ({"ASSURE_ENVIRONMENT": "production", **PRODUCTION}, "assure.settings.production"),
        ({"DJANGO_SETTINGS_MODULE": "assure.settings.test"}, "assure.settings.test"),
        ({"ASSURE_ENVIRONMENT": "test", "DJANGO_SETTINGS_MODULE": "assure.settings.test"}, "assure.settings.test"),
    ],
)
def test_manage_py_loads_the_settings_the_environment_names(environment, settings_module):
    started = manage_settings(**environment)

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == settings_module


def test_the_wsgi_entry_point_loads_the_settings_the_environment_names(tmp_path):
    started = wsgi_settings(ASSURE_ENVIRONMENT="demo", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")

    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines()[-1] == "assure.settings.demo"


def test_the_wsgi_entry_point_loads_production_settings_when_the_environment_names_none():
    # No database answers on port 1: the start's check of the logins has nothing to look in.
    started = wsgi_settings(**{**PRODUCTION, "DATABASE_URL": "postgres://assure@127.0.0.1:1/assure"})

    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines()[-1] == "assure.settings.production"


@pytest.mark.parametrize(
    "environment, complaint",
    [
        (
            {"ASSURE_ENVIRONMENT": "production", "DJANGO_SETTINGS_MODULE": "assure.settings.demo", **PRODUCTION},
            "ASSURE_ENVIRONMENT is 'production' but DJANGO_SETTINGS_MODULE names the demo settings",
        ),
        (
            {"ASSURE_ENVIRONMENT": "demo", "DJANGO_SETTINGS_MODULE": "assure.settings.production", **PRODUCTION},
            "ASSURE_ENVIRONMENT is 'demo' but DJANGO_SETTINGS_MODULE names the production settings",
        ),
        (
            {"SECRET_KEY": PRODUCTION["SECRET_KEY"], "DATABASE_URL": PRODUCTION["DATABASE_URL"]},
            "These are the demo settings, but SECRET_KEY is set and DATABASE_URL names PostgreSQL",
        ),
        ({"ASSURE_ENVIRONMENT": "staging"}, "ASSURE_ENVIRONMENT must be one of demo, test, production, not 'staging'"),
    ],
)
def test_manage_py_refuses_settings_that_contradict_the_environment_in_a_plain_sentence(environment, complaint):
    started = manage_settings(**environment)

    assert started.returncode != 0
    assert started.stderr.startswith(f"Assure refuses to start: {complaint}")
    assert "Traceback" not in started.stderr


def test_the_wsgi_entry_point_refuses_settings_that_contradict_the_environment():
    started = wsgi_settings(ASSURE_ENVIRONMENT="production", DJANGO_SETTINGS_MODULE="assure.settings.demo")

    assert started.returncode != 0
    assert "ASSURE_ENVIRONMENT is 'production' but DJANGO_SETTINGS_MODULE names the demo settings" in started.stderr


def test_the_demo_on_a_local_postgresql_still_starts_without_a_secret_key():
    started = manage_settings(DATABASE_URL=PRODUCTION["DATABASE_URL"])

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "assure.settings.demo"
