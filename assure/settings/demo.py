"""Local demo: works with no configuration at all (SQLite, debug on, a fixed non-secret key)."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# Not secret: the demo serves only 127.0.0.1. Production refuses to start with this key.
SECRET_KEY = env_str("SECRET_KEY", "demo-only-not-secret-5l1x0p7c2m8q4w9r3t6y1u0i2o8p7a")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Published, like the demo password: `load_demo` gives the demo logins that must use two-factor
# an authenticator with this key, and `manage.py demo_code <username>` prints its code.
# Production has no such key.
DEMO_AUTHENTICATOR_KEY = "6173737572652d64656d6f2d323032362d6b6579"
# A local OpenID Connect provider may serve plain HTTP; production's must use HTTPS.
SINGLE_SIGN_ON_HTTPS_ONLY = False
