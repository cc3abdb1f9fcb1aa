"""Demo logins: a business manager, a scrutiny member and one lead per agency, per partnership.

Created only by `manage.py load_demo`, never by a migration, all with one published password,
and only under settings that allow demo data (see `refuse_unless_demo_allowed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from accounts.two_factor import AUTHENTICATOR_NAME, needs_two_factor, secret_in_groups
from agencies.models import Agency, Membership, Officer, Partnership
from agencies.roles import Role

from . import refuse_unless_demo_allowed

DEMO_PASSWORD = "assure-demo-2026"
# Published like the password: the demo logins that must use two-factor get an authenticator with
# this key, and `manage.py demo_code <username>` prints its code.
DEMO_AUTHENTICATOR_KEY = "6173737572652d64656d6f2d323032362d6b6579"
OPERATOR_USERNAME = "demo-operator"
DEMO_EMAIL_DOMAIN = "@demo.invalid"


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
    """Give a demo login that must use two-factor an authenticator with the published demo key,
    so that `manage.py demo_code <username>` can give its code. Returns whether the login has
    the demo authenticator (one that set up its own keeps it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    refuse_unless_demo_allowed()
    user = get_user_model().objects.get(username=username)
    if not needs_two_factor(user):
        return False
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=DEMO_AUTHENTICATOR_KEY, confirmed=True)
    return TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_AUTHENTICATOR_KEY).exists()


def demo_secret() -> str:
    """The demo key as an authenticator app takes it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    refuse_unless_demo_allowed()
    return secret_in_groups(TOTPDevice(key=DEMO_AUTHENTICATOR_KEY))


def demo_code(username: str) -> str:
    """A code the demo authenticator of `username` would show now, which sign-in accepts: the
    current one, or the next one if the current one has been used (a code works once)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    refuse_unless_demo_allowed()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_AUTHENTICATOR_KEY).first()
    if device is None:
        raise LookupError(f"{username} has no demo authenticator.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(totp.time, (device.last_t + 1 - device.drift) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def ensure_demo_logins(partnership: Partnership) -> list[DemoLogin]:
    """Create any missing demo login of `partnership`; existing ones are left as they are."""
    refuse_unless_demo_allowed()
    return [
        _ensure(username, partnership, role, agency, officer)
        for username, role, agency, officer in _demo_roles(partnership)
    ]


def _demo_roles(partnership: Partnership):
    """(username, role, agency, officer) of each demo login of `partnership`."""
    yield f"{partnership.slug}-manager", Role.BUSINESS_MANAGER, None, partnership.business_manager
    yield f"{partnership.slug}-scrutiny", Role.SCRUTINY, None, None
    for agency in partnership.agencies.select_related("lead_officer").order_by("short_name"):
        yield lead_username(partnership, agency), Role.AGENCY_LEAD, agency, agency.lead_officer


def ensure_demo_operator() -> DemoLogin:
    """A superuser for /admin, the operators' fallback."""
    refuse_unless_demo_allowed()
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
        defaults={"email": f"{username}{DEMO_EMAIL_DOMAIN}", **_names(role, agency, officer)},
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


def logins_with_the_demo_password() -> list[str]:
    """Usernames of active logins whose password is still the published demo password.

    Password hashing is deliberately slow (PBKDF2, a million rounds: about half a second each on
    a server core), so trying every login at every start would take minutes with thousands of
    people. Only `load_demo` gives out the demo password, and only to the usernames and addresses
    it makes, so those are tried, with every operator (who can do the most harm) whatever their
    name; each distinct hash once, and `load_demo` hashes the password once for all its logins.
    A person who typed the demo password as their own is refused by the password rules
    (`NotTheDemoPassword`).
    """
    demo_names = {OPERATOR_USERNAME}
    for partnership in Partnership.objects.select_related("business_manager"):
        demo_names |= {username for username, *_ in _demo_roles(partnership)}
    candidates = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(username__in=demo_names) | Q(email__iendswith=DEMO_EMAIL_DOMAIN) | Q(is_staff=True) | Q(is_superuser=True)
        )
        .values_list("username", "password")
    )
    by_hash: dict[str, list[str]] = {}
    for username, encoded in candidates:
        if is_password_usable(encoded):
            by_hash.setdefault(encoded, []).append(username)
    return sorted(
        name for encoded, names in by_hash.items() if check_password(DEMO_PASSWORD, encoded) for name in names
    )


def logins_with_the_demo_authenticator() -> list[str]:
    """Usernames of logins with an authenticator on the published demo key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return sorted(
        TOTPDevice.objects.filter(key__iexact=DEMO_AUTHENTICATOR_KEY)
        .values_list("user__username", flat=True)
        .distinct()
    )


class NotTheDemoPassword:
    """A password rule (AUTH_PASSWORD_VALIDATORS): not the demo logins' published password."""

    def validate(self, password, user=None):
        if password == DEMO_PASSWORD:
            raise ValidationError("This password is published for the demo. Choose another one.", code="demo_password")

    def get_help_text(self):
        return "Your password cannot be the one published for the demo."


@transaction.atomic
def demo_logins_rekey(*, password: str, authenticator_key: str) -> list[str]:
    """Give the logins that have the demo's published password `password` instead, and the
    authenticators on the demo's published key `authenticator_key` (hex), so that production
    settings serve the demo data (`make prod-local`): the published secrets no longer open it.
    Returns the usernames given the new password."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    usernames = logins_with_the_demo_password()
    for user in get_user_model().objects.filter(username__in=usernames):
        user.set_password(password)
        user.save(update_fields=["password"])
    TOTPDevice.objects.filter(key__iexact=DEMO_AUTHENTICATOR_KEY).update(key=authenticator_key)
    return usernames
