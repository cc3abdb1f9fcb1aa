"""A plan imported into a partnership with no agencies yet: the agencies its column groups, lead
labels and recommendation wording name are proposed, listed in the preview and created by the
import with the officers, each officer in their agency."""

import io

import pytest
from django.urls import reverse

from actionplans.models import Action
from agencies.models import Agency, Officer
from agencies.roles import Role
from imports.apply import import_plan
from imports.interpret import read_plan
from imports.mapping import propose_mapping
from imports.models import ImportBatch
from imports.readers import read_upload
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.imports.test_import_pages import AS_AT, upload

pytestmark = pytest.mark.django_db

SPLIT_PLAN_CSV = (
    "Recommendation,Outcome LA,Action LA,Evidence LA,Lead Officer,"
    "Outcome Health,Actions Health,Evidence Health,Health Lead,Health Reference\n"
    "Ensure that referrals are acknowledged within a day.,Referrals acknowledged,Introduce a tracking log,"
    "Monthly report,Jane Smith,Health referrals on time,Use the single point of contact,Audit,Ann Lee,H1\n"
    "Ensure that assessments record the child's views.,Views recorded,Change the template,Audit,John Brown,"
    "Health views recorded,Train health visitors,Training record,Designated Nurse,H2\n"
)


def read(data: str, partnership, **choices):
    table = read_upload(io.BytesIO(data.encode()), "plan.csv").tables[0]
    mapping = propose_mapping(table, partnership.agencies.all())
    for name, value in choices.items():
        setattr(mapping, name, value)
    return read_plan(table, mapping, agencies=partnership.agencies.all(), officers=[], forums=[])


def imported(proposal, partnership):
    return import_plan(partnership=partnership, proposal=proposal, user=None, source="plan.csv", title="Plan").plan


def leads_by_action(plan) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [
        (
            action.text,
            action.agency.short_name,
            [
                (lead.name or lead.job_title, lead.agency.short_name if lead.agency else "")
                for lead in action.leads.all()
            ],
        )
        for action in Action.objects.filter(recommendation__section__plan=plan).in_plan_order()
    ]


class TestASplitPlanIntoANewPartnership:
    def test_the_parts_become_agencies_and_each_part_keeps_its_own_leads(self):
        partnership = PartnershipFactory()

        plan = imported(read(SPLIT_PLAN_CSV, partnership), partnership)

        assert sorted(Agency.objects.filter(partnership=partnership).values_list("short_name", "kind")) == [
            ("Health", "health_commissioner"),
            ("LA", "local_authority"),
        ]
        assert leads_by_action(plan) == [
            ("Introduce a tracking log", "LA", [("Jane Smith", "LA")]),
            ("Use the single point of contact", "Health", [("Ann Lee", "Health")]),
            ("Change the template", "LA", [("John Brown", "LA")]),
            ("Train health visitors", "Health", [("Designated Nurse", "Health")]),
        ]

    def test_the_preview_lists_the_agencies_and_officers_it_will_create(self, client):
        partnership = PartnershipFactory()
        proposal = read(SPLIT_PLAN_CSV, partnership)

        assert [agency["short_name"] for agency in proposal.new_agencies] == ["LA", "Health"]
        assert [(officer["name"] or officer["job_title"], officer["agency"]) for officer in proposal.new_officers] == [
            ("Jane Smith", "LA"),
            ("Ann Lee", "Health"),
            ("John Brown", "LA"),
            ("Designated Nurse", "Health"),
        ]


def test_a_new_short_name_for_actions_that_name_no_agency_creates_that_agency():
    partnership = PartnershipFactory()
    plan_csv = "Action,Lead\nAudit case files,Jane Smith\nTrain staff,Head of Service\n"

    plan = imported(read(plan_csv, partnership, default_agency="LA"), partnership)

    assert Agency.objects.get(partnership=partnership).short_name == "LA"
    assert {action[1] for action in leads_by_action(plan)} == {"LA"}


def test_leads_the_file_gives_no_agency_work_for_the_agency_of_their_action():
    partnership = PartnershipFactory()
    plan_csv = "Action,Agency,Lead\nAudit case files,Police,Jane Smith\nTrain staff,Council,Head of Service\n"

    plan = imported(read(plan_csv, partnership), partnership)

    assert leads_by_action(plan) == [
        ("Audit case files", "Police", [("Jane Smith", "Police")]),
        ("Train staff", "Council", [("Head of Service", "Council")]),
    ]


def test_where_the_file_names_some_leads_agencies_a_lead_it_leaves_unnamed_has_none():
    partnership = PartnershipFactory()
    plan_csv = "Action,Agency,Lead\nAudit case files,Police,Jane Smith (Council)\nTrain staff,Police,Ann Lee\n"

    plan = imported(read(plan_csv, partnership), partnership)

    assert leads_by_action(plan) == [
        ("Audit case files", "Police", [("Jane Smith", "Council")]),
        ("Train staff", "Police", [("Ann Lee", "")]),
    ]


def test_actions_that_name_no_agency_go_to_the_organisation_the_title_names_as_the_plans_owner():
    partnership = PartnershipFactory()
    plan_csv = "Kestrelford Borough Council: ILACS Improvement Plan\nAction,Lead\nAudit case files,Jane Smith\n"

    proposal = read(plan_csv, partnership)
    plan = imported(proposal, partnership)

    assert [problem for problem in proposal.problems if problem.blocking] == []
    assert any("given to Kestrelford Borough Council" in str(reading) for reading in proposal.readings)
    assert leads_by_action(plan) == [("Audit case files", "KBC", [("Jane Smith", "KBC")])]


def test_leads_labelled_by_agency_are_created_in_their_agencies():
    partnership = PartnershipFactory()
    plan_csv = 'Action,Lead\nAudit case files,"PCT Lead: Jane Smith CDDFT Lead: John Brown"\n'

    imported(read(plan_csv, partnership), partnership)

    assert sorted(Officer.objects.filter(partnership=partnership).values_list("name", "agency__short_name")) == [
        ("Jane Smith", "PCT"),
        ("John Brown", "CDDFT"),
    ]


def test_the_agencies_a_recommendation_asks_to_act_are_proposed_from_its_wording():
    partnership = PartnershipFactory()
    plan_csv = (
        "Recommendation,Action\n"
        "NHS Darlington should ensure that health assessments are timely.,Track assessments\n"
        '"The Council and NHS Darlington should agree a joint protocol.",Write the protocol\n'
    )

    proposal = read(plan_csv, partnership, default_agency="LA")

    first, second = proposal.plan["sections"][0]["recommendations"]
    assert [agency["name"] for agency in proposal.new_agencies] == ["NHS Darlington", "Council", "LA"]
    assert first["agencies"] == ["ND"]
    assert second["agencies"] == ["Council", "ND"]


def test_wording_naming_the_partnerships_own_agency_is_matched_to_it():
    partnership = PartnershipFactory()
    AgencyFactory(partnership=partnership, short_name="DBC", name="Darlington Borough Council")
    plan_csv = "Recommendation,Action\nThe council should hold core groups regularly.,Schedule core groups\n"

    proposal = read(plan_csv, partnership)

    assert proposal.plan["sections"][0]["recommendations"][0]["agencies"] == ["DBC"]
    assert proposal.new_agencies == []


def test_a_manager_of_a_partnership_with_no_agencies_imports_a_split_plan_from_the_pages(client):
    manager = MembershipFactory(role=Role.BUSINESS_MANAGER)
    client.force_login(manager.user)
    upload(client, "split plan.csv", SPLIT_PLAN_CSV.encode())
    batch = ImportBatch.objects.get()

    preview = client.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()

    assert "LA, Health" in preview
    assert "Jane Smith, LA" in preview
    response = client.post(reverse("manage:import_preview", args=[batch.pk]), {"title": "Split plan", **AS_AT})
    assert response["Location"] == reverse("manage:import_result", args=[batch.pk])
    assert set(manager.partnership.agencies.values_list("short_name", flat=True)) == {"LA", "Health"}
