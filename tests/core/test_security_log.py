"""Security events: refused and successful sign-ins, lockouts, sign-outs, password changes,
refused requests, sign-off decisions and role changes are logged one line each, with who, from
where and which path, and never a password, session id or CSRF token."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ProgressUpdate, SignOff, Status
from agencies.models import Membership
from agencies.roles import Role
from core.security_log import security_event
from tests.accounts.test_password_reset import choose_password, link_path
from tests.accounts.test_two_factor import signed_in_with_password
from tests.actionplans.test_signoff import update_form
from tests.factories import ActionFactory
from tests.two_factor import authenticator, code_for

pytestmark = [pytest.mark.django_db, pytest.mark.security("security event logging")]

PASSWORD = "a long passphrase of several words"
NEW_PASSWORD = "another passphrase, longer still"
MANAGER_PASSWORD = "the business manager's own passphrase"
NEWCOMER_PASSWORD = "Tangerine-lighthouse-42"
ADDRESS = "203.0.113.7"
NEWCOMER = {"first_name": "Jo", "last_name": "Smith", "email": "jo@example.com", "role": Role.SCRUTINY, "agency": ""}
NEWCOMER_LOGIN = {"username": "jo.smith", "password1": NEWCOMER_PASSWORD, "password2": NEWCOMER_PASSWORD}


@pytest.fixture
def people(small):
    for name, password in (("lead_dbc", PASSWORD), ("manager", MANAGER_PASSWORD)):
        small.users[name].set_password(password)
        small.users[name].save()
    return small.users


@pytest.fixture
def events(caplog):
    """`events()`: the security events logged so far, as dicts of their facts; `events("sign_off")`:
    those whose name starts so."""
    caplog.set_level(logging.INFO, logger="assure.security")

    def logged(name=""):
        return [
            record.security
            for record in caplog.records
            if record.name == "assure.security" and record.security["event"].startswith(name)
        ]

    return logged


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def completed_by_lead(small):
    lead = Client()
    lead.force_login(small.users["lead_dbc"])
    lead.post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_form(evidence_statement="Minutes of the June panel."),
    )
    return ProgressUpdate.objects.get(action=small.dbc_action, status=Status.COMPLETED)


def test_a_refused_sign_in_is_logged_with_the_username_and_address_but_not_the_password(people, events, caplog):
    sign_in(Client(REMOTE_ADDR=ADDRESS), "testshire-lead_dbc", "Guessed-password-1")

    [event] = events()
    assert event == {
        "event": "sign_in.refused",
        "outcome": "refused",
        "user": "testshire-lead_dbc",
        "ip": ADDRESS,
        "path": "/sign-in/",
    }
    assert caplog.records[-1].levelname == "WARNING"
    assert "Guessed-password-1" not in caplog.text


def test_waits_and_a_pause_are_logged_and_so_is_each_sign_in_refused_while_it_lasts(people, events):
    client = Client(REMOTE_ADDR=ADDRESS)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for password in [f"wrong {attempt}" for attempt in range(10)] + [PASSWORD]:
            while (response := sign_in(client, "testshire-lead_dbc", password)).status_code == 429:
                if response["Retry-After"] == "900":  # the pair is paused: waiting longer changes nothing
                    break
                clock.shift(timedelta(seconds=int(response["Retry-After"])))

    refused, waiting = ("sign_in.refused", "refused"), ("sign_in.refused", "waiting")
    paused = [("sign_in.locked_out", "locked_out"), ("sign_in.refused", "locked_out")]
    assert [(event["event"], event["outcome"]) for event in events()] == [
        *[refused] * 6,
        *[waiting, refused] * 3,
        waiting,
        *paused,  # the tenth wrong password
        waiting,
        *paused,  # then the right one
    ]
    assert [event["wait"] for event in events() if event["outcome"] == "waiting"] == [1, 2, 4, 8, 16]
    assert {(event["ip"], event["user"]) for event in events()} == {(ADDRESS, "testshire-lead_dbc")}


def test_signing_in_with_a_code_is_logged_and_so_is_a_refusal_without_the_password_or_code(people, events, caplog):
    device = authenticator(people["lead_dbc"])
    client = Client(REMOTE_ADDR=ADDRESS)
    for password, code in (("Guessed-password-1", "024680"), (PASSWORD, code_for(device))):
        fields = {"username": "testshire-lead_dbc", "password": password, "code": code}
        client.post(reverse("sign_in_with_code"), fields)

    assert [(event["event"], event["outcome"], event.get("method")) for event in events()] == [
        ("sign_in.refused", "refused", "with_code"),
        ("sign_in.succeeded", "succeeded", None),
        ("two_factor.verified", "succeeded", "authenticator"),
    ]
    assert "Guessed-password-1" not in caplog.text
    assert "024680" not in caplog.text


def test_signing_in_and_out_is_logged(people, events):
    client = Client(REMOTE_ADDR=ADDRESS)
    sign_in(client, "testshire-lead_dbc", PASSWORD)
    client.post(reverse("logout"))

    assert [(event["event"], event["outcome"], event["user"]) for event in events()] == [
        ("sign_in.succeeded", "succeeded", "testshire-lead_dbc"),
        ("sign_out", "succeeded", "testshire-lead_dbc"),
    ]


def test_a_password_change_is_logged(people, events, as_user):
    as_user(people["lead_dbc"]).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert [event for event in events() if event["event"] == "password.changed"] == [
        {
            "event": "password.changed",
            "outcome": "succeeded",
            "user": "testshire-lead_dbc",
            "ip": "127.0.0.1",
            "path": "/account/password/",
        }
    ]


def test_a_signed_in_person_refused_another_agencys_action_or_another_partnerships_is_logged(small, events, as_user):
    lead = as_user(small.users["lead_dbc"])
    elsewhere = ActionFactory()

    lead.get(reverse("actionplans:progress_update_create", args=[small.pct_action.pk]) + "?next=/secret-token/")
    lead.get(reverse("actionplans:action_detail", args=[elsewhere.pk]))

    assert [(event["event"], event["outcome"], event["status"], event["path"]) for event in events("request")] == [
        ("request.refused", "forbidden", 403, f"/actions/{small.pct_action.pk}/update/"),
        ("request.refused", "not_found", 404, f"/actions/{elsewhere.pk}/"),
    ]


def test_a_page_not_found_before_signing_in_is_not_a_security_event(events, client):
    client.get("/no-such-page/")

    assert events() == []


@pytest.mark.parametrize("decision", ["accepted", "returned"])
def test_a_sign_off_decision_is_logged_with_who_decided_what_for_which_action(
    small, events, decision, as_user, django_capture_on_commit_callbacks
):
    update = completed_by_lead(small)
    manager = as_user(small.users["manager"])

    with django_capture_on_commit_callbacks(execute=True):
        if decision == "accepted":
            manager.post(reverse("actionplans:completion_accept", args=[update.pk]))
        else:
            manager.post(reverse("actionplans:completion_return", args=[update.pk]), {"reason": "No minutes."})

    [event] = events("sign_off")
    assert event["outcome"] == decision
    assert (event["user"], event["action"], event["update"]) == ("testshire-manager", small.dbc_action.pk, update.pk)
    assert event["sign_off"] == SignOff.objects.get(update=update).pk


def test_inviting_joining_changing_and_removing_a_member_is_logged(
    small, events, as_user, django_capture_on_commit_callbacks
):
    manager = as_user(small.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(reverse("manage:member_create"), NEWCOMER)
    link = link_path(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link, NEWCOMER_LOGIN)
    member = Membership.objects.get(user__username="jo.smith")
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            reverse("manage:member_edit", args=[member.pk]), {"role": Role.AGENCY_LEAD, "agency": small.dbc.pk}
        )
        manager.post(reverse("manage:member_remove", args=[member.pk]))

    assert [
        (event["event"], event["user"], event["member"], event["role"], event["agency"], event["partnership"])
        for event in events("membership")
    ] == [
        ("membership.added", "jo.smith", "jo.smith", Role.SCRUTINY, "", small.partnership.pk),
        ("membership.changed", "testshire-manager", "jo.smith", Role.AGENCY_LEAD, "DBC", small.partnership.pk),
        ("membership.removed", "testshire-manager", "jo.smith", Role.AGENCY_LEAD, "DBC", small.partnership.pk),
    ]
    assert [(event["event"], event["user"]) for event in events("invitation")] == [
        ("invitation.sent", "testshire-manager"),
        ("invitation.accepted", "jo.smith"),
    ]
    assert events("invitation")[1]["path"] == "/invitations/[redacted]/"


def test_a_reset_links_tokens_and_any_query_string_are_kept_out_of_the_path(events):
    request = RequestFactory().get("/reset/MTI/cz2x6v-0f3b6a1c9e8d7b2a4c5e/?email=jo@example.com")

    security_event("password_reset.refused", request, outcome="refused")

    assert events()[0]["path"] == "/reset/MTI/[redacted]/"


def test_a_reset_links_parts_are_redacted_by_name_when_the_url_is_resolved(events):
    request = RequestFactory().get("/reset/MTI/set-password/")
    request.resolver_match = type("Match", (), {"kwargs": {"uidb64": "MTI", "token": "set-password"}})()

    security_event("password_reset.succeeded", request, outcome="succeeded")

    assert events()[0]["path"] == "/reset/[redacted]/[redacted]/"


def test_a_username_typed_with_a_line_break_cannot_forge_a_second_log_line(people, caplog, events):
    sign_in(Client(REMOTE_ADDR=ADDRESS), "mallory\nevent=sign_in.succeeded user=admin", "x")

    [record] = [record for record in caplog.records if record.name == "assure.security"]
    assert "\n" not in record.getMessage()
    assert 'user="mallory\\nevent=sign_in.succeeded user=admin"' in record.getMessage()


def test_a_forwarded_address_is_not_believed_without_a_proxy(people, events):
    sign_in(Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="198.51.100.1"), "testshire-lead_dbc", "wrong")

    assert events()[0]["ip"] == ADDRESS


class Browser:
    """A test client that checks CSRF like a browser's session would, and notes every secret it
    is given: session and CSRF cookies, and the CSRF tokens in pages."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)
        self.session_ids, self.csrf_values = set(), set()

    def get(self, url):
        return self._noted(self.client.get(url))

    def submit(self, url, data, *, form_at=None):
        page = self.get(form_at or url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self._noted(self.client.post(url, {**data, "csrfmiddlewaretoken": token}))

    def _noted(self, response):
        for name, cookie in self.client.cookies.items():
            (self.session_ids if name == "sessionid" else self.csrf_values).add(cookie.value)
        if response.get("Content-Type", "").startswith("text/html"):
            self.csrf_values.update(
                re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
            )
        return response


def test_a_whole_session_logs_its_events_and_never_a_password_session_id_or_csrf_token(
    people, small, caplog, security_figure, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    elsewhere = ActionFactory()
    login, logout = reverse("login"), reverse("logout")
    browser = Browser()

    assert browser.submit(login, {"username": "testshire-lead_dbc", "password": NEW_PASSWORD}).status_code == 200
    assert browser.submit(login, {"username": "testshire-lead_dbc", "password": PASSWORD}).status_code == 302
    browser.get(reverse("start"))
    browser.get(reverse("actionplans:action_list"))
    update_url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    assert browser.submit(update_url, update_form(evidence_statement="Panel minutes.")).status_code == 302
    assert browser.get(reverse("actionplans:progress_update_create", args=[small.pct_action.pk])).status_code == 403
    assert browser.get(reverse("actionplans:action_detail", args=[elsewhere.pk])).status_code == 404
    password_change = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert browser.submit(reverse("password_change"), password_change).status_code == 302
    assert browser.submit(logout, {}, form_at=reverse("start")).status_code == 302

    device = authenticator(small.users["manager"])
    assert browser.submit(login, {"username": "testshire-manager", "password": MANAGER_PASSWORD}).status_code == 302
    two_factor_code = code_for(device)
    assert browser.submit(reverse("two_factor_verify"), {"code": two_factor_code}).status_code == 302
    update = ProgressUpdate.objects.get(action=small.dbc_action)
    accept = reverse("actionplans:completion_accept", args=[update.pk])
    assert browser.submit(accept, {}, form_at=reverse("actionplans:assurance_list")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.submit(reverse("manage:member_create"), NEWCOMER).status_code == 302
    invitation_link = link_path(mail.outbox[-1])
    newcomer = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        assert newcomer.submit(invitation_link, NEWCOMER_LOGIN).status_code == 302
        member = Membership.objects.get(user__username="jo.smith")
        role = {"role": Role.AGENCY_LEAD, "agency": small.dbc.pk}
        assert browser.submit(reverse("manage:member_edit", args=[member.pk]), role).status_code == 302
    assert browser.submit(logout, {}, form_at=reverse("start")).status_code == 302

    logged = caplog.text + "\n".join(repr(vars(record)) for record in caplog.records)
    passwords = [PASSWORD, NEW_PASSWORD, MANAGER_PASSWORD, NEWCOMER_PASSWORD]
    session_ids = {value for value in browser.session_ids | newcomer.session_ids if value}
    csrf_values = {value for value in browser.csrf_values | newcomer.csrf_values if value}
    found = {
        "passwords": [secret for secret in passwords if secret in logged],
        "session ids": [secret for secret in session_ids if secret in logged],
        "CSRF tokens": [secret for secret in csrf_values if secret in logged],
        "two-factor codes": [two_factor_code] if two_factor_code in logged else [],
        "invitation tokens": [invitation_link] if invitation_link.strip("/").split("/")[-1] in logged else [],
    }
    kinds = {
        (record.security["event"], record.security["outcome"])
        for record in caplog.records
        if record.name == "assure.security"
    }
    assert len(session_ids) >= 3 and len(csrf_values) >= 5  # two sign-ins and a password change
    assert kinds == {
        ("sign_in.refused", "refused"),
        ("sign_in.succeeded", "succeeded"),
        ("request.refused", "forbidden"),
        ("request.refused", "not_found"),
        ("password.changed", "succeeded"),
        ("sign_out", "succeeded"),
        ("two_factor.verified", "succeeded"),
        ("sign_off.decided", "accepted"),
        ("invitation.sent", "sent"),
        ("invitation.accepted", "accepted"),
        ("membership.added", "added"),
        ("membership.changed", "changed"),
    }
    assert found == {
        "passwords": [],
        "session ids": [],
        "CSRF tokens": [],
        "two-factor codes": [],
        "invitation tokens": [],
    }
    security_figure(
        f"{len(kinds)} kinds of event logged; {len(caplog.records)} log records scanned for "
        f"{len(passwords)} passwords, {len(session_ids)} session ids and {len(csrf_values)} CSRF values: "
        f"{len(found['passwords'])} passwords, {len(found['session ids'])} session ids, "
        f"{len(found['CSRF tokens'])} CSRF tokens, {len(found['two-factor codes'])} two-factor codes, "
        f"{len(found['invitation tokens'])} invitation tokens found"
    )


def test_a_password_reset_is_logged_without_the_address_or_the_links_token(people, events, caplog):
    cache.clear()  # the per-address email allowance
    caplog.set_level(logging.DEBUG)
    lead = people["lead_dbc"]
    Client().post(reverse("password_reset"), {"email": lead.email})
    link = link_path(mail.outbox[-1])
    choose_password(link, NEW_PASSWORD)
    cache.clear()

    assert [(event["event"], event["outcome"], event["user"]) for event in events("password_reset")] == [
        ("password_reset.requested", "sent", ""),
        ("password_reset.completed", "succeeded", "testshire-lead_dbc"),
    ]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in caplog.text
    assert lead.email not in caplog.text
    assert NEW_PASSWORD not in caplog.text


def test_two_factor_codes_refused_and_accepted_and_a_reset_are_logged_without_the_codes(small, events, caplog, client):
    caplog.set_level(logging.DEBUG)
    manager, lead = small.users["manager"], small.users["lead_dbc"]
    device = authenticator(manager)
    signed_in_with_password(client, manager)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(reverse("two_factor_verify"), {"code": wrong})
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        right = code_for(device)
        client.post(reverse("two_factor_verify"), {"code": right})
        authenticator(lead)
        client.post(reverse("manage:member_two_factor_reset", args=[lead.memberships.get().pk]))

    assert [(event["event"], event["outcome"], event["user"]) for event in events("two_factor")] == [
        ("two_factor.code_refused", "refused", "testshire-manager"),
        ("two_factor.verified", "succeeded", "testshire-manager"),
        ("two_factor.reset", "succeeded", "testshire-manager"),
    ]
    assert events("two_factor.reset")[0]["member"] == "testshire-lead_dbc"
    assert wrong not in caplog.text and right not in caplog.text
