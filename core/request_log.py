"""Every request as one JSON line on the `assure.requests` logger (formatted by core/json_log.py),
with a request id that the response's X-Request-ID header and the security log's lines share.

The id comes from the proxy's X-Request-ID when it looks like an id (letters, digits, `.`, `_`,
`-`, 8 to 64 of them), so that one request can be followed from the proxy's log to ours; any
other value is replaced by a new one, so that a client cannot write into the log.
"""

import logging
import re
import time
import uuid

from django.utils.functional import empty

from .json_log import current_request_id
from .security_log import path_without_secrets

logger = logging.getLogger("assure.requests")
REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER, ""))
        reset = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            line = {"request_id": request_id, **request_line(request, response, started)}
            logger.info("request", extra={"request_line": line})
            return response
        finally:
            current_request_id.reset(reset)


def request_id_for(given: str) -> str:
    return given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex


def request_line(request, response, started: float) -> dict:
    """What the request log says of a request: never its query string, body or cookies."""
    user = _evaluated(getattr(request, "user", None))
    membership = _evaluated(getattr(request, "membership", None))
    return {
        "method": request.method,
        "path": path_without_secrets(request),
        "status": response.status_code,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "partnership_id": membership.partnership_id if membership is not None else None,
    }


def _evaluated(lazy):
    """What a lazy request attribute holds if the request has looked at it, otherwise None: the
    log adds no query of its own."""
    wrapped = getattr(lazy, "_wrapped", lazy)
    return None if wrapped is empty else wrapped
