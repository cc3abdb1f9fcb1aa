"""Production: every secret and host comes from the environment; missing ones stop the start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, BEHIND_PROXY, DATABASES, SECRET_KEY, TASK_BACKENDS, TASKS
from .env import env_bool

_DEMO_KEY_PREFIX = "demo-only-"

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith(_DEMO_KEY_PREFIX):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this service answers to.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if TASKS["default"]["BACKEND"] != TASK_BACKENDS["database"]:
    raise ImproperlyConfigured("TASKS_BACKEND must be database in production: a web request renders no paper itself.")

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
