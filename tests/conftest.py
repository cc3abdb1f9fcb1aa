"""Shared fixtures."""

import io

import pytest
from django.core.management import call_command

from tests.database import rolled_back


@pytest.fixture(scope="module")
def demo_partnerships(django_db_setup, django_db_blocker):
    """The three demo partnerships and their logins, loaded once per test module and rolled
    back afterwards. Tests using it still need the `django_db` mark."""
    with rolled_back(django_db_blocker):
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
