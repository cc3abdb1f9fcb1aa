"""How long a sign-in lasts, and ending every session of a person at once.

A session ends after `SESSION_IDLE_SECONDS` without a request (Django's own expiry, renewed on
every request) and, whatever the activity, `SESSION_ABSOLUTE_SECONDS` after signing in. Signing
out, being deactivated or changing one's password ends all of that person's sessions, on every
device: each sign-in is recorded as a `SignedInSession` so they can be found.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session

from .models import SignedInSession

SIGNED_IN_AT = "assure_signed_in_at"


def record_sign_in(sender, request, user, **kwargs):
    """On `user_logged_in`: note when, and which session, so both can be ended later."""
    request.session[SIGNED_IN_AT] = int(time.time())
    remember_session(request, user)


def remember_session(request, user) -> None:
    """Record the request's session as one `user` is signed in with."""
    request.session.save()  # a new key exists once saved
    SignedInSession.objects.get_or_create(user=user, session_key=request.session.session_key)


def end_sessions_on_sign_out(sender, request, user, **kwargs):
    """On `user_logged_out`: signing out on one device signs out everywhere."""
    if user is not None:
        end_every_session(user)


def end_every_session(user, *, keep: str | None = None) -> int:
    """Delete every session `user` is signed in with (except the session key `keep`)."""
    signed_in = SignedInSession.objects.filter(user=user)
    if keep:
        signed_in = signed_in.exclude(session_key=keep)
    keys = list(signed_in.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    signed_in.delete()
    return len(keys)


class AbsoluteSessionLimitMiddleware:
    """Signs a person out `SESSION_ABSOLUTE_SECONDS` after they signed in, however busy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                messages.info(request, f"You have been signed out because it is {hours} hours since you signed in.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


def end_sessions_on_deactivation(sender, instance, **kwargs):
    """On saving a user: a deactivated person is signed out everywhere at once."""
    if not instance.is_active:
        end_every_session(instance)
