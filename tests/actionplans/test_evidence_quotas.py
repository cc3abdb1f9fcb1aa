"""Evidence quotas: files and bytes per update, bytes per agency per day, bytes per partnership.
Each limit is tried at the limit (accepted) and one over (refused before anything is stored,
with the form keeping what was typed); the daily and partnership totals are counted from the
evidence already stored, and hold when uploads arrive at the same moment (PostgreSQL)."""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplans.evidence import PDF as PDF_KIND
from actionplans.models import EvidenceDocument
from actionplans.services.progress import EvidenceUpload, progress_update_create
from tests import evidence_files as files
from tests import factories as f
from tests.actionplans.test_concurrent_saves import signed_in_clients
from tests.actionplans.test_progress_updates import update_data
from tests.concurrency import post_at_once

pytestmark = [pytest.mark.django_db, pytest.mark.security("upload quotas")]

NOTE = "Audit of 40 case files completed; report to the March board."
KB = 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(size: int, name: str = "audit.pdf"):
    return files.upload(name, files.PDF + bytes(size - len(files.PDF)))


def stored_evidence(action, size: int, *, days_ago: int = 0) -> EvidenceDocument:
    """Evidence already stored on `action`: only its recorded size matters to the quotas."""
    document = f.EvidenceDocumentFactory(
        progress_update__action=action, file="evidence/2026/earlier.pdf", original_name="earlier.pdf", size=size
    )
    if days_ago:
        EvidenceDocument.objects.filter(pk=document.pk).update(uploaded_at=timezone.now() - timedelta(days=days_ago))
    return document


def post_update(client, action, uploads):
    before = EvidenceDocument.objects.count()
    response = client.post(
        reverse("actionplans:progress_update_create", args=[action.pk]),
        update_data(note=NOTE, evidence_files=uploads),
    )
    return response, EvidenceDocument.objects.count() - before


def assert_refused(response, stored: int, message: str) -> None:
    page = response.content.decode()
    assert response.status_code == 400 and stored == 0
    assert message in page
    assert NOTE in page  # what was typed is kept


def assert_one_file_fits_and_a_byte_more_is_refused(lead, action, room: int, refusal: str, security_figure) -> None:
    """A file of `room` bytes is stored on `action`; one a byte larger is refused, saying `refusal`."""
    over, stored_over = post_update(lead, action, [pdf(room + 1)])
    at_limit, stored_at_limit = post_update(lead, action, [pdf(room)])

    assert_refused(over, stored_over, refusal)
    assert at_limit.status_code == 302 and stored_at_limit == 1
    security_figure.count("limits: at the limit accepted, one over refused", 1)


def test_ten_files_go_on_one_update_and_an_eleventh_is_refused_before_any_is_read(as_user, small, security_figure):
    lead = as_user(small.users["lead_dbc"])

    at_limit, stored_at_limit = post_update(lead, small.dbc_action, [pdf(KB, f"{n}.pdf") for n in range(10)])
    over, stored_over = post_update(lead, small.dbc_action, [pdf(KB, f"{n}.pdf") for n in range(11)])

    assert at_limit.status_code == 302 and stored_at_limit == 10
    assert over.status_code == 400 and stored_over == 0
    assert "You can attach at most 10 files to one update." in over.content.decode()
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FILES == django_settings.EVIDENCE_FILES_PER_UPDATE == 10
    security_figure.count("limits: at the limit accepted, one over refused", 1)


def test_more_files_than_one_update_takes_are_refused_by_the_service_saying_how_many(small):
    uploads = [EvidenceUpload(pdf(KB, f"{n}.pdf"), PDF_KIND) for n in range(12)]

    with pytest.raises(ValidationError) as refused:
        progress_update_create(
            action=small.dbc_action,
            recorded_by=small.users["lead_dbc"],
            as_at=timezone.localdate(),
            status="underway",
            rag="amber",
            note=NOTE,
            evidence=uploads,
        )

    assert refused.value.message_dict["evidence_files"] == [
        "You can attach at most 10 files to one update. You chose 12."
    ]
    assert not EvidenceDocument.objects.exists()


def test_one_update_carries_evidence_up_to_its_limit_in_bytes(as_user, small, settings, security_figure):
    settings.EVIDENCE_BYTES_PER_UPDATE = 30 * KB
    lead = as_user(small.users["lead_dbc"])

    at_limit, stored_at_limit = post_update(lead, small.dbc_action, [pdf(10 * KB, "a.pdf"), pdf(20 * KB, "b.pdf")])
    over, stored_over = post_update(lead, small.dbc_action, [pdf(10 * KB, "a.pdf"), pdf(20 * KB + 1, "b.pdf")])

    assert at_limit.status_code == 302 and stored_at_limit == 2
    assert_refused(
        over,
        stored_over,
        "The files you chose add up to 31 KB. One update can carry at most 30 KB of evidence: attach fewer or "
        "smaller files, or add the rest in another update.",
    )
    security_figure.count("limits: at the limit accepted, one over refused", 1)


def test_an_agency_uploads_up_to_its_daily_limit_counted_from_what_is_stored_today(
    as_user, small, settings, security_figure
):
    settings.EVIDENCE_BYTES_PER_AGENCY_PER_DAY = 100 * KB
    other_dbc_action = f.ActionFactory(recommendation=small.recommendation, agency=small.dbc)
    stored_evidence(other_dbc_action, 60 * KB)
    stored_evidence(small.dbc_action, 500 * KB, days_ago=1)  # yesterday's do not count
    stored_evidence(small.pct_action, 500 * KB)  # nor another agency's
    lead = as_user(small.users["lead_dbc"])

    assert_one_file_fits_and_a_byte_more_is_refused(
        lead,
        small.dbc_action,
        40 * KB,
        "Testshire Borough Council has uploaded 60 KB of evidence today, and these files would add 41 KB. Each "
        "agency can upload at most 100 KB a day: add the rest tomorrow.",
        security_figure,
    )


def test_a_partnership_stores_evidence_up_to_its_limit_counted_from_what_is_stored(
    as_user, small, settings, security_figure
):
    settings.EVIDENCE_BYTES_PER_PARTNERSHIP = 1000 * KB
    stored_evidence(small.pct_action, 700 * KB, days_ago=30)
    stored_evidence(f.ActionFactory(), 5000 * KB)  # another partnership's does not count
    lead = as_user(small.users["lead_dbc"])

    assert_one_file_fits_and_a_byte_more_is_refused(
        lead,
        small.dbc_action,
        300 * KB,
        "Testshire LSCB already stores 700 KB of evidence, and these files would add 301 KB. A partnership can "
        "store at most 1000 KB: ask the Assure operators for more space.",
        security_figure,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite cannot show it")
def test_uploads_at_the_same_moment_to_different_plans_cannot_together_pass_the_daily_limit(
    small, settings, monkeypatch, security_figure
):
    settings.EVIDENCE_BYTES_PER_AGENCY_PER_DAY = 250 * KB
    # Storing a file takes a moment: long enough for every other upload to count the total.
    save = default_storage.save
    monkeypatch.setattr(default_storage, "save", lambda *args, **kwargs: time.sleep(0.5) or save(*args, **kwargs))
    # Each in a plan of its own, so that nothing but the quota's own lock makes them wait.
    actions = [
        f.ActionFactory(recommendation__section__plan__partnership=small.partnership, agency=small.dbc)
        for _ in range(6)
    ]
    clients = signed_in_clients([small.users["lead_dbc"]] * len(actions))
    requests = [
        (
            reverse("actionplans:progress_update_create", args=[action.pk]),
            update_data(note=NOTE, evidence_files=[pdf(100 * KB, f"{number}.pdf")]),
        )
        for number, action in enumerate(actions)
    ]

    responses = post_at_once(clients, requests)

    accepted = sum(response.status_code == 302 for response in responses)
    refused = sum(response.status_code == 400 for response in responses)
    assert (accepted, refused) == (2, 4)
    assert sum(EvidenceDocument.objects.values_list("size", flat=True)) == 200 * KB
    security_figure(f"{len(actions)} uploads at once against a daily limit for 2: {accepted} stored, {refused} refused")
