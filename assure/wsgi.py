"""WSGI entry point; defaults to production settings, which refuse to start unconfigured."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.settings.production")
application = get_wsgi_application()
