"""Password reset by email: how many links one address may be sent, and sending them only once
the answer has gone, so that nothing in the answer shows whether the address has an account."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect

HOUR = 60 * 60


def reset_link_minutes() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 60


def reset_email_allowed(address: str) -> bool:
    """Count one request for a reset link to `address`; False once this hour's allowance is used.

    Every address is counted, known or not, so the limit itself reveals nothing. The count lives
    in Django's cache rather than in a table of sent emails: it needs no history, no migration and
    no clearing up, and it expires by itself. Every process shares the cache (Redis, or a table in
    the database: settings.CACHES), so the allowance holds however many processes serve.
    """
    key = "password-reset:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()
    cache.add(key, 0, timeout=HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # the hour ended between the two calls
        cache.set(key, 1, timeout=HOUR)
        count = 1
    return count <= settings.PASSWORD_RESET_EMAILS_PER_HOUR


class RedirectThenSend(HttpResponseRedirect):
    """A redirect that sends its emails when the server closes it, after the person has had it:
    how long the answer takes does not depend on whether there was anyone to email."""

    def __init__(self, url: str, *, emails: list):
        super().__init__(url)
        self.emails = emails

    def close(self):
        for send in self.emails:
            send()
        super().close()
