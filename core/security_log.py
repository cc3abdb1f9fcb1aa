"""Security events: sign-ins, refusals, sign-off decisions and role changes, one line each on
the `assure.security` logger.

Every event goes through `security_event`, which writes `key=value` pairs: the event's name,
its outcome, who (the username, never a password), from which address (as django-axes sees it,
so a proxy's forwarded address only when BEHIND_PROXY says there is one), which path (without
its query string, and with the tokens of links such as password reset links blanked out), then
the event's own fields. The timestamp comes from the log formatter in settings.LOGGING.
"""

from __future__ import annotations

import json
import logging
import re

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY

logger = logging.getLogger("assure.security")

# URL parts that carry a secret: Django's password reset links are /reset/<uidb64>/<token>/.
SECRET_URL_PARTS = {"uidb64", "token"}
_RESET_TOKEN = re.compile(r"/[0-9a-z]{1,13}-[0-9a-f]{20,}(?=/|$)")
_PLAIN = re.compile(r"[\w.@:/+\-\[\]]+")


def security_event(name: str, request=None, *, outcome: str, user=None, warning: bool = False, **fields) -> None:
    """Log the security event `name` as one line.

    `name` says what happened, as `subject.verb`: "sign_in.refused", "sign_off.decided",
    "two_factor.enabled". `request` (optional) gives the signed-in user, the client's address and
    the path; `user` names someone else, or the person signing in before they are signed in (a
    user object or a username as typed). `outcome` is one word or two: "succeeded", "refused",
    "locked_out", "accepted". `warning=True` logs at WARNING rather than INFO, for refusals.
    `fields` add the event's own facts, such as `action=12` or `role="agency_lead"`.

    Never pass a secret: no password, one-time code, token, session key or CSRF value, nor a
    whole request body or credentials dict. Values are quoted and escaped when they need it, so
    a username typed with a line break cannot forge a second line.
    """
    username = _username_of(user) if user is not None else _username_of(getattr(request, "user", None))
    facts = {
        "event": name,
        "outcome": outcome,
        "user": username,
        "ip": get_client_ip_address(request) if request is not None else "",
        "path": path_without_secrets(request),
        **fields,
    }
    line = " ".join(f"{key}={_quoted(value)}" for key, value in facts.items())
    logger.log(logging.WARNING if warning else logging.INFO, line, extra={"security": facts})


def _username_of(user) -> str:
    if user is None or isinstance(user, str):
        return user or ""
    return user.get_username() if user.is_authenticated else ""


def path_without_secrets(request) -> str:
    """The request's path, never its query string, with the secret parts of links blanked out."""
    if request is None:
        return ""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for key, value in match.kwargs.items() if match else ():
        if key in SECRET_URL_PARTS:
            path = path.replace(f"/{value}/", "/[redacted]/")
    return _RESET_TOKEN.sub("/[redacted]", path)


def _quoted(value) -> str:
    text = "" if value is None else str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text)


# Receivers for Django's and django-axes' sign-in signals, connected in agencies.apps.


def on_sign_in_refused(sender, credentials, request=None, **kwargs):
    """`user_login_failed`: only the username is read from `credentials`, never the password."""
    locked_out = getattr(request, "axes_locked_out", False)
    security_event(
        "sign_in.refused",
        request,
        outcome="locked_out" if locked_out else "refused",
        user=str(credentials.get("username") or ""),
        warning=True,
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes' `user_locked_out`: too many refused sign-ins for this username or address."""
    security_event("sign_in.locked_out", request, outcome="locked_out", user=str(username or ""), warning=True)


def on_signed_in(sender, request, user, **kwargs):
    """A sign-in by an organisation's own sign-in says so, and that the identity provider gave
    the second factor; a password sign-in's second factor is logged when it is given."""
    backend = request.session.get(BACKEND_SESSION_KEY) if request is not None else None
    by_organisation = backend == settings.SINGLE_SIGN_ON_BACKEND
    fields = {"method": "sso", "two_factor": "identity_provider"} if by_organisation else {}
    security_event("sign_in.succeeded", request, outcome="succeeded", user=user, **fields)


def on_signed_out(sender, request, user, **kwargs):
    security_event("sign_out", request, outcome="succeeded", user=user or "")
