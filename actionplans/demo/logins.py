"""Demo logins: a business manager, a scrutiny member and one lead per agency, per partnership.

Created only by `manage.py load_demo`, never by a migration, all with one published password.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from agencies.models import Agency, Membership, Officer, Partnership
from agencies.roles import Role
from agencies.two_factor import AUTHENTICATOR_NAME, needs_two_factor, secret_in_groups

DEMO_PASSWORD = "assure-demo-2026"
OPERATOR_USERNAME = "demo-operator"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    partnership: str
    agency: str
    officer: str


def lead_username(partnership: Partnership, agency: Agency) -> str:
    return f"{partnership.slug}-lead-{slugify(agency.short_name)}"


def ensure_demo_authenticator(username: str) -> bool:
    """Give a demo login that must use two-factor an authenticator with the published demo key
    (`DEMO_AUTHENTICATOR_KEY`, set in the demo and test settings only), so that
    `manage.py demo_code <username>` can give its code. Without the setting (production), demo
    logins set up their own. Returns whether the login has the demo authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = getattr(settings, "DEMO_AUTHENTICATOR_KEY", None)
    user = get_user_model().objects.get(username=username)
    if not key or not needs_two_factor(user):
        return False
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
    return TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists()


def demo_secret() -> str:
    """The demo key as an authenticator app takes it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return secret_in_groups(TOTPDevice(key=settings.DEMO_AUTHENTICATOR_KEY))


def demo_code(username: str) -> str:
    """A code the demo authenticator of `username` would show now, which sign-in accepts: the
    current one, or the next one if the current one has been used (a code works once)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = getattr(settings, "DEMO_AUTHENTICATOR_KEY", None)
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=key).first()
    if not key or device is None:
        raise LookupError(f"{username} has no demo authenticator.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(totp.time, (device.last_t + 1 - device.drift) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def ensure_demo_logins(partnership: Partnership) -> list[DemoLogin]:
    """Create any missing demo login of `partnership`; existing ones are left as they are."""
    logins = [
        _ensure(
            f"{partnership.slug}-manager",
            partnership,
            Role.BUSINESS_MANAGER,
            None,
            partnership.business_manager,
        ),
        _ensure(f"{partnership.slug}-scrutiny", partnership, Role.SCRUTINY, None, None),
    ]
    for agency in partnership.agencies.select_related("lead_officer").order_by("short_name"):
        logins.append(
            _ensure(
                lead_username(partnership, agency),
                partnership,
                Role.AGENCY_LEAD,
                agency,
                agency.lead_officer,
            )
        )
    return logins


def ensure_demo_operator() -> DemoLogin:
    """A superuser for /admin, the operators' fallback."""
    user, created = get_user_model().objects.get_or_create(
        username=OPERATOR_USERNAME,
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Operator",
        },
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return DemoLogin(OPERATOR_USERNAME, "Operator (Django admin only)", "All", "", "")


def _ensure(username, partnership, role, agency, officer) -> DemoLogin:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.invalid", **_names(role, agency, officer)},
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, partnership=partnership, defaults={"role": role, "agency": agency})
    if officer is not None and officer.user_id is None and not hasattr(user, "officer"):
        officer.user = user
        officer.save(update_fields=["user"])
    linked = Officer.objects.filter(user=user).first()
    return DemoLogin(
        username=username,
        role=Role(role).label,
        partnership=partnership.short_name,
        agency=agency.short_name if agency else "",
        officer=str(linked) if linked else "",
    )


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; every demo login shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _names(role, agency, officer) -> dict[str, str]:
    if officer is not None and officer.name:
        first, _, last = officer.name.partition(" ")
        return {"first_name": first, "last_name": last}
    suffix = f" ({agency.short_name})" if agency else ""
    return {"first_name": "Demo", "last_name": f"{Role(role).label}{suffix}"}
