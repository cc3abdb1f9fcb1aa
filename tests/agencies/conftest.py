"""The business manager whose pages most of these tests visit."""

import pytest

from agencies.roles import Role
from tests.factories import MembershipFactory


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.BUSINESS_MANAGER)


@pytest.fixture
def partnership(manager):
    return manager.partnership


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager.user)
    return client
