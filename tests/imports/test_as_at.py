"""The date a file's progress is as at: read from the words around its table, given or changed by
the business manager, asked for when neither says it, and given to every update the file leaves
undated."""

import html
import io
from datetime import date

import docx
import pytest
from django.urls import reverse

from actionplans.models import ProgressUpdate
from imports.as_at import as_at_in
from imports.models import ImportBatch
from tests.imports.test_import_pages import error_summary, upload

pytestmark = pytest.mark.django_db

HEADER = ("Recommendation", "Action", "Lead Officer", "Timescale", "Progress (RAG)")
ROW = ("Ensure that reviews happen on time", "Audit review dates", "Jenni Cooke", "Sept 2012", "Ongoing AMBER")


def word_plan(*lines: str) -> bytes:
    """A Word plan: the lines as paragraphs above one table of one undated update."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=len(HEADER))
    for row, words in zip(table.rows, (HEADER, ROW), strict=True):
        for cell, text in zip(row.cells, words, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def csv_plan(*lines: str) -> bytes:
    return "\n".join([*lines, ",".join(HEADER), ",".join(ROW)]).encode()


def preview_of(manager):
    batch = ImportBatch.objects.latest("pk")
    return batch, reverse("manage:import_preview", args=[batch.pk])


def fields(day="", month="", year="", **data) -> dict:
    return {"as_at_0": day, "as_at_1": month, "as_at_2": year, **data}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Progress as at 31 July 2012", date(2012, 7, 31)),
        ("Updated: March 2013", date(2013, 3, 31)),
        ("Position at 1st October 2012 (draft)", date(2012, 10, 1)),
        ("LSCB action plan - last updated on 14/06/2012", date(2012, 6, 14)),
        ("Progress as of Sept 2012; next review December 2012", date(2012, 9, 30)),
    ],
)
def test_the_date_a_line_gives_its_progress_is_read_as_the_last_day_its_words_allow(line, expected):
    assert as_at_in(["Action Plan: Safeguarding", line]).date == expected


@pytest.mark.parametrize(
    "line",
    [
        "Action Plan: Safeguarding 2012",  # no words saying the progress is as at a date
        "Progress as at the last board",  # no date
        "Updated: 2012",  # a year is no day
        "Progress as at 31 July 2999",  # in the future: a slip
        "Progress as at 31 February 2012",  # no such day
    ],
)
def test_a_line_giving_no_believable_as_at_date_gives_none(line):
    assert as_at_in([line]) is None


def test_the_date_under_a_word_plans_title_dates_its_undated_updates(manager, small):
    upload(manager, "plan.docx", word_plan("LSCB Action Plan", "Progress as at 31 July 2012"), as_at=None)

    batch, preview = preview_of(manager)
    assert batch.as_at == date(2012, 7, 31)
    page = manager.get(preview).content.decode()
    assert "31 July 2012, read from &lsquo;Progress as at 31 July 2012&rsquo;" in page
    response = manager.post(preview, fields("31", "7", "2012", title="Plan"))

    assert response.status_code == 302, error_summary(response)
    update = ProgressUpdate.objects.get(action__recommendation__section__plan__title="Plan")
    assert (update.as_at_text, update.as_at_date, update.status, update.rag) == (
        "31 July 2012",
        date(2012, 7, 31),
        "ongoing",
        "amber",
    )


def test_a_line_above_a_spreadsheets_headings_gives_its_date(manager, small):
    upload(manager, "plan.csv", csv_plan("Composite plan", "Updated: March 2013"), as_at=None)

    assert ImportBatch.objects.get().as_at == date(2013, 3, 31)


def test_the_date_given_on_the_upload_page_wins_over_the_files(manager, small):
    upload(manager, "plan.docx", word_plan("Progress as at 31 July 2012"), as_at=("30", "9", "2012"))

    batch, preview = preview_of(manager)
    assert (batch.as_at, batch.as_at_line) == (date(2012, 9, 30), "")
    manager.post(preview, fields("30", "9", "2012", title="Plan"))
    assert ProgressUpdate.objects.get(action__recommendation__section__plan__title="Plan").as_at_text == (
        "30 September 2012"
    )


def test_changing_the_date_on_the_preview_shows_the_plan_again_before_importing(manager, small):
    upload(manager, "plan.docx", word_plan("Progress as at 31 July 2012"), as_at=None)
    batch, preview = preview_of(manager)

    changed = manager.post(preview, fields("31", "10", "2012", title="Plan"))

    assert changed.status_code == 200
    assert "Check the plan again" in changed.content.decode()
    assert "31 October 2012" in changed.content.decode()
    assert not ProgressUpdate.objects.filter(action__recommendation__section__plan__title="Plan").exists()
    manager.post(preview, fields("31", "10", "2012", title="Plan"))
    assert ProgressUpdate.objects.get(action__recommendation__section__plan__title="Plan").as_at_text == (
        "31 October 2012"
    )


def test_a_file_that_gives_no_date_is_not_imported_until_the_date_is_given(manager, small):
    upload(manager, "plan.csv", csv_plan(), as_at=None)
    batch, preview = preview_of(manager)
    assert batch.as_at is None
    assert "the file does not say the date of its progress" in manager.get(preview).content.decode()

    refused = manager.post(preview, fields(title="Plan"))

    assert refused.status_code == 400
    assert "Enter the date the file's progress is as at" in html.unescape(error_summary(refused))
    assert not ProgressUpdate.objects.filter(action__recommendation__section__plan__title="Plan").exists()


def test_a_plan_with_no_progress_needs_no_date(manager, small):
    upload(manager, "plan.csv", b"Recommendation,Action,Agency\nAudit,Audit case files,DBC\n", as_at=None)
    _batch, preview = preview_of(manager)

    response = manager.post(preview, fields(title="Plan"))

    assert response.status_code == 302, error_summary(response)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2012", "The date the file's progress is as at must be a real date"),
        ("1", "1", "99999999999999999999", "must be a real date"),
        ("1", "13", "2012", "must be a real date"),
        ("x", "7", "2012", "Enter the day of the date the file's progress is as at as a number"),
        ("31", "7", "", "Enter the year"),
        ("1", "1", "2999", "must be today or in the past"),
        ("1", "1", "1899", "must be after the year 2000"),
    ],
)
def test_a_bad_date_is_refused_in_plain_english_on_the_upload_and_the_preview(
    manager, small, day, month, year, message
):
    refused_upload = upload(manager, "plan.csv", csv_plan(), as_at=(day, month, year))
    assert refused_upload.status_code == 400
    assert message in html.unescape(error_summary(refused_upload))
    assert not ImportBatch.objects.exists()

    upload(manager, "plan.csv", csv_plan(), as_at=None)
    _batch, preview = preview_of(manager)
    refused_preview = manager.post(preview, fields(day, month, year, title="Plan"))
    assert refused_preview.status_code == 400
    assert message in html.unescape(error_summary(refused_preview))
    assert ImportBatch.objects.get().as_at is None
