"""Every demo plan, exported as a spreadsheet with its full history and imported into an empty
partnership, comes back the same: sections, recommendations, actions, leads, dates, statuses,
RAG and every progress update, compared field by field."""

import io
from datetime import date

import pytest

from actionplans.models import Action, ActionPlan, Recommendation
from imports.apply import import_plan
from imports.interpret import read_plan
from imports.mapping import propose_mapping
from imports.readers import read_upload
from reporting.changes import actions_of
from reporting.exports import paper_csv, paper_xlsx
from reporting.papers import PaperOptions, current_paper
from reporting.snapshots import plan_snapshot
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 7, 31)
EXPORTS = {"xlsx": paper_xlsx, "csv": paper_csv}


def exported(plan: ActionPlan, kind: str) -> bytes:
    paper = current_paper(plan, plan_snapshot(plan, as_at=AS_AT), AS_AT, PaperOptions(full_history=True))
    return EXPORTS[kind](paper)


def imported(data: bytes, kind: str, title: str) -> ActionPlan:
    table = read_upload(io.BytesIO(data), f"plan.{kind}").tables[0]
    mapping = propose_mapping(table, [])
    assert mapping.problems() == []
    proposal = read_plan(table, mapping, agencies=[], officers=[], forums=[])
    assert [str(problem) for problem in proposal.problems if problem.blocking] == []
    return import_plan(
        partnership=PartnershipFactory(), proposal=proposal, user=None, source=f"plan.{kind}", title=title
    ).plan


def structure(snapshot: dict) -> list:
    """What a plan says, without database ids: each section, recommendation and action with the
    fields the round trip must keep."""
    found = []
    for section, recommendation, action in actions_of(snapshot):
        found.append(
            {
                "section": (section["number"], section["title"]),
                "recommendation": (
                    recommendation["reference"],
                    recommendation["text"],
                    recommendation["timeframe"],
                    recommendation["report_paragraphs"],
                    recommendation["agencies"],
                ),
                "action": (action["reference"], action["text"], action["source"], action["agency"]),
                "leads": (action["leads"], action["leads_note"]),
                "dates": (action["target"], action["target_date"], action["next_review"]),
                "measures": (
                    action["outcome_measure"],
                    action["measure_of_success"],
                    action["evidence_expected"],
                    action["assurance_measures"],
                    action["desired_outcome"],
                ),
                "progress": (
                    action["progress"]["status_label"],
                    action["progress"]["rag_label"],
                    action["progress"]["is_overdue"],
                ),
                "updates": [
                    (u["as_at"], u["status_label"], u["rag"], u["note"], u["evidence_of_impact"])
                    for u in action["updates"]
                ],
                "sub_actions": [
                    (s["kind"], s["text"], s["source"], s["leads"], s["leads_note"], s["target"])
                    for s in action["sub_actions"]
                ],
                "milestones": [(m["text"], m["due"], m["done_on"]) for m in action["milestones"]],
                "extra_columns": action["extra_columns"],
            }
        )
    return found


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("slug", ["darlington", "sunderland", "banes"])
def test_an_exported_demo_plan_imports_back_the_same(demo_partnerships, slug, kind):
    plan = ActionPlan.objects.get(partnership__slug=slug)

    copy = imported(exported(plan, kind), kind, plan.title)

    before, after = structure(plan_snapshot(plan, as_at=AS_AT)), structure(plan_snapshot(copy, as_at=AS_AT))
    assert len(after) == len(before)
    for number, (original, imported_action) in enumerate(zip(before, after, strict=True)):
        for field_name in original:
            assert imported_action[field_name] == original[field_name], f"action {number + 1}: {field_name}"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_columns_an_earlier_import_kept_as_extra_text_come_back_under_their_headings(small, kind):
    small.dbc_action.extra_columns = {"Risk": "High\n\nSee the minutes", "Comments": "Chair: agreed"}
    small.dbc_action.save()

    copy = imported(exported(small.plan, kind), kind, small.plan.title)

    action = Action.objects.get(recommendation__section__plan=copy, reference="1.1")
    assert action.extra_columns == {"Risk": "High\n\nSee the minutes", "Comments": "Chair: agreed"}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_recommendations_monitoring_officer_comes_back_as_an_officer_of_the_new_plan(small, kind):
    small.recommendation.monitoring_officer = small.lead_officer
    small.recommendation.save()

    copy = imported(exported(small.plan, kind), kind, small.plan.title)

    monitoring = Recommendation.objects.get(section__plan=copy).monitoring_officer
    assert monitoring is not None and monitoring.partnership == copy.partnership
    assert monitoring.name == small.lead_officer.name
