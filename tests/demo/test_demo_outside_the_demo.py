"""Demo logins are kept out of production: `load_demo` and `demo_code` run only under the demo and
test settings (`DEMO_DATA_ALLOWED`), and production refuses to start (`check`, `migrate`, the
WSGI start) while any login has the demo's published password or authenticator."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Partnership
from demo.logins import DEMO_AUTHENTICATOR_KEY, DEMO_PASSWORD, OPERATOR_USERNAME
from tests.assure.test_deploy_settings import manage
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("demo logins kept out of production")]

REFUSED = "Demo data is only for the demo and the tests"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="production runs on PostgreSQL only: it refuses SQLite"
)


@pytest.fixture
def production(settings):
    """These settings, but refusing demo data as production does."""
    settings.DEMO_DATA_ALLOWED = False
    return settings


def demo_rows() -> tuple[int, int, int]:
    return get_user_model().objects.count(), Partnership.objects.count(), TOTPDevice.objects.count()


def demo_check():
    call_command("check", "--tag", "demo_logins", "--database", "default", stdout=io.StringIO())


def test_load_demo_refused_outside_the_demo_writes_nothing(production, settings, security_figure):
    with pytest.raises(CommandError, match=REFUSED):
        call_command("load_demo", stdout=io.StringIO())
    refused = demo_rows()

    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    demo_logins = get_user_model().objects.count()

    assert refused == (0, 0, 0)
    assert demo_logins > 0
    security_figure(f"{refused[0]} of {demo_logins} demo logins created when the settings refuse demo data")


def test_demo_code_refused_outside_the_demo(production):
    manager = UserFactory(username="darlington-manager")
    TOTPDevice.objects.create(user=manager, name="Authenticator app", key=DEMO_AUTHENTICATOR_KEY, confirmed=True)

    with pytest.raises(CommandError, match=REFUSED):
        call_command("demo_code", "darlington-manager", stdout=io.StringIO())


@pytest.mark.parametrize("command", [["load_demo"], ["demo_code", OPERATOR_USERNAME]])
def test_under_production_settings_the_demo_commands_exit_non_zero_saying_why(command):
    result = manage(*command)

    assert result.returncode != 0
    assert REFUSED in result.stderr
    assert "Password:" not in result.stdout


def demo_manager():
    return UserFactory(username="darlington-manager"), PartnershipFactory(slug="darlington")


def demo_lead():
    return UserFactory(username="banes-lead-pct"), AgencyFactory(partnership__slug="banes", short_name="PCT")


def demo_operator():
    return (UserFactory(username=OPERATOR_USERNAME, is_staff=True, is_superuser=True),)


def operator_of_any_name():
    return (UserFactory(username="jo.operator", is_staff=True),)


def renamed_demo_login():
    return (UserFactory(username="jo", email="darlington-scrutiny@demo.invalid"),)


@pytest.mark.parametrize("arrange", [demo_manager, demo_lead, demo_operator, operator_of_any_name, renamed_demo_login])
def test_production_refuses_to_start_while_a_login_has_the_demo_password(production, arrange):
    user, *_ = arrange()
    user.password = make_password(DEMO_PASSWORD)
    user.save()

    with pytest.raises(SystemCheckError, match=f"assure.E001.*{user.username}"):
        demo_check()
    user.set_password("a passphrase of their own")
    user.save()
    demo_check()


def test_production_refuses_to_start_while_a_login_has_the_demo_authenticator(production):
    manager = UserFactory(username="someone")
    device = TOTPDevice.objects.create(user=manager, name="Authenticator app", key=DEMO_AUTHENTICATOR_KEY)

    with pytest.raises(SystemCheckError, match="assure.E002.*someone"):
        demo_check()
    device.delete()
    demo_check()


def test_the_demo_and_the_tests_may_have_demo_logins(settings):
    call_command("load_demo", stdout=io.StringIO())

    demo_check()


def test_rekeyed_demo_logins_let_production_start_with_the_demo_data(settings):
    call_command("load_demo", stdout=io.StringIO())
    output = io.StringIO()

    call_command("rekey_demo_logins", stdout=output)

    settings.DEMO_DATA_ALLOWED = False
    demo_check()
    password = output.getvalue().split("password: ")[1].split()[0]
    manager = get_user_model().objects.get(username="darlington-manager")
    assert manager.check_password(password)
    assert not manager.check_password(DEMO_PASSWORD)


def test_nobody_can_choose_the_demo_password():
    with pytest.raises(ValidationError, match="published for the demo"):
        validate_password(DEMO_PASSWORD)


def pbkdf2(password: str) -> str:
    # As production stores it (the test settings hash with MD5, which production cannot read).
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt())


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_check_deploy_migrate_and_the_wsgi_start_refuse_while_a_login_has_the_demo_password(security_figure):
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    operator = UserFactory(username=OPERATOR_USERNAME, is_staff=True, is_superuser=True)
    get_user_model().objects.filter(pk=operator.pk).update(password=pbkdf2(DEMO_PASSWORD))
    starts = {
        "check --deploy": ["check", "--deploy", "--fail-level", "WARNING"],
        "migrate": ["migrate", "--noinput"],
        "WSGI start": ["shell", "--no-imports", "-c", "import assure.wsgi"],
    }

    refused = {name: manage(*args, DATABASE_URL=url) for name, args in starts.items()}
    get_user_model().objects.filter(pk=operator.pk).update(password=pbkdf2("a passphrase of the operator's own"))
    allowed = {name: manage(*args, DATABASE_URL=url) for name, args in starts.items()}
    load_demo = manage("load_demo", DATABASE_URL=url)

    assert {name: result.returncode != 0 for name, result in refused.items()} == dict.fromkeys(starts, True)
    assert all("assure.E001" in result.stderr and OPERATOR_USERNAME in result.stderr for result in refused.values())
    assert {name: result.returncode for name, result in allowed.items()} == dict.fromkeys(starts, 0), allowed
    assert load_demo.returncode != 0 and get_user_model().objects.count() == 1
    security_figure(f"{len(starts)} of {len(starts)} production starts refused with a demo password present")
