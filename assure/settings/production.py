"""Production: every secret and host comes from the environment; missing ones stop the start."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, BEHIND_PROXY, DATABASES, SECRET_KEY, STORAGES, TASK_BACKENDS, TASKS
from .env import env_bool, env_int, env_str, refuse_another_environment

refuse_another_environment("production")

_DEMO_KEY_PREFIX = "demo-only-"

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith(_DEMO_KEY_PREFIX):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this service answers to.")
# Links in e-mails are built from SITE_URL: the demo's default would send people to their own machine.
_site = urlsplit(env_str("SITE_URL", "") or "")
if _site.scheme not in ("http", "https") or _site.hostname not in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "SITE_URL must be set to the address people reach Assure at, such as https://assure.example.gov.uk, "
        "on one of the ALLOWED_HOSTS: e-mails link to it."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if TASKS["default"]["BACKEND"] != TASK_BACKENDS["database"]:
    raise ImproperlyConfigured("TASKS_BACKEND must be database in production: a web request renders no paper itself.")

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

# Each process keeps its connections for a minute (checked before reuse) rather than opening one
# per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# A request over plain HTTP is sent to HTTPS. Turn it off only where no one reaches Assure but
# over loopback (make prod-local), or where the proxy in front redirects itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
