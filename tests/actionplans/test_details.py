"""Every written detail of an action declared in ACTION_DETAILS reaches every output: the action
form and page, a version's snapshot, the spreadsheet, the paper, the import and the plan documents
of demo/fixtures/. A detail added to the declaration and left out of any of them fails here."""

import io
import re
from datetime import date

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse

from actionplans.forms.structure import ActionForm
from actionplans.models import ACTION_DETAILS, Action
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
