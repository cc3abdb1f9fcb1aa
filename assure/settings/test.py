"""Tests: the database comes from DATABASE_URL (SQLite by default); fast password hashing."""

from .base import *  # noqa: F403
from .env import env_choice, env_str, refuse_another_environment

refuse_another_environment("test")

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A task worker started by a test (tests/core/test_task_worker.py) writes its emails to files there.
if env_str("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Each test starts with an empty cache (tests/conftest.py); processes started by a test share Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# STATIC_ROOT is filled only by `collectstatic`; the tests' live server serves static files itself.
WHITENOISE_AUTOREFRESH = True
# `load_demo` and `demo_code` run only where this is true: the demo and the tests.
DEMO_DATA_ALLOWED = True
# The tests' OpenID Connect provider (tests/sso/provider.mjs) serves plain HTTP on 127.0.0.1.
SINGLE_SIGN_ON_HTTPS_ONLY = False
# On PostgreSQL the audit history refuses TRUNCATE, which is how Django empties the test database
# between transactional tests; the tests' backend steps around that trigger for the emptying only.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
# Tasks run at once, so a test sees their outcome; the worker's own tests start `task_worker` with
# TASKS_BACKEND=database (tests/core/test_task_worker.py).
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_choice("TASKS_BACKEND", TASK_BACKENDS, "immediate")]}}  # noqa: F405
