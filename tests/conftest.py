"""Shared fixtures, and the random tests' settings."""

import io
import os

import factory.random
import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import settings

from tests import security_report
from tests.database import rolled_back

# Random tests (hypothesis): `make test` and CI draw the same examples on every run, so that they
# fail only for a change, never for a draw; `make fuzz` draws new ones, many more, each run. A
# failure prints the blob that replays it (@reproduce_failure).
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True, max_examples=15)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
)


def hypothesis_profile(environ) -> str:
    """ "ci" whenever CI is set, whatever else is; otherwise HYPOTHESIS_PROFILE ("fuzz" under
    `make fuzz`), "ci" by default."""
    if environ.get("CI"):
        return "ci"
    return environ.get("HYPOTHESIS_PROFILE", "ci")


settings.load_profile(hypothesis_profile(os.environ))
# factory_boy's Faker and fuzzy attributes draw from its own generator: seeded, they are the same
# on every run too.
factory.random.reseed_random("assure")

# The modules `make test` also runs on SQLite (scripts/test-databases), with every security test;
# every test runs on PostgreSQL, production's database. SQLite is the demo's database (`make run`)
# and has code paths of its own; the queries of the rules, lists, figures and papers are SQL that
# each database runs its own way. Named by file, wherever the module lives.
ALSO_ON_SQLITE = {
    # the demo: loaded, transcribed, walked through a round, opened in the admin, exported and imported back
    "test_load_demo.py",
    "test_demo_loader.py",
    "test_demo_transcription.py",
    "test_latest_update.py",
    "test_round_cycle_on_demo.py",
    "test_admin.py",
    "test_round_trip.py",
    # SQLite's own paths: the default database of the settings, backups by SQLite's backup API,
    # a demo database made by the layout before the split migrating forward
    "test_settings.py",
    "test_backup_restore.py",
    "test_migrate_forward.py",
    # queries: the models' rules (RAG, states, dates, rounds), pages, dashboards, charts, exports,
    # versions and their papers' data, the audit trail, scoping and query counts
    "test_models.py",
    "test_rag.py",
    "test_loose_dates.py",
    "test_working_days.py",
    "test_stale_decisions.py",
    "test_rounds.py",
    "test_pages.py",
    "test_dashboard.py",
    "test_charts.py",
    "test_exports.py",
    "test_versions.py",
    "test_render_plan.py",
    "test_plan_summary.py",
    "test_audit_trail.py",
    "test_scoping.py",
    "test_query_counts.py",
    "test_search.py",  # SQLite searches the words as written, PostgreSQL by full text
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in ALSO_ON_SQLITE:
            item.add_marker(pytest.mark.sqlite)


# The key of an xdist worker's security tally in what it sends the controller when it finishes.
SECURITY_TALLY = "security_tally"


def pytest_runtest_logreport(report):
    item_property = getattr(report, "security_property", None)
    # Under xdist the controller sees every worker's reports again (marked with their `node`):
    # the workers have tallied them, and the controller adds up their tallies instead.
    if item_property and not hasattr(report, "node"):
        security_report.tally.record_outcome(item_property, report)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.security_property = security_report.property_of(item)
    return report


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """An xdist worker has finished: add its security tally to the controller's."""
    tally = getattr(node, "workeroutput", {}).get(SECURITY_TALLY)
    if tally is not None:
        security_report.tally.merge(tally)


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):  # an xdist worker: the controller writes the results
        session.config.workeroutput[SECURITY_TALLY] = security_report.tally.as_data()
        return
    path = security_report.results_path()
    if path is not None:
        from django.db import connection

        security_report.tally.write(path, connection.vendor)


class SecurityFigure:
    """Figures a test adds to its security property's line in `make security-report`."""

    def __init__(self, property_name: str):
        self.property_name = property_name

    def __call__(self, figure: str) -> None:
        security_report.tally.record_figure(self.property_name, figure)

    def count(self, label: str, amount: int) -> None:
        """Add to a total that many tests share, printed as "<total> <label>"."""
        security_report.tally.add_to_count(self.property_name, label, amount)


@pytest.fixture
def security_figure(request):
    """`security_figure("50 threads, 0 changes lost")` adds a figure to this test's security
    property; `security_figure.count(label, n)` adds to a total shared by many tests."""
    name = security_report.property_of(request.node)
    assert name, "security_figure needs the test to carry pytest.mark.security(property)"
    return SecurityFigure(name)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as with an empty database: refused sign-ins and
    reset emails counted by one test must not hold back the next."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(scope="module")
def demo_partnerships(django_db_setup, django_db_blocker):
    """The three demo partnerships and their logins, loaded once per test module and rolled
    back afterwards. Tests using it still need the `django_db` mark."""
    with rolled_back(django_db_blocker):
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()


class SmallPartnership:
    """One partnership with two agencies (DBC, PCT), a plan with one recommendation and an
    action for each agency, a user for every role, and a business manager of another
    partnership. Usernames start with `people`, so that a test can build several."""

    def __init__(self, people="testshire"):
        from actionplans.models import GlossaryTerm
        from agencies.roles import Role
        from tests import factories as f

        self.partnership = f.PartnershipFactory(short_name="Testshire LSCB")
        self.dbc = f.AgencyFactory(partnership=self.partnership, short_name="DBC", name="Testshire Borough Council")
        self.pct = f.AgencyFactory(partnership=self.partnership, short_name="PCT", name="Testshire PCT")
        self.recommendation = f.RecommendationFactory(
            section__plan__partnership=self.partnership, reference="1", text="Ensure that LAC reviews happen on time"
        )
        self.section = self.recommendation.section
        self.plan = self.section.plan
        self.lead_officer = f.OfficerFactory(partnership=self.partnership, agency=self.dbc, name="Jenni Cooke")
        self.dbc_action = f.ActionFactory(
            recommendation=self.recommendation,
            agency=self.dbc,
            reference="1.1",
            text="Review the LAC timetable",
            target="June 2012",
        )
        f.ActionLeadFactory(action=self.dbc_action, officer=self.lead_officer)
        self.pct_action = f.ActionFactory(
            recommendation=self.recommendation,
            agency=self.pct,
            reference="1.2",
            text="Audit health assessments",
            target="December 2099",
        )
        self.milestone = f.MilestoneFactory(action=self.dbc_action, text="Timetable agreed")
        GlossaryTerm.objects.create(partnership=self.partnership, abbreviation="LAC", meaning="Looked After Children")
        self.users = {}
        for name, role, agency in [
            ("manager", Role.BUSINESS_MANAGER, None),
            ("scrutiny", Role.SCRUTINY, None),
            ("lead_dbc", Role.AGENCY_LEAD, self.dbc),
            ("lead_pct", Role.AGENCY_LEAD, self.pct),
        ]:
            user = f.UserFactory(username=f"{people}-{name}", first_name=name.title())
            f.MembershipFactory(user=user, partnership=self.partnership, role=role, agency=agency)
            self.users[name] = user
        self.users["other_manager"] = f.MembershipFactory(role=Role.BUSINESS_MANAGER).user


@pytest.fixture
def small():
    return SmallPartnership()


class SignInClient(Client):
    """The test client. `force_login` signs in as a person completing sign-in would: someone who
    uses two-factor authentication (see `accounts.two_factor`) has an authenticator and gave
    its code. `force_login_password_only` stops after the password."""

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY

        from accounts.two_factor import authenticator_of, needs_two_factor
        from tests.two_factor import authenticator

        self.force_login_password_only(user, backend)
        device = authenticator_of(user)
        if device is None and needs_two_factor(user):
            device = authenticator(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    def force_login_password_only(self, user, backend=None):
        super().force_login(user, backend)


@pytest.fixture
def client():
    return SignInClient()


@pytest.fixture
def as_user(client):
    """`as_user(user)` signs the test client in as `user` and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider on 127.0.0.1 (tests/sso), for the test client's callback."""
    from tests.sso import LocalProvider

    provider = LocalProvider(["http://testserver/sign-in/organisation/callback/"])
    yield provider
    provider.stop()
