"""The demo partnerships: three real plans transcribed in demo/fixtures/, and a login for every role."""

from django.conf import settings


class DemoRefused(Exception):
    """Demo data, demo logins or demo codes asked for under settings that do not allow them."""


def refuse_unless_demo_allowed() -> None:
    """Demo logins share a published password and a published authenticator key, so they exist
    only under the settings that say so (`DEMO_DATA_ALLOWED`: the demo and the tests), never in
    production, whatever DEBUG says."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoRefused(
            f"Demo data is only for the demo and the tests, and these settings ({settings.SETTINGS_MODULE}) "
            "do not allow it: nothing has been written. Run it with the demo settings "
            "(DJANGO_SETTINGS_MODULE=assure.settings.demo) on a database of its own."
        )
