"""With ASSURE_FILE_STORAGE=s3, a rendered board paper is kept in the private bucket (moto's
server on 127.0.0.1 here), and reaches only those who may see it, through the app."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import PaperFile
from reporting.services import version_freeze
from tests import object_storage
from tests.reporting.downloads import download

pytestmark = pytest.mark.django_db


def test_a_paper_is_kept_in_the_bucket_and_downloads_through_the_app(as_user, small, settings):
    bucket = object_storage.keep_files_in_new_bucket(settings)
    version = version_freeze(plan=small.plan, label="July board", as_at=date(2012, 7, 31))

    _response, content = download(
        as_user(small.users["scrutiny"]), reverse("reporting:version_paper", args=[version.pk, "csv"])
    )

    paper_file = PaperFile.objects.get()
    assert object_storage.objects_in(bucket) == {paper_file.file.name: content}
    outsider = as_user(small.users["other_manager"])
    assert outsider.get(reverse("reporting:paper_file_download", args=[paper_file.pk])).status_code == 404
