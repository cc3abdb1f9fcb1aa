"""Settings come from the environment: production refuses to start half-configured, and the demo
needs no configuration at all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GOOD_KEY = "k" * 30 + "-production-secret-that-is-long-enough"
PRODUCTION = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "assure.example.gov.uk",
    "SITE_URL": "https://assure.example.gov.uk",
    "DATABASE_URL": "postgres://assure@db.internal:5432/assure",
}


def start(settings: str, **environment) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with only the given variables set."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": f"assure.settings.{settings}",
        **environment,
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_demo_starts_with_no_configuration():
    started = start("demo")

    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_production_starts_when_configured():
    started = start("production", **PRODUCTION)

    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["False", "django.db.backends.postgresql"]


@pytest.mark.parametrize(
    "environment, complaint",
    [
        ({**PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY must be set"),
        (
            {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"},
            "SECRET_KEY must be set",
        ),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        (
            {
                **PRODUCTION,
                "SECRET_KEY": "demo-only-not-secret-5l1x0p7c2m8q4w9r3t6y1u0i2o8p7a-padding",
            },
            "SECRET_KEY must be set",
        ),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        (
            {**PRODUCTION, "DATABASE_URL": "sqlite:///tmp/x.sqlite3"},
            "DATABASE_URL must point at PostgreSQL",
        ),
        ({**PRODUCTION, "SITE_URL": ""}, "SITE_URL must be set"),
        ({**PRODUCTION, "SITE_URL": "https://elsewhere.example.com"}, "SITE_URL must be set"),
        ({**PRODUCTION, "DEBUG": "true"}, "DEBUG must be off"),
        ({**PRODUCTION, "DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'"),
        ({**PRODUCTION, "TASKS_BACKEND": "immediate"}, "TASKS_BACKEND must be database in production"),
        ({**PRODUCTION, "TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be one of database, immediate, not 'celery'"),
    ],
)
def test_production_refuses_to_start_half_configured(environment, complaint):
    started = start("production", **environment)

    assert started.returncode != 0
    assert complaint in started.stderr


def test_the_wsgi_entry_point_serves_production_settings_and_refuses_to_start_unconfigured():
    env = {"PATH": os.environ["PATH"]}
    started = subprocess.run(
        [sys.executable, "-c", "import assure.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr
