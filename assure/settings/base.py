"""Settings shared by every environment; values that differ come from environment variables."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_choice, env_int, env_list, env_str
from .files import DEFAULT_FILE_STORAGE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "auditlog",
    "crispy_forms",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms_gds",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "core",
    "agencies",
    "accounts",
    "actionplans",
    "imports",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    # Health checks answer before anything reads the host or the session (core/health.py).
    "core.health.HealthCheckMiddleware",
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.AbsoluteSessionLimitMiddleware",
    "core.middleware.NoStoreWhenSignedInMiddleware",
    "core.middleware.RefusedRequestLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "agencies.current.CurrentMembershipMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "assure.urls"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
WSGI_APPLICATION = "assure.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.membership",
                "accounts.context_processors.sign_in",
                "core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "demo.logins.NotTheDemoPassword"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files are served by the application itself (WhiteNoise), from STATIC_ROOT as
# `collectstatic` fills it; production's storage names each file by its content's hash.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": DEFAULT_FILE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache holds what every process must count together: refused sign-ins (accounts/throttling.py),
# reset emails sent (accounts/password_reset.py), and the sign-in providers' settings. Redis when
# REDIS_URL names one; otherwise a table in the database (`manage.py release` creates it), shared
# too but slower. Sessions are in the database: any process can serve any request.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "assure"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "assure_cache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# /readyz (core/health.py) answers "ok" when each of these answers: functions taking nothing and
# raising when what they check cannot be reached.
READINESS_CHECKS = [
    "core.health.database_reachable",
    "core.health.cache_reachable",
    "core.health.storage_reachable",
]

# Sign-in throttling (accounts/throttling.py, docs/decisions/0016-sign-in-throttling.md): after 10
# refused sign-ins for one username from one address within 15 minutes, that pair waits out the 15
# minutes (django-axes); after 5 from one address, whatever the usernames, its attempts are spaced
# 1, 2, 4 ... up to 60 seconds apart; after 100 for one username, whatever the addresses, the same,
# except from addresses it has signed in from. A password with an authenticator code is never held
# back. A correct sign-in clears the pair's count. A proxy's forwarded address is believed only
# when BEHIND_PROXY says there is one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.single_sign_on.SingleSignOnBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.sign_in_views.pair_paused"
AXES_USERNAME_CALLABLE = "accounts.throttling.throttled_username"
SIGN_IN_ADDRESS_FREE_FAILURES = env_int("SIGN_IN_ADDRESS_FREE_FAILURES", 5)
SIGN_IN_USERNAME_FREE_FAILURES = env_int("SIGN_IN_USERNAME_FREE_FAILURES", 100)
SIGN_IN_MAX_WAIT_SECONDS = env_int("SIGN_IN_MAX_WAIT_SECONDS", 60)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # PROXY_COUNT counts the proxies in front; ipware counts those listed in X-Forwarded-For,
    # where the nearest is not (it is REMOTE_ADDR). One proxy that sets X-Forwarded-For to the
    # client's address (deploy/nginx.conf) lists none.
    AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 1) - 1

# Two-factor authentication (django-otp): a code from an authenticator app (TOTP) after the
# password, or one of ten single-use recovery codes. Business managers and operators always need
# it; a partnership can ask it of everyone. Each wrong code doubles the wait before the next try
# (1, 2, 4, 8, 16 seconds ...), for the authenticator and the recovery codes alike.
TWO_FACTOR_REQUIRED_FOR_MANAGERS = True
OTP_TOTP_ISSUER = "Assure"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Demo data (`manage.py load_demo`, `manage.py demo_code`): its logins share a published password
# and authenticator key, so only the demo and test settings allow it. Production also refuses to
# start while any login has them (demo/checks.py).
DEMO_DATA_ALLOWED = False

# Single sign-on (OpenID Connect), set up per partnership by operators (agencies.SingleSignOn):
# the session of someone signed in by their organisation's sign-in records this backend. A
# provider's settings and keys are fetched with this timeout and kept for this long.
SINGLE_SIGN_ON_BACKEND = "accounts.single_sign_on.SingleSignOnBackend"
SINGLE_SIGN_ON_TIMEOUT_SECONDS = env_int("SSO_TIMEOUT_SECONDS", 5)
SINGLE_SIGN_ON_CACHE_SECONDS = env_int("SSO_CACHE_SECONDS", 3600)
SINGLE_SIGN_ON_HTTPS_ONLY = True

# Sessions: 30 minutes without a request ends one, and 12 hours after signing in at the most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Browser protections on every response. No inline script anywhere: scripts come from our own
# static files only. Evidence downloads set their own, stricter policy (a sandbox).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

# Evidence files: the largest upload accepted, in bytes; the most files and bytes one update may
# carry; the most bytes one agency may upload in a day, and a partnership may store. Django stops
# reading a request at the first file more than one update takes.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_FILES_PER_UPDATE = env_int("EVIDENCE_FILES_PER_UPDATE", 10)
EVIDENCE_BYTES_PER_UPDATE = env_int("EVIDENCE_BYTES_PER_UPDATE", 50 * 1024 * 1024)
EVIDENCE_BYTES_PER_AGENCY_PER_DAY = env_int("EVIDENCE_BYTES_PER_AGENCY_PER_DAY", 200 * 1024 * 1024)
EVIDENCE_BYTES_PER_PARTNERSHIP = env_int("EVIDENCE_BYTES_PER_PARTNERSHIP", 5 * 1024 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = EVIDENCE_FILES_PER_UPDATE
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email: the address it comes from, and the address of the site for links in it. Production
# sends by SMTP (EMAIL_HOST and friends); the demo prints emails to the console.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Assure <assure@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# Password reset by email: the link works once and only for this long; at most this many reset
# emails go to one address in an hour, so the form cannot be used to flood someone's inbox.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60
PASSWORD_RESET_EMAILS_PER_HOUR = env_int("PASSWORD_RESET_EMAILS_PER_HOUR", 3)

# Invitations to join a partnership: the emailed link works once, for this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)

# Update rounds: the reminder before a round's deadline goes this many days ahead; an email that
# fails to send is tried again on each run of send_reminders, up to this many times.
REMINDER_DAYS_BEFORE_DEADLINE = env_int("REMINDER_DAYS_BEFORE_DEADLINE", 3)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 10)

# Background work (docs/decisions/0022-background-tasks.md): board papers, spreadsheets, emails,
# large imports and large versions run as tasks of Django's task framework (the django-tasks
# backport). TASKS_BACKEND "database" keeps them in the database for `manage.py task_worker`;
# "immediate" runs each at once in the process that asks (the demo's and the tests' default). A
# task claimed by a worker that has not finished it after TASK_CLAIM_TIMEOUT_SECONDS is taken to
# have lost its worker and is run again; every task is safe to run twice.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_choice("TASKS_BACKEND", TASK_BACKENDS, "database")]}}
TASK_CLAIM_TIMEOUT_SECONDS = env_int("TASK_CLAIM_TIMEOUT_SECONDS", 15 * 60)

# Importing a plan: the largest file, and the most rows (all tables together), accepted.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
# A file of more rows than this is imported by the task worker, with a page showing its progress.
IMPORT_TASK_ROWS = env_int("IMPORT_TASK_ROWS", 300)
# A version of a plan with more actions than this is frozen by the task worker.
VERSION_TASK_ACTIONS = env_int("VERSION_TASK_ACTIONS", 300)

# Audit history: every change to plan data records who, when, before and after.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

# Security events (core/security_log.py) go to the console on their own logger, one line each:
# "2026-03-27 10:15:02,114 WARNING security event=sign_in.refused outcome=refused user=jo ip=...".
# Every request is one JSON line on `assure.requests` (core/request_log.py), with its request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "security": {"format": "%(asctime)s %(levelname)s security request_id=%(request_id)s %(message)s"},
        "json": {"()": "core.json_log.JsonFormatter"},
    },
    "filters": {"request_id": {"()": "core.json_log.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security", "filters": ["request_id"]},
        "requests": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "assure.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "assure.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO; only its warnings are worth keeping.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
