"""The person most account tests sign in as."""

import pytest

from tests.factories import with_password


@pytest.fixture
def person(small):
    """The lead of DBC, whose password is `tests.factories.PASSPHRASE`."""
    return with_password(small.users["lead_dbc"])
