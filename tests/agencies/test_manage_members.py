"""The business manager adds people to the partnership, changes their roles and removes them."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from agencies.models import Membership
from agencies.roles import Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Tangerine-lighthouse-42"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="manager")


@pytest.fixture
def partnership(manager):
    return manager.partnership


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager.user)
    return client


def new_person(**changes):
    data = {
        "username": "jo.smith",
        "first_name": "Jo",
        "last_name": "Smith",
        "email": "jo.smith@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
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


# Adding people


def test_manager_adds_a_new_person_who_can_then_sign_in(client, signed_in, manager, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(), follow=True)

    user = User.objects.get(username="jo.smith")
    assert (user.first_name, user.last_name, user.email) == ("Jo", "Smith", "jo.smith@example.com")
    membership = Membership.objects.get(user=user)
    assert (membership.partnership, membership.role, membership.agency) == (partnership, Role.SCRUTINY, None)
    assert response.redirect_chain == [(reverse("manage:member_list"), 302)]
    assert "Jo Smith has been added as a scrutiny member. They can sign in as jo.smith." in response.content.decode()
    assert LogEntry.objects.get_for_object(membership).filter(actor=manager.user).exists()
    assert LogEntry.objects.get_for_object(user).filter(actor=manager.user).exists()
    client.logout()
    assert client.login(request=HttpRequest(), username="jo.smith", password=PASSWORD)


def test_manager_adds_an_agency_lead_with_their_agency(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership)

    signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD, agency=agency.pk))

    membership = Membership.objects.get(user__username="jo.smith")
    assert (membership.role, membership.agency) == (Role.AGENCY_LEAD, agency)


def test_an_existing_username_adds_a_membership_without_a_new_user(signed_in, manager, partnership):
    existing = MembershipFactory(user__username="jcooke", user__first_name="Jenni", user__last_name="Cooke").user
    users_before = User.objects.count()

    response = signed_in.post(
        reverse("manage:member_create"),
        new_person(username="jcooke", first_name="", last_name="", email="", password1="", password2=""),
        follow=True,
    )

    assert User.objects.count() == users_before
    membership = Membership.objects.get(user=existing, partnership=partnership)
    assert membership.role == Role.SCRUTINY
    assert existing.memberships.count() == 2  # their other partnership is kept
    assert "Jenni Cooke already had a login, and has been added as a scrutiny member." in response.content.decode()
    assert LogEntry.objects.get_for_object(membership).filter(actor=manager.user).exists()


def test_adding_an_existing_username_never_changes_that_persons_login(client, signed_in, partnership):
    existing = UserFactory(username="jcooke", first_name="Jenni", email="jenni@example.com")

    signed_in.post(
        reverse("manage:member_create"),
        new_person(username="JCooke", first_name="Mallory", email="mallory@example.com", password1="x", password2="y"),
    )

    existing.refresh_from_db()
    assert (existing.first_name, existing.email) == ("Jenni", "jenni@example.com")
    assert Membership.objects.filter(user=existing, partnership=partnership).exists()
    assert not User.objects.filter(username="JCooke").exists()
    client.logout()
    assert client.login(request=HttpRequest(), username="jcooke", password="correct horse battery staple")


def test_a_person_already_in_the_partnership_is_not_added_twice(signed_in, partnership):
    MembershipFactory(partnership=partnership, user__username="jcooke", role=Role.SCRUTINY)

    response = signed_in.post(reverse("manage:member_create"), new_person(username="jcooke"))

    assert_refused(response, "jcooke is already a member of this partnership")
    assert Membership.objects.filter(user__username="jcooke").count() == 1


def test_a_new_persons_details_are_needed_and_what_was_typed_is_kept(signed_in, partnership):
    response = signed_in.post(
        reverse("manage:member_create"), new_person(first_name="", email="", password1="", password2="")
    )

    page = assert_refused(response, "Enter the person&#x27;s first name")
    assert "Enter the person&#x27;s email address" in page
    assert "Enter an initial password" in page
    assert 'value="jo.smith"' in page and 'value="Smith"' in page
    assert not User.objects.filter(username="jo.smith").exists()


def test_a_username_is_needed_and_a_role(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(username="", role=""))

    page = assert_refused(response, "Enter a username")
    assert "Choose the person&#x27;s role" in page
    assert 'value="jo.smith@example.com"' in page
    assert Membership.objects.count() == 1


def test_a_username_may_only_use_letters_digits_and_a_few_symbols(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(username="jo smith!"))

    assert_refused(response, "A username can only contain letters, digits and the characters @ . + - _")
    assert not User.objects.filter(first_name="Jo").exists()


def test_a_too_short_password_is_refused_and_not_shown_again(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(password1="short1", password2="short1"))

    page = assert_refused(response, "This password is too short")
    assert "short1" not in page
    assert not User.objects.filter(username="jo.smith").exists()


def test_a_password_like_the_username_is_refused(signed_in, partnership):
    response = signed_in.post(
        reverse("manage:member_create"),
        new_person(username="jo.smith.darlington", password1="jo.smith.darlington", password2="jo.smith.darlington"),
    )

    assert_refused(response, "The password is too similar to the username")
    assert not User.objects.filter(username="jo.smith.darlington").exists()


def test_the_two_passwords_must_match(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(password2=PASSWORD + "x"))

    assert_refused(response, "The passwords do not match")
    assert not User.objects.filter(username="jo.smith").exists()


def test_an_agency_lead_must_have_an_agency(signed_in, partnership):
    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD))

    assert_refused(response, "Choose the agency this lead updates actions for")
    assert not User.objects.filter(username="jo.smith").exists()


def test_only_agency_leads_have_an_agency(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership)

    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.SCRUTINY, agency=agency.pk))

    assert_refused(response, "Only agency leads belong to an agency")
    assert not User.objects.filter(username="jo.smith").exists()


def test_an_agency_from_another_partnership_cannot_be_chosen(signed_in, partnership):
    stranger = AgencyFactory()

    response = signed_in.post(reverse("manage:member_create"), new_person(role=Role.AGENCY_LEAD, agency=stranger.pk))

    assert_refused(response, "Choose one of this partnership&#x27;s agencies")
    assert not User.objects.filter(username="jo.smith").exists()


def test_html_in_a_new_persons_name_is_shown_as_text(signed_in, partnership):
    signed_in.post(reverse("manage:member_create"), new_person(first_name=SCRIPT))

    page = signed_in.get(reverse("manage:member_list")).content.decode()

    assert User.objects.get(username="jo.smith").first_name == SCRIPT
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


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
