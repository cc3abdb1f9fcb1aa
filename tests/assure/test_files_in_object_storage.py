"""With ASSURE_FILE_STORAGE=s3, evidence is kept in a private bucket of an S3-compatible store
(here moto's server on 127.0.0.1) and reaches only those who may see it, through the app."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from actionplans.models import EvidenceDocument
from assure.settings import files as file_settings
from tests import evidence_files as files
from tests import object_storage
from tests.actionplans.test_progress_updates import update_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings):
    return object_storage.keep_files_in_new_bucket(settings)


def upload_evidence(as_user, small):
    as_user(small.users["lead_dbc"]).post(
        reverse("actionplans:progress_update_create", args=[small.dbc_action.pk]),
        update_data(evidence_files=[files.upload("audit.pdf", files.PDF)]),
    )
    return EvidenceDocument.objects.get()


def test_uploaded_evidence_is_kept_in_the_bucket_and_downloads_through_the_app(as_user, small, bucket):
    document = upload_evidence(as_user, small)

    assert object_storage.objects_in(bucket) == {document.file.name: files.PDF}
    response = as_user(small.users["scrutiny"]).get(reverse("actionplans:evidence_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.security("data scoping")
def test_evidence_in_the_bucket_is_refused_to_another_partnership_and_to_the_signed_out(as_user, client, small, bucket):
    document = upload_evidence(as_user, small)
    url = reverse("actionplans:evidence_download", args=[document.pk])

    assert as_user(small.users["other_manager"]).get(url).status_code == 404
    client.logout()
    signed_out = client.get(url)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("login"))


def test_evidence_in_the_bucket_is_private_to_the_app(as_user, small, bucket):
    document = upload_evidence(as_user, small)

    assert object_storage.public_grants(bucket, document.file.name) == []


def test_evidence_missing_from_the_bucket_is_not_found(as_user, small, bucket):
    document = upload_evidence(as_user, small)
    object_storage.client().delete_object(Bucket=bucket, Key=document.file.name)

    response = as_user(small.users["scrutiny"]).get(reverse("actionplans:evidence_download", args=[document.pk]))

    assert response.status_code == 404


def test_object_storage_without_a_bucket_stops_the_start(monkeypatch):
    monkeypatch.setenv("ASSURE_FILE_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured, match="needs AWS_STORAGE_BUCKET_NAME"):
            importlib.reload(file_settings)
        monkeypatch.setenv("ASSURE_FILE_STORAGE", "disk")
        with pytest.raises(ImproperlyConfigured, match="must be local or s3"):
            importlib.reload(file_settings)
    finally:
        monkeypatch.undo()
        importlib.reload(file_settings)
