"""Two-factor authentication: who must use it, setting it up, the code after the password,
recovery codes, throttling of wrong codes, and resetting it for someone who lost their phone."""

import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import needs_two_factor, recovery_codes_renew
from agencies.models import Membership
from agencies.roles import Role
from tests.factories import UserFactory
from tests.two_factor import authenticator, code_for

pytestmark = [pytest.mark.django_db, pytest.mark.security("two-factor authentication")]

PASSWORD = "correct horse battery staple"  # the factories' password
EVERY_KIND_OF_PAGE = [
    ("start", {}),
    ("actionplans:plan_list", {}),
    ("actionplans:action_list", {}),
    ("reporting:dashboard", {}),
    ("manage:index", {}),
    ("manage:member_list", {}),
    ("password_change", {}),
    ("two_factor_account", {}),
    ("two_factor_replace", {}),
    ("admin:index", {}),
]


def signed_in_with_password(client, user, password=PASSWORD):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def is_through(client) -> bool:
    return client.get(reverse("start")).status_code == 200


# Who must use it


def test_a_business_manager_without_an_authenticator_is_sent_to_set_it_up_from_every_page(
    client, small, security_figure
):
    client.force_login_password_only(small.users["manager"])

    sent = []
    for name, kwargs in EVERY_KIND_OF_PAGE:
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup") + "?next="):
            sent.append(name)

    assert sent == [name for name, _ in EVERY_KIND_OF_PAGE]
    assert client.get(reverse("two_factor_setup")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    security_figure(f"a manager without an app is sent to set it up from {len(sent)} of {len(sent)} kinds of page")


def test_business_managers_of_the_demo_must_use_it_and_can_sign_in_with_the_demo_code(
    demo_partnerships, client, security_figure
):
    from demo.logins import DEMO_PASSWORD, demo_code

    managers = Membership.objects.filter(role=Role.BUSINESS_MANAGER).select_related("user")
    needing = [m.user.username for m in managers if needs_two_factor(m.user)]
    assert len(needing) == len(managers) == 3
    assert "demo_code" in demo_partnerships

    manager = managers.first().user
    signed_in_with_password(client, manager, DEMO_PASSWORD)
    response = client.post(reverse("two_factor_verify"), {"code": demo_code(manager.username)})
    assert response.status_code == 302
    assert is_through(client)
    security_figure(f"required for {len(needing)} of {len(managers)} demo business managers")


def test_agency_leads_and_scrutiny_members_are_not_asked_unless_the_partnership_says_so(client, small):
    for role in ("lead_dbc", "scrutiny"):
        client.force_login_password_only(small.users[role])
        assert is_through(client), role


def test_the_business_manager_can_require_it_of_everyone_in_the_partnership(as_user, client, small):
    as_user(small.users["manager"])
    response = client.post(reverse("manage:two_factor_rule"), {"two_factor_for_everyone": "True"})
    assert response.status_code == 302

    small.partnership.refresh_from_db()
    assert small.partnership.two_factor_for_everyone
    for role in ("lead_dbc", "lead_pct", "scrutiny"):
        client.force_login_password_only(small.users[role])
        response = client.get(reverse("start"))
        assert response["Location"].startswith(reverse("two_factor_setup")), role
    assert LogEntry.objects.get_for_object(small.partnership).filter(actor=small.users["manager"]).exists()


def test_only_a_business_manager_can_change_who_must_use_it(as_user, client, small):
    as_user(small.users["scrutiny"])

    response = client.post(reverse("manage:two_factor_rule"), {"two_factor_for_everyone": "True"})

    assert response.status_code == 403
    small.partnership.refresh_from_db()
    assert not small.partnership.two_factor_for_everyone


def test_operators_of_the_admin_site_must_use_it(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login_password_only(operator)

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("two_factor_setup"))


# Setting it up


def test_set_up_shows_a_qr_code_and_the_secret_and_accepts_only_a_right_code(client, small, security_figure):
    manager = small.users["manager"]
    client.force_login_password_only(manager)

    page = client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32 and secret.count(" ") == 7

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "govuk-error-summary" in wrong.content.decode()
    assert not is_through(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=2)):  # past the wait after a wrong code
        done = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
        assert done.status_code == 200
        codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
        assert len(codes) == 10
        assert "only time these codes are shown" in done.content.decode()
        assert is_through(client)
    device.refresh_from_db()
    assert device.confirmed
    created = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(TOTPDevice), actor=manager)
    assert created.exists()
    security_figure(f"set-up refused 1 wrong code, accepted the right one, and gave {len(codes)} recovery codes")


def test_the_secret_is_never_shown_again_after_set_up(client, small):
    manager = small.users["manager"]
    client.force_login(manager)
    device = TOTPDevice.objects.get(user=manager, confirmed=True)
    secret = device.key

    from accounts.two_factor import secret_in_groups

    for name in ("two_factor_setup", "two_factor_account", "two_factor_replace"):
        response = client.get(reverse(name), follow=True)
        assert secret_in_groups(device) not in response.content.decode(), name
        assert secret not in response.content.decode(), name
    assert not LogEntry.objects.filter(changes_text__contains=secret).exists()
    assert not any(secret in str(entry.changes) for entry in LogEntry.objects.all())


# The code after the password


def test_signing_in_asks_for_the_code_and_a_right_code_lets_the_person_in(client, small):
    manager = small.users["manager"]
    device = authenticator(manager)
    signed_in_with_password(client, manager)
    key_before = client.session.session_key
    audit_entries_before = LogEntry.objects.count()

    response = client.get(reverse("actionplans:plan_list"))
    assert response["Location"] == reverse("two_factor_verify") + "?next=" + reverse("actionplans:plan_list")
    page = client.get(response["Location"])
    assert "Enter the 6-digit code from your authenticator app" in page.content.decode()

    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": reverse("actionplans:plan_list")}
    )

    assert response["Location"] == reverse("actionplans:plan_list")
    assert is_through(client)
    assert client.session.session_key != key_before
    assert LogEntry.objects.count() == audit_entries_before  # a sign-in is not a change to audit


def test_before_the_code_is_given_the_page_shows_neither_the_persons_name_nor_the_menu(client, small):
    manager = small.users["manager"]
    device = authenticator(manager)
    signed_in_with_password(client, manager)

    before = client.get(reverse("two_factor_verify")).content.decode()
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    after = client.get(reverse("accessibility")).content.decode()

    assert manager.get_full_name() and manager.get_full_name() not in before and "Change password" not in before
    assert "govuk-service-navigation" not in before and "Sign out" in before
    assert manager.get_full_name() in after and "Change password" in after


def test_wrong_old_and_reused_codes_are_refused(client, small, security_figure):
    manager = small.users["manager"]
    device = authenticator(manager)
    signed_in_with_password(client, manager)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        now = timezone.now()
        refused = []
        for label, code in [
            ("wrong", f"{(int(code_for(device)) + 1) % 1_000_000:06d}"),
            ("two minutes old", code_for(device, at=now - timedelta(minutes=2))),
            ("not digits", "abcdef"),
        ]:
            clock.shift(timedelta(minutes=5))  # past any wait from the last wrong code
            response = client.post(reverse("two_factor_verify"), {"code": code})
            assert response.status_code == 400, label
            assert "govuk-error-summary" in response.content.decode()
            refused.append(label)
        clock.shift(timedelta(minutes=5))
        right = code_for(device)
        assert client.post(reverse("two_factor_verify"), {"code": right}).status_code == 302

        other = type(client)()
        signed_in_with_password(other, manager)
        reused = other.post(reverse("two_factor_verify"), {"code": right})
        assert reused.status_code == 400
        assert "The code is not right" in reused.content.decode()
    security_figure(f"{len(refused) + 1} bad codes refused (wrong, 2 minutes old, not digits, used before)")


def test_each_wrong_code_doubles_the_wait_before_the_next_try(client, small, security_figure):
    manager = small.users["manager"]
    device = authenticator(manager)
    signed_in_with_password(client, manager)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for failures in range(5):
            response = client.post(reverse("two_factor_verify"), {"code": wrong})
            assert "The code is not right" in response.content.decode()
            clock.shift(timedelta(seconds=2**failures))  # the wait after this many wrong codes
        clock.shift(timedelta(seconds=-1))  # 5 wrong codes: a 16-second wait, 15 of them gone
        device.refresh_from_db()
        assert device.throttling_failure_count == 5

        refused = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
        assert refused.status_code == 400
        assert "Too many wrong codes have been entered. Wait 1 second, then try again." in refused.content.decode()
        assert not is_through(client)

        clock.shift(timedelta(seconds=1))
        assert client.post(reverse("two_factor_verify"), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    security_figure("5 wrong codes lock the authenticator for 16 seconds, doubling with each further wrong code")


def test_a_recovery_code_works_once(client, small, security_figure):
    manager = small.users["manager"]
    authenticator(manager)
    codes = recovery_codes_renew(manager)
    signed_in_with_password(client, manager)

    response = client.post(reverse("two_factor_recovery"), {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain == [(reverse("two_factor_account"), 302)]
    assert "You have 9 left" in response.content.decode()
    assert is_through(client)

    again = type(client)()
    signed_in_with_password(again, manager)
    reused = again.post(reverse("two_factor_recovery"), {"code": codes[0]})
    assert reused.status_code == 400
    assert not is_through(again)
    assert StaticToken.objects.filter(device__user=manager).count() == 9
    security_figure("a recovery code works once: 1 accepted, the same code refused the second time")


def test_new_recovery_codes_replace_the_old_ones(as_user, client, small):
    manager = small.users["manager"]
    old = recovery_codes_renew(manager)
    as_user(manager)

    response = client.post(reverse("two_factor_recovery_codes"))

    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


# Replacing one's own app, and the business manager's reset


def test_replacing_the_app_needs_a_current_code_and_then_the_old_app_stops_working(client, small):
    manager = small.users["manager"]
    old = authenticator(manager)
    recovery_codes_renew(manager)
    signed_in_with_password(client, manager)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("two_factor_verify"), {"code": code_for(old)})
        assert client.get(reverse("two_factor_setup"))["Location"] == reverse("two_factor_account")

        clock.shift(timedelta(seconds=31))
        assert client.post(reverse("two_factor_replace"), {"code": "123"}).status_code == 400
        response = client.post(reverse("two_factor_replace"), {"code": code_for(old)})
        assert response["Location"] == reverse("two_factor_setup")
        client.get(reverse("two_factor_setup"))
        new = TOTPDevice.objects.get(user=manager, confirmed=False)
        response = client.post(reverse("two_factor_setup"), {"code": code_for(new)})

    assert response["Location"] == reverse("two_factor_account")
    assert list(TOTPDevice.objects.filter(user=manager).values_list("pk", flat=True)) == [new.pk]
    assert is_through(client)


def test_the_business_manager_resets_a_members_two_factor_and_it_is_audited(as_user, client, small):
    lead = small.users["lead_dbc"]
    authenticator(lead)
    recovery_codes_renew(lead)
    membership = lead.memberships.get()
    as_user(small.users["manager"])

    response = client.post(reverse("manage:member_two_factor_reset", args=[membership.pk]))

    assert response["Location"] == reverse("manage:member_list")
    assert not TOTPDevice.objects.filter(user=lead).exists()
    removals = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TOTPDevice), action=LogEntry.Action.DELETE
    )
    assert [entry.actor for entry in removals] == [small.users["manager"]]


def test_a_manager_of_another_partnership_cannot_reset_two_factor_here(as_user, client, small):
    lead = small.users["lead_dbc"]
    authenticator(lead)
    as_user(small.users["other_manager"])

    response = client.post(reverse("manage:member_two_factor_reset", args=[lead.memberships.get().pk]))

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=lead).exists()


def test_a_reset_signs_the_person_out_of_two_factor_everywhere(client, small):
    manager = small.users["manager"]
    client.force_login(manager)
    assert is_through(client)

    from accounts.two_factor import two_factor_reset

    two_factor_reset(manager)

    assert client.get(reverse("start"))["Location"].startswith(reverse("two_factor_setup"))


def test_the_member_list_says_who_has_set_it_up(as_user, client, small):
    authenticator(small.users["lead_dbc"])
    as_user(small.users["manager"])

    html = client.get(reverse("manage:member_list")).content.decode()

    assert html.count(">Set up") == 2  # the manager and DBC's lead
    assert "Reset<span" in html


def test_demo_code_refuses_a_login_without_the_demo_authenticator(small):
    from django.core.management import CommandError, call_command

    authenticator(small.users["manager"])

    with pytest.raises(CommandError):
        call_command("demo_code", small.users["manager"].username)


def test_production_enforces_two_factor_and_allows_no_demo_data():
    from tests.assure.test_deploy_settings import manage

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.TWO_FACTOR_REQUIRED_FOR_MANAGERS, "
        "'accounts.middleware.TwoFactorMiddleware' in s.MIDDLEWARE, s.DEMO_DATA_ALLOWED)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "False"]


def test_a_person_between_password_and_code_can_still_reach_the_password_reset_pages(client, small):
    manager = small.users["manager"]
    authenticator(manager)
    signed_in_with_password(client, manager)

    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert client.get(reverse("start")).status_code == 302
