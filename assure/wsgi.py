"""WSGI entry point; defaults to production settings, which refuse to start unconfigured."""

import os

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.settings.production")
application = get_wsgi_application()
# A WSGI server runs no system checks of its own; this one stops the start while any login has
# the demo's published password or authenticator (demo/checks.py).
call_command("check", "--tag", "demo_logins", "--database", "default")
