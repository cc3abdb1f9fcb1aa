"""Signed-in pages hold official-sensitive data: no browser or proxy may keep a copy; and a
signed-in person refused a page is a security event."""

from django.utils.cache import add_never_cache_headers

from .security_log import security_event


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
