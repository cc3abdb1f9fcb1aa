"""An invitation's emailed link joins whoever holds it to the partnership, once, with their own
login or a new one; a used, expired or withdrawn link says so; only a hash of the token is kept."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.members import InvitationUnusable, invitation_accept
from agencies.models import Invitation, Membership
from agencies.roles import Role
from tests.concurrency import post_at_once
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("member invitations")]

User = get_user_model()
PASSWORD = "seven purple otters queue for tea"


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="darlington-manager")


@pytest.fixture
def invite(client, manager, django_capture_on_commit_callbacks):
    """`invite(email=..., role=...)`: the business manager invites someone; returns the link's path."""

    def send(**changes):
        client.force_login(manager.user)
        data = {"first_name": "Jo", "last_name": "Smith", "email": "jo@example.org", "role": Role.SCRUTINY}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("manage:member_create"), data | changes)
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        return link_in(mail.outbox[-1])

    return send


def link_in(message) -> str:
    (link,) = re.findall(r"https?://\S+", message.body)
    assert link.startswith(settings.SITE_URL + "/invitations/")
    return link.removeprefix(settings.SITE_URL)


def create_login(client, link, **changes):
    return client.post(link, {"username": "jo.smith", "password1": PASSWORD, "password2": PASSWORD} | changes)


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="assure.security")

    def logged(name):
        return [r.security for r in caplog.records if r.name == "assure.security" and r.security["event"] == name]

    return logged


# Sending


def test_the_email_names_the_partnership_and_role_and_carries_a_single_link(invite, partnership):
    invite(role=Role.SCRUTINY)

    [message] = mail.outbox
    assert message.subject == f"You are invited to join {partnership.short_name} on Assure"
    assert f"to join {partnership.name} on Assure, as a scrutiny member" in message.body
    assert "The link works once, and only for 14 days." in message.body


def test_only_a_hash_of_the_links_token_is_stored(invite):
    link = invite()

    token = link.strip("/").split("/")[-1]
    invitation = Invitation.objects.get()
    assert len(token) >= 43  # 256 random bits
    assert invitation.token_hash == Invitation.hash_of(token) != token
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM agencies_invitation")
        assert not any(token in str(value) for value in cursor.fetchone())
    assert not LogEntry.objects.filter(changes__icontains=token).exists()
    assert not LogEntry.objects.filter(changes__icontains="token_hash").exists()


# Accepting


def test_a_person_without_a_login_creates_one_and_joins_with_the_invited_role(invite, partnership):
    agency = AgencyFactory(partnership=partnership)
    link = invite(role=Role.AGENCY_LEAD, agency=agency.pk, first_name="Jo", last_name="Smith")
    browser = Client()

    page = browser.get(link).content.decode()
    response = create_login(browser, link)

    assert "Join " + partnership.name in page and "as an agency lead for " + agency.name in page
    assert reverse("login") + "?next=" + link in page
    user = User.objects.get(username="jo.smith")
    assert (user.first_name, user.last_name, user.email) == ("Jo", "Smith", "jo@example.org")
    member = Membership.objects.get(user=user)
    assert (member.partnership, member.role, member.agency) == (partnership, Role.AGENCY_LEAD, agency)
    invitation = Invitation.objects.get()
    assert (invitation.state(), invitation.accepted_by) == (Invitation.State.ACCEPTED, user)
    assert response["Location"] == reverse("login")
    assert browser.login(request=HttpRequest(), username="jo.smith", password=PASSWORD)


def test_a_signed_in_person_accepts_with_their_own_login_whatever_its_address(invite, partnership):
    someone = MembershipFactory(user__email="jo.smith@council.example", user__first_name="Jo").user
    link = invite(email="jo@example.org")
    browser = Client()
    browser.force_login(someone)

    page = browser.get(link).content.decode()
    response = browser.post(link, follow=True)

    assert "Accept and join" in page
    assert Membership.objects.get(user=someone, partnership=partnership).role == Role.SCRUTINY
    assert someone.memberships.count() == 2
    assert response.redirect_chain[0] == (reverse("start"), 302)
    assert f"You have joined {partnership.name} as a scrutiny member." in response.content.decode()
    assert browser.session["partnership_id"] == partnership.pk


def test_signing_in_from_the_link_comes_back_to_it(invite):
    someone = UserFactory(username="jsmith")
    link = invite()
    browser = Client()

    response = browser.post(
        reverse("login") + "?next=" + link, {"username": "jsmith", "password": "correct horse battery staple"}
    )

    assert response["Location"] == link
    assert "Accept and join" in browser.get(link).content.decode()
    browser.post(link)
    assert someone.memberships.exists()


def test_accepting_leaves_an_audit_record_of_the_new_membership(invite):
    someone = UserFactory()
    link = invite()
    browser = Client()
    browser.force_login(someone)

    browser.post(link)

    member = Membership.objects.get(user=someone)
    assert LogEntry.objects.get_for_object(member).filter(actor=someone, action=LogEntry.Action.CREATE).exists()


def test_a_new_login_follows_the_password_rules_and_needs_a_free_username(invite):
    UserFactory(username="Taken")
    link = invite()
    browser = Client()

    short = create_login(browser, link, password1="short", password2="short")
    taken = create_login(browser, link, username="taken")
    different = create_login(browser, link, password2=PASSWORD + "!")
    odd = create_login(browser, link, username="jo smith!")

    assert short.status_code == taken.status_code == different.status_code == odd.status_code == 400
    assert "This password is too short" in short.content.decode() and 'value="short"' not in short.content.decode()
    assert "This username is taken. Choose another one." in taken.content.decode()
    assert "The two passwords are different." in different.content.decode()
    assert "A username can only contain letters, digits and the characters @ . + - _" in odd.content.decode()
    assert Invitation.objects.get().state() == Invitation.State.WAITING
    assert Membership.objects.count() == 1


def test_a_member_already_in_the_partnership_is_told_so_and_the_invitation_stays(invite, partnership):
    member = MembershipFactory(partnership=partnership, role=Role.SCRUTINY).user
    link = invite(role=Role.BUSINESS_MANAGER)
    browser = Client()
    browser.force_login(member)

    response = browser.post(link)

    assert response.status_code == 400
    assert f"You are already a member of {partnership.name}. Your role there has not changed." in (
        response.content.decode()
    )
    assert member.memberships.get().role == Role.SCRUTINY
    assert Invitation.objects.get().state() == Invitation.State.WAITING


# Links that no longer work


def test_a_used_link_says_so_and_joins_nobody_else(invite, partnership, security_figure):
    link = invite()
    create_login(Client(), link)
    second = UserFactory()
    browser = Client()
    browser.force_login(second)

    shown = browser.get(link).content.decode()
    posted = browser.post(link).content.decode()
    again = create_login(Client(), link, username="someone.else").content.decode()

    for page in (shown, posted, again):
        assert "This invitation has already been used" in page
    assert not second.memberships.exists()
    assert not User.objects.filter(username="someone.else").exists()
    security_figure("a used invitation link, posted again 2 times: 0 more members")


def test_an_expired_link_says_so(invite, partnership):
    link = invite()

    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        page = Client().get(link).content.decode()
        response = create_login(Client(), link)

    assert "This invitation has expired" in page
    assert "Ask the business manager who invited you to send it again." in page
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(username="jo.smith").exists()


def test_a_link_still_works_on_its_last_day(invite):
    link = invite()

    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        create_login(Client(), link)

    assert User.objects.filter(username="jo.smith").exists()


def test_a_withdrawn_link_says_so(client, invite, manager):
    link = invite()
    client.force_login(manager.user)

    response = client.post(reverse("manage:invitation_withdraw", args=[Invitation.objects.get().pk]), follow=True)
    client.logout()

    assert "The invitation to jo@example.org has been withdrawn. Its link no longer works." in (
        response.content.decode()
    )
    assert "Invitations not yet accepted" not in response.content.decode()
    page = Client().get(link).content.decode()
    assert "This invitation has been withdrawn" in page
    create_login(Client(), link)
    assert not User.objects.filter(username="jo.smith").exists()


def test_a_broken_link_says_so(invite, events):
    link = invite()

    page = Client().get(link[:-5] + "xxxx/").content.decode()

    assert [(event["outcome"], event["path"]) for event in events("invitation.refused")] == [
        ("unknown", "/invitations/[redacted]/")
    ]
    assert "This invitation link does not work" in page
    assert "Check that you opened or copied the whole link from the email." in page


def test_sending_again_gives_a_new_link_for_another_14_days_and_the_old_one_stops_working(
    client, invite, manager, django_capture_on_commit_callbacks
):
    old_link = invite()
    invitation = Invitation.objects.get()

    with time_machine.travel(timezone.now() + timedelta(days=20)):
        client.force_login(manager.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("manage:invitation_resend", args=[invitation.pk]), follow=True)
        new_link = link_in(mail.outbox[-1])
        assert "The invitation has been sent to jo@example.org again, with a new link." in response.content.decode()
        assert "This invitation link does not work" in Client().get(old_link).content.decode()
        create_login(Client(), new_link)

    assert new_link != old_link
    assert len(mail.outbox) == 2
    assert Membership.objects.filter(user__username="jo.smith").exists()


def test_an_accepted_invitation_cannot_be_sent_again_or_withdrawn(client, invite, manager):
    link = invite()
    create_login(Client(), link)
    invitation = Invitation.objects.get()
    client.force_login(manager.user)

    resent = client.post(reverse("manage:invitation_resend", args=[invitation.pk]), follow=True).content.decode()
    withdrawn = client.post(reverse("manage:invitation_withdraw", args=[invitation.pk]), follow=True).content.decode()

    assert "The invitation to jo@example.org is accepted: it cannot be sent again." in resent
    assert "The invitation to jo@example.org is accepted: it cannot be withdrawn." in withdrawn
    invitation.refresh_from_db()
    assert invitation.state() == Invitation.State.ACCEPTED and len(mail.outbox) == 1


def test_another_partnerships_manager_cannot_resend_or_withdraw_an_invitation(client, invite):
    invite()
    invitation = Invitation.objects.get()
    client.force_login(MembershipFactory(role=Role.BUSINESS_MANAGER).user)

    for name in ("manage:invitation_resend", "manage:invitation_withdraw"):
        assert client.post(reverse(name, args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state() == Invitation.State.WAITING and len(mail.outbox) == 1


# For single sign-on: accepting by a verified address


def test_pending_invitations_are_found_by_address_whatever_its_case(invite, partnership):
    invite(email="jo@example.org")
    waiting = Invitation.objects.get()

    assert list(Invitation.objects.pending_for_email(" JO@Example.org ")) == [waiting]
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert not Invitation.objects.pending_for_email("jo@example.org").exists()


def test_the_acceptance_service_refuses_an_invitation_used_already(invite, partnership):
    invite()
    invitation = Invitation.objects.get()
    first, second = UserFactory(), UserFactory()

    member = invitation_accept(invitation=invitation, user=first)

    assert (member.partnership, member.user, member.role) == (partnership, first, Role.SCRUTINY)
    with pytest.raises(InvitationUnusable) as refused:
        invitation_accept(invitation=invitation, user=second)
    assert refused.value.state == Invitation.State.ACCEPTED
    assert not second.memberships.exists()


# Security events


def test_inviting_accepting_withdrawing_and_refused_links_are_security_events_without_the_token(
    client, invite, manager, events, caplog, django_capture_on_commit_callbacks
):
    link = invite()
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        create_login(Client(), link)
    Client().get(link)
    second_link = invite(email="kath@example.org")
    client.force_login(manager.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("manage:invitation_withdraw", args=[Invitation.objects.get(email="kath@example.org").pk]))

    sent, accepted, refused = events("invitation.sent"), events("invitation.accepted"), events("invitation.refused")
    assert [(e["user"], e["invitation"], e["role"]) for e in sent][0] == (
        "darlington-manager",
        invitation.pk,
        "scrutiny",
    )
    assert [(e["member"], e["invitation"]) for e in accepted] == [("jo.smith", invitation.pk)]
    assert [(e["outcome"], e["invitation"]) for e in refused] == [("accepted", invitation.pk)]
    assert [e["outcome"] for e in events("invitation.withdrawn")] == ["withdrawn"]
    assert [e["member"] for e in events("membership.added")] == ["jo.smith"]
    logged = caplog.text + "".join(repr(vars(record)) for record in caplog.records)
    for secret in (link.strip("/").split("/")[-1], second_link.strip("/").split("/")[-1], PASSWORD):
        assert secret not in logged
    assert "jo@example.org" not in logged


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite lets one writer in at a time")
def test_one_link_accepted_at_the_same_moment_by_two_logins_joins_one(partnership, security_figure):
    invitation = Invitation(partnership=partnership, email="jo@example.org", first_name="Jo", last_name="Smith")
    invitation.role = Role.SCRUTINY
    link = reverse("agencies:invitation_accept", kwargs={"token": invitation.new_link()})
    invitation.save()
    browsers = []
    for _ in range(2):
        browser = Client(raise_request_exception=False)
        browser.force_login(UserFactory())
        browsers.append(browser)
    answers = post_at_once(browsers, [(link,)] * len(browsers))

    joined = Membership.objects.filter(partnership=partnership).exclude(role=Role.BUSINESS_MANAGER).count()
    security_figure(f"one invitation link accepted by 2 logins at the same moment: {joined} joined")
    assert joined == 1
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    assert "This invitation has already been used" in next(a for a in answers if a.status_code == 200).content.decode()
