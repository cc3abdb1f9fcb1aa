"""Two-factor authentication: who must use it, and a person's authenticator app and recovery codes.

After the password, anyone with an authenticator app set up gives a 6-digit code from it (or one
of their recovery codes, each of which works once). Anyone who must use two-factor and has not
set it up is asked to before anything else. The devices are django-otp's: a `TOTPDevice` for the
app and a `StaticDevice` holding the recovery codes.
"""

from __future__ import annotations

import enum
import math
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership

from .models import SignedInSession

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def needs_two_factor(user) -> bool:
    """The one rule: operators of the admin site, and anyone whose membership needs it (see
    `MembershipQuerySet.needing_two_factor`), must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    return _needs(user, _memberships_needing_it(user).exists())


def _memberships_needing_it(user):
    return Membership.objects.filter(user=user).needing_two_factor()


def _needs(user, has_membership_needing_it: bool) -> bool:
    return user.is_staff or has_membership_needing_it


class Owed(enum.Enum):
    CODE = "two_factor_verify"
    SET_UP = "two_factor_setup"


def two_factor_owed(user) -> Owed | None:
    """What a signed-in `user` whose session is not yet verified must do before any other page:
    give a code (they have an authenticator), set one up (they must use two-factor), or nothing.
    One query, as it runs on every page for people who do not use two-factor."""
    has_authenticator, has_membership_needing_it = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            Exists(TOTPDevice.objects.devices_for_user(user, confirmed=True)),
            Exists(_memberships_needing_it(user)),
        )
        .get()
    )
    if has_authenticator:
        return Owed.CODE
    if _needs(user, has_membership_needing_it):
        return Owed.SET_UP
    return None


def authenticator_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_of(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator_start(user) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` to add to their app; an earlier unconfirmed
    one is kept (so reloading the page shows the same secret) until it is confirmed."""
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def authenticator_confirm(*, request, device: TOTPDevice) -> list[str] | None:
    """Make `device` (whose code the person has just given) their authenticator, replacing any
    earlier one, and mark this session verified with it. Returns new recovery codes when the
    person had none, else None (their existing codes still work)."""
    TOTPDevice.objects.devices_for_user(device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    session_verify(request, device)
    if recovery_codes_of(device.user) is None:
        return recovery_codes_renew(device.user)
    return None


def session_verify(request, device: Device) -> None:
    """Mark the signed-in session as verified with `device`, under a new session key: what the
    session may do has just grown, so a key seen before must not carry it."""
    old_key = request.session.session_key
    request.session.cycle_key()
    otp_login(request, device)
    SignedInSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


@transaction.atomic
def recovery_codes_renew(user) -> list[str]:
    """Ten new recovery codes for `user`; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_reset(user) -> int:
    """Remove `user`'s authenticator and recovery codes (they lost their phone): they set up
    two-factor again at their next sign-in if they must use it. Returns how many were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.devices_for_user(user, confirmed=None):
            device.delete()  # one by one, so each removal is in the audit history
            removed += 1
    return removed


@dataclass(frozen=True)
class Refusal:
    message: str


def code_check(device: Device | None, code: str) -> Refusal | None:
    """Check `code` against `device` under django-otp's throttling; None if it is right."""
    if device is None:
        return Refusal("The code is not right. Check it and try again.")
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return Refusal(_wait_message(details["locked_until"]))
        if device.verify_token(code):
            return None
    return Refusal("The code is not right. Check it and try again.")


def password_and_code_check(request, *, username: str, password: str, code: str) -> tuple | None:
    """(user, authenticator) if `password` and the authenticator `code` are both right for
    `username`, else None. Signing in so is not held back by sign-in throttling, so that someone
    with their phone gets in while an attacker has their username or address paused; guessing
    passwords here is pointless without the code, and guessing codes needs the password.

    Nothing may tell a right password from a wrong one: the answer is the same None, and the code
    is checked either way, its effects (django-otp's count of wrong codes) kept only when the
    password was right, so the time taken is the same too.
    """
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("-pk").first()
    user = ModelBackend().authenticate(request, username=username, password=password)
    if device is None:
        return None
    with transaction.atomic():
        refusal = code_check(device, code)
        if user is None or user.pk != device.user_id:
            transaction.set_rollback(True)
            return None
    return None if refusal else (user, device)


def _wait_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    wait = f"{seconds} second{'s' if seconds > 1 else ''}" if seconds < 120 else f"{seconds // 60} minutes"
    return f"Too many wrong codes have been entered. Wait {wait}, then try again."


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The set-up link as a QR code: an SVG image in a data: URI, which the CSP allows."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, title="")
