"""The everyday journeys that write, in Chromium, with JavaScript on and off, each on a demo of its
own (the journeys that only read are in test_reading_journeys.py)."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from actionplans.models import EvidenceDocument, ProgressUpdate, Recommendation, UpdateRound
from tests.evidence_files import PDF

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])


@JAVASCRIPT
def test_an_agency_lead_updates_an_action_with_evidence_and_sees_it_in_the_history(
    visit, javascript, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    lead = visit(javascript)
    lead.sign_in("darlington-lead-dbc")
    page = lead.page
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()

    page.get_by_role("link", name=re.compile("improve access for foster carers")).first.click()
    lead.snap("the action")
    page.get_by_role("button", name="Add a progress update").click()
    page.get_by_label("Underway").check()
    page.get_by_label("Amber: at risk").check()
    page.get_by_label("What has happened since the last update").fill(
        "Out-of-hours advice line piloted with 12 carers."
    )
    page.get_by_label("Evidence of impact (optional)").fill("Carers report quicker answers at weekends.")
    page.get_by_label("Evidence files (optional)").set_input_files(
        files=[{"name": "carers-survey.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    lead.snap("the update form filled in")
    page.get_by_role("button", name="Add update").click()

    expect(page.get_by_text("Your update has been added.")).to_be_visible()
    expect(page.get_by_text("Out-of-hours advice line piloted with 12 carers.")).to_be_visible()
    expect(page.get_by_role("link", name="carers-survey.pdf")).to_be_visible()
    lead.snap("the update in the history")
    update = ProgressUpdate.objects.get(note__startswith="Out-of-hours")
    assert (update.status, update.rag, update.recorded_by.username) == ("underway", "amber", "darlington-lead-dbc")
    assert EvidenceDocument.objects.get(progress_update=update).original_name == "carers-survey.pdf"


@JAVASCRIPT
def test_the_business_manager_adds_a_recommendation_and_an_action_with_a_lead(visit, javascript):
    manager = visit(javascript)
    manager.sign_in("darlington-manager")
    page = manager.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Manage").click()
    page.get_by_role(
        "link", name="Announced Inspection of Safeguarding and Looked after Children Services 2011"
    ).click()
    manager.snap("the plan structure")

    page.get_by_role("link", name="Add a recommendation to SAFEGUARDING").click()
    page.get_by_label("Reference (optional)").fill("S9")
    page.get_by_label("Recommendation").fill(
        "Ensure that return home interviews are offered to every child who goes missing."
    )
    page.get_by_label("Timeframe").fill("Within 3 months")
    page.get_by_label("Darlington Borough Council (DBC)").check()
    manager.snap("the recommendation form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The recommendation has been added.")).to_be_visible()

    page.get_by_role("link", name="Add an action to recommendation S9").click()
    page.get_by_label("Reference (optional)").fill("S9.1")
    page.get_by_label("Action", exact=True).fill("Commission a return home interview service.")
    page.get_by_label("Responsible agency").select_option(label="Darlington Borough Council (DBC)")
    page.get_by_label("Jenni Cooke (Assistant Director)").check()
    page.get_by_label("Target date (optional)").fill("March 2027")
    manager.snap("the action form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The action has been added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Action S9.1")).to_be_visible()
    expect(page.get_by_text("Jenni Cooke (Assistant Director)").first).to_be_visible()
    manager.snap("the new action")
    recommendation = Recommendation.objects.get(reference="S9")
    action = recommendation.actions.get()
    assert (recommendation.timeframe, action.target_text) == ("within_3_months", "March 2027")
    assert [officer.name for officer in action.leads.all()] == ["Jenni Cooke"]


@JAVASCRIPT
def test_a_lead_sees_the_round_on_their_start_page_updates_and_the_round_page_counts_it(visit, javascript, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    manager = visit(javascript)
    manager.sign_in("darlington-manager")
    page = manager.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Update rounds").click()
    page.get_by_role("link", name=re.compile("^Open a round for")).click()
    deadline = date.today() + timedelta(days=14)
    page.get_by_label("Day").first.fill(str(deadline.day))
    page.get_by_label("Month").first.fill(str(deadline.month))
    page.get_by_label("Year").first.fill(str(deadline.year))
    page.get_by_label("Message to the leads (optional)").fill("Updates for the board, please.")
    manager.snap("opening a round")
    page.get_by_role("button", name="Open the round and email the leads").click()
    expect(page.get_by_text("The round is open.")).to_be_visible()
    update_round = UpdateRound.objects.get()
    dbc = update_round.actions.filter(agency__short_name="DBC").with_progress().order_by("pk")
    asked = dbc.count()

    lead = visit(javascript)
    lead.sign_in("darlington-lead-dbc")
    expect(lead.page.get_by_role("heading", name=f"Update needed by {deadline.day} {deadline:%B %Y}")).to_be_visible()
    expect(lead.page.get_by_text(f"0 of {asked} of DBC")).to_be_visible()
    lead.snap("the round on the start page")
    lead.page.locator(f"#round-{update_round.pk}").get_by_role(
        "link", name=re.compile("^Add an update to")
    ).first.click()
    lead.page.get_by_label("Underway").check()
    lead.page.get_by_label("What has happened since the last update").fill("Carers' survey sent out.")
    lead.page.get_by_role("button", name="Add update").click()
    expect(lead.page.get_by_text("Your update has been added.")).to_be_visible()
    lead.page.goto(lead.page.url.split("/actions/")[0] + "/")
    expect(lead.page.get_by_text(f"1 of {asked} of DBC")).to_be_visible()

    page.goto(page.url)
    manager.snap("the round page after the update")
    row = page.get_by_role("row", name=re.compile("Darlington Borough Council"))
    expect(row.get_by_role("cell").nth(0)).to_have_text("1")
    expect(row.get_by_role("cell").nth(1)).to_have_text(str(asked - 1))
