import pytest


@pytest.fixture(autouse=True)
def papers_kept_in_a_temporary_folder(settings, tmp_path):
    """Rendered papers go to Django's default storage: here, a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
