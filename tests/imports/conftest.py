import pytest


@pytest.fixture
def manager(client, small):
    """The test client, signed in as the small partnership's business manager."""
    client.force_login(small.users["manager"])
    return client
