"""Every written detail declared in details.py reaches every output it is declared to appear in:
the form and the page, a version's snapshot, the spreadsheet, the paper, the import and the plan
documents of demo/fixtures/. An action's details appear in all of them; a recommendation's and a
progress update's say which they are left out of. A detail missing from one fails here."""

import csv
import io
import re
from datetime import date

import pytest
from crispy_forms.utils import render_crispy_form
from django.db import models
from django.urls import reverse

from actionplans.forms.progress import ProgressUpdateForm
from actionplans.forms.structure import ActionForm, RecommendationForm
from actionplans.models import (
    ACTION_DETAILS,
    PROGRESS_DETAILS,
    RECOMMENDATION_DETAILS,
    Action,
    Output,
    ProgressUpdate,
    Recommendation,
    details_in,
)
from actionplans.plan_documents import PlanWriter
from imports.interpret import read_plan
from imports.mapping import propose_mapping
from imports.readers import read_upload
from reporting.exports import paper_rows, paper_xlsx
from reporting.papers import PaperOptions, current_paper
from reporting.pdf import paper_html
from reporting.snapshots import plan_snapshot
from tests import factories as f

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 7, 31)
DETAILS = pytest.mark.parametrize("detail", ACTION_DETAILS, ids=[detail.name for detail in ACTION_DETAILS])


def declared_in(details, output):
    shown = details_in(details, output)
    return pytest.mark.parametrize("detail", shown, ids=[detail.name for detail in shown])


def written(detail) -> str | list[str]:
    """A value for the detail that no other part of the action says."""
    words = f"Distinctive {detail.name.replace('_', ' ')} words"
    return [f"{words} one", f"{words} two"] if detail.one_per_line else words


def items(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def action_with(small):
    def make(detail) -> Action:
        action = small.dbc_action
        setattr(action, detail.name, detail.stored(written(detail)))
        action.save()
        return action

    return make


def paper_of(plan):
    return current_paper(plan, plan_snapshot(plan, as_at=AS_AT), AS_AT, PaperOptions())


@DETAILS
def test_the_action_form_asks_for_the_detail_under_its_label(small, action_with, detail):
    action = action_with(detail)

    form = ActionForm(instance=action, plan=small.plan)
    html = text_of(render_crispy_form(form))

    assert form.fields[detail.name].label == f"{detail.label} (optional)"
    assert f"{detail.label} (optional)" in html
    assert detail.stored(written(detail)).splitlines()[0] in html


@DETAILS
def test_the_action_page_shows_the_detail_under_its_label(small, action_with, as_user, detail):
    action = action_with(detail)

    page = text_of(
        as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()
    )

    assert f'<dt class="govuk-summary-list__key">{detail.label}</dt>' in page
    for item in items(written(detail)):
        assert item in page


@DETAILS
def test_a_snapshot_keeps_the_detail_under_its_field_name(small, action_with, detail):
    action_with(detail)

    snapshot = plan_snapshot(small.plan, as_at=AS_AT)
    action = snapshot["sections"][0]["recommendations"][0]["actions"][0]

    assert action[detail.name] == written(detail)


@DETAILS
def test_the_spreadsheet_has_a_column_for_the_detail(small, action_with, detail):
    action_with(detail)

    header, row, _other = paper_rows(paper_of(small.plan))

    assert row[header.index(detail.label)] == "\n".join(items(written(detail)))


@DETAILS
def test_the_paper_shows_the_detail_under_its_label(small, action_with, detail):
    action_with(detail)

    html = text_of(paper_html(paper_of(small.plan)))

    assert f'<p class="label">{detail.paper_heading}</p>' in html
    for item in items(written(detail)):
        assert item in html


@DETAILS
def test_an_exported_spreadsheet_imports_the_detail_back(small, action_with, detail):
    action_with(detail)

    table = read_upload(io.BytesIO(paper_xlsx(paper_of(small.plan))), "plan.xlsx").tables[0]
    mapping = propose_mapping(table, [])
    proposal = read_plan(table, mapping, agencies=[], officers=[], forums=[])
    _section, _recommendation, action = next(proposal.actions())

    assert [column.target for column in mapping.columns if column.heading == detail.label] == [detail.name]
    assert action[detail.name] == written(detail)


@DETAILS
def test_a_plan_document_gives_the_detail(detail):
    partnership = f.PartnershipFactory()
    agency = f.AgencyFactory(partnership=partnership, short_name="DBC")
    writer = PlanWriter(partnership, agencies={"DBC": agency}, officers={}, forums={}, source="test")
    document = {
        "title": "Plan",
        "owner_body": "LSCB",
        "sections": [
            {
                "title": "Safeguarding",
                "recommendations": [
                    {
                        "text": "Do better",
                        "actions": [{"key": "a-1", "text": "Act", "agency": "DBC", detail.name: written(detail)}],
                    }
                ],
            }
        ],
    }

    writer.plan(document)

    assert detail.value_of(writer.actions["a-1"]) == written(detail)


@pytest.fixture
def recommendation_with(small):
    def make(detail) -> Recommendation:
        recommendation = small.recommendation
        setattr(recommendation, detail.name, detail.stored(written(detail)))
        recommendation.save()
        return recommendation

    return make


@pytest.fixture
def update_with(small):
    def make(detail) -> ProgressUpdate:
        # A proposed target date, so that the page shows the reason for it.
        update = f.ProgressUpdateFactory(
            action=small.dbc_action,
            as_at="July 2012",
            note="",
            proposed_target_text="March 2013",
            target_change_reason="The audit moved",
        )
        setattr(update, detail.name, detail.stored(written(detail)))
        update.save()
        return update

    return make


def shown_in(value, text: str) -> bool:
    return all(item in text for item in items(value))


@declared_in(RECOMMENDATION_DETAILS, Output.FORM)
def test_the_recommendation_form_asks_for_the_detail_under_its_label(small, recommendation_with, detail):
    recommendation = recommendation_with(detail)

    form = RecommendationForm(instance=recommendation, partnership=small.partnership)
    html = text_of(render_crispy_form(form))

    assert form.fields[detail.name].label in (detail.form_heading, f"{detail.form_heading} (optional)")
    assert form.fields[detail.name].label in html
    assert detail.stored(written(detail)).splitlines()[0] in html


@declared_in(RECOMMENDATION_DETAILS, Output.PAGE)
def test_the_plan_page_shows_the_recommendation_detail(small, recommendation_with, as_user, detail):
    recommendation_with(detail)

    page = as_user(small.users["scrutiny"]).get(reverse("actionplans:plan_detail", args=[small.plan.pk]))

    assert shown_in(written(detail), text_of(page.content.decode()))


@declared_in(RECOMMENDATION_DETAILS, Output.SNAPSHOT)
def test_a_snapshot_keeps_the_recommendation_detail_under_its_field_name(small, recommendation_with, detail):
    recommendation_with(detail)

    recommendation = plan_snapshot(small.plan, as_at=AS_AT)["sections"][0]["recommendations"][0]

    assert recommendation[detail.name] == written(detail)


@declared_in(RECOMMENDATION_DETAILS, Output.SPREADSHEET)
def test_the_spreadsheet_has_a_column_for_the_recommendation_detail(small, recommendation_with, detail):
    recommendation_with(detail)

    header, row, _other = paper_rows(paper_of(small.plan))

    assert shown_in(written(detail), row[header.index(detail.spreadsheet_heading)])


@declared_in(RECOMMENDATION_DETAILS, Output.PAPER)
def test_the_paper_shows_the_recommendation_detail(small, recommendation_with, detail):
    recommendation_with(detail)

    assert shown_in(written(detail), text_of(paper_html(paper_of(small.plan))))


def imported(header: list[str], row: list[str]):
    """The proposal an import makes of a table of one row."""
    text = io.StringIO()
    csv.writer(text).writerows([header, row])
    table = read_upload(io.BytesIO(text.getvalue().encode()), "plan.csv").tables[0]
    return read_plan(table, propose_mapping(table, []), agencies=[], officers=[], forums=[])


@declared_in(RECOMMENDATION_DETAILS, Output.IMPORT)
def test_an_imported_plan_gives_the_recommendation_detail(small, recommendation_with, detail):
    recommendation_with(detail)
    header, row, _other = paper_rows(paper_of(small.plan))
    if not detail.appears_in(Output.SPREADSHEET):
        header, row = [*header, detail.label], [*row, "\n".join(items(written(detail)))]

    _section, recommendation, _action = next(imported(header, row).actions())

    assert shown_in(written(detail), "\n".join(items(recommendation[detail.name])))


@declared_in(RECOMMENDATION_DETAILS, Output.PLAN_DOCUMENT)
def test_a_plan_document_gives_the_recommendation_detail(detail):
    partnership = f.PartnershipFactory()
    writer = PlanWriter(partnership, agencies={}, officers={}, forums={}, source="test")
    recommendation = {"text": "Do better", detail.name: written(detail)}

    plan = writer.plan(
        {
            "title": "Plan",
            "owner_body": "LSCB",
            "sections": [{"title": "Safeguarding", "recommendations": [recommendation]}],
        }
    )

    assert detail.value_of(Recommendation.objects.get(section__plan=plan)) == written(detail)


@declared_in(PROGRESS_DETAILS, Output.FORM)
def test_the_progress_form_asks_for_the_detail_in_its_words(small, detail):
    form = ProgressUpdateForm(action=small.dbc_action)

    assert form.fields[detail.name].label == detail.form_heading
    assert detail.form_heading in text_of(render_crispy_form(form))


@declared_in(PROGRESS_DETAILS, Output.PAGE)
def test_the_action_page_shows_the_update_detail(small, update_with, as_user, detail):
    update = update_with(detail)

    page = as_user(small.users["scrutiny"]).get(reverse("actionplans:action_detail", args=[update.action_id]))

    assert shown_in(written(detail), text_of(page.content.decode()))


@declared_in(PROGRESS_DETAILS, Output.SNAPSHOT)
def test_a_snapshot_keeps_the_update_detail_under_its_field_name(small, update_with, detail):
    update_with(detail)

    action = plan_snapshot(small.plan, as_at=AS_AT)["sections"][0]["recommendations"][0]["actions"][0]

    assert action["updates"][-1][detail.name] == written(detail)


@declared_in(PROGRESS_DETAILS, Output.SPREADSHEET)
def test_the_spreadsheet_has_a_column_for_the_latest_update_detail(small, update_with, detail):
    update_with(detail)

    header, row, _other = paper_rows(paper_of(small.plan))

    assert row[header.index(detail.spreadsheet_heading)] == written(detail)


@declared_in(PROGRESS_DETAILS, Output.PAPER)
def test_the_paper_shows_the_update_detail(small, update_with, detail):
    update_with(detail)

    assert shown_in(written(detail), text_of(paper_html(paper_of(small.plan))))


@declared_in(PROGRESS_DETAILS, Output.IMPORT)
def test_an_exported_spreadsheet_imports_the_update_detail_back(small, update_with, detail):
    update_with(detail)
    header, row, _other = paper_rows(paper_of(small.plan))

    _section, _recommendation, action = next(imported(header, row).actions())

    assert any(update[detail.name] == written(detail) for update in action["updates"])


@declared_in(PROGRESS_DETAILS, Output.PLAN_DOCUMENT)
def test_a_plan_document_gives_the_update_detail(detail):
    partnership = f.PartnershipFactory()
    agency = f.AgencyFactory(partnership=partnership, short_name="DBC")
    writer = PlanWriter(partnership, agencies={"DBC": agency}, officers={}, forums={}, source="test")
    action = {
        "key": "a-1",
        "text": "Act",
        "agency": "DBC",
        "updates": [{"as_at": "July 2012", detail.name: written(detail)}],
    }

    writer.plan(
        {
            "title": "Plan",
            "owner_body": "LSCB",
            "sections": [{"title": "Safeguarding", "recommendations": [{"text": "Do better", "actions": [action]}]}],
        }
    )

    assert detail.value_of(writer.actions["a-1"].progress_updates.get()) == written(detail)


# The free-text fields each model lays out apart from the declarations, which every output
# handles itself: an action's number, words, source and note on its leads, and dates as written.
LAID_OUT_APART = {
    Action: {"reference", "text", "source", "leads_note", "target_text", "next_review_text"},
    Recommendation: {"timeframe_text"},
    ProgressUpdate: {"as_at_text", "proposed_target_text"},
}


@pytest.mark.parametrize(
    "model, details",
    [(Action, ACTION_DETAILS), (Recommendation, RECOMMENDATION_DETAILS), (ProgressUpdate, PROGRESS_DETAILS)],
    ids=["action", "recommendation", "progress update"],
)
def test_every_free_text_field_of_the_model_is_declared(model, details):
    free_text = {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices
    }

    assert free_text - LAID_OUT_APART[model] == {detail.name for detail in details}
