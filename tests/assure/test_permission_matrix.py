"""Every URL in the URL conf x every role x GET and POST, against the expected answer.

Each URL names its access rule below; the answer each role should get follows from the rule.
A URL added to the URL conf without an entry here fails `test_every_url_has_an_entry`.
"""

import tempfile
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actionplans.models import EvidenceDocument, GlossaryTerm, Judgement, Reminder, Status
from actionplans.services.rounds import round_open
from agencies.members import invitation_create
from agencies.models import Invitation
from agencies.roles import Role
from imports.services import batch_create
from reporting.models import VersionFreeze
from reporting.papers import PaperOptions
from reporting.services import version_freeze
from reporting.tasks import paper_request
from tests.conftest import SignInClient, SmallPartnership
from tests.database import rolled_back
from tests.evidence_files import PDF
from tests.factories import ForumFactory, MembershipFactory, ProgressUpdateFactory, SubActionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("permission matrix")]

ROLES = [
    "anonymous",
    "scrutiny",
    "lead of the owning agency",
    "lead of another agency",
    "manager of another partnership",
    "business manager",
    "operator",
]
USE_TWO_FACTOR = {"business manager", "manager of another partnership", "operator"}
# Assure's operators (staff, a member of no partnership) are tested on the application's pages;
# the admin's, theirs by design, in tests/assure/test_admin.py.
NOT_IN_THE_ADMIN = {"operator"}
OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, REDIRECT, ADMIN_LOGIN, ADMIN_REDIRECT = (
    "ok",
    "asked to sign in",
    "403",
    "404",
    "405",
    "redirected",
    "sent to the admin sign-in",
    "redirected within the admin",
)


@dataclass(frozen=True)
class Rule:
    access: str  # public, sign-in, organisation-sign-in, sign-out, second-factor, signed-in, member, manager, see,
    # update, edit, assure, recipient, working-paper, operator, admin, admin-redirect
    methods: str = "GET POST"  # the methods the view accepts
    target: str | None = None  # the object the URL is about (an attribute of MatrixWorld)
    # The view asks for a business manager's membership before it looks the object up, so
    # someone who is no member at all (an operator) is answered 403, not 404.
    manager_first: bool = False


RULES = {
    "start": Rule("member", "GET"),
    "login": Rule("sign-in"),
    "sign_in_with_code": Rule("sign-in"),
    "logout": Rule("sign-out", "POST"),
    "single_sign_on": Rule("organisation-sign-in"),
    "single_sign_on_callback": Rule("organisation-sign-in", "GET"),
    "password_change": Rule("signed-in"),
    "password_reset": Rule("sign-in"),
    "password_reset_done": Rule("public", "GET"),
    "password_reset_confirm": Rule("sign-in"),
    "password_reset_complete": Rule("public", "GET"),
    "two_factor_verify": Rule("second-factor"),
    "two_factor_recovery": Rule("second-factor"),
    "two_factor_setup": Rule("signed-in"),
    "two_factor_account": Rule("signed-in", "GET"),
    "two_factor_replace": Rule("signed-in"),
    "two_factor_recovery_codes": Rule("signed-in", "POST"),
    "accessibility": Rule("public", "GET"),
    "agencies:switch_partnership": Rule("signed-in"),
    "actionplans:plan_list": Rule("member", "GET"),
    "actionplans:plan_detail": Rule("see", "GET", "plan"),
    "actionplans:action_list": Rule("member", "GET"),
    "actionplans:action_detail": Rule("see", "GET", "action"),
    "actionplans:progress_update_create": Rule("update", target="action"),
    "actionplans:accept_target": Rule("edit", "POST", "update"),
    "actionplans:evidence_download": Rule("see", "GET", "evidence"),
    "actionplans:glossary": Rule("member", "GET"),
    "manage:index": Rule("manager", "GET"),
    "manage:inspection_create": Rule("manager"),
    "manage:inspection_edit": Rule("edit", target="inspection"),
    "manage:judgement_create": Rule("edit", target="inspection"),
    "manage:judgement_edit": Rule("edit", target="judgement"),
    "manage:judgement_delete": Rule("edit", "POST", "judgement"),
    "manage:plan_create": Rule("manager"),
    "manage:plan_edit": Rule("edit", "GET", "plan"),
    "manage:plan_details_edit": Rule("edit", target="plan"),
    "manage:section_create": Rule("edit", target="plan"),
    "manage:section_edit": Rule("edit", target="section"),
    "manage:recommendation_create": Rule("edit", target="section"),
    "manage:recommendation_edit": Rule("edit", target="recommendation"),
    "manage:action_create": Rule("edit", target="recommendation"),
    "manage:action_edit": Rule("edit", target="action"),
    "manage:action_relocate": Rule("edit", target="action"),
    "manage:move": Rule("edit", "POST", "action"),
    "manage:sub_action_create": Rule("edit", target="action"),
    "manage:sub_action_edit": Rule("edit", target="sub_action"),
    "manage:sub_action_delete": Rule("edit", "POST", "sub_action"),
    "manage:milestone_create": Rule("edit", target="action"),
    "manage:milestone_edit": Rule("edit", target="milestone"),
    "manage:milestone_delete": Rule("edit", "POST", "milestone"),
    "manage:agency_list": Rule("manager", "GET"),
    "manage:agency_create": Rule("manager"),
    "manage:agency_edit": Rule("edit", target="agency", manager_first=True),
    "manage:officer_list": Rule("manager", "GET"),
    "manage:officer_create": Rule("manager"),
    "manage:officer_edit": Rule("edit", target="officer", manager_first=True),
    "manage:forum_list": Rule("manager", "GET"),
    "manage:forum_create": Rule("manager"),
    "manage:forum_edit": Rule("edit", target="forum", manager_first=True),
    "manage:glossary_list": Rule("manager", "GET"),
    "manage:glossary_create": Rule("manager"),
    "manage:glossary_edit": Rule("edit", target="term", manager_first=True),
    "manage:glossary_delete": Rule("edit", "POST", "term", manager_first=True),
    "manage:member_list": Rule("manager", "GET"),
    "manage:member_create": Rule("manager"),
    "manage:member_edit": Rule("edit", target="membership", manager_first=True),
    "manage:member_remove": Rule("edit", "POST", "membership", manager_first=True),
    "manage:member_two_factor_reset": Rule("edit", "POST", "membership", manager_first=True),
    "manage:invitation_resend": Rule("working-paper", "POST", "invitation"),
    "manage:invitation_withdraw": Rule("working-paper", "POST", "invitation"),
    "agencies:invitation_accept": Rule("public"),
    "manage:two_factor_rule": Rule("manager"),
    "reporting:dashboard": Rule("member", "GET"),
    "actionplans:recommendation_list": Rule("member", "GET"),
    "reporting:version_list": Rule("see", "GET", "plan"),
    "reporting:version_create": Rule("edit", target="plan"),
    "reporting:changes_since": Rule("see", "GET", "plan"),
    "reporting:plan_paper": Rule("see", "GET", "plan"),
    "reporting:version_detail": Rule("see", "GET", "version"),
    "reporting:cover_report_edit": Rule("edit", target="version"),
    "reporting:version_paper": Rule("see", "GET", "version"),
    "reporting:paper_file": Rule("see", "GET", "paper_file"),
    "reporting:version_freeze_progress": Rule("edit", "GET", "version_freeze"),
    "reporting:paper_file_download": Rule("see", "GET", "paper_file"),
    "actionplans:round_list": Rule("member", "GET"),
    "actionplans:round_open": Rule("edit", target="plan"),
    "actionplans:round_detail": Rule("see", "GET", "update_round"),
    "actionplans:round_remind": Rule("edit", "POST", "update_round"),
    "actionplans:round_close": Rule("edit", target="update_round"),
    "actionplans:assurance_list": Rule("member", "GET"),
    "actionplans:completion_accept": Rule("assure", "POST", "completion"),
    "actionplans:completion_return": Rule("assure", target="completion"),
    "actionplans:reminder_list": Rule("member", "GET"),
    "actionplans:reminder_detail": Rule("recipient", "GET", "reminder"),
    "manage:import_start": Rule("manager"),
    "manage:import_table": Rule("working-paper", target="import_batch"),
    "manage:import_columns": Rule("working-paper", target="import_batch"),
    "manage:import_saved_mapping": Rule("working-paper", "POST", "import_batch"),
    "manage:import_preview": Rule("working-paper", target="import_batch"),
    "manage:import_result": Rule("working-paper", "GET", "import_batch"),
    "manage:import_progress": Rule("working-paper", "GET", "import_batch"),
    "operator:partnership_list": Rule("operator", "GET"),
    "operator:partnership_create": Rule("operator"),
    "operator:invitation_resend": Rule("operator", "POST", "manager_invitation"),
}
# The admin is the operators' tool: every page sends non-staff users to its own sign-in (its
# sign-out sends them to its index, which then does the same).
ADMIN_SIGN_IN_PAGES = {"admin:login": Rule("sign-in"), "admin:logout": Rule("admin-redirect")}


def rule_for(name: str) -> Rule | None:
    if name in RULES:
        return RULES[name]
    if name.startswith("admin:"):
        return ADMIN_SIGN_IN_PAGES.get(name, Rule("admin"))
    return None


def expected(rule: Rule, role: str, method: str) -> str:
    signed_in = role != "anonymous"
    if rule.access == "admin":
        return ADMIN_LOGIN
    if rule.access == "admin-redirect":
        return ADMIN_REDIRECT
    if rule.access == "public":
        return OK if method in rule.methods else NOT_ALLOWED
    if rule.access == "sign-in":
        return REDIRECT if signed_in and rule is RULES["login"] else OK
    if rule.access == "sign-out":
        return REDIRECT if method == "POST" else NOT_ALLOWED
    if rule.access == "organisation-sign-in":  # whoever is signed in already goes on to the start page
        if method not in rule.methods:
            return NOT_ALLOWED
        return REDIRECT if signed_in else OK
    if not signed_in:
        return LOGIN
    if method not in rule.methods:
        return NOT_ALLOWED
    if rule.access == "signed-in":
        return OK
    if rule.access == "operator":  # every partnership's business, so no member's, whatever their role
        return OK if role == "operator" else FORBIDDEN
    if role == "operator" and (rule.access in ("member", "manager") or rule.manager_first):  # a member of none
        return FORBIDDEN
    if rule.access == "member":
        return OK
    if rule.access == "second-factor":  # whoever has already given their code goes on to the start page
        return REDIRECT if role in USE_TWO_FACTOR else OK
    if rule.access == "manager":
        return OK if role in ("business manager", "manager of another partnership") else FORBIDDEN
    if role in ("manager of another partnership", "operator"):
        return NOT_FOUND
    if rule.access == "working-paper":  # the business manager's import under way: hidden from others
        return OK if role == "business manager" else NOT_FOUND
    if rule.access == "recipient":  # an email: its recipient (DBC's lead) and the business manager see it
        return OK if role in ("lead of the owning agency", "business manager") else NOT_FOUND
    allowed = {
        "see": {"scrutiny", "lead of the owning agency", "lead of another agency", "business manager"},
        "update": {"lead of the owning agency", "business manager"},
        "edit": {"business manager"},
        "assure": {"business manager"},
    }[rule.access]
    return OK if role in allowed else FORBIDDEN


def answer(response) -> str:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("admin:index")) or location.endswith("/change/"):
            return ADMIN_REDIRECT
        if location.startswith(reverse("login") + "?"):
            return LOGIN
        return REDIRECT if location == reverse("login") or location == reverse("start") else OK
    return {200: OK, 400: OK, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, str(status))


def url_patterns(patterns=None, namespace=None, route=""):
    """(name, pattern, route) for every URL pattern; names are namespaced, routes are full."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            yield from url_patterns(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern, route + str(pattern.pattern)


class MatrixWorld(SmallPartnership):
    """The small partnership, with one of everything a URL can be about, all owned by DBC."""

    def __init__(self):
        super().__init__()
        self.action = self.dbc_action
        self.inspection = self.plan.inspection
        self.judgement = Judgement.objects.create(
            inspection=self.inspection, area="LAC", criterion="Overall", grade="good"
        )
        self.sub_action = SubActionFactory(action=self.action)
        self.update = ProgressUpdateFactory(
            action=self.action,
            proposed_target_text="July 2013",
            proposed_target_precision="month",
            target_change_reason="Staffing",
            proposed_target_date=date(2013, 7, 31),
        )
        name = default_storage.save("evidence/2026/matrix.pdf", ContentFile(PDF))
        self.evidence = EvidenceDocument.objects.create(
            progress_update=self.update,
            file=name,
            original_name="minutes.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=self.users["lead_dbc"],
        )
        self.agency = self.dbc
        self.officer = self.lead_officer
        self.forum = ForumFactory(partnership=self.partnership)
        self.term = GlossaryTerm.objects.get(partnership=self.partnership)
        self.membership = MembershipFactory(user=UserFactory(), partnership=self.partnership, role=Role.SCRUTINY)
        self.invitation = invitation_create(
            invitation=Invitation(
                partnership=self.partnership,
                email="jo@example.org",
                first_name="Jo",
                last_name="Smith",
                role=Role.SCRUTINY,
            ),
            invited_by=self.users["manager"],
        )
        self.manager_invitation = invitation_create(
            invitation=Invitation(
                partnership=self.partnership,
                email="second-manager@example.org",
                first_name="Sam",
                last_name="Jones",
                role=Role.BUSINESS_MANAGER,
            ),
            invited_by=self.users["manager"],
        )
        self.version = version_freeze(plan=self.plan, label="July board", as_at=date(2012, 7, 31))
        self.paper_file = paper_request(plan=self.plan, version=self.version, kind="csv", options=PaperOptions())
        self.version_freeze = VersionFreeze.objects.create(plan=self.plan, label="Next", as_at=date(2012, 7, 31))
        self.update_round = round_open(
            plan=self.plan, by=self.users["manager"], deadline=date(2099, 1, 1), today=date(2012, 7, 1)
        )
        self.completion = ProgressUpdateFactory(
            action=self.action, status=Status.COMPLETED, recorded_by=self.users["lead_dbc"], as_at="July 2099"
        )
        self.reminder = Reminder.objects.get(update_round=self.update_round, recipient=self.users["lead_dbc"])
        self.import_batch = batch_create(
            partnership=self.partnership,
            user=self.users["manager"],
            upload=SimpleUploadedFile("plan.csv", b"Action,Lead officer\nAudit case files,Jenni Cooke\n"),
            into=None,
        )
        self.people = {
            "anonymous": AnonymousUser(),
            "scrutiny": self.users["scrutiny"],
            "lead of the owning agency": self.users["lead_dbc"],
            "lead of another agency": self.users["lead_pct"],
            "manager of another partnership": self.users["other_manager"],
            "business manager": self.users["manager"],
            "operator": UserFactory(username="matrix-operator", is_staff=True),
        }

    def url(self, name: str, pattern: URLPattern, route: str) -> str:
        rule = rule_for(name)
        params = list(pattern.pattern.regex.groupindex)
        if name == "admin:None":
            return "/" + route.replace("<path:object_id>", "1")
        if name == "password_reset_confirm":  # a link that does not work: the same page for everyone
            return reverse(name, kwargs={"uidb64": "MQ", "token": "not-a-token"})
        if name == "agencies:invitation_accept":  # as above; tests/agencies/test_invitations.py has working ones
            return reverse(name, kwargs={"token": "not-a-token"})
        if name == "manage:move":
            return reverse(name, kwargs={"kind": "action", "pk": self.action.pk, "direction": "down"})
        if name in ("reporting:plan_paper", "reporting:version_paper"):
            kwargs = {"fmt": "csv"}
            kwargs["plan_pk" if name == "reporting:plan_paper" else "pk"] = getattr(self, rule.target).pk
            return reverse(name, kwargs=kwargs)
        if name == "admin:app_list":
            return reverse(name, kwargs={"app_label": "actionplans"})
        if name.startswith("admin:"):
            return reverse(name, kwargs={param: "1" for param in params})
        if not params:
            return reverse(name)
        target = getattr(self, rule.target)
        return reverse(name, kwargs={params[0]: target.pk})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), rolled_back(django_db_blocker):
        yield MatrixWorld()


ALL_URLS = sorted(url_patterns(), key=lambda item: (item[0], item[2]))


def test_every_url_has_an_entry():
    assert [name for name, _pattern, _route in ALL_URLS if rule_for(name) is None] == []
    assert set(RULES) - {name for name, _pattern, _route in ALL_URLS} == set()


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker):
    """The session cookie of each role but anonymous, signed in once for the module (in the
    world's transaction, so that every test's rollback keeps them)."""
    cookies = {}
    with django_db_blocker.unblock():
        for role in ROLES[1:]:
            signing_in = SignInClient()
            signing_in.force_login(world.people[role])
            cookies[role] = signing_in.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def send_as(client, session_cookie: str | None, method: str, url: str):
    """One request as someone just signed in (or no one): only their session cookie, and every
    change the request makes, the session's included, undone once it has answered."""
    client.cookies = SimpleCookie()
    if session_cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name, pattern, route", ALL_URLS, ids=[route for _, _, route in ALL_URLS])
def test_each_role_gets_the_expected_answer(world, sessions, client, security_figure, name, pattern, route):
    url = world.url(name, pattern, route)
    rule = rule_for(name)
    answers, wanted = {}, {}
    for role in ROLES:
        if name.startswith("admin:") and role in NOT_IN_THE_ADMIN:
            continue
        for method in ("GET", "POST"):
            response = send_as(client, sessions.get(role), method, url)
            answers[(role, method)] = answer(response)
            wanted[(role, method)] = expected(rule, role, method)

    mismatches = {case: (got, wanted[case]) for case, got in answers.items() if got != wanted[case]}
    security_figure.count("role x URL x method cases", len(answers))
    security_figure.count("mismatches", len(mismatches))
    assert mismatches == {}, f"{url}: (got, expected) per (role, method)"
