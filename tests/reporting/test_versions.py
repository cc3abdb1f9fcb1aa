"""Versions keep a plan exactly as it stood; "changes since" says what moved after."""

import re
from datetime import date

import pytest
from django.urls import reverse

from actionplans.loose_dates import loose_date
from actionplans.models import Rag, Status
from reporting.changes import CHANGED, NEW, REMOVED, UNCHANGED, compare, summary
from reporting.models import CoverReport, PlanVersion
from reporting.services import version_freeze
from reporting.snapshots import plan_snapshot
from tests.factories import ActionFactory, OfficerFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 7, 31)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def freeze(small, label="LSCB Composite Plan July 2012", as_at=AS_AT):
    return version_freeze(plan=small.plan, label=label, as_at=as_at, user=small.users["manager"])


def test_a_version_keeps_the_plan_as_it_stood_whatever_is_edited_later(small):
    version = freeze(small)
    frozen = dict(version.snapshot)

    small.dbc_action.text = "Rewritten after the board"
    small.dbc_action.target = loose_date("December 2012")
    small.dbc_action.save()
    ProgressUpdateFactory(action=small.dbc_action, as_at="August 2012", status=Status.COMPLETED)
    version.refresh_from_db()

    assert version.snapshot == frozen
    [old] = [
        a
        for s in version.snapshot["sections"]
        for r in s["recommendations"]
        for a in r["actions"]
        if a["reference"] == "1.1"
    ]
    assert (old["text"], old["target"], old["updates"]) == ("Review the LAC timetable", "June 2012", [])


def test_rag_in_a_version_is_judged_as_at_its_date(small):
    version = freeze(small, as_at=date(2012, 6, 1))

    [dbc, pct] = version.snapshot["sections"][0]["recommendations"][0]["actions"]
    assert dbc["progress"]["is_overdue"] is False  # June 2012 is not over on 1 June
    assert (
        freeze(small, as_at=date(2012, 7, 1)).snapshot["sections"][0]["recommendations"][0]["actions"][0]["progress"][
            "rag_label"
        ]
        == "Red: off track"
    )


def test_changes_since_a_version_name_what_is_new_changed_removed_and_the_updates_added(small):
    before = freeze(small).snapshot
    added = ActionFactory(recommendation=small.recommendation, agency=small.pct, reference="1.3", text="New action")
    ProgressUpdateFactory(
        action=small.dbc_action, as_at="July 2012", status=Status.COMPLETED, rag=Rag.GREEN, note="Done"
    )
    small.pct_action.leads.add(OfficerFactory(partnership=small.partnership, name="Anne Holt"))
    small.milestone.delete()
    removed = ActionFactory(recommendation=small.recommendation, agency=small.pct, reference="1.9")
    middle = plan_snapshot(small.plan, as_at=AS_AT)
    removed_id = removed.pk
    removed.delete()

    changes = compare(before, plan_snapshot(small.plan, as_at=AS_AT))
    after_middle = compare(middle, plan_snapshot(small.plan, as_at=AS_AT))

    assert changes[added.pk].kind == NEW
    dbc = changes[small.dbc_action.pk]
    assert dbc.kind == CHANGED
    assert [(c.label, c.before, c.after) for c in dbc.changes] == [
        ("Status", "No status given", "Completed: awaiting assurance"),
        ("RAG", "Red: off track", "Green: on track"),
    ]
    assert [update["note"] for update in dbc.new_updates] == ["Done"]
    assert [(c.label, c.after) for c in changes[small.pct_action.pk].changes] == [
        ("Leads", "Anne Holt (Service Manager)")
    ]
    assert after_middle[removed_id].kind == REMOVED
    assert summary(changes) == {NEW: 1, CHANGED: 2, UNCHANGED: 0, REMOVED: 0}


def test_the_previous_version_is_the_one_frozen_before(small):
    first = freeze(small, "March", date(2012, 3, 31))
    second = freeze(small, "July", date(2012, 7, 31))
    same_day = freeze(small, "July, again", date(2012, 7, 31))

    assert first.previous() is None
    assert second.previous() == first
    assert same_day.previous() == second


def test_the_manager_freezes_a_version_in_the_app(as_user, small):
    response = as_user(small.users["manager"]).post(
        reverse("reporting:version_create", args=[small.plan.pk]),
        {
            "label": "Sub-group, August",
            "as_at_0": "31",
            "as_at_1": "7",
            "as_at_2": "2012",
            "meeting_0": "30",
            "meeting_1": "8",
            "meeting_2": "2012",
        },
        follow=True,
    )

    version = PlanVersion.objects.get()
    assert (version.label, version.as_at, version.meeting_date) == ("Sub-group, August", AS_AT, date(2012, 8, 30))
    assert version.created_by == small.users["manager"]
    assert "The version has been frozen" in text_of(response)


def test_a_version_needs_a_label_and_a_real_date(as_user, small):
    response = as_user(small.users["manager"]).post(
        reverse("reporting:version_create", args=[small.plan.pk]),
        {"label": "", "as_at_0": "31", "as_at_1": "2", "as_at_2": "2012"},
    )

    assert response.status_code == 400
    assert "Enter the version label" in text_of(response)
    assert "The as-at date must be a real date" in text_of(response)
    assert not PlanVersion.objects.exists()


def test_the_manager_writes_the_cover_report_of_a_version(as_user, small):
    version = freeze(small)
    contact = OfficerFactory(partnership=small.partnership, name="Odetta Sanderson", phone="Ext 2888")

    response = as_user(small.users["manager"]).post(
        reverse("reporting:cover_report_edit", args=[version.pk]),
        {
            "title": "Inspection action plan",
            "purpose": "To update members.",
            "recommendation": "Members note the plan.",
            "contact": contact.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    report = CoverReport.objects.get(version=version)
    assert (report.title, report.recommendation, report.contact) == (
        "Inspection action plan",
        "Members note the plan.",
        contact,
    )


def test_the_changes_page_lists_what_changed_since_the_chosen_version(as_user, small):
    version = freeze(small)
    small.dbc_action.target = loose_date("December 2099")
    small.dbc_action.save()

    page = text_of(
        as_user(small.users["scrutiny"]).get(
            reverse("reporting:changes_since", args=[small.plan.pk]), {"since": version.pk}
        )
    )

    assert "Changes since LSCB Composite Plan July 2012" in page
    assert "Target date</strong>: June 2012 → December 2099" in page


def test_the_versions_page_offers_freezing_only_to_the_manager(as_user, small):
    url = reverse("reporting:version_list", args=[small.plan.pk])

    assert "Freeze a version" in text_of(as_user(small.users["manager"]).get(url))
    assert "Freeze a version" not in text_of(as_user(small.users["scrutiny"]).get(url))
