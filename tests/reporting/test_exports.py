import csv
import io
from datetime import date

import openpyxl
import pytest

from actionplans.models import SubActionLead
from reporting.exports import COLUMNS, neutralise, paper_csv, paper_rows, paper_xlsx
from reporting.papers import PaperOptions, make_paper
from reporting.snapshots import plan_snapshot
from tests import factories as f

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 7, 31)
HEADINGS = [heading for heading, _value in COLUMNS]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def paper_of(small, options=None, previous=None, previous_label=""):
    return make_paper(
        plan_snapshot(small.plan, as_at=AS_AT),
        label="July 2012 version",
        as_at=AS_AT,
        options=options or PaperOptions(),
        previous=previous,
        previous_label=previous_label,
    )


def records(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def workbook_of(paper):
    return openpyxl.load_workbook(io.BytesIO(paper_xlsx(paper)))


def csv_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_rows_are_a_header_then_one_row_per_action_in_plan_order(small):
    rows = paper_rows(paper_of(small))

    assert rows[0] == HEADINGS
    assert HEADINGS[:3] == ["Section", "Recommendation reference", "Recommendation"]
    assert HEADINGS[-1] == "Change since previous version"
    assert len(HEADINGS) == 31
    assert [row[HEADINGS.index("Action reference")] for row in rows[1:]] == ["1.1", "1.2"]


def test_a_row_gives_the_actions_words_leads_dates_and_rag_as_at_the_papers_date(small):
    dbc, pct = records(paper_rows(paper_of(small)))

    assert dbc["Section"] == small.section.title
    assert dbc["Recommendation reference"] == "1"
    assert dbc["Recommendation"] == "Ensure that LAC reviews happen on time"
    assert dbc["Action reference"] == "1.1"
    assert dbc["Action"] == "Review the LAC timetable"
    assert dbc["Responsible agency"] == "DBC"
    assert dbc["Lead officers"] == "Jenni Cooke (Service Manager), DBC"
    assert dbc["Milestones"] == "Timetable agreed"
    assert dbc["Target date (as written)"] == "June 2012"
    assert dbc["Target date (derived)"] == "2012-06-30"
    assert dbc["Status"] == "No status given"
    assert dbc["RAG"] == "Red: off track"  # June 2012 has passed by 31 July 2012
    assert dbc["Overdue"] == "Yes"
    assert dbc["Latest update note"] == ""
    assert dbc["Change since previous version"] == ""
    assert (pct["Responsible agency"], pct["RAG"], pct["Overdue"]) == ("PCT", "Not rated", "No")


def test_sub_actions_milestones_and_lead_officers_are_one_per_line(small):
    second_lead = f.OfficerFactory(partnership=small.partnership, agency=small.dbc, name="Sam Patel", job_title="")
    f.ActionLeadFactory(action=small.dbc_action, officer=second_lead, position=1)
    sub_action = f.SubActionFactory(
        action=small.dbc_action,
        text="Refresher training",
        target_text="May 2012",
        target_date=date(2012, 5, 31),
        target_precision="month",
    )
    SubActionLead.objects.create(sub_action=sub_action, officer=second_lead)
    f.SubActionFactory(action=small.dbc_action, kind="part", text="Write to schools")
    f.MilestoneFactory(
        action=small.dbc_action,
        text="Audit reported",
        due_text="May 2012",
        due_date=date(2012, 5, 31),
        due_precision="month",
        done_on=date(2012, 5, 20),
        position=1,
    )
    small.dbc_action.assurance_measures = "Case file audit\nChildren's views"
    small.dbc_action.save()

    dbc = records(paper_rows(paper_of(small)))[0]

    assert dbc["Lead officers"] == "Jenni Cooke (Service Manager), DBC\nSam Patel, DBC"
    assert dbc["Sub-actions"] == (
        "Underpinned by: Refresher training \u2014 Leads: Sam Patel, DBC. Date: May 2012\n"
        "Part of the action: Write to schools"
    )
    assert dbc["Milestones"] == "Timetable agreed\nAudit reported \u2014 Due: May 2012; Done: 2012-05-20"
    assert dbc["Assurance measures"] == "Case file audit\nChildren's views"


def test_the_latest_update_is_shown_even_with_the_full_history(small):
    f.ProgressUpdateFactory(action=small.dbc_action, as_at="May 2012", note="Started.")
    f.ProgressUpdateFactory(
        action=small.dbc_action, as_at="July 2012", note="Nearly there.\nTwo schools left.", evidence_of_impact="Fewer"
    )

    for options in (PaperOptions(), PaperOptions(full_history=True)):
        dbc = records(paper_rows(paper_of(small, options)))[0]

        assert dbc["Latest update as at"] == "July 2012"
        assert dbc["Latest update note"] == "Nearly there.\nTwo schools left."
        assert dbc["Evidence of impact"] == "Fewer"


def test_an_agency_option_keeps_only_that_agencys_actions(small):
    rows = paper_rows(paper_of(small, PaperOptions(agency="PCT")))

    assert [row[HEADINGS.index("Action reference")] for row in rows[1:]] == ["1.2"]


def test_a_changes_only_paper_lists_the_changed_actions_and_says_what_changed(small):
    previous = plan_snapshot(small.plan, as_at=AS_AT)
    f.ProgressUpdateFactory(action=small.dbc_action, as_at="July 2012", status="completed", note="Done.")
    new_action = f.ActionFactory(recommendation=small.recommendation, agency=small.pct, reference="1.3", position=9)

    changes_only = paper_of(small, PaperOptions(changes_only=True), previous, "June 2012 version")
    everything = paper_of(small, PaperOptions(), previous, "June 2012 version")

    changed = {
        row["Action reference"]: row["Change since previous version"] for row in records(paper_rows(changes_only))
    }
    assert changed == {
        "1.1": "Changed: Status No status given → Completed: awaiting assurance; RAG Red: off track → Green: on track; "
        "1 new progress update",
        new_action.reference: "New",
    }
    unchanged = {
        row["Action reference"]: row["Change since previous version"] for row in records(paper_rows(everything))
    }
    assert unchanged["1.2"] == ""


INJECTIONS = ['=HYPERLINK("http://evil","x")', "+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture
def injected(small):
    """The small plan with text a spreadsheet could run as a formula in actions, progress notes
    and an officer's name."""
    small.dbc_action.text = INJECTIONS[0]
    small.dbc_action.outcome_measure = INJECTIONS[4]
    small.dbc_action.save()
    small.pct_action.text = INJECTIONS[3]
    small.pct_action.desired_outcome = INJECTIONS[5]
    small.pct_action.save()
    small.lead_officer.name = INJECTIONS[2]
    small.lead_officer.job_title = ""
    small.lead_officer.save()
    f.ProgressUpdateFactory(action=small.dbc_action, as_at="July 2012", note=INJECTIONS[1])
    return paper_of(small)


def test_neutralise_quotes_only_what_could_start_a_formula():
    assert [neutralise(value) for value in INJECTIONS] == ["'" + value for value in INJECTIONS]
    for harmless in ["", "Review the timetable", "1.1", "'quoted", " =spaced", "a=b", "\ncmd"]:
        assert neutralise(harmless) == harmless


def test_the_csv_quotes_every_cell_that_could_run_as_a_formula(injected):
    dbc, pct = records(csv_rows(paper_csv(injected)))

    assert dbc["Action"] == "'" + INJECTIONS[0]
    assert dbc["Latest update note"] == "'+1"
    assert dbc["Lead officers"] == "'-2, DBC"
    assert dbc["Outcome measure"] == "'\tcmd"
    assert pct["Action"] == "'@SUM(A1)"
    assert pct["Desired outcome"] == "'\rcmd"
    for row in (dbc, pct):
        assert not any(value.startswith(FORMULA_STARTS) for value in row.values())


def test_the_workbook_writes_every_cell_as_text_and_never_a_formula(injected):
    sheet = workbook_of(injected)["Actions"]
    header = [cell.value for cell in sheet[1]]
    dbc, pct = (
        {heading: cell for heading, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)
    )

    for cell in [
        dbc["Action"],
        dbc["Latest update note"],
        dbc["Lead officers"],
        dbc["Outcome measure"],
        pct["Action"],
        pct["Desired outcome"],
    ]:
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
    assert dbc["Action"].value == "'" + INJECTIONS[0]
    assert pct["Action"].value == "'@SUM(A1)"
    for worksheet in workbook_of(injected).worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert not str(cell.value or "").startswith(FORMULA_STARTS), cell.coordinate


def test_the_workbook_colours_the_rag_cell_and_keeps_its_words(small):
    f.ProgressUpdateFactory(action=small.pct_action, as_at="July 2012", rag="amber")
    sheet = workbook_of(paper_of(small))["Actions"]
    rag_column = HEADINGS.index("RAG") + 1
    overdue_column = HEADINGS.index("Overdue") + 1

    red = sheet.cell(row=2, column=rag_column)
    assert red.value == "Red: off track"
    assert (red.fill.fill_type, red.fill.fgColor.rgb) == ("solid", "FFD4351C")
    assert (red.font.color.rgb, red.font.bold) == ("FFFFFFFF", True)
    amber = sheet.cell(row=3, column=rag_column)
    assert amber.value == "Amber: at risk"
    assert (amber.fill.fill_type, amber.fill.fgColor.rgb) == ("solid", "FFFFDD00")
    assert sheet.cell(row=2, column=overdue_column).value == "Yes"
    assert sheet.cell(row=2, column=overdue_column).font.bold
    assert not sheet.cell(row=3, column=overdue_column).font.bold


def test_an_unrated_action_has_no_fill(small):
    sheet = workbook_of(paper_of(small))["Actions"]
    cell = sheet.cell(row=3, column=HEADINGS.index("RAG") + 1)

    assert cell.value == "Not rated"
    assert cell.fill.fill_type is None


def test_the_workbook_has_bold_frozen_filtered_headings_and_an_about_sheet(small):
    previous = plan_snapshot(small.plan, as_at=AS_AT)
    workbook = workbook_of(paper_of(small, PaperOptions(agency="DBC"), previous, "June 2012 version"))
    sheet = workbook["Actions"]

    assert workbook.sheetnames == ["Actions", "About"]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(HEADINGS))}2"
    assert sheet.cell(row=2, column=1).alignment.wrap_text
    assert all(10 <= sheet.column_dimensions[letter].width <= 60 for letter in ("A", "H", "AB"))
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about == {
        "Plan": "Multi-agency action plan",
        "Version": "July 2012 version",
        "As at": "31 July 2012",
        "Options": "DBC actions only",
        "Changes since": "June 2012 version",
    }


def test_the_csv_has_a_byte_order_mark_and_reads_back_as_the_rows(small):
    small.dbc_action.text = 'Review the "LAC" timetable,\r\nthen report, quickly'
    small.dbc_action.save()
    paper = paper_of(small)
    data = paper_csv(paper)

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert csv_rows(data) == paper_rows(paper)


def test_html_in_plan_text_is_written_as_plain_text(small):
    html = "<script>alert('x')</script> & <b>bold</b>"
    small.dbc_action.text = html
    small.dbc_action.save()
    paper = paper_of(small)
    action_column = HEADINGS.index("Action")

    assert paper_rows(paper)[1][action_column] == html
    assert csv_rows(paper_csv(paper))[1][action_column] == html
    assert workbook_of(paper)["Actions"].cell(row=2, column=action_column + 1).value == html


def test_control_characters_a_workbook_cannot_hold_are_dropped_from_it_but_kept_in_the_csv(small):
    small.dbc_action.text = "Review the\x0btimetable\x07"
    small.dbc_action.save()
    paper = paper_of(small)
    action_column = HEADINGS.index("Action")

    assert csv_rows(paper_csv(paper))[1][action_column] == "Review the\x0btimetable\x07"
    assert workbook_of(paper)["Actions"].cell(row=2, column=action_column + 1).value == "Review thetimetable"
