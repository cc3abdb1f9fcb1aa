"""Sign-in throttling: how often a password may be tried for a username, from an address, and
for a username at one address (docs/decisions/0016-sign-in-throttling.md gives the reasons).

- A username at one address (django-axes, `AXES_LOCKOUT_PARAMETERS`): after
  `SIGN_IN_FAILURE_LIMIT` refused sign-ins, that pair is paused for `SIGN_IN_COOLOFF_MINUTES`.
- An address, whatever the usernames: after `SIGN_IN_ADDRESS_FREE_FAILURES` refused sign-ins,
  its attempts are spaced 1, 2, 4 ... seconds apart, up to `SIGN_IN_MAX_WAIT_SECONDS`.
- A username, whatever the addresses: the same after `SIGN_IN_USERNAME_FREE_FAILURES`, except
  from an address the person has signed in from in the last `FAMILIAR_DAYS` days.

An address's and a username's refusals are counted in Django's cache and forgotten
`SIGN_IN_COOLOFF_MINUTES` after the last one. None of these rules holds back signing in with the
password and an authenticator code together (`accounts.two_factor.password_and_code_check`).
"""

import hashlib
import math
import time
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

RECORDED_LENGTH = AccessAttempt._meta.get_field("username").max_length
FAMILIAR_DAYS = 30


def throttled_username(request, credentials) -> str | None:
    """The username typed, cut to fit the attempts table: a longer one names nobody (usernames
    have at most 150 characters), and storing it whole would fail on PostgreSQL.
    (django-axes' AXES_USERNAME_CALLABLE, and the name every count here is kept under.)"""
    typed = (credentials or request.POST).get("username")
    return typed[:RECORDED_LENGTH] if typed else typed


def sign_in_wait(request, username: str) -> int:
    """The seconds this attempt to sign in as `username` must wait before its password is
    checked, or 0 when it may be checked now. An attempt that may go ahead takes the next turn,
    so that attempts sent at the same moment cannot all go ahead."""
    address = get_client_ip_address(request)
    wait = _turn("address", address, settings.SIGN_IN_ADDRESS_FREE_FAILURES)
    if wait or _signed_in_from_before(username, address):
        return wait
    return _turn("username", username, settings.SIGN_IN_USERNAME_FREE_FAILURES)


def sign_in_refused(request, username: str) -> None:
    """Count a refused sign-in against the address it came from and the username typed."""
    _count("address", get_client_ip_address(request))
    _count("username", username)


def refused_sign_ins_clear(username: str) -> None:
    """Forget the refused sign-ins for `username`, at every address (after a password reset).
    The addresses' counts stay: they are about the addresses, not the person."""
    axes_reset(username=username)
    _cache().delete(_key("username", username))


def wait_in_words(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def _cache():
    return caches["default"]


def _key(scope: str, value: str) -> str:
    return f"sign-in:{scope}:" + hashlib.sha256(value.encode()).hexdigest()


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _count(scope: str, value: str) -> None:
    cache, key = _cache(), _key(scope, value)
    cache.add(key, 0, timeout=_window())
    try:
        cache.incr(key)
    except ValueError:  # the count expired between the two calls
        cache.set(key, 1, timeout=_window())
    cache.touch(key, _window())  # forgotten a cool-off after the last refusal, not the first


def _turn(scope: str, value: str, free: int) -> int:
    """0 if this attempt may go ahead (and takes the turn), else the seconds until the next turn.
    `cache.add` is atomic in every cache backend: only one attempt gets each turn."""
    beyond = _cache().get(_key(scope, value), 0) - free
    if beyond < 0:
        return 0
    spacing = min(settings.SIGN_IN_MAX_WAIT_SECONDS, 2 ** min(beyond, 30))
    now = time.time()
    turn = _key(scope, value) + ":turn"
    if _cache().add(turn, now + spacing, timeout=spacing):
        return 0
    next_turn = _cache().get(turn)
    return max(1, math.ceil(next_turn - now)) if next_turn else 1


def _signed_in_from_before(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(days=FAMILIAR_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()
