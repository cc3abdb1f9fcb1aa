"""The everyday journeys that only read, in Chromium, with JavaScript on and off, on one demo
loaded for the module (the journeys that write are in test_journeys.py, each on a demo of its own)."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])


@pytest.fixture
def demo_site(reading_demo_site):
    return reading_demo_site


@JAVASCRIPT
def test_a_scrutiny_member_lists_overdue_red_actions_and_opens_one(visit, javascript):
    expected = Action.objects.filter(recommendation__section__plan__partnership__slug="darlington").overdue()
    scrutiny = visit(javascript)
    scrutiny.sign_in("darlington-scrutiny")
    page = scrutiny.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions").click()

    page.get_by_label("RAG").select_option(label="Red: off track")
    page.get_by_label("Overdue", exact=True).select_option(label="Overdue only")
    page.get_by_role("button", name="Apply filters").click()
    scrutiny.snap("overdue red actions")

    count = expected.filter(rag="red").count()
    assert count > 0
    expect(page.locator("#result-count")).to_have_text(f"{count} actions")
    assert "rag=red" in page.url and "overdue=yes" in page.url
    page.locator("table tbody tr a.govuk-link").first.click()
    expect(page.get_by_text("Red: off track").first).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True).first).to_be_visible()
    scrutiny.snap("an overdue red action")


@JAVASCRIPT
def test_a_scrutiny_member_opens_the_dashboard_and_the_overdue_count_lists_exactly_those_actions(visit, javascript):
    plan = ActionPlan.objects.get(partnership__slug="banes")
    overdue = set(
        Action.objects.filter(recommendation__section__plan=plan).overdue().values_list("reference", flat=True)
    )
    scrutiny = visit(javascript)
    scrutiny.sign_in("banes-scrutiny")
    page = scrutiny.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    page.get_by_label("Plan").select_option(value=str(plan.pk))
    page.get_by_role("button", name="Show").click()
    scrutiny.snap("the plan dashboard")

    figure = page.get_by_role("link", name=re.compile(r"^\d+ overdue$"))
    count = int(figure.inner_text().split()[0])
    figure.click()
    scrutiny.snap("the overdue actions")

    assert count == len(overdue) > 0
    expect(page.locator("#result-count")).to_have_text(f"{count} actions")
    shown = set()
    for number in itertools.count(2):
        shown |= {
            text.split(":")[0] for text in page.locator("table tbody tr td:first-child a.govuk-link").all_inner_texts()
        }
        following = page.get_by_role("link", name="Next page")
        if not following.count():
            break
        following.click()
        # all_inner_texts does not wait, so the rows are read only once the next page has arrived.
        expect(page).to_have_url(re.compile(rf"[?&]page={number}(&|$)"))
        page.wait_for_load_state()
    assert shown == overdue


@JAVASCRIPT
def test_a_scrutiny_member_finds_which_agency_is_behind_and_what_lacks_evidence_in_one_click_each(visit, javascript):
    scrutiny = visit(javascript)
    scrutiny.sign_in("darlington-scrutiny")
    page = scrutiny.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()

    segment = page.get_by_role("link", name=re.compile(r"^\S+, Red: off track: \d+ actions?$")).first
    agency, count = re.match(r"^(\S+), .*: (\d+) actions?$", segment.get_attribute("aria-label")).groups()
    segment.click()
    scrutiny.snap("an agency's red actions")

    expect(page.locator("#result-count")).to_have_text(f"{count} action{'' if count == '1' else 's'}")
    assert "rag=red" in page.url and "agency=" in page.url
    expect(page.get_by_label("Agency", exact=True).locator("option:checked")).to_contain_text(agency)

    page.go_back()
    figure = page.get_by_role("link", name=re.compile(r"^\d+ completed without evidence$"))
    count = figure.inner_text().split()[0]
    figure.click()
    scrutiny.snap("completed actions without evidence")

    expect(page.locator("#result-count")).to_have_text(f"{count} action{'' if count == '1' else 's'}")
    assert "state=completed_without_evidence" in page.url
