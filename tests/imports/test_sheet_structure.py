"""A spreadsheet plan's structure, uploaded as a business manager would: its title and subtitle
from the rows above its headings, and a Section column whose recommendations, numbered again in
each section, are never merged."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from imports.models import ImportBatch
from tests.imports.test_import_pages import columns_data

pytestmark = pytest.mark.django_db

TITLE = "Improving Outcomes for Children: Ofsted Action Plan"
SUBTITLE = "Report to the Children's Partnership Board, 12 June 2019, agenda item 5"
HEADER = ["Section", "Ref", "Recommendation", "Action", "Agency", "Target date"]
ROWS = [
    ["Safeguarding", "1", "Ensure referrals are acknowledged.", "Keep a tracking log.", "DBC", "June 2019"],
    ["Safeguarding", "2", "Improve assessments.", "Introduce a checklist.", "DBC", "July 2019"],
    ["Looked after children", "1", "Improve placement stability.", "Report stability.", "DBC", "June 2019"],
    ["Looked after children", "1", "Improve placement stability.", "Train foster carers.", "PCT", "May 2019"],
    ["Looked after children", "2", "Make health assessments timely.", "Check monthly.", "PCT", "July 2019"],
    ["Safeguarding", "3", "Strengthen supervision.", "Audit supervision.", "DBC", "March 2020"],
    ["Safeguarding", "3", "Strengthen the front door.", "Review the front door.", "DBC", "April 2020"],
]


def workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append([SUBTITLE])
    sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def previewed(client, small):
    client.force_login(small.users["manager"])
    client.post(reverse("manage:import_start"), {"file": SimpleUploadedFile("tracker_v3.xlsx", workbook())})
    batch = ImportBatch.objects.get()
    client.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch))
    return client, batch


def test_the_title_row_above_the_headings_is_the_plans_title_not_the_file_name(previewed):
    client, batch = previewed

    page = client.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()

    assert 'value="Improving Outcomes for Children: Ofsted Action Plan"' in page


def test_the_row_under_the_title_is_kept_as_the_plans_description(previewed):
    client, batch = previewed

    client.post(reverse("manage:import_preview", args=[batch.pk]), {"title": TITLE})

    assert ActionPlan.objects.get(title=TITLE).description == SUBTITLE


def test_each_section_keeps_its_own_recommendations_however_they_are_numbered(previewed):
    client, batch = previewed

    response = client.post(reverse("manage:import_preview", args=[batch.pk]), {"title": TITLE})

    assert response.status_code == 302
    actions = Action.objects.filter(recommendation__section__plan__title=TITLE).in_plan_order()
    assert [
        (a.recommendation.section.title, a.recommendation.reference, a.recommendation.text, a.text) for a in actions
    ] == [
        ("Safeguarding", "1", "Ensure referrals are acknowledged.", "Keep a tracking log."),
        ("Safeguarding", "2", "Improve assessments.", "Introduce a checklist."),
        ("Safeguarding", "3", "Strengthen supervision.", "Audit supervision."),
        ("Safeguarding", "3", "Strengthen the front door.", "Review the front door."),
        ("Looked after children", "1", "Improve placement stability.", "Report stability."),
        ("Looked after children", "1", "Improve placement stability.", "Train foster carers."),
        ("Looked after children", "2", "Make health assessments timely.", "Check monthly."),
    ]


def test_a_number_given_again_with_other_words_is_shown_in_the_preview(previewed):
    client, batch = previewed

    page = client.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()

    assert "recommendation 3 is numbered again, with other words" in page


def test_a_workbook_with_a_cover_sheet_proposes_the_plans_sheet_and_takes_its_title_from_the_cover(client, small):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    for line in [TITLE, SUBTITLE, "Position as at 14 March 2019"]:
        cover.append([line])
    plan = book.create_sheet("Action plan")
    plan.append(HEADER)
    for row in ROWS:
        plan.append(row)
    data = io.BytesIO()
    book.save(data)
    client.force_login(small.users["manager"])

    client.post(reverse("manage:import_start"), {"file": SimpleUploadedFile("plan.xlsx", data.getvalue())})
    batch = ImportBatch.objects.get()
    client.post(reverse("manage:import_columns", args=[batch.pk]), columns_data(batch))

    assert batch.table_index == 1
    assert str(batch.as_at) == "2019-03-14"
    page = client.get(reverse("manage:import_preview", args=[batch.pk])).content.decode()
    assert f'value="{TITLE}"' in page
