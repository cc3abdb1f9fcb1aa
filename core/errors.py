"""The pages for a request Django refuses and for an unexpected fault: one tells too many files
from other bad requests, the other the database being out of reach from a bug."""

import sys

import psycopg2
from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# A restarting or failing-over database is usually back within a minute or two.
RETRY_AFTER_SECONDS = 120

# The connection lost or refused, as Django wraps it and as psycopg2 raises it where Django does not.
LOST_CONNECTION = (OperationalError, InterfaceError, psycopg2.OperationalError, psycopg2.InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from or while handling, is the database out of
    reach: a lost connection often surfaces as a later error (a session that could not be saved,
    a cursor that could not be closed)."""
    chain, seen = [error], set()
    while chain:
        error = chain.pop()
        if error is None or id(error) in seen:
            continue
        if isinstance(error, LOST_CONNECTION):
            return True
        seen.add(id(error))
        chain += [error.__cause__, error.__context__]
    return False


def outage_response() -> HttpResponse:
    """503 and a page asking people to try again in a few minutes. Rendered without the
    request, so that it needs no database (as Django's own 500 page)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request):
    """Django's 500 page, except when the fault is the database out of reach: then the 503 page.
    Every exception from a view or a middleware that nothing else answers comes here."""
    if is_outage(sys.exc_info()[1]):
        return outage_response()
    return defaults.server_error(request)


@requires_csrf_token
def bad_request(request, exception):
    """Django's 400 page, except for a form sent with more files than one update takes, which
    Django stops reading at the first file too many (DATA_UPLOAD_MAX_NUMBER_FILES): a page saying so."""
    if isinstance(exception, TooManyFilesSent):
        page = loader.get_template("400_too_many_files.html").render(
            {"most_files": settings.EVIDENCE_FILES_PER_UPDATE}, request
        )
        return HttpResponse(page, status=400)
    return defaults.bad_request(request, exception)


def csrf_failure(request, reason=""):
    """A form refused because its security token is missing or old (the page was open a long
    time, or cookies are blocked): a page in the service's own style saying what to do, not
    Django's technical one."""
    return render(request, "403_csrf.html", status=403)
