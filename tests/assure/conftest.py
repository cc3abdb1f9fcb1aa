"""The signed-in lead whose requests the database tests break."""

import pytest

from tests.conftest import SignInClient


@pytest.fixture
def lead(small, settings, tmp_path):
    """A lead of DBC signed in, shown the error pages a person would see rather than the exceptions."""
    settings.MEDIA_ROOT = tmp_path
    client = SignInClient(raise_request_exception=False)
    client.force_login(small.users["lead_dbc"])
    return client
