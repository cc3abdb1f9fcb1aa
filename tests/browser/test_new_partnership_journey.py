"""A new partnership's first morning, in Chromium: an operator creates it with its business
manager, the manager accepts the e-mailed invitation, sets up two-factor authentication and
imports the partnership's Word plan (two sections, each a heading above its own table, numbered
from 1 in each) with nothing else set up."""

import io
import re
from base64 import b32decode

import docx
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan, Recommendation
from agencies.models import Partnership
from tests.browser.test_import_journey import DOCX

PASSWORD = "a long new-login password 2026"
SECTIONS = {
    "Safeguarding": [
        ("1.", "Strengthen strategy discussions", "Hold strategy discussions within 24 hours", "LA", "Head of Service"),
        ("2.", "Improve the quality of child protection plans", "Audit 20 plans each quarter", "LA", "Anna Price"),
    ],
    "Looked After Children": [
        ("1.", "Improve health assessments", "Complete initial health assessments in 20 days", "Health", "Dr Sam Ode"),
        ("2.", "Improve placement stability", "Review every third placement move", "LA", "Ben Carr"),
    ],
}


def two_section_plan() -> bytes:
    document = docx.Document()
    document.add_heading("Northshire Safeguarding Children Partnership: inspection action plan", level=1)
    for title, rows in SECTIONS.items():
        document.add_heading(title, level=2)
        table = document.add_table(rows=1, cols=5)
        headings = ["No.", "Recommendation", "Action", "Agency", "Lead"]
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            cell.text = heading
        for row in rows:
            for cell, words in zip(table.add_row().cells, row, strict=True):
                cell.text = words
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def code_for(secret: str) -> str:
    """The code an authenticator app given the key the setup page shows would show now."""
    key = secret.replace(" ", "")
    return f"{totp(b32decode(key + '=' * (-len(key) % 8))):06d}"


def test_an_operator_creates_a_partnership_whose_new_manager_imports_a_two_section_word_plan(visit):
    operator = visit(javascript=False)
    operator.sign_in("demo-operator")
    page = operator.go("/operator/partnerships/")
    page.get_by_role("button", name="Create a partnership").click()
    page.get_by_label("Name of the partnership").fill("Northshire Safeguarding Children Partnership")
    page.get_by_label("Short name or the board's name (optional)").fill("Northshire SCP")
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Email address").fill("jo.smith@northshire.example")
    operator.snap("the new partnership")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_text("Northshire Safeguarding Children Partnership").first).to_be_visible()
    operator.snap("created")

    (link,) = re.findall(r"https?://\S+", mail.outbox[-1].body)
    manager = visit()
    page = manager.go(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_label("Choose a username").fill("jo.smith")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create your login and join").click()
    page.get_by_label("Username").fill("jo.smith")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(code_for(page.locator("#secret").inner_text()))
    page.get_by_role("button", name="Finish setting up").click()
    page.get_by_role("button", name="I have saved my recovery codes").click()
    manager.snap("signed in for the first time")

    manager.go("/manage/")
    page.get_by_role("button", name="Import a plan").click()
    page.get_by_label("The plan's file").set_input_files(
        files=[{"name": "northshire plan.docx", "mimeType": DOCX, "buffer": two_section_plan()}]
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Check which column goes where")).to_be_visible()
    manager.snap("the columns")
    page.get_by_role("button", name="Preview the plan").click()
    expect(page.get_by_role("heading", name="Check the plan before importing it")).to_be_visible()
    manager.snap("the preview")
    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", name="The plan has been imported")).to_be_visible()
    manager.snap("imported")

    plan = ActionPlan.objects.get(partnership=Partnership.objects.get(short_name="Northshire SCP"))
    recommendations = Recommendation.objects.filter(section__plan=plan).order_by("section__position", "position")
    assert [section.title for section in plan.sections.order_by("position")] == list(SECTIONS)
    assert [(r.section.title, r.reference, r.text) for r in recommendations] == [
        (title, number, text) for title, rows in SECTIONS.items() for number, text, *_rest in rows
    ]
    actions = Action.objects.filter(recommendation__section__plan=plan).order_by(
        "recommendation__section__position", "recommendation__position"
    )
    assert [(a.text, a.agency.short_name) for a in actions] == [
        (action, agency) for rows in SECTIONS.values() for _number, _text, action, agency, _lead in rows
    ]
