"""Agency leads (and the business manager, on their behalf) add progress updates."""

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from actionplans.models import EvidenceDocument, ProgressUpdate, Rag, Status
from tests import evidence_files as files
from tests.factories import MembershipFactory, OfficerFactory, ProgressUpdateFactory, progress_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


UPDATE = {
    "status": Status.UNDERWAY,
    "rag": Rag.AMBER,
    "note": "Timetable agreed with the IRO service.",
    "evidence_of_impact": "",
    "proposed_target": "",
    "target_change_reason": "",
}


def update_data(**changes):
    """Today's update, as the form posts it."""
    return progress_form(timezone.localdate(), **{**UPDATE, **changes})


def test_a_lead_adds_an_update_with_evidence_and_sees_it_in_the_history(as_user, small, media):
    client = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])

    response = client.post(
        url,
        update_data(evidence_files=[files.upload("audit.pdf", files.PDF), files.upload("photo.png", files.PNG)]),
        follow=True,
    )

    update = ProgressUpdate.objects.get(action=small.dbc_action)
    assert (update.status, update.rag, update.as_at_date) == (Status.UNDERWAY, Rag.AMBER, timezone.localdate())
    assert update.recorded_by == small.users["lead_dbc"] and not update.on_behalf
    documents = list(update.evidence_documents.order_by("pk"))
    assert [(d.original_name, d.content_type) for d in documents] == [
        ("audit.pdf", "application/pdf"),
        ("photo.png", "image/png"),
    ]
    assert all(re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}\.(pdf|png)", d.file.name) for d in documents)
    assert "Your update has been added." in text_of(response)
    assert "Timetable agreed with the IRO service." in text_of(response)
    assert "audit.pdf" in text_of(response)


def test_a_new_update_leaves_earlier_updates_as_they_were(as_user, small):
    earlier = ProgressUpdateFactory(action=small.dbc_action, as_at="June 2012", status=Status.ONGOING, note="Started")

    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(status=Status.COMPLETED, evidence_statement="Minutes of the June panel."),
    )

    earlier.refresh_from_db()
    assert (earlier.status, earlier.note) == (Status.ONGOING, "Started")
    assert small.dbc_action.progress_updates.count() == 2


def test_ticking_a_milestone_needs_the_date_it_was_done(as_user, small):
    client = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    field = f"milestone_{small.milestone.pk}"

    refused = client.post(url, update_data(**{field: "on"}))
    accepted = client.post(
        url,
        update_data(
            **{field: "on", f"{field}_done_on_0": "3", f"{field}_done_on_1": "7", f"{field}_done_on_2": "2012"}
        ),
    )

    assert refused.status_code == 400
    assert "Enter the date &#x27;Timetable agreed&#x27; was done" in refused.content.decode()
    assert accepted.status_code == 302
    small.milestone.refresh_from_db()
    assert small.milestone.done_on == date(2012, 7, 3)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"as_at_0": "31", "as_at_1": "2", "as_at_2": "2012"}, "The as-at date must be a real date"),
        ({"as_at_0": "1", "as_at_1": "1", "as_at_2": "2999"}, "The as-at date must be today or in the past"),
        ({"as_at_0": "", "as_at_1": "", "as_at_2": ""}, "Enter the as-at date"),
        ({"as_at_0": "x", "as_at_1": "1", "as_at_2": "2012"}, "Enter the day of the as-at date as a number"),
        ({"status": None}, "Choose the action&#x27;s status"),
        ({"note": ""}, "Enter what has happened since the last update"),
        ({"proposed_target": "September 2026"}, "Give a reason for the new target date"),
        ({"target_change_reason": "Staff shortage"}, "Enter the new target date, or clear the reason"),
        ({"proposed_target": "31/02/2026", "target_change_reason": "x"}, "&#x27;31/02/2026&#x27; is not a real date"),
        ({"proposed_target": "Ongoing", "target_change_reason": "x"}, "Enter the new target date as a date"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(as_user, small, changes, message):
    response = as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), update_data(**changes)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message in page
    if changes.get("note") is None and "note" not in changes:
        assert "Timetable agreed with the IRO service." in page
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_saved(as_user, small, media):
    response = as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("minutes.pdf", b"<html>not a pdf</html>")]),
    )

    assert response.status_code == 400
    assert "minutes.pdf must be a PDF, a Word or Excel document, or a JPG, PNG or GIF image." in text_of(response)
    assert not ProgressUpdate.objects.exists() and not EvidenceDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_oversized_file_is_refused(as_user, small, settings):
    settings.EVIDENCE_MAX_BYTES = 1024

    response = as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("big.pdf", files.PDF + b"x" * 2048)]),
    )

    assert response.status_code == 400
    assert "Evidence files must be smaller than" in text_of(response)


def test_a_lead_proposes_a_new_target_date_with_a_reason_and_the_manager_accepts_it(as_user, small):
    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(proposed_target="September 2026", target_change_reason="Waiting for the new IRO."),
    )
    update = ProgressUpdate.objects.get()
    assert str(update.proposed_target) == "September 2026"

    refused = as_user(small.users["lead_dbc"]).post(reverse("actionplans:accept_target", args=[update.pk]))
    accepted = as_user(small.users["manager"]).post(reverse("actionplans:accept_target", args=[update.pk]))

    assert refused.status_code == 403
    assert accepted.status_code == 302
    small.dbc_action.refresh_from_db()
    assert small.dbc_action.target_text == "September 2026"
    target_change = LogEntry.objects.get_for_object(small.dbc_action).filter(action=LogEntry.Action.UPDATE).get()
    assert target_change.actor == small.users["manager"]
    assert target_change.changes["target_text"] == ["June 2012", "September 2026"]


def test_the_manager_adds_an_update_on_behalf_of_an_agency(as_user, small):
    response = as_user(small.users["manager"]).post(
        reverse("actionplans:progress_update_create", args=[small.pct_action.pk]), update_data(), follow=True
    )

    update = ProgressUpdate.objects.get()
    assert update.on_behalf and update.recorded_by == small.users["manager"]
    assert "business manager, on behalf of PCT" in text_of(response)


@pytest.mark.parametrize("who", ["lead_pct", "scrutiny"])
def test_others_cannot_add_an_update_whatever_they_post(as_user, small, who):
    client = as_user(small.users[who])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, update_data()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_evidence_downloads_as_an_attachment_to_those_who_can_see_it(as_user, small, media):
    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("../../minutes <b>.pdf", files.PDF)]),
    )
    document = EvidenceDocument.objects.get()
    url = reverse("actionplans:evidence_download", args=[document.pk])

    response = as_user(small.users["scrutiny"]).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert as_user(small.users["other_manager"]).get(url).status_code == 404


@pytest.mark.security("member invitations")
def test_an_updates_author_is_an_officer_of_the_actions_partnership_only(as_user, small):
    """A login in two partnerships is linked to an officer in one: its updates in the other name no author."""
    darlington = OfficerFactory(name="Darlington officer")
    MembershipFactory(user=small.users["lead_dbc"], partnership=darlington.partnership)
    darlington.user = small.users["lead_dbc"]
    darlington.save()

    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), update_data()
    )

    update = ProgressUpdate.objects.get(action=small.dbc_action)
    assert update.recorded_by == small.users["lead_dbc"]
    assert update.author is None


def test_an_updates_author_is_the_leads_officer_in_the_partnership(as_user, small):
    small.lead_officer.user = small.users["lead_dbc"]
    small.lead_officer.save()

    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]), update_data()
    )

    assert ProgressUpdate.objects.get(action=small.dbc_action).author == small.lead_officer


def test_a_file_attached_to_a_form_that_comes_back_with_a_problem_is_named_to_choose_again(as_user, small, media):
    client = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])

    response = client.post(url, update_data(note="", evidence_files=[files.upload("audit.pdf", files.PDF)]))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose audit.pdf again: a file you attach cannot be kept while the form has a problem to put right" in page
    assert ProgressUpdate.objects.count() == 0


def test_a_form_with_no_file_and_a_problem_asks_for_no_file(as_user, small):
    client = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])

    response = client.post(url, update_data(note=""))

    assert response.status_code == 400 and "again:" not in response.content.decode()


def test_the_empty_update_form_opens(as_user, small):
    response = as_user(small.users["lead_dbc"]).get(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    )

    assert response.status_code == 200 and "again:" not in response.content.decode()
