"""Tests: the database comes from DATABASE_URL (SQLite by default); fast password hashing."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Published, like the demo password: `load_demo` gives the demo logins that must use two-factor
# an authenticator with this key, and `manage.py demo_code <username>` prints its code.
# Production has no such key.
DEMO_AUTHENTICATOR_KEY = "6173737572652d64656d6f2d323032362d6b6579"
# On PostgreSQL the audit history refuses TRUNCATE, which is how Django empties the test database
# between transactional tests; the tests' backend steps around that trigger for the emptying only.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
