"""The business manager invites people to the partnership, changes their roles and removes them;
they manage the logins themselves only of people who are in this partnership alone."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Invitation, Membership
from agencies.roles import Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.two_factor import authenticator

pytestmark = pytest.mark.django_db

User = get_user_model()
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="manager")


def new_person(**changes):
    data = {
        "first_name": "Jo",
        "last_name": "Smith",
        "email": "jo.smith@example.com",
        "role": Role.SCRUTINY,
        "agency": "",
    }
    return data | changes


def assert_refused(response, message):
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message in page
    return page


# The list


def test_manager_sees_the_partnerships_members_and_their_roles(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership, short_name="DBC")
    MembershipFactory(
        partnership=partnership,
        role=Role.AGENCY_LEAD,
        agency=agency,
        user__username="jcooke",
        user__first_name="Jenni",
        user__last_name="Cooke",
        user__email="jenni@example.com",
    )
    MembershipFactory(user__username="elsewhere")

    page = signed_in.get(reverse("manage:member_list")).content.decode()

    for shown in ("Jenni Cooke", "jcooke", "jenni@example.com", "Agency lead", "DBC", "Business manager"):
        assert shown in page
    assert "elsewhere" not in page
    assert "This is you" in page


# Inviting people


def test_manager_invites_a_person_by_email_and_no_login_is_made(
    signed_in, manager, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("manage:member_create"), new_person(), follow=True)

    invitation = Invitation.objects.get(partnership=partnership)
    assert (invitation.email, invitation.first_name, invitation.last_name) == ("jo.smith@example.com", "Jo", "Smith")
    assert (invitation.role, invitation.agency, invitation.invited_by) == (Role.SCRUTINY, None, manager.user)
    assert invitation.state() == Invitation.State.WAITING
    assert User.objects.count() == users_before
    assert Membership.objects.filter(partnership=partnership).count() == 1
    assert response.redirect_chain == [(reverse("manage:member_list"), 302)]
    page = response.content.decode()
    assert "An invitation has been sent to jo.smith@example.com." in page
    assert "Invitations not yet accepted" in page and "Jo Smith" in page
    [message] = mailoutbox
    assert message.to == ["jo.smith@example.com"]
    assert "/invitations/" in message.body
    assert LogEntry.objects.get_for_object(invitation).filter(actor=manager.user).exists()


def test_manager_invites_an_agency_lead_with_their_agency(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership)

    signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD, agency=agency.pk))

    invitation = Invitation.objects.get(email="jo.smith@example.com")
    assert (invitation.role, invitation.agency) == (Role.AGENCY_LEAD, agency)


@pytest.mark.security("member invitations")
def test_the_answer_is_the_same_whether_or_not_a_login_has_the_address(
    signed_in, partnership, mailoutbox, django_capture_on_commit_callbacks, security_figure
):
    MembershipFactory(user__username="sunderland-manager", user__email="known@example.org", role=Role.BUSINESS_MANAGER)
    UserFactory(username="demo-operator", email="operator@example.org", is_staff=True, is_superuser=True)
    answers = []
    for address in ("known@example.org", "operator@example.org", "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reverse("manage:member_create"), new_person(email=address), follow=True)
        answers.append((response.status_code, response.content.decode().replace(address, "ADDRESS")))

    assert answers[0][0] == 200
    shown = [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page) for _status, page in answers]
    shown = [re.sub(r"<tbody.*</tbody>", "", page, flags=re.S) for page in shown]  # the list grows each time
    security_figure(f"3 addresses (another partnership's manager, an operator, unknown): {len(set(shown))} answer")
    assert shown[0] == shown[1] == shown[2]
    assert len(mailoutbox) == 3
    assert [message.body.count("/invitations/") for message in mailoutbox] == [1, 1, 1]
    assert not Membership.objects.filter(partnership=partnership, user__username__in=["sunderland-manager"]).exists()


@pytest.mark.security("member invitations")
def test_darlington_cannot_add_sunderland_manager_or_the_operator_by_username(client, security_figure):
    darlington = MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="darlington-manager")
    sunderland = MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="sunderland-manager")
    operator = UserFactory(username="demo-operator", is_staff=True, is_superuser=True)
    client.force_login(darlington.user)
    answers, taken, revealed = {}, 0, 0
    for username in ("sunderland-manager", "demo-operator", "no-such-login"):
        attack = {"username": username, "role": Role.SCRUTINY, "agency": "", "first_name": "", "last_name": ""}
        response = client.post(reverse("manage:member_create"), attack, follow=True)
        page = response.content.decode()
        answers[username] = re.sub(r'name="(csrfmiddlewaretoken|submission)" value="[^"]+"', "", page)
        revealed += "already had a login" in page or "is already a member" in page
    for user in (sunderland.user, operator):
        taken += Membership.objects.filter(user=user, partnership=darlington.partnership).exists()

    security_figure(f"{2 - taken} of 2 logins of others added by username refused; {revealed} logins revealed")
    assert taken == 0
    assert revealed == 0
    assert answers["sunderland-manager"] == answers["demo-operator"] == answers["no-such-login"]


def test_a_person_already_in_the_partnership_is_not_invited_again(signed_in, partnership):
    MembershipFactory(partnership=partnership, user__username="jcooke", user__email="jenni@example.com")

    response = signed_in.post(reverse("manage:member_create"), new_person(email="Jenni@EXAMPLE.com"))

    assert_refused(response, "is already the email address of a member of this partnership")
    assert not Invitation.objects.exists()


def test_an_address_with_an_invitation_waiting_is_not_invited_twice(signed_in, partnership):
    signed_in.post(reverse("manage:member_create"), new_person())

    response = signed_in.post(reverse("manage:member_create"), new_person(email="JO.SMITH@example.com"))

    assert_refused(response, "An invitation to JO.SMITH@example.com is already waiting.")
    assert Invitation.objects.count() == 1


def test_a_name_an_address_and_a_role_are_needed_and_what_was_typed_is_kept(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(first_name="", email="", role=""))

    page = assert_refused(response, "Enter the person&#x27;s first name")
    assert "Enter the person&#x27;s email address" in page
    assert "Choose the person&#x27;s role" in page
    assert 'value="Smith"' in page
    assert not Invitation.objects.exists()


def test_an_address_must_look_like_one(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(email="jo at example"))

    assert_refused(response, "Enter an email address in the correct format, like name@example.com")
    assert not Invitation.objects.exists()


def test_an_agency_lead_must_have_an_agency(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD))

    assert_refused(response, "Choose the agency this lead updates actions for")
    assert not Invitation.objects.exists()


def test_only_agency_leads_have_an_agency(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership)

    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.SCRUTINY, agency=agency.pk))

    assert_refused(response, "Only agency leads belong to an agency")
    assert not Invitation.objects.exists()


def test_an_agency_from_another_partnership_cannot_be_chosen(signed_in, partnership):
    stranger = AgencyFactory()

    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD, agency=stranger.pk))

    assert_refused(response, "Choose one of this partnership&#x27;s agencies")
    assert not Invitation.objects.exists()


def test_html_in_an_invited_persons_name_is_shown_as_text(signed_in, partnership):
    signed_in.post(reverse("manage:member_create"), new_person(first_name=SCRIPT))

    page = signed_in.get(reverse("manage:member_list")).content.decode()

    assert Invitation.objects.get().first_name == SCRIPT
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


# Logins that are not this partnership's alone


def member_also_elsewhere(partnership, **user):
    """A member of `partnership` whose login is also the business manager's of another."""
    member = MembershipFactory(partnership=partnership, role=Role.SCRUTINY, **user)
    MembershipFactory(user=member.user, role=Role.BUSINESS_MANAGER)
    return member


@pytest.mark.security("member invitations")
def test_manager_cannot_reset_two_factor_of_a_login_in_another_partnership_or_an_operators(
    signed_in, partnership, security_figure
):
    others = [
        member_also_elsewhere(partnership, user__username="sunderland-manager"),
        MembershipFactory(partnership=partnership, user__username="demo-operator", user__is_staff=True),
        MembershipFactory(partnership=partnership, user__username="root", user__is_superuser=True),
    ]
    devices = [authenticator(member.user) for member in others]

    answers = [signed_in.post(reverse("manage:member_two_factor_reset", args=[m.pk]), follow=True) for m in others]

    kept = TOTPDevice.objects.filter(pk__in=[device.pk for device in devices]).count()
    security_figure(f"{kept} of {len(others)} two-factor resets of logins that are not the partnership's alone refused")
    assert kept == len(others)
    for member, response in zip(others, answers, strict=True):
        assert f"{member.user.username}&#x27;s login is also a member of another partnership, or an operator" in (
            response.content.decode()
        )
    page = signed_in.get(reverse("manage:member_list")).content.decode()
    assert page.count("Set up · managed by Assure's operators") == len(others)
    for member in others:
        assert reverse("manage:member_two_factor_reset", args=[member.pk]) not in page


def test_manager_resets_two_factor_of_a_login_of_this_partnership_alone(signed_in, partnership):
    member = MembershipFactory(partnership=partnership, user__first_name="Kath")
    authenticator(member.user)

    page = signed_in.get(reverse("manage:member_list")).content.decode()
    response = signed_in.post(reverse("manage:member_two_factor_reset", args=[member.pk]), follow=True)

    assert reverse("manage:member_two_factor_reset", args=[member.pk]) in page
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    assert "Kath&#x27;s two-factor authentication has been reset." in response.content.decode()


def test_manager_may_change_the_role_of_a_member_who_is_also_elsewhere(signed_in, partnership):
    member = member_also_elsewhere(partnership)

    page = signed_in.get(reverse("manage:member_edit", args=[member.pk])).content.decode()
    signed_in.post(reverse("manage:member_edit", args=[member.pk]), {"role": Role.BUSINESS_MANAGER})

    assert "Their login is also a member of another partnership, or an operator of Assure" in page
    member.refresh_from_db()
    assert member.role == Role.BUSINESS_MANAGER
    assert member.user.memberships.exclude(pk=member.pk).get().role == Role.BUSINESS_MANAGER


def test_manager_may_remove_a_member_who_is_also_elsewhere_and_their_other_partnership_stays(signed_in, partnership):
    member = member_also_elsewhere(partnership)

    signed_in.post(reverse("manage:member_remove", args=[member.pk]))

    assert list(member.user.memberships.values_list("role", flat=True)) == [Role.BUSINESS_MANAGER]


# Changing roles


def test_manager_makes_a_scrutiny_member_an_agency_lead(signed_in, manager, partnership):
    agency = AgencyFactory(partnership=partnership)
    member = MembershipFactory(partnership=partnership, role=Role.SCRUTINY, user__first_name="Kath")

    response = signed_in.post(
        reverse("manage:member_edit", args=[member.pk]), {"role": Role.AGENCY_LEAD, "agency": agency.pk}, follow=True
    )

    member.refresh_from_db()
    assert (member.role, member.agency) == (Role.AGENCY_LEAD, agency)
    assert "Kath&#x27;s role has been saved." in response.content.decode()
    assert LogEntry.objects.get_for_object(member).filter(actor=manager.user, changes__icontains="agency_lead").exists()


def test_changing_a_lead_to_scrutiny_needs_the_agency_cleared(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership)
    member = MembershipFactory(partnership=partnership, role=Role.AGENCY_LEAD, agency=agency)

    response = signed_in.post(
        reverse("manage:member_edit", args=[member.pk]), {"role": Role.SCRUTINY, "agency": agency.pk}
    )

    assert_refused(response, "Only agency leads belong to an agency")
    member.refresh_from_db()
    assert member.role == Role.AGENCY_LEAD


def test_a_manager_cannot_change_their_own_role(signed_in, manager):
    response = signed_in.post(reverse("manage:member_edit", args=[manager.pk]), {"role": Role.SCRUTINY})

    assert_refused(response, "You cannot change your own role. Ask another business manager to change it.")
    manager.refresh_from_db()
    assert manager.role == Role.BUSINESS_MANAGER


# Removing people


def test_manager_removes_a_member_but_not_their_login(signed_in, manager, partnership):
    member = MembershipFactory(partnership=partnership, user__first_name="Kath", user__last_name="Vasey")
    elsewhere = MembershipFactory(user=member.user)
    pk = member.pk

    response = signed_in.post(reverse("manage:member_remove", args=[pk]), follow=True)

    assert not Membership.objects.filter(pk=pk).exists()
    assert User.objects.filter(pk=member.user.pk).exists()
    assert Membership.objects.filter(pk=elsewhere.pk).exists()
    assert "Kath Vasey has been removed from the partnership." in response.content.decode()
    assert LogEntry.objects.get(object_pk=str(pk), action=LogEntry.Action.DELETE).actor == manager.user


def test_a_manager_cannot_remove_themselves(signed_in, manager):
    response = signed_in.post(reverse("manage:member_remove", args=[manager.pk]), follow=True)

    assert Membership.objects.filter(pk=manager.pk).exists()
    assert "You cannot remove yourself from the partnership." in response.content.decode()


def test_removing_a_member_needs_a_post(signed_in, partnership):
    member = MembershipFactory(partnership=partnership)

    assert signed_in.get(reverse("manage:member_remove", args=[member.pk])).status_code == 405
    assert Membership.objects.filter(pk=member.pk).exists()
