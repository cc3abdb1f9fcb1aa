"""The business manager lists, adds and changes the partnership's agencies, officers and forums."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Agency, Forum, Officer
from agencies.roles import Role
from tests.factories import AgencyFactory, ForumFactory, MembershipFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def audited_by(obj, user) -> bool:
    return LogEntry.objects.get_for_object(obj).filter(actor=user).exists()


def page_of(response) -> str:
    return response.content.decode()


def assert_refused(response, message, kept=()):
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message in page
    for value in kept:
        assert f'value="{value}"' in page


# Agencies


def test_manager_sees_the_partnerships_agencies(signed_in, partnership):
    officer = OfficerFactory(partnership=partnership, name="Jenni Cooke", job_title="Assistant Director")
    AgencyFactory(partnership=partnership, name="Darlington Borough Council", short_name="DBC", lead_officer=officer)
    AgencyFactory(name="Elsewhere Council")

    page = signed_in.get(reverse("manage:agency_list")).content.decode()

    assert "Darlington Borough Council" in page and "DBC" in page and "Local authority" in page
    assert "Jenni Cooke (Assistant Director)" in page
    assert "Elsewhere Council" not in page
    assert 'Change<span class="govuk-visually-hidden"> Darlington Borough Council</span>' in page


def test_manager_adds_an_agency(signed_in, manager, partnership):
    officer = OfficerFactory(partnership=partnership, name="Jenni Cooke")

    response = signed_in.post(
        reverse("manage:agency_create"),
        {
            "name": "Darlington Borough Council",
            "short_name": "DBC",
            "kind": "local_authority",
            "lead_officer": officer.pk,
        },
        follow=True,
    )

    agency = Agency.objects.get(partnership=partnership)
    assert (agency.name, agency.short_name, agency.kind, agency.lead_officer) == (
        "Darlington Borough Council",
        "DBC",
        Agency.Kind.LOCAL_AUTHORITY,
        officer,
    )
    assert response.redirect_chain == [(reverse("manage:agency_list"), 302)]
    assert "The agency has been added." in page_of(response)
    assert audited_by(agency, manager.user)


def test_manager_changes_an_agency(signed_in, manager, partnership):
    agency = AgencyFactory(partnership=partnership, name="Darlington PCT", short_name="PCT")

    form = signed_in.get(reverse("manage:agency_edit", args=[agency.pk])).content.decode()
    response = signed_in.post(
        reverse("manage:agency_edit", args=[agency.pk]),
        {"name": "County Durham and Darlington CCG", "short_name": "CCG", "kind": "health_commissioner"},
        follow=True,
    )

    assert 'value="Darlington PCT"' in form
    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.kind) == (
        "County Durham and Darlington CCG",
        "CCG",
        Agency.Kind.HEALTH_COMMISSIONER,
    )
    assert "The agency has been saved." in page_of(response)
    assert LogEntry.objects.get_for_object(agency).filter(actor=manager.user, changes__icontains="CCG").exists()


def test_an_agency_needs_a_name_short_name_and_kind(signed_in, partnership):
    response = signed_in.post(reverse("manage:agency_create"), {"name": "Durham Constabulary", "short_name": ""})

    assert_refused(response, "Enter the agency&#x27;s short name", kept=["Durham Constabulary"])
    assert "Choose the kind of agency" in response.content.decode()
    assert not Agency.objects.exists()


def test_an_agency_short_name_is_refused_if_already_used_in_the_partnership(signed_in, partnership):
    AgencyFactory(partnership=partnership, short_name="DBC")

    response = signed_in.post(
        reverse("manage:agency_create"), {"name": "Another council", "short_name": "DBC", "kind": "local_authority"}
    )

    assert_refused(response, "The partnership already has an agency with this short name", kept=["Another council"])
    assert Agency.objects.filter(partnership=partnership).count() == 1


def test_an_agency_can_keep_its_own_short_name_when_changed(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership, short_name="DBC")

    response = signed_in.post(
        reverse("manage:agency_edit", args=[agency.pk]), {"name": "New name", "short_name": "DBC", "kind": "other"}
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "New name"


def test_another_partnership_may_use_the_same_short_name(signed_in, partnership):
    AgencyFactory(short_name="DBC")

    response = signed_in.post(
        reverse("manage:agency_create"), {"name": "Council", "short_name": "DBC", "kind": "local_authority"}
    )

    assert response.status_code == 302
    assert Agency.objects.filter(partnership=partnership, short_name="DBC").exists()


def test_an_agency_lead_officer_cannot_come_from_another_partnership(signed_in, partnership):
    stranger = OfficerFactory()

    response = signed_in.post(
        reverse("manage:agency_create"),
        {"name": "Council", "short_name": "DBC", "kind": "local_authority", "lead_officer": stranger.pk},
    )

    assert_refused(response, "Choose one of this partnership&#x27;s officers")
    assert not Agency.objects.filter(partnership=partnership).exists()


def test_html_in_an_agency_name_is_shown_as_text(signed_in, partnership):
    signed_in.post(reverse("manage:agency_create"), {"name": SCRIPT, "short_name": "X", "kind": "other"})

    page = signed_in.get(reverse("manage:agency_list")).content.decode()

    assert Agency.objects.get(partnership=partnership).name == SCRIPT
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


# Officers


def test_manager_sees_the_partnerships_officers_and_roles(signed_in, partnership):
    agency = AgencyFactory(partnership=partnership, short_name="DBC")
    OfficerFactory(partnership=partnership, agency=agency, name="Jenni Cooke", email="jenni@example.com")
    OfficerFactory(partnership=partnership, name="", job_title="Director of Nursing")
    OfficerFactory(name="Someone Elsewhere")

    page = signed_in.get(reverse("manage:officer_list")).content.decode()

    assert "Jenni Cooke" in page and "jenni@example.com" in page and "DBC" in page
    assert "Director of Nursing" in page and "Role only" in page
    assert "Someone Elsewhere" not in page


def test_manager_adds_a_named_officer_linked_to_a_members_login(signed_in, manager, partnership):
    agency = AgencyFactory(partnership=partnership)
    member = MembershipFactory(partnership=partnership, user__first_name="Jenni", user__last_name="Cooke").user

    response = signed_in.post(
        reverse("manage:officer_create"),
        {
            "name": "Jenni Cooke",
            "job_title": "Assistant Director",
            "agency": agency.pk,
            "email": "jenni.cooke@example.com",
            "phone": "01325 000000",
            "user": member.pk,
        },
        follow=True,
    )

    officer = Officer.objects.get(partnership=partnership)
    assert (officer.name, officer.job_title, officer.agency, officer.email, officer.phone, officer.user) == (
        "Jenni Cooke",
        "Assistant Director",
        agency,
        "jenni.cooke@example.com",
        "01325 000000",
        member,
    )
    assert "The officer has been added." in page_of(response)
    assert audited_by(officer, manager.user)


def test_manager_adds_a_role_with_no_named_person(signed_in, partnership):
    response = signed_in.post(reverse("manage:officer_create"), {"name": "", "job_title": "Director of Nursing"})

    assert response.status_code == 302
    officer = Officer.objects.get(partnership=partnership)
    assert officer.name == "" and officer.job_title == "Director of Nursing"


def test_an_officer_needs_a_name_or_a_role(signed_in, partnership):
    response = signed_in.post(reverse("manage:officer_create"), {"name": "", "job_title": "", "phone": "01325"})

    assert_refused(response, "Give the officer&#x27;s name, or the role the plan names.", kept=["01325"])
    assert not Officer.objects.exists()


def test_an_officers_email_address_must_look_like_one(signed_in, partnership):
    response = signed_in.post(reverse("manage:officer_create"), {"name": "Kath Vasey", "email": "kath at example"})

    assert_refused(response, "Enter an email address in the correct format", kept=["Kath Vasey", "kath at example"])
    assert not Officer.objects.exists()


def test_manager_changes_an_officer(signed_in, manager, partnership):
    officer = OfficerFactory(partnership=partnership, name="Kath Vasey", job_title="Service Manager")

    response = signed_in.post(
        reverse("manage:officer_edit", args=[officer.pk]),
        {"name": "Kath Vasey", "job_title": "Head of Service", "email": "kath@example.com"},
        follow=True,
    )

    officer.refresh_from_db()
    assert (officer.job_title, officer.email) == ("Head of Service", "kath@example.com")
    assert "The officer has been saved." in page_of(response)
    assert LogEntry.objects.get_for_object(officer).filter(actor=manager.user).exists()


def test_an_officer_cannot_be_put_in_another_partnerships_agency(signed_in, partnership):
    stranger_agency = AgencyFactory()

    response = signed_in.post(reverse("manage:officer_create"), {"name": "Kath Vasey", "agency": stranger_agency.pk})

    assert_refused(response, "Choose one of this partnership&#x27;s agencies")
    assert not Officer.objects.exists()


def test_an_officer_can_only_be_linked_to_a_login_of_this_partnership(signed_in, partnership):
    outsider = MembershipFactory().user  # a member of another partnership only
    no_membership = UserFactory()

    for user in (outsider, no_membership):
        response = signed_in.post(reverse("manage:officer_create"), {"name": "Kath Vasey", "user": user.pk})
        assert_refused(response, "Choose the login of a member of this partnership")
    assert not Officer.objects.exists()


def test_a_login_already_linked_to_another_officer_is_not_offered(signed_in, partnership):
    member = MembershipFactory(partnership=partnership, user__username="linked.member").user
    MembershipFactory(partnership=partnership, user__username="free.member")
    OfficerFactory(partnership=partnership, user=member)

    form = signed_in.get(reverse("manage:officer_create")).content.decode()
    response = signed_in.post(reverse("manage:officer_create"), {"name": "Kath Vasey", "user": member.pk})

    assert "free.member" in form and "linked.member" not in form
    assert_refused(response, "Choose the login of a member of this partnership")
    assert Officer.objects.filter(user=member).count() == 1


def test_an_officer_keeps_their_own_login_when_changed(signed_in, partnership):
    member = MembershipFactory(partnership=partnership).user
    officer = OfficerFactory(partnership=partnership, user=member)

    response = signed_in.post(
        reverse("manage:officer_edit", args=[officer.pk]), {"name": "New name", "job_title": "", "user": member.pk}
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.name, officer.user) == ("New name", member)


def test_html_in_an_officer_name_is_shown_as_text(signed_in, partnership):
    OfficerFactory(partnership=partnership, name=SCRIPT)

    page = signed_in.get(reverse("manage:officer_list")).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


# Forums


def test_manager_sees_the_partnerships_forums(signed_in, partnership):
    ForumFactory(partnership=partnership, name="LSCB Board")
    ForumFactory(name="Another Board")

    page = signed_in.get(reverse("manage:forum_list")).content.decode()

    assert "LSCB Board" in page
    assert "Another Board" not in page


def test_manager_adds_a_forum(signed_in, manager, partnership):
    response = signed_in.post(reverse("manage:forum_create"), {"name": "Quality Assurance Sub-group"}, follow=True)

    forum = Forum.objects.get(partnership=partnership)
    assert forum.name == "Quality Assurance Sub-group"
    assert response.redirect_chain == [(reverse("manage:forum_list"), 302)]
    assert "The forum has been added." in page_of(response)
    assert audited_by(forum, manager.user)


def test_manager_changes_a_forum(signed_in, manager, partnership):
    forum = ForumFactory(partnership=partnership, name="QA Sub-group")

    response = signed_in.post(reverse("manage:forum_edit", args=[forum.pk]), {"name": "Performance Group"}, follow=True)

    forum.refresh_from_db()
    assert forum.name == "Performance Group"
    assert "The forum has been saved." in page_of(response)
    assert LogEntry.objects.get_for_object(forum).filter(actor=manager.user, changes__icontains="Performance").exists()


def test_a_forum_needs_a_name(signed_in, partnership):
    response = signed_in.post(reverse("manage:forum_create"), {"name": ""})

    assert_refused(response, "Enter the forum&#x27;s name")
    assert not Forum.objects.exists()


def test_a_forum_name_is_refused_if_already_used_in_the_partnership(signed_in, partnership):
    ForumFactory(partnership=partnership, name="LSCB Board")

    response = signed_in.post(reverse("manage:forum_create"), {"name": "LSCB Board"})

    assert_refused(response, "The partnership already has a forum with this name", kept=["LSCB Board"])
    assert Forum.objects.count() == 1


def test_html_in_a_forum_name_is_shown_as_text(signed_in, partnership):
    signed_in.post(reverse("manage:forum_create"), {"name": SCRIPT})

    page = signed_in.get(reverse("manage:forum_list")).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


@pytest.mark.security("member invitations")
def test_an_officer_linked_to_a_login_of_another_partnership_is_invalid_however_it_is_saved(partnership):
    sunderland_manager = MembershipFactory(role=Role.BUSINESS_MANAGER).user
    officer = OfficerFactory(partnership=partnership)

    officer.user = sunderland_manager
    with pytest.raises(ValidationError) as refused:
        officer.full_clean()

    assert refused.value.message_dict == {"user": ["The login must be a member of this partnership."]}
    MembershipFactory(partnership=partnership, user=sunderland_manager)
    officer.full_clean()  # a member of this partnership (too) may be linked


def test_an_officer_whose_login_left_the_partnership_says_so_when_changed(signed_in, partnership):
    leaver = UserFactory()
    officer = OfficerFactory(partnership=partnership, user=leaver)

    response = signed_in.post(
        reverse("manage:officer_edit", args=[officer.pk]), {"name": "New name", "job_title": "", "user": leaver.pk}
    )

    assert_refused(response, "The login must be a member of this partnership.")
    officer.refresh_from_db()
    assert officer.name != "New name"
