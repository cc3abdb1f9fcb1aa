"""axe-core finds no WCAG 2.2 A or AA violations on the main pages, and every RAG tag carries
its word."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan, UpdateRound
from actionplans.services.rounds import round_open


@pytest.fixture
def demo_site(reading_demo_site):
    """The demo loaded once for the module: its visits only read (the round they need is opened
    once and kept)."""
    return reading_demo_site


PAGES = [
    ("sign-in", None, lambda: "/sign-in/"),
    ("forgotten password", None, lambda: "/forgotten-password/"),
    ("sign-in with an organisation's account", None, lambda: "/sign-in/organisation/"),
    ("lead's start page", "darlington-lead-dbc", lambda: "/"),
    ("manager's start page", "darlington-manager", lambda: "/"),
    ("scrutiny start page", "darlington-scrutiny", lambda: "/"),
    ("plan", "darlington-scrutiny", lambda: f"/plans/{ActionPlan.objects.get(partnership__slug='darlington').pk}/"),
    ("BANES plan", "banes-scrutiny", lambda: f"/plans/{ActionPlan.objects.get(partnership__slug='banes').pk}/"),
    ("action", "darlington-scrutiny", lambda: f"/actions/{_darlington_action().pk}/"),
    ("action list", "darlington-scrutiny", lambda: "/actions/?rag=red&overdue=yes"),
    ("update form", "darlington-lead-dbc", lambda: f"/actions/{_darlington_action().pk}/update/"),
    (
        "manage: plan structure",
        "darlington-manager",
        lambda: f"/manage/plans/{ActionPlan.objects.get(partnership__slug='darlington').pk}/",
    ),
    ("manage: action form", "darlington-manager", lambda: f"/manage/actions/{_darlington_action().pk}/"),
    ("glossary", "banes-scrutiny", lambda: "/glossary/"),
    ("dashboard", "darlington-scrutiny", lambda: "/dashboard/"),
    (
        "plan dashboard",
        "banes-scrutiny",
        lambda: f"/dashboard/?plan={ActionPlan.objects.get(partnership__slug='banes').pk}",
    ),
    ("recommendations delivered", "darlington-scrutiny", lambda: "/recommendations/?delivered=yes"),
    (
        "versions",
        "darlington-manager",
        lambda: f"/plans/{ActionPlan.objects.get(partnership__slug='darlington').pk}/versions/",
    ),
    ("open a round", "darlington-manager", lambda: f"/plans/{_darlington_plan().pk}/rounds/new/"),
    ("update round", "darlington-manager", lambda: f"/rounds/{_darlington_round().pk}/"),
    ("lead's start page in a round", "darlington-lead-dbc", lambda: _darlington_round() and "/"),
    ("emails", "darlington-manager", lambda: _darlington_round() and "/emails/"),
    ("an email", "darlington-lead-dbc", lambda: f"/emails/{_darlington_round().reminders.first().pk}/"),
    ("completions awaiting assurance", "darlington-manager", lambda: "/assurance/"),
    ("return a completion", "darlington-manager", lambda: f"/updates/{_darlington_completion().pk}/return/"),
    ("operator: partnerships", "demo-operator", lambda: "/operator/partnerships/"),
    ("operator: create a partnership", "demo-operator", lambda: "/operator/partnerships/new/"),
]


def _darlington_plan():
    return ActionPlan.objects.get(partnership__slug="darlington")


def _darlington_round():
    plan = _darlington_plan()
    manager = get_user_model().objects.get(username="darlington-manager")
    return UpdateRound.objects.filter(plan=plan).first() or round_open(
        plan=plan, by=manager, deadline=date.today() + timedelta(days=14), today=date.today()
    )


def _darlington_completion():
    plan = _darlington_plan()
    awaiting = Action.objects.filter(recommendation__section__plan=plan).with_progress().filter(assurance="awaiting")
    return awaiting.first().latest_update


def _darlington_action():
    return Action.objects.filter(
        recommendation__section__plan__partnership__slug="darlington", agency__short_name="DBC"
    ).first()


@pytest.mark.parametrize("name, user, path", PAGES, ids=[name for name, _, _ in PAGES])
def test_no_wcag_violations(visit, name, user, path):
    browser = visit()
    if user:
        browser.sign_in(user)
    browser.go(path())
    browser.snap(name)

    assert browser.axe_violations() == []


def test_the_update_form_with_errors_has_no_wcag_violations(visit):
    browser = visit()
    browser.sign_in("darlington-lead-dbc")
    browser.go(f"/actions/{_darlington_action().pk}/update/")
    as_at = browser.page.get_by_role("group", name="As-at date")
    as_at.get_by_label("Day").fill("31")
    as_at.get_by_label("Month").fill("2")
    browser.page.get_by_role("button", name="Add update").click()
    expect(browser.page.get_by_text("There is a problem")).to_be_visible()
    browser.snap("update form with errors")

    assert browser.axe_violations() == []


@pytest.mark.parametrize("path", ["/actions/", "plan"])
def test_every_rag_tag_carries_its_word(visit, path):
    browser = visit()
    browser.sign_in("sunderland-scrutiny")
    plan = ActionPlan.objects.get(partnership__slug="sunderland")
    browser.go(f"/plans/{plan.pk}/" if path == "plan" else path)

    tags = browser.page.locator("td .govuk-tag").all_inner_texts()

    assert tags
    words = (
        "Red: off track",
        "Amber: at risk",
        "Green: on track",
        "Blue: complete and assured",
        "Not rated",
        "Overdue",
        "Awaiting assurance",
        "Completion returned",
    )
    assert all(tag.strip() in words for tag in tags), set(tags)
