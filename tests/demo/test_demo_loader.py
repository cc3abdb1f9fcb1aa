"""The plan-document loader refuses what it cannot hold faithfully, and saves all or nothing."""

import copy

import pytest

from actionplans.models import Action
from agencies.models import Partnership
from demo.loader import PlanDocumentError, load_plan_document

pytestmark = pytest.mark.django_db

MINIMAL = {
    "partnership": {
        "slug": "testshire",
        "name": "Testshire LSCB",
        "short_name": "TLSCB",
        "area": "Testshire",
    },
    "agencies": [
        {
            "short_name": "TC",
            "name": "Testshire Council",
            "kind": "local_authority",
            "lead_officer": "Ann",
        }
    ],
    "officers": [{"key": "Ann", "name": "Ann Lead", "job_title": "Assistant Director", "agency": "TC"}],
    "inspection": {"title": "Inspection", "inspectorates": "ofsted", "inspected": "November 2011"},
    "plan": {
        "title": "Plan",
        "owner_body": "Testshire LSCB",
        "as_at": "July 2012",
        "sections": [
            {
                "title": "Safeguarding",
                "recommendations": [
                    {
                        "text": "Ensure core groups meet",
                        "timeframe": "Within 3 months",
                        "agencies": ["TC"],
                        "actions": [
                            {
                                "key": "a1",
                                "text": "Review guidance",
                                "agency": "TC",
                                "leads": ["Ann"],
                                "target_date": "Sept 2012",
                                "see_also": ["a2"],
                                "updates": [
                                    {
                                        "as_at": "Update June 12",
                                        "status": "ongoing",
                                        "note": "Begun",
                                    }
                                ],
                            },
                            {"key": "a2", "text": "Train staff", "agency": "TC"},
                        ],
                    }
                ],
            }
        ],
    },
}


def document(**changes):
    doc = copy.deepcopy(MINIMAL)
    for path, value in changes.items():
        target = doc
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return doc


ACTION = "plan__sections__0__recommendations__0__actions__0"


def test_a_minimal_document_loads_with_its_links():
    partnership = load_plan_document(document(), source="test.yaml")

    action = Action.objects.get(recommendation__section__plan__partnership=partnership, text="Review guidance")
    assert list(action.leads.values_list("name", flat=True)) == ["Ann Lead"]
    assert list(action.cross_references.values_list("text", flat=True)) == ["Train staff"]
    assert action.recommendation.timeframe == "within_3_months"
    assert partnership.agencies.get().lead_officer.name == "Ann Lead"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({f"{ACTION}__lead": ["Ann"]}, "actions[0] (a1): unknown key(s) lead"),
        ({f"{ACTION}__leads": ["Bob"]}, "actions[0] (a1): unknown officer 'Bob'"),
        ({f"{ACTION}__agency": "XX"}, "actions[0] (a1): unknown agency 'XX'"),
        ({f"{ACTION}__see_also": ["a9"]}, "see_also names unknown action key 'a9'"),
        ({f"{ACTION}__reported_to": "Board"}, "unknown forum 'Board'"),
        (
            {"plan__sections__0__recommendations__0__actions__1__key": "a1"},
            "action key 'a1' is used twice",
        ),
        (
            {"inspection__published_on": "31/02/2012"},
            "'31/02/2012' is not a date in the form 2012-06-30",
        ),
        ({"plan__sections": "Safeguarding"}, "expected a mapping, found str"),
        ({"colour": "blue"}, "test.yaml: unknown key(s) colour"),
        ({"cover_report": {"title": "Report"}}, "a cover report belongs to a version; add a version"),
        ({"version": {"label": "July"}}, "test.yaml: version: as_at is required"),
    ],
)
def test_a_faulty_document_is_refused_saying_where(changes, message):
    with pytest.raises(PlanDocumentError) as refused:
        load_plan_document(document(**changes), source="test.yaml")

    assert message in str(refused.value)


def test_a_refused_document_leaves_nothing_behind():
    with pytest.raises(PlanDocumentError):
        load_plan_document(document(**{f"{ACTION}__see_also": ["missing"]}), source="test.yaml")

    assert not Partnership.objects.filter(slug="testshire").exists()
    assert not Action.objects.exists()


def test_a_version_in_the_document_is_frozen_with_its_cover_report():
    partnership = load_plan_document(
        document(version={"label": "July board", "as_at": "2012-07-31"}, cover_report={"title": "Report to members"}),
        source="test.yaml",
    )

    version = partnership.plans.get().versions.get()
    assert (version.label, version.cover_report.title) == ("July board", "Report to members")
    assert version.snapshot["sections"][0]["recommendations"][0]["actions"][0]["text"] == "Review guidance"
