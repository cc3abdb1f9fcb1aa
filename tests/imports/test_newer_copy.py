"""A newer copy of a plan: the plan's own spreadsheet, edited and imported into it again. The
preview lists every change it will make, and importing makes exactly those, each in the audit
history; the column choices of the plan's last import are offered again."""

import io
import re
from datetime import date

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Action, ProgressUpdate
from imports.mapping import Mapping
from imports.models import ImportBatch
from reporting.exports import paper_xlsx
from reporting.papers import PaperOptions, current_paper
from reporting.snapshots import plan_snapshot
from tests.factories import ActionFactory, MilestoneFactory, ProgressUpdateFactory
from tests.imports.test_import_pages import AS_AT, PLAN_CSV, columns_data, error_summary, upload

pytestmark = pytest.mark.django_db

AS_AT_DATE = date(2012, 7, 31)


@pytest.fixture
def plan(small):
    """The small plan with an update on each action, and a third action that the newer copy drops."""
    ProgressUpdateFactory(action=small.dbc_action, status="ongoing", rag="amber", as_at="July 2012", note="Started")
    ProgressUpdateFactory(action=small.pct_action, status="not_started", rag="red", as_at="July 2012", note="Not yet")
    ActionFactory(recommendation=small.recommendation, agency=small.dbc, reference="1.3", text="Retire the old form")
    Action.objects.refresh_latest_updates()
    return small.plan


def exported(plan, **options) -> openpyxl.Workbook:
    paper = current_paper(plan, plan_snapshot(plan, as_at=AS_AT_DATE), AS_AT_DATE, PaperOptions(**options))
    return openpyxl.load_workbook(io.BytesIO(paper_xlsx(paper)))


def edited(workbook: openpyxl.Workbook, changes: dict[str, dict[str, str]], dropped=(), added=()) -> bytes:
    """The workbook with cells changed in the rows of the actions named by reference, rows
    dropped, and rows added (each a copy of an action's row with some cells changed)."""
    sheet = workbook["Actions"]
    column = {cell.value: cell.column for cell in sheet[1]}
    rows = {sheet.cell(row, column["Action reference"]).value: row for row in range(2, sheet.max_row + 1)}
    for reference, cells in changes.items():
        for heading, value in cells.items():
            sheet.cell(rows[reference], column[heading]).value = value
    for reference, cells in added:
        values = [cell.value for cell in sheet[rows[reference]]]
        sheet.append(values)
        for heading, value in cells.items():
            sheet.cell(sheet.max_row, column[heading]).value = value
    for reference in dropped:
        sheet.delete_rows(rows[reference])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def previewed(manager, plan, content: bytes) -> tuple[ImportBatch, list[str], str]:
    """Upload the copy into the plan (its date left to the file) and accept the columns proposed:
    the batch, the changes its preview lists and the page."""
    upload(manager, "plan.xlsx", content, as_at=None, into=plan.pk)
    batch = ImportBatch.objects.latest("pk")
    manager.post(reverse("manage:import_table", args=[batch.pk]), {"table": "0"})
    batch.refresh_from_db()
    manager.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch))
    page = manager.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()
    listed = re.search(r'<ul class="govuk-list govuk-list--bullet" id="changes">(.*?)</ul>', page, re.S)
    changes = re.findall(r"<li>(.*?)</li>", listed.group(1)) if listed else []
    return batch, [change.replace("&amp;", "&").replace("&quot;", '"') for change in changes], page


def imported(manager, batch):
    return manager.post(reverse("manage:import_preview", args=[batch.pk]), AS_AT)


def actions_of(plan) -> dict[str, Action]:
    return {action.reference: action for action in Action.objects.filter(recommendation__section__plan=plan)}


def entries_by(user, instance) -> list[int]:
    return [entry.action for entry in LogEntry.objects.get_for_object(instance).filter(actor=user)]


def test_the_plans_own_spreadsheet_unedited_changes_nothing(manager, plan):
    batch, changes, page = previewed(manager, plan, edited(exported(plan), {}))

    assert batch.as_at == AS_AT_DATE  # the spreadsheet's About sheet says "As at 31 July 2012"
    assert changes == []
    assert "Nothing: the plan in Assure already says everything this file says." in page
    updates = ProgressUpdate.objects.count()
    response = imported(manager, batch)
    assert response.status_code == 302, error_summary(response)
    batch.refresh_from_db()
    assert batch.report["changes"] == []
    assert ProgressUpdate.objects.count() == updates


def test_every_kind_of_change_is_listed_in_the_preview_and_imported_exactly(manager, plan, small):
    copy = edited(
        exported(plan),
        {
            "1.1": {"Status": "Completed", "RAG": "Green", "Next review": "October 2012"},
            "1.2": {
                "Action": "Audit every health assessment",
                "Target date (as written)": "March 2100",
                "Lead officers": "Jenni Cooke",
                "Status": "Underway",
            },
        },
        dropped=["1.3"],
        added=[("1.2", {"Action reference": "1.4", "Action": "Report the audit to the board"})],
    )

    batch, changes, page = previewed(manager, plan, copy)

    assert changes == [
        "Action 1.1 Review the LAC timetable: next review none → October 2012",
        "Action 1.1 Review the LAC timetable: status Ongoing → Completed",
        "Action 1.1 Review the LAC timetable: RAG Amber → Green",
        "Action 1.2 Audit health assessments: text changed to “Audit every health assessment”",
        "Action 1.2 Audit health assessments: target date December 2099 → March 2100",
        "Action 1.2 Audit health assessments: leads none → Jenni Cooke (Service Manager)",
        "Action 1.2 Audit health assessments: status Not started → Underway",
        "New action: 1.4 Report the audit to the board",
    ]
    assert "1.3 Retire the old form" in re.search(r'id="not-in-file">(.*?)</ul>', page, re.S).group(1)
    assert actions_of(plan)["1.2"].text == "Audit health assessments"  # the preview changed nothing

    response = imported(manager, batch)

    assert response.status_code == 302, error_summary(response)
    batch.refresh_from_db()
    assert batch.report["changes"] == changes
    actions = actions_of(plan)
    assert sorted(actions) == ["1.1", "1.2", "1.3", "1.4"]
    progress = {
        action.reference: action
        for action in Action.objects.filter(pk__in=[a.pk for a in actions.values()]).with_progress(AS_AT_DATE)
    }
    assert (progress["1.1"].current_status, progress["1.1"].reported_rag) == ("completed", "green")
    assert (progress["1.2"].current_status, progress["1.2"].reported_rag) == ("underway", "red")
    assert actions["1.1"].next_review.text == "October 2012"
    assert actions["1.2"].text == "Audit every health assessment"
    assert actions["1.2"].target.text == "March 2100"
    assert [lead.officer for lead in actions["1.2"].lead_links.all()] == [small.lead_officer]
    assert actions["1.3"].text == "Retire the old form"
    assert actions["1.4"].text == "Report the audit to the board"
    # The earlier updates stay as they were written; the new status is a new update of the same date.
    assert [(u.as_at_text, u.status, u.rag) for u in actions["1.1"].progress_updates.all()] == [
        ("July 2012", "ongoing", "amber"),
        ("July 2012", "completed", "green"),
    ]

    new_update = actions["1.1"].progress_updates.last()
    assert entries_by(small.users["manager"], new_update) == [LogEntry.Action.CREATE]
    assert entries_by(small.users["manager"], actions["1.2"].lead_links.get()) == [LogEntry.Action.CREATE]
    assert entries_by(small.users["manager"], actions["1.4"]) == [LogEntry.Action.CREATE]
    changed = LogEntry.objects.get_for_object(actions["1.2"]).get(actor=small.users["manager"]).changes_dict
    assert changed["text"] == ["Audit health assessments", "Audit every health assessment"]
    assert changed["target_text"] == ["December 2099", "March 2100"]


def test_a_status_given_again_on_an_older_update_than_the_plans_latest_changes_nothing(manager, plan, small):
    copy = edited(exported(plan), {})
    ProgressUpdateFactory(action=small.dbc_action, status="completed", rag="green", as_at="October 2012", note="Done")
    Action.objects.refresh_latest_updates()

    batch, changes, _page = previewed(manager, plan, copy)

    assert changes == []


def test_the_column_choices_of_the_plans_last_import_are_offered_for_its_newer_copy(manager, small):
    upload(manager, "plan.csv", PLAN_CSV.encode())
    first = ImportBatch.objects.get()
    manager.post(
        reverse("manage:import_columns", args=[first.pk]), columns_data(first, target_6="extra", default_agency="DBC")
    )
    manager.post(reverse("manage:import_preview", args=[first.pk]), {"title": "Plan", **AS_AT})
    first.refresh_from_db()

    upload(manager, "plan.csv", PLAN_CSV.encode(), into=first.plan.pk)

    newer = ImportBatch.objects.latest("pk")
    mapping = Mapping.from_json(newer.mapping)
    assert (mapping.columns[6].heading, mapping.columns[6].target) == ("Timescale", "extra")
    assert mapping.default_agency == "DBC"
    page = manager.get(reverse("manage:import_columns", args=[newer.pk])).content.decode()
    assert "The choices made when Plan was last imported are filled in" in page


def test_updates_an_earlier_import_left_undated_are_not_added_again_with_the_files_date(manager, small, tmp_path):
    plan_csv = (
        "Ref,Recommendation,No.,Action,Agency,Progress (RAG)\n"
        '1,Ensure that reviews happen on time,1.1,Audit review dates,DBC,"Audit started. AMBER"\n'
    )
    (tmp_path / "plan.csv").write_text(plan_csv)
    call_command("import_plan", tmp_path / "plan.csv", partnership=small.partnership.slug, title="Plan", yes=True)
    first = ProgressUpdate.objects.get(action__recommendation__section__plan__title="Plan")
    assert first.as_at_text == ""

    upload(manager, "plan.csv", plan_csv.encode(), into=first.action.recommendation.section.plan.pk)
    batch = ImportBatch.objects.latest("pk")
    imported(manager, batch)

    batch.refresh_from_db()
    assert batch.report["changes"] == []
    assert ProgressUpdate.objects.filter(action=first.action).count() == 1


def test_a_status_and_rag_edited_in_a_full_history_export_are_listed_and_imported(manager, plan):
    copy = edited(exported(plan, full_history=True), {"1.1": {"Status": "Completed", "RAG": "Green"}})

    batch, changes, _page = previewed(manager, plan, copy)

    assert changes == [
        "Action 1.1 Review the LAC timetable: status Ongoing → Completed",
        "Action 1.1 Review the LAC timetable: RAG Amber → Green",
    ]
    assert imported(manager, batch).status_code == 302
    action = Action.objects.with_progress(AS_AT_DATE).get(pk=actions_of(plan)["1.1"].pk)
    assert (action.current_status, action.reported_rag) == ("completed", "green")


def test_an_unedited_full_history_export_changes_nothing(manager, plan):
    _batch, changes, _page = previewed(manager, plan, edited(exported(plan, full_history=True), {}))

    assert changes == []


def test_leads_blanked_a_milestone_redated_and_a_timeframe_changed_are_listed_and_imported(manager, plan, small):
    milestone = MilestoneFactory(action=small.dbc_action, text="Timetable drafted", due_text="June 2012")
    small.recommendation.timeframe_text = "Within 3 months"
    small.recommendation.save()
    copy = edited(
        exported(plan),
        {
            "1.1": {
                "Lead officers": None,
                "Milestones": "Timetable drafted \u2014 Due: September 2012",
                "Timeframe": "6 months",
            },
        },
    )

    batch, changes, _page = previewed(manager, plan, copy)

    assert changes == [
        "Recommendation 1 Ensure that LAC reviews happen on time: timeframe Within 3 months → 6 months",
        "Action 1.1 Review the LAC timetable: leads Jenni Cooke (Service Manager) → none",
        "Action 1.1 Review the LAC timetable: milestone Timetable drafted: due June 2012 → September 2012",
    ]
    assert imported(manager, batch).status_code == 302
    milestone.refresh_from_db()
    small.recommendation.refresh_from_db()
    assert milestone.due.text == "September 2012"
    assert small.recommendation.timeframe_text == "6 months"
    assert not small.dbc_action.lead_links.exists()
    assert entries_by(small.users["manager"], milestone) == [LogEntry.Action.UPDATE]
