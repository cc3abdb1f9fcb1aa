"""WSGI entry point. ASSURE_ENVIRONMENT names the settings; without it, production's, which refuse
to start unconfigured."""

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

from assure.settings.env import choose_settings

choose_settings(default="production")
application = get_wsgi_application()
# A WSGI server runs no system checks of its own; this one stops the start while any login has
# the demo's published password or authenticator (demo/checks.py).
call_command("check", "--tag", "demo_logins", "--database", "default")
