import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Agency, Membership, Officer
from agencies.roles import Role
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OfficerFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_agency_lead_must_belong_to_an_agency():
    membership = Membership(user=UserFactory(), partnership=PartnershipFactory(), role=Role.AGENCY_LEAD)

    with pytest.raises(ValidationError, match="Choose the agency this lead updates actions for"):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.SCRUTINY])
def test_only_agency_leads_belong_to_an_agency(role):
    agency = AgencyFactory()
    membership = Membership(user=UserFactory(), partnership=agency.partnership, role=role, agency=agency)

    with pytest.raises(ValidationError, match="Only agency leads belong to an agency"):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_a_lead_cannot_lead_for_another_partnerships_agency():
    other_agency = AgencyFactory()
    membership = Membership(
        user=UserFactory(),
        partnership=PartnershipFactory(),
        role=Role.AGENCY_LEAD,
        agency=other_agency,
    )

    with pytest.raises(ValidationError, match="same partnership"):
        membership.full_clean()


def test_an_unknown_role_is_refused_as_a_field_error():
    membership = Membership(user=UserFactory(), partnership=PartnershipFactory(), role="chair")

    with pytest.raises(ValidationError) as refused:
        membership.full_clean()

    assert list(refused.value.message_dict) == ["role"]


def test_a_user_has_one_role_per_partnership_but_may_join_several_partnerships():
    membership = MembershipFactory(role=Role.SCRUTINY)
    MembershipFactory(user=membership.user, role=Role.BUSINESS_MANAGER)

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=membership.user, partnership=membership.partnership, role=Role.BUSINESS_MANAGER)


def test_roles_say_what_they_may_do():
    assert Role.BUSINESS_MANAGER.edits_plans
    assert not Role.AGENCY_LEAD.edits_plans
    assert not Role.SCRUTINY.edits_plans
    assert Role.AGENCY_LEAD.belongs_to_agency and not Role.SCRUTINY.belongs_to_agency
    assert Role.SCRUTINY.description == "Reads plans and dashboards; changes nothing."


def test_agency_short_names_are_unique_within_a_partnership_only():
    agency = AgencyFactory(short_name="DBC")
    AgencyFactory(short_name="DBC")  # another partnership

    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(partnership=agency.partnership, short_name="DBC")


def test_an_officer_can_be_a_role_with_no_named_person():
    officer = OfficerFactory(name="", job_title="Director of Nursing")

    assert officer.name == ""
    assert str(officer) == "Director of Nursing (role)"


def test_an_officer_needs_a_name_or_a_role():
    officer = Officer(partnership=PartnershipFactory(), name="", job_title="")

    with pytest.raises(ValidationError, match="Give the officer's name, or the role the plan names"):
        officer.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        officer.save()


def test_named_officer_shows_name_and_job_title():
    assert str(OfficerFactory(name="Jenni Cooke", job_title="Assistant Director")) == "Jenni Cooke (Assistant Director)"
    assert str(OfficerFactory(name="Kath Vasey", job_title="")) == "Kath Vasey"


def test_officer_agency_and_agency_lead_officer_stay_in_one_partnership():
    agency = AgencyFactory()
    stranger = OfficerFactory()

    with pytest.raises(ValidationError, match="same partnership"):
        Officer(partnership=stranger.partnership, agency=agency, name="X").full_clean()
    agency.lead_officer = stranger
    with pytest.raises(ValidationError, match="lead officer must work in this partnership"):
        agency.full_clean()


def test_agency_kinds_cover_the_bodies_plans_name():
    assert {kind.label for kind in Agency.Kind} == {
        "Local authority",
        "Health commissioner",
        "Health provider",
        "Police",
        "Education",
        "Other",
    }
