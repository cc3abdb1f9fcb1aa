"""Local demo: works with no configuration at all (SQLite, debug on, a fixed non-secret key)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_choice, env_list, env_str, refuse_another_environment

refuse_another_environment("demo")
if os.environ.get("SECRET_KEY") and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "These are the demo settings, but SECRET_KEY is set and DATABASE_URL names PostgreSQL, as in "
        "production. Set ASSURE_ENVIRONMENT=production for production; for a demo on PostgreSQL, unset SECRET_KEY."
    )

DEBUG = env_bool("DEBUG", True)
# Not secret: the demo serves only 127.0.0.1. Production refuses to start with this key.
SECRET_KEY = env_str("SECRET_KEY", "demo-only-not-secret-5l1x0p7c2m8q4w9r3t6y1u0i2o8p7a")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `load_demo` and `demo_code` run only where this is true: the demo and the tests.
DEMO_DATA_ALLOWED = True
# A local OpenID Connect provider may serve plain HTTP; production's must use HTTPS.
SINGLE_SIGN_ON_HTTPS_ONLY = False
# Tasks run at once in the request that asks, so `make run` needs no worker beside the server
# (TASKS_BACKEND=database and `manage.py task_worker` run them as production does).
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_choice("TASKS_BACKEND", TASK_BACKENDS, "immediate")]}}  # noqa: F405
