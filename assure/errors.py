"""The page for an unexpected fault, which tells the database being out of reach from a bug."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# A restarting or failing-over database is usually back within a minute or two.
RETRY_AFTER_SECONDS = 120


@requires_csrf_token
def server_error(request):
    """Django's 500 page, except when the fault is the database connection: then 503 and a
    page asking people to try again in a few minutes. Rendered without the request, so that
    it needs no database (as Django's own 500 page)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
