"""The production settings pass Django's deployment checklist with no warning at all."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.security("deployment settings")

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_LIKE = {
    "DJANGO_SETTINGS_MODULE": "assure.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "assure.example.gov.uk",
    "SITE_URL": "https://assure.example.gov.uk",
    "DATABASE_URL": "postgres://assure@db.example.gov.uk:5432/assure",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    # Only what a production start would have: not the test run's own switches (the browser
    # tests allow synchronous ORM calls, which the deployment check rightly refuses).
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION_LIKE, **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_the_demo_key_or_debug():
    demo_key = manage("check", SECRET_KEY="demo-only-" + "x" * 60)
    debug = manage("check", DEBUG="true")

    assert demo_key.returncode != 0 and "SECRET_KEY must be set" in demo_key.stderr
    assert debug.returncode != 0 and "DEBUG must be off in production" in debug.stderr
