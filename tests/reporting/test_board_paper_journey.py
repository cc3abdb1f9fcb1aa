"""The business manager's morning before the board, on the demo data."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from reporting.models import PlanVersion
from tests.reporting.downloads import download
from tests.reporting.test_pdf import pages

pytestmark = pytest.mark.django_db


def test_freeze_a_version_edit_an_action_see_the_change_and_download_both_papers(client, demo_partnerships):
    client.force_login(get_user_model().objects.get(username="darlington-manager"))
    plan = ActionPlan.objects.get(partnership__slug="darlington")
    action = Action.objects.filter(
        recommendation__section__plan=plan, text__startswith="The council should improve access"
    ).get()

    frozen = client.post(
        reverse("reporting:version_create", args=[plan.pk]),
        {"label": "LSCB Composite Plan November 2026", "as_at_0": "20", "as_at_1": "11", "as_at_2": "2026"},
    )
    version = PlanVersion.objects.get(label="LSCB Composite Plan November 2026")
    assert frozen.status_code == 302

    edited = client.post(
        reverse("manage:action_edit", args=[action.pk]),
        {
            "text": action.text,
            "agency": action.agency_id,
            "target": "March 2027",
            "target_change_reason": "The foster carer survey moves to the new year.",
            "version": action.version,
            "leads": list(action.leads.values_list("pk", flat=True)),
        },
    )
    assert edited.status_code == 302

    changes = re.sub(r"\s+", " ", client.get(reverse("reporting:changes_since", args=[plan.pk])).content.decode())
    assert "Changes since LSCB Composite Plan November 2026" in changes
    assert "Target date</strong>: Sept 2012 → March 2027" in changes
    assert "Reason: The foster carer survey moves to the new year." in changes

    version_pdf, version_content = download(client, reverse("reporting:version_paper", args=[version.pk, "pdf"]))
    _current_pdf, current_content = download(client, reverse("reporting:plan_paper", args=[plan.pk, "pdf"]))
    assert version_pdf["Content-Disposition"].startswith('attachment; filename="announced-inspection')
    frozen_text, current_text = " ".join(pages(version_content)), " ".join(pages(current_content))
    assert "Sept 2012" in frozen_text and "March 2027" not in frozen_text
    assert "March 2027" in current_text
    assert "(reason: The foster carer survey moves to the new year.)" in re.sub(r"\s+", " ", current_text)
    assert "Changes since LSCB Composite Plan November 2026" in current_text
    assert "Changes since LSCB Composite Plan July 2012" in frozen_text  # the demo's earlier version
