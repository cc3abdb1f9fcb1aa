"""Signed-in pages hold official-sensitive data: no browser or proxy may keep a copy; a
signed-in person refused a page is a security event; and losing the database while saving the
session does not undo the answer a view gave."""

from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.utils.cache import add_never_cache_headers

from .errors import is_outage
from .security_log import security_event


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except when the database is lost while saving the session after the view has
    answered: the answer stands, since whatever the view saved is committed (Django would answer
    400 "session interrupted", telling someone whose update was stored that it failed). The
    session stays as it was last saved: its idle time is not renewed, and anything added to it in
    this request (a sign-in, a second factor) is asked for again. A session deleted by signing
    out elsewhere still gets Django's 400."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            if is_outage(interrupted):
                return response
            raise


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
        return response


class RefusedRequestLogMiddleware:
    """Logs a 403 or 404 answer to a signed-in person: someone reaching for another agency's
    records, or a link they should not have, shows up in the security log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.user.is_authenticated:
            outcome = "forbidden" if response.status_code == 403 else "not_found"
            security_event("request.refused", request, outcome=outcome, status=response.status_code, warning=True)
        return response
