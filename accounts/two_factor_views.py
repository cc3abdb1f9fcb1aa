"""The pages of two-factor authentication: the code after the password (or a recovery code),
setting up an authenticator app, and a person's own two-factor settings."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from core.security_log import security_event

from .single_sign_on import signed_in_by_organisation
from .two_factor import (
    authenticator_confirm,
    authenticator_of,
    authenticator_start,
    has_two_factor,
    needs_two_factor,
    qr_code_data_uri,
    recovery_codes_left,
    recovery_codes_renew,
    secret_in_groups,
    session_verify,
)
from .two_factor_forms import AuthenticatorCodeForm, CurrentCodeForm, RecoveryCodeForm, SignInWithCodeForm

# Set when the person has given a current code to replace their authenticator; it lasts long
# enough to scan the new QR code, not all day.
REPLACING = "assure_replacing_authenticator_at"
REPLACING_SECONDS = 10 * 60


def safe_next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _code_accepted(request, form, event: str) -> bool:
    """Whether the posted code is right, logging each refused code as a security event."""
    if request.method != "POST":
        return False
    if form.is_valid():
        return True
    security_event(event, request, outcome="refused", warning=True)
    return False


def _page(request, template, form, **context):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, "next": safe_next_url(request), **context}, status=status)


def _replacing(request) -> bool:
    started = request.session.get(REPLACING)
    return started is not None and time.time() - started < REPLACING_SECONDS


def sign_in_with_code(request):
    """Signing in with the password and an authenticator code on one page, for when signing in
    is held back (accounts/throttling.py): someone with their phone need not wait."""
    form = SignInWithCodeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user, device = form.signed_in
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        session_verify(request, device)
        security_event("two_factor.verified", request, outcome="succeeded", method="authenticator")
        return redirect(safe_next_url(request))
    if form.non_field_errors():
        username = request.POST.get("username", "")
        security_event("sign_in.refused", request, outcome="refused", user=username, method="with_code", warning=True)
    return _page(request, "registration/sign_in_with_code.html", form)


@login_required
def two_factor_verify(request):
    """After the password: a code from the person's authenticator app."""
    if request.user.is_verified():
        return redirect(safe_next_url(request))
    device = authenticator_of(request.user)
    if device is None:
        return redirect_to_login(safe_next_url(request), "two_factor_setup")
    form = AuthenticatorCodeForm(request.POST or None, device=device)
    if _code_accepted(request, form, "two_factor.code_refused"):
        session_verify(request, device)
        security_event("two_factor.verified", request, outcome="succeeded", method="authenticator")
        return redirect(safe_next_url(request))
    return _page(request, "registration/two_factor_verify.html", form)


@login_required
def two_factor_recovery(request):
    """After the password, for someone without their phone: one of their recovery codes."""
    if request.user.is_verified():
        return redirect(safe_next_url(request))
    form = RecoveryCodeForm(request.POST or None, user=request.user)
    if _code_accepted(request, form, "two_factor.recovery_code_refused"):
        session_verify(request, form.device)
        security_event("two_factor.verified", request, outcome="succeeded", method="recovery_code")
        left = recovery_codes_left(request.user)
        messages.warning(
            request,
            f"You signed in with a recovery code. You have {left} left. If you have lost your phone, "
            "replace your authenticator app now; if you are running out of codes, get new ones.",
        )
        return redirect("two_factor_account")
    return _page(request, "registration/two_factor_recovery.html", form)


@login_required
def two_factor_setup(request):
    """Add Assure to an authenticator app and confirm it with a code; the first time, the
    recovery codes follow. Someone who already has an app must first give a current code."""
    user = request.user
    if has_two_factor(user) and not (user.is_verified() and _replacing(request)):
        return redirect("two_factor_account" if user.is_verified() else "two_factor_verify")
    device = authenticator_start(user)
    form = AuthenticatorCodeForm(request.POST or None, device=device, submit="Finish setting up")
    if _code_accepted(request, form, "two_factor.setup_code_refused"):
        replaced = has_two_factor(user)
        codes = authenticator_confirm(request=request, device=device)
        security_event("two_factor.set_up", request, outcome="succeeded", replaced=replaced)
        request.session.pop(REPLACING, None)
        if codes is None:
            messages.success(request, "Your new authenticator app is set up. Your recovery codes have not changed.")
            return redirect("two_factor_account")
        context = {"codes": codes, "next": safe_next_url(request)}
        return render(request, "registration/two_factor_recovery_codes.html", context)
    return _page(
        request,
        "registration/two_factor_setup.html",
        form,
        replacing=has_two_factor(user),
        required=needs_two_factor(user),
        qr_code=qr_code_data_uri(device),
        secret=secret_in_groups(device),
    )


@login_required
@require_safe
def two_factor_account(request):
    """A person's own two-factor settings: whether it is on, and their recovery codes; for a
    session signed in by their organisation's sign-in, that it is the second factor."""
    user = request.user
    context = {
        "by_organisation": signed_in_by_organisation(request),
        "has_two_factor": has_two_factor(user),
        "required": needs_two_factor(user),
        "codes_left": recovery_codes_left(user),
    }
    return render(request, "registration/two_factor_account.html", context)


@login_required
def two_factor_replace(request):
    """Before a new authenticator app replaces the current one: a current code."""
    if not has_two_factor(request.user):
        return redirect("two_factor_setup")
    form = CurrentCodeForm(request.POST or None, user=request.user)
    if _code_accepted(request, form, "two_factor.replace_code_refused"):
        request.session[REPLACING] = int(time.time())
        return redirect("two_factor_setup")
    return _page(request, "registration/two_factor_replace.html", form)


@login_required
@require_POST
def two_factor_recovery_codes(request):
    """Ten new recovery codes, shown once; the old ones stop working."""
    if not has_two_factor(request.user):
        return redirect("two_factor_setup")
    codes = recovery_codes_renew(request.user)
    security_event("two_factor.recovery_codes_renewed", request, outcome="succeeded")
    return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes, "renewed": True})
