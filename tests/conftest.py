"""Shared fixtures: the demo partnerships loaded once per session when a test asks for them."""
import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The three demo partnerships and their logins, loaded once for the whole session."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    yield
