"""A business manager imports a plan written in Word, in Chromium, with JavaScript on and off:
upload, columns, preview, confirm; and the import pages have no WCAG 2.2 A or AA violations."""

import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan
from tests.imports import docx_shapes as shapes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(manager, content: bytes, name: str = "lscb plan.docx"):
    page = manager.page
    manager.go("/manage/")
    page.get_by_role("button", name="Import a plan").click()
    page.get_by_label("The plan's file").set_input_files(files=[{"name": name, "mimeType": DOCX, "buffer": content}])
    as_at = page.get_by_role("group", name="Date the file's progress is as at")
    for part, value in [("Day", "31"), ("Month", "7"), ("Year", "2012")]:
        as_at.get_by_label(part).fill(value)
    manager.snap("the file chosen")
    page.get_by_role("button", name="Read the file").click()
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_business_manager_imports_a_plan_written_in_word(visit, javascript):
    manager = visit(javascript)
    manager.sign_in("darlington-manager")

    page = upload(manager, shapes.darlington_style())
    expect(page.get_by_role("heading", name="Check which column goes where")).to_be_visible()
    expect(page.get_by_label(re.compile("Column 3: Responsible officer"))).to_have_value("leads")
    expect(page.get_by_label(re.compile("Column 6: Monitoring/ Status Notes"))).to_have_value("progress")
    page.get_by_label("Agency for actions that name none (optional)").fill("DBC")
    manager.snap("the columns")
    page.get_by_role("button", name="Preview the plan").click()

    expect(page.get_by_role("heading", name="Check the plan before importing it")).to_be_visible()
    expect(page.get_by_text("'SAFEGUARDING' read as a section heading")).to_be_attached()
    expect(page.get_by_text("Review the LSCB threshold document.")).to_be_visible()
    manager.snap("the preview")
    expect(page.get_by_label("The plan's title")).to_have_value(
        "Announced Inspection of Safeguarding and Looked after Children Services 2011"
    )
    page.get_by_label("The plan's title").fill("Imported composite plan")
    page.get_by_role("button", name="Import the plan").click()

    expect(page.get_by_role("heading", name="The plan has been imported")).to_be_visible()
    manager.snap("imported")
    page.get_by_role("link", name="Imported composite plan").click()
    expect(
        page.get_by_text("Core group meetings to be scheduled at every initial child protection conference.")
    ).to_be_visible()
    plan = ActionPlan.objects.get(title="Imported composite plan")
    assert Action.objects.filter(recommendation__section__plan=plan).count() == 6


def test_a_refused_file_is_explained_in_an_error_summary(visit):
    manager = visit()
    manager.sign_in("darlington-manager")

    page = upload(manager, shapes.no_table())

    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Assure imports a plan written as a table"))).to_be_visible()
    manager.snap("refused")
    assert manager.axe_violations() == []


def test_the_import_pages_have_no_wcag_violations(visit):
    manager = visit()
    manager.sign_in("darlington-manager")
    manager.go("/manage/import/")
    assert manager.axe_violations() == []

    page = upload(manager, shapes.council_and_health())
    assert manager.axe_violations() == [], "columns page"

    page.get_by_role("button", name="Preview the plan").click()
    # The import now creates the agencies this plan names, so its preview has nothing to put right.
    expect(page.get_by_role("heading", name="Check the plan before importing it")).to_be_visible()
    manager.snap("the preview")
    assert manager.axe_violations() == [], "preview page"
