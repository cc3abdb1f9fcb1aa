"""Production refuses to start while any login has the demo's published password or authenticator.

A system check, so that `manage.py check` (and `check --deploy`), `migrate` and the WSGI start
(assure/wsgi.py) all stop with the list of logins to change.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

DEMO_CHECKS = "demo_logins"


@register(DEMO_CHECKS)
def no_demo_credentials_outside_the_demo(app_configs=None, databases=None, **kwargs):
    from .logins import logins_with_the_demo_authenticator, logins_with_the_demo_password

    if settings.DEMO_DATA_ALLOWED:
        return []
    try:
        with_password = logins_with_the_demo_password()
        with_authenticator = logins_with_the_demo_authenticator()
    except DatabaseError:
        # Nothing to look in: a database that cannot be reached, or not migrated yet, serves no
        # login while it is so (and migrate must still be able to create the tables).
        return []
    errors = []
    if with_password:
        errors.append(
            Error(
                f"{_still(with_password)} the demo's published password: {', '.join(with_password)}.",
                hint="Give each a new password (python manage.py changepassword <username>) or deactivate "
                "it in the admin; demo logins do not belong outside the demo.",
                id="assure.E001",
            )
        )
    if with_authenticator:
        errors.append(
            Error(
                f"{_still(with_authenticator)} an authenticator on the demo's published key: "
                f"{', '.join(with_authenticator)}.",
                hint="Reset their two-factor authentication (the business manager, or delete the "
                "authenticator in the admin) so that each sets up their own.",
                id="assure.E002",
            )
        )
    return errors


def _still(usernames: list[str]) -> str:
    return "1 login still has" if len(usernames) == 1 else f"{len(usernames)} logins still have"
