"""Health checks for the load balancer and the process manager: /healthz says the process
answers (it asks nothing else), /readyz that everything in settings.READINESS_CHECKS can be
reached (the database, the cache, the file storage ...).

They answer before any other middleware, so that a probe by address is not refused for its host,
sent to HTTPS, given a session or logged as a request; they need no sign-in and say nothing but
"ok" (200) or "unavailable" (503). Which check failed goes to the log, not to the prober.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
ALIVE_PATH = "/healthz"
READY_PATH = "/readyz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.checks = [import_string(path) for path in settings.READINESS_CHECKS]

    def __call__(self, request):
        if request.path_info == ALIVE_PATH:
            return _answer(ready=True)
        if request.path_info == READY_PATH:
            return _answer(ready=self.ready())
        return self.get_response(request)

    def ready(self) -> bool:
        for check in self.checks:
            try:
                check()
            except Exception:
                logger.warning("Not ready: %s failed", check.__name__, exc_info=True)
                return False
        return True


def _answer(*, ready: bool) -> HttpResponse:
    response = HttpResponse(
        "ok" if ready else "unavailable", content_type="text/plain; charset=utf-8", status=200 if ready else 503
    )
    add_never_cache_headers(response)
    return response


def database_reachable() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_reachable() -> None:
    caches["default"].get("readyz")


def storage_reachable() -> None:
    """Asks after a file that is not there: it reaches the storage without reading or listing
    what it holds."""
    storages["default"].exists("readyz")
