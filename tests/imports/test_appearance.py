"""What the preview says about where a column will appear is true: a column imported as each
field shows on the plan's pages, in the board paper and in the spreadsheet exactly where
`imports.appearance` says it will."""

import csv
import html
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Action
from agencies.roles import Role
from imports.appearance import OUTPUTS, appearance_note, outputs_of
from imports.apply import import_plan
from imports.fields import Target
from imports.interpret import read_plan
from imports.mapping import Mapping, propose_mapping
from imports.models import ImportBatch
from imports.readers import read_upload
from reporting.exports import paper_rows
from reporting.papers import PaperOptions, current_paper
from reporting.pdf import paper_html
from reporting.snapshots import plan_snapshot
from tests import factories as f
from tests.imports.test_import_pages import columns_data

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 7, 31)
# The plan's own columns, and for each field a cell it reads and the words that then show.
BASE = {"Recommendation": "Audit the Quorndale partnership", "Action": "Run the Quorndale audit", "Agency": "QDC"}
SAMPLES = {
    Target.SECTION: ("Quorndale early help", "Quorndale early help"),
    Target.RECOMMENDATION_REFERENCE: ("Q-17", "Q-17"),
    Target.TIMEFRAME: ("Within 3 months", "Within 3 months"),
    Target.REPORT_PARAGRAPHS: ("Paras 91 and 92", "Paras 91 and 92"),
    Target.AGENCIES_ADDRESSED: ("Quorndale schools forum", "Quorndale schools forum"),
    Target.PRACTICE_STANDARDS: ("Quorndale standard nine", "Quorndale standard nine"),
    Target.MONITORING_OFFICER: ("Quentin Marlowe", "Quentin Marlowe"),
    Target.ACTION_REFERENCE: ("Q-17.3", "Q-17.3"),
    Target.SOURCE: ("Quorndale peer review", "Quorndale peer review"),
    Target.SUB_ACTIONS: ("Underpinned by: Brief the Quorndale leads", "Brief the Quorndale leads"),
    Target.LEADS: ("Quentin Marlowe", "Quentin Marlowe"),
    Target.MILESTONES: ("Quorndale audit tool agreed", "Quorndale audit tool agreed"),
    Target.TARGET: ("March 2031", "March 2031"),
    Target.PROGRESS: ("Quorndale audit fieldwork begun", "Quorndale audit fieldwork begun"),
    Target.STATUS: ("Deferred", "Deferred"),
    Target.RAG: ("Amber", "Amber"),
    Target.UPDATE_AS_AT: ("14 May 2012", "14 May 2012"),
    Target.NEXT_REVIEW: ("September 2031", "September 2031"),
    Target.REPORTED_TO: ("Quorndale scrutiny panel", "Quorndale scrutiny panel"),
    Target.EXTRA: ("Quorndale risk high", "Quorndale risk high"),
    Target.IGNORE: ("Quorndale working notes", "Quorndale working notes"),
}
TARGETS = [target for target in Target if target not in {Target.RECOMMENDATION, Target.ACTION, Target.AGENCY}]


def sample(target) -> tuple[str, str]:
    """The cell and what shows: a declared written field shows its own words."""
    words = f"Quorndale {Target(target).label.lower()} words"
    return SAMPLES.get(target, (words, words))


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def imported_with(target, cell: str):
    header, row = [*BASE, "Column under test"], [*BASE.values(), cell]
    text = io.StringIO()
    csv.writer(text).writerows([header, row])
    table = read_upload(io.BytesIO(text.getvalue().encode()), "plan.csv").tables[0]
    mapping = propose_mapping(table, [])
    mapping.columns[-1].target = target
    proposal = read_plan(table, mapping, agencies=[], officers=[], forums=[])
    partnership = f.PartnershipFactory()
    return import_plan(partnership=partnership, proposal=proposal, user=None, source="plan.csv", title="Plan").plan


def shown(plan, client):
    manager = f.MembershipFactory(partnership=plan.partnership, role=Role.BUSINESS_MANAGER).user
    client.force_login(manager)
    action = Action.objects.get(recommendation__section__plan=plan)
    pages = [reverse("actionplans:plan_detail", args=[plan.pk]), reverse("actionplans:action_detail", args=[action.pk])]
    paper = current_paper(plan, plan_snapshot(plan, as_at=AS_AT), AS_AT, PaperOptions())
    return {
        "the page": " ".join(plain(client.get(page).content.decode()) for page in pages),
        "the paper": plain(paper_html(paper)),
        "the spreadsheet": " ".join(" ".join(row) for row in paper_rows(paper)),
    }


@pytest.mark.parametrize("target", TARGETS, ids=[target.value for target in TARGETS])
def test_a_column_appears_exactly_where_the_preview_says(target, client):
    cell, words = sample(target)

    texts = shown(imported_with(target, cell), client)

    where = {output.value for output in outputs_of(target)}
    assert {output.value for output in OUTPUTS if words in texts[output.value]} == where


def test_the_preview_notes_only_the_columns_that_will_not_appear_everywhere():
    assert appearance_note("Lead Officer", Target.LEADS) == ""
    assert appearance_note("Notes", Target.IGNORE) == "The column ‘Notes’ will not be imported."
    assert appearance_note("Standards", Target.PRACTICE_STANDARDS) == (
        "The column ‘Standards’ (practice standards) will appear in the board paper, "
        "but not on the plan's pages or in the spreadsheet."
    )


def test_the_preview_says_where_the_columns_that_do_not_appear_everywhere_will(client, small):
    plan_csv = (
        'Kestrel Vale Partnership: Improvement Plan\n"Board, 12 March 2025, agenda item 6"\n'
        "Action,Agency,Practice standards,Working notes\nAudit case files,DBC,Standard nine,Draft\n"
    )
    client.force_login(small.users["manager"])
    client.post(reverse("manage:import_start"), {"file": SimpleUploadedFile("plan.csv", plan_csv.encode())})
    batch = ImportBatch.objects.get()
    columns = Mapping.from_json(batch.mapping).columns
    client.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch, target_3=Target.IGNORE))

    page = plain(client.get(reverse("manage:import_preview", args=[batch.pk])).content.decode())

    assert [column.target for column in columns][:3] == [Target.ACTION, Target.AGENCY, Target.PRACTICE_STANDARDS]
    assert "Where the columns will appear" in page
    assert appearance_note("Practice standards", Target.PRACTICE_STANDARDS) in page
    assert "The column ‘Working notes’ will not be imported." in page
    assert "Description Board, 12 March 2025, agenda item 6" in page
