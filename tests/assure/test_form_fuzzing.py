"""Every form, posted random data by hypothesis: no server error, no protected field changed,
nothing shown back unescaped.

Each form-handling URL (every URL pattern accepting POST) is posted by a user allowed to submit
it and by an outsider (a lead of another agency, or the business manager of another
partnership): its own fields, read from the rendered page, filled with hostile text, numbers,
impossible dates, huge strings, several values or nothing, plus extra keys naming the models'
owning fields. Each submission is undone before the next. The hypothesis profile (tests/conftest.py)
sets the examples per form: 15, the same on every run, under `make test` and CI; `make fuzz` draws
many more, new each run. A URL accepting POST that is neither fuzzed nor excused below fails
`test_every_form_is_fuzzed_or_excused`.
"""

import tempfile
from collections import Counter
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplans.evidence import KINDS
from actionplans.models import Action, EvidenceDocument, ProgressUpdate, SignOff, Status
from actionplans.services.signoff import completion_accept
from agencies.models import Agency, Invitation, Membership
from imports.models import ImportBatch
from tests import security_report
from tests.assure.test_permission_matrix import ALL_URLS, MatrixWorld, rule_for
from tests.conftest import SignInClient
from tests.database import rolled_back
from tests.factories import ProgressUpdateFactory
from tests.form_fuzz import FormField, page_fields, submissions, unescaped_markers

pytestmark = [pytest.mark.django_db, pytest.mark.security("form fuzzing")]

PROPERTY = "form fuzzing"

EXCUSED = {
    "logout": "No fields: it only ends the session, whatever is posted.",
    "password_reset_confirm": "Its one form sits behind a valid emailed link; with a broken link there is no "
    "form (tests/agencies/test_password_reset.py covers used, expired and broken links).",
    "two_factor_verify": "Only for someone between password and code, whom this harness does not sign in; "
    "tests/agencies/test_two_factor.py posts wrong, old, non-digit and reused codes.",
    "two_factor_recovery": "As two_factor_verify, with recovery codes (tests/agencies/test_two_factor.py).",
    "two_factor_setup": "As two_factor_verify, until an authenticator is set up (tests/agencies/test_two_factor.py).",
    "admin:*": "Django's own admin, for staff operators only; its forms are Django's, and every page "
    "sends anyone else to the admin sign-in (see the permission matrix).",
}
# POST-only URLs (buttons) have no page to read their fields from: these are the fields they read.
FIELDS_WITHOUT_A_PAGE = {
    "actionplans:accept_target": [],
    "actionplans:completion_accept": [FormField("next")],
    "actionplans:round_remind": [],
    "manage:glossary_delete": [],
    "manage:import_saved_mapping": [FormField("saved")],
    "manage:judgement_delete": [],
    "manage:member_remove": [],
    "manage:member_two_factor_reset": [],
    "manage:invitation_resend": [],
    "manage:invitation_withdraw": [],
    "operator:invitation_resend": [],
    "manage:milestone_delete": [],
    "manage:move": [],
    "manage:sub_action_delete": [],
    "two_factor_recovery_codes": [],
}
# Who may submit each kind of form, and who must be refused (or kept to their own partnership).
POSTER = {
    "sign-in": "anonymous",
    "organisation-sign-in": "anonymous",
    "update": "lead of the owning agency",
    "operator": "operator",
}
# An invitation's link is for someone not signed in yet, who joins the invitation's partnership.
POSTER_OF = {"agencies:invitation_accept": "anonymous"}
OUTSIDER = {
    "update": "lead of another agency",
    "edit": "manager of another partnership",
    "assure": "manager of another partnership",
    "working-paper": "manager of another partnership",
    "manager": "manager of another partnership",
    "operator": "business manager",
}
# The protected fields a form exists to change, on its own target only.
FORM_MAY_CHANGE = {
    "manage:action_edit": ("action", {"agency"}),
    "manage:member_edit": ("membership", {"role", "agency"}),
    "manage:member_remove": ("membership", {"removed"}),
}
OWNED_KINDS = {"action", "update", "evidence", "sign-off", "membership", "import"}
IMPORTABLE_KINDS = {"docx", "xlsx", "csv"}

totals = Counter()


def excuse_for(name: str) -> str | None:
    return EXCUSED.get("admin:*" if name.startswith("admin:") else name)


POSTING = [(name, pattern, route) for name, pattern, route in ALL_URLS if "POST" in rule_for(name).methods]
FUZZED = [(name, pattern, route) for name, pattern, route in POSTING if excuse_for(name) is None]


class FuzzWorld(MatrixWorld):
    """The permission matrix's world, plus a completion already accepted."""

    def __init__(self):
        super().__init__()
        self.accepted = ProgressUpdateFactory(
            action=self.pct_action, status=Status.COMPLETED, recorded_by=self.users["lead_pct"], as_at="July 2099"
        )
        completion_accept(update=self.accepted, by=self.users["manager"])
        self.people["anonymous"] = None
        invitation = Invitation(
            partnership=self.partnership, email="new@example.org", first_name="New", last_name="Person", role="scrutiny"
        )
        self.invitation_link = reverse("agencies:invitation_accept", kwargs={"token": invitation.new_link()})
        invitation.save()

    def urls(self, name, pattern, route) -> list[str]:
        url = self.url(name, pattern, route)
        if name in ("actionplans:completion_accept", "actionplans:completion_return"):
            return [url, reverse(name, args=[self.accepted.pk])]
        if name == "agencies:invitation_accept":  # a working link first: its page has the form
            return [self.invitation_link, url]
        return [url]

    def ids(self) -> list[str]:
        """Ids of real objects, of this partnership and of the other, to post in extra keys."""
        objects = [self.dbc, self.pct, self.membership, self.update, self.accepted, self.action, self.pct_action]
        objects += [self.users["other_manager"].memberships.get().partnership, self.partnership]
        objects += list(Agency.objects.exclude(partnership=self.partnership))
        return sorted({str(obj.pk) for obj in objects} | {str(user.pk) for user in self.users.values()})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), rolled_back(django_db_blocker):
        yield FuzzWorld()


@pytest.fixture(scope="module", autouse=True)
def fuzz_figure():
    """One figure for the whole module, from whichever forms ran."""
    yield
    if totals["forms"]:
        security_report.tally.record_figure(
            PROPERTY,
            f"{totals['forms']} forms, {totals['submissions']} random submissions, "
            f"{totals['server errors']} server errors, {totals['protected changes']} protected fields changed, "
            f"{totals['unescaped']} unescaped echoes ({totals['saved']} accepted and followed, "
            f"{totals['escaped']} pages showing the submitted script escaped)",
        )


def protected_state() -> dict:
    """(kind, pk) -> the row's protected fields, its partnership, and the partnerships that must agree."""
    rows = {}
    for action in Action.objects.select_related("recommendation__section__plan", "agency"):
        partnership = action.recommendation.section.plan.partnership_id
        rows[("action", action.pk)] = {
            "agency": action.agency_id,
            "plan": action.recommendation.section.plan_id,
            "partnership": partnership,
            "must agree": {partnership, action.agency.partnership_id},
        }
    for update in ProgressUpdate.objects.select_related("action__recommendation__section__plan", "author"):
        partnership = update.action.recommendation.section.plan.partnership_id
        rows[("update", update.pk)] = {
            "action": update.action_id,
            "author": update.author_id,
            "recorded by": update.recorded_by_id,
            "on behalf": update.on_behalf,
            "partnership": partnership,
            "must agree": {partnership} | ({update.author.partnership_id} if update.author else set()),
        }
    for evidence in EvidenceDocument.objects.select_related("progress_update__action__recommendation__section__plan"):
        rows[("evidence", evidence.pk)] = {
            "update": evidence.progress_update_id,
            "uploaded by": evidence.uploaded_by_id,
            "content type": evidence.content_type,
            "partnership": evidence.progress_update.action.recommendation.section.plan.partnership_id,
        }
    for sign_off in SignOff.objects.select_related("update__action__recommendation__section__plan"):
        rows[("sign-off", sign_off.pk)] = {
            "update": sign_off.update_id,
            "decision": sign_off.decision,
            "decided by": sign_off.decided_by_id,
            "partnership": sign_off.update.action.recommendation.section.plan.partnership_id,
        }
    for membership in Membership.objects.select_related("agency"):
        rows[("membership", membership.pk)] = {
            "user": membership.user_id,
            "role": membership.role,
            "agency": membership.agency_id,
            "partnership": membership.partnership_id,
            "must agree": {membership.partnership_id}
            | ({membership.agency.partnership_id} if membership.agency else set()),
        }
    for batch in ImportBatch.objects.all():
        rows[("import", batch.pk)] = {
            "created by": batch.created_by_id,
            "kind": batch.kind,
            "partnership": batch.partnership_id,
        }
    for agency in Agency.objects.all():
        rows[("agency", agency.pk)] = {"partnership": agency.partnership_id}
    for user in get_user_model().objects.all():
        rows[("user", user.pk)] = {
            "password": user.password,
            "username": user.username,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
        }
    return rows


def protected_changes(
    before: dict, after: dict, *, name: str, target_pk, poster, poster_is_allowed: bool, joins=None
) -> list:
    """What changed that the submission had no right to change. `joins`: the partnership an
    anonymous poster may join (the invitation's, through its link)."""
    kind_allowed, fields_allowed = FORM_MAY_CHANGE.get(name, (None, set()))

    def may_change(kind, pk, field):
        return poster_is_allowed and kind == kind_allowed and pk == target_pk and field in fields_allowed

    problems = []
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            if not may_change(*key, "removed"):
                problems.append((key, "removed"))
            continue
        problems += [
            (key, field, old[field], new[field])
            for field in old
            if old[field] != new[field] and not may_change(*key, field)
        ]
    # An operator is a member of no partnership: whatever they create is in none of theirs.
    membership = poster.memberships.first() if poster else None
    own_partnership = membership.partnership_id if membership else joins
    for key, row in after.items():
        if len(row.get("must agree", ())) > 1:
            problems.append((key, "spans partnerships", row["must agree"]))
        if key in before or key[0] not in OWNED_KINDS:
            continue
        if row["partnership"] != own_partnership:
            problems.append((key, "created in another partnership", row["partnership"]))
        for field in ("recorded by", "uploaded by", "decided by", "created by"):
            if field in row and row[field] != poster.pk:
                problems.append((key, f"{field} someone else", row[field]))
        if key[0] == "evidence" and row["content type"] not in {kind.content_type for kind in KINDS}:
            problems.append((key, "evidence of a refused kind", row["content type"]))
        if key[0] == "import" and row["kind"] not in IMPORTABLE_KINDS:
            problems.append((key, "an import of a refused kind", row["kind"]))
    return problems


@contextmanager
def undone():
    """Run one submission, then roll it back so the next starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def shown_pages(client: SignInClient, response) -> list:
    """The response, and the page a successful submission leads to (where saved text shows)."""
    pages = [response]
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    if location.startswith("/") and not location.startswith("//"):
        pages.append(client.get(location))
    return pages


def test_every_form_is_fuzzed_with_its_fields_or_excused():
    """A form's fields come from its page; a POST-only URL must say which fields it reads."""
    without_fields = [
        name
        for name, _pattern, _route in FUZZED
        if "GET" not in rule_for(name).methods and name not in FIELDS_WITHOUT_A_PAGE
    ]
    posting = {name for name, _pattern, _route in POSTING}
    stale = (set(FIELDS_WITHOUT_A_PAGE) | set(EXCUSED)) - posting - {"admin:*"}
    assert (without_fields, stale) == ([], set())


@pytest.mark.parametrize("name, pattern, route", FUZZED, ids=[name for name, _, _ in FUZZED])
def test_random_submissions_cause_no_server_error_no_protected_change_and_no_unescaped_echo(
    world, name, pattern, route
):
    rule = rule_for(name)
    urls = world.urls(name, pattern, route)
    target = getattr(world, rule.target) if rule.target else None
    roles = [POSTER_OF.get(name) or POSTER.get(rule.access, "business manager")]
    if rule.access in OUTSIDER:
        roles.append(OUTSIDER[rule.access])
    clients = {}
    for role in roles:
        clients[role] = SignInClient()
        if world.people[role] is not None:
            clients[role].force_login(world.people[role])

    poster_client = clients[roles[0]]
    if "GET" not in rule.methods:
        fields = FIELDS_WITHOUT_A_PAGE[name]
    else:
        page = poster_client.get(urls[0])
        assert page.status_code == 200, f"{name}: the page to read the form from answered {page.status_code}"
        fields = page_fields(page.content.decode(), urls[0])
        assert fields, f"{name}: no form fields found on {urls[0]}"
    totals["forms"] += 1

    @settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
    )
    @given(role=st.sampled_from(roles), url=st.sampled_from(urls), data=submissions(fields, world.ids()))
    def submit(role, url, data):
        client, poster = clients[role], world.people[role]
        allowed = role == roles[0]
        with undone():
            before = protected_state()
            totals["submissions"] += 1
            try:
                response = client.post(url, data)
            except Exception:
                totals["server errors"] += 1
                raise
            totals["saved"] += allowed and response.status_code in (301, 302, 303)
            if response.status_code >= 500:
                totals["server errors"] += 1
            assert response.status_code < 500
            if not allowed and rule.access not in ("manager",):
                assert response.status_code in (403, 404), f"{role} was not refused"
            problems = protected_changes(
                before,
                protected_state(),
                name=name,
                target_pk=target.pk if target else None,
                poster=poster,
                poster_is_allowed=allowed,
                joins=world.partnership.pk if name in POSTER_OF else None,
            )
            totals["protected changes"] += len(problems)
            assert problems == []
            for shown in shown_pages(client, response):
                if "html" in shown.get("Content-Type", ""):
                    content = shown.content.decode()
                    unescaped = unescaped_markers(content)
                    totals["unescaped"] += len(unescaped)
                    totals["escaped"] += "&lt;script&gt;" in content
                    assert unescaped == []

    submit()
