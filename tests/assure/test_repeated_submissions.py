"""A form posted again (a double click, or back and submit again) creates one record, and the
second post is sent to what the first saved, in plain English."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    Inspection,
    Judgement,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Section,
    SignOff,
    SubAction,
    TargetChange,
    UpdateRound,
)
from actionplans.models import GlossaryTerm as Term
from agencies.models import Agency, Forum, Invitation, Officer, Partnership
from core.forms import ALREADY_SAVED
from core.models import FormSubmission
from imports.models import ImportBatch
from reporting.models import CoverReport, PlanVersion
from tests.assure.test_audit_trail import WRITES, Write, writer
from tests.assure.test_permission_matrix import RULES
from tests.concurrency import post_at_once
from tests.conftest import SignInClient

pytestmark = [pytest.mark.django_db, pytest.mark.security("repeated submissions")]

IMPORT_START = Write(
    "manager",
    lambda s: {},
    lambda s: {"file": SimpleUploadedFile("plan.csv", b"Action,Lead officer\nAudit case files,Jenni Cooke\n")},
    "imports.importbatch",
)
# Every form that creates a record, and what it creates; the data is the audit trail's.
CREATING = {
    "actionplans:progress_update_create": ProgressUpdate,
    "manage:inspection_create": Inspection,
    "manage:judgement_create": Judgement,
    "manage:plan_create": ActionPlan,
    "manage:section_create": Section,
    "manage:recommendation_create": Recommendation,
    "manage:action_create": Action,
    "manage:sub_action_create": SubAction,
    "manage:milestone_create": Milestone,
    "manage:agency_create": Agency,
    "manage:officer_create": Officer,
    "manage:forum_create": Forum,
    "manage:glossary_create": Term,
    "manage:member_create": Invitation,
    "actionplans:round_open": UpdateRound,
    "actionplans:completion_return": SignOff,
    "reporting:version_create": PlanVersion,
    "reporting:cover_report_edit": CoverReport,
    "manage:import_start": ImportBatch,
    "operator:partnership_create": Partnership,
}
# Buttons and steps whose first post changes the state the second one needs: the second is refused.
GUARDED_BY_STATE = {
    "actionplans:accept_target": TargetChange,  # the update's date is the target now
    "actionplans:completion_accept": SignOff,  # the completion is decided
    "actionplans:round_close": UpdateRound,  # the round is closed (the form's token guards it too)
    "manage:import_preview": ActionPlan,  # the batch is imported: every step leads to the result
}
# POSTs that change or remove what exists, or only the session, and create nothing.
NOT_CREATING = {
    "login",
    "single_sign_on",  # only sends the person to their organisation's sign-in
    "sign_in_with_code",  # signs in: a second post signs in again
    "logout",
    "password_change",
    "password_reset",  # sends an email; creates no record
    "password_reset_confirm",
    "agencies:switch_partnership",
    "actionplans:round_remind",  # round_chase skips leads reminded a moment ago
    "manage:inspection_edit",
    "manage:judgement_edit",
    "manage:judgement_delete",
    "manage:plan_details_edit",
    "manage:section_edit",
    "manage:recommendation_edit",
    "manage:action_edit",
    "manage:action_relocate",
    "manage:move",
    "manage:sub_action_edit",
    "manage:sub_action_delete",
    "manage:milestone_edit",
    "manage:milestone_delete",
    "manage:agency_edit",
    "manage:officer_edit",
    "manage:forum_edit",
    "manage:glossary_edit",
    "manage:glossary_delete",
    "manage:member_edit",
    "manage:member_remove",
    "manage:import_table",
    "manage:import_columns",
    "manage:import_saved_mapping",
    "two_factor_verify",  # marks the session verified
    "two_factor_recovery",  # uses up the code given: a second post of it is refused
    "two_factor_setup",  # confirms the authenticator the page showed; a second post finds it set up
    "two_factor_replace",  # marks the session as replacing its authenticator
    "two_factor_recovery_codes",  # replaces the ten codes: never more than ten
    "manage:two_factor_rule",
    "manage:member_two_factor_reset",
    "manage:invitation_resend",  # a new link replaces the last one: one invitation, one working link
    "manage:invitation_withdraw",  # the second is told it is withdrawn already
    "operator:invitation_resend",  # as the manager's: one invitation, one working link
}
TOKEN = re.compile(r'<input type="hidden" name="submission" value="([^"]+)"')


def write_for(name: str) -> Write:
    return IMPORT_START if name == "manage:import_start" else WRITES[name]


def token_on(page) -> str:
    assert page.status_code in (200, 400), page.status_code
    found = TOKEN.findall(page.content.decode())
    assert len(found) == 1, "the form carries one hidden submission token"
    return found[0]


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_every_post_url_is_guarded_or_creates_nothing():
    posts = {name for name, rule in RULES.items() if "POST" in rule.methods and rule.access != "public"}

    assert posts == set(CREATING) | set(GUARDED_BY_STATE) | NOT_CREATING
    assert not (set(CREATING) & set(GUARDED_BY_STATE)) and not (set(CREATING) & NOT_CREATING)


@pytest.mark.parametrize("name", sorted(CREATING))
def test_a_form_posted_twice_creates_one_record(client, small, security_figure, name):
    write, model = write_for(name), CREATING[name]
    client.force_login(writer(small, write.who))
    url = reverse(name, kwargs=write.kwargs(small))
    token = token_on(client.get(url))
    before = model.objects.count()

    first = client.post(url, {**write.data(small), "submission": token})
    second = client.post(url, {**write.data(small), "submission": token})

    created = model.objects.count() - before
    security_figure.count("creating forms, each posted twice", 1)
    security_figure.count("records", created)
    security_figure.count("duplicates", max(created - 1, 0))
    assert first.status_code == 302, first.content.decode()[:2000]
    assert created == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY_SAVED in said(second)


@pytest.mark.parametrize("name", sorted(GUARDED_BY_STATE))
def test_a_step_posted_twice_is_done_once(client, small, name):
    write, model = WRITES[name], GUARDED_BY_STATE[name]
    client.force_login(small.users[write.who])
    url = reverse(name, kwargs=write.kwargs(small))
    before = model.objects.count()
    closed_before = UpdateRound.objects.filter(closed_at__isnull=False).count()

    first = client.post(url, write.data(small))
    second = client.post(url, write.data(small))

    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302
    if name == "actionplans:round_close":
        assert UpdateRound.objects.filter(closed_at__isnull=False).count() == closed_before + 1
    else:
        assert model.objects.count() == before + 1


def test_going_back_and_submitting_again_creates_one_plan(as_user, small):
    client = as_user(small.users["manager"])
    token = token_on(client.get(reverse("manage:plan_create")))
    data = {"title": "Written plan", "owner_body": "LSCB", "submission": token}

    first = client.post(reverse("manage:plan_create"), data)
    client.get(reverse("manage:plan_edit", args=[ActionPlan.objects.get(title="Written plan").pk]))
    again = client.post(reverse("manage:plan_create"), data)

    assert ActionPlan.objects.filter(title="Written plan").count() == 1
    assert again["Location"] == first["Location"]
    assert ALREADY_SAVED in said(again)


def test_a_form_shown_again_with_errors_keeps_its_token_and_the_correction_saves_once(as_user, small):
    client = as_user(small.users["manager"])
    url = reverse("manage:forum_create")
    token = token_on(client.get(url))

    refused = client.post(url, {"name": "", "submission": token})
    corrected = client.post(url, {"name": "Board", "submission": token_on(refused)})
    again = client.post(url, {"name": "Board", "submission": token})

    assert refused.status_code == 400
    assert token_on(refused) == token
    assert corrected.status_code == 302
    assert Forum.objects.filter(partnership=small.partnership, name="Board").count() == 1
    assert ALREADY_SAVED in said(again)


def test_each_page_shown_carries_a_new_token(as_user, small):
    client = as_user(small.users["manager"])

    tokens = {token_on(client.get(reverse("manage:forum_create"))) for _ in range(3)}

    assert len(tokens) == 3


def test_two_users_saving_their_own_forms_do_not_interfere(client, small):
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    data = WRITES["actionplans:progress_update_create"].data
    tokens = {}
    for who in ("lead_dbc", "manager"):
        client.force_login(small.users[who])
        tokens[who] = token_on(client.get(url))

    for who in ("lead_dbc", "manager"):
        client.force_login(small.users[who])
        assert client.post(url, {**data(small), "submission": tokens[who]}).status_code == 302

    assert ProgressUpdate.objects.filter(action=small.dbc_action, note="Progress").count() == 2


def test_a_token_someone_else_saved_with_saves_nothing_and_leads_only_to_the_start(client, small):
    url = reverse("manage:plan_create")
    client.force_login(small.users["manager"])
    token = token_on(client.get(url))
    first = client.post(url, {"title": "Manager's plan", "owner_body": "LSCB", "submission": token})

    client.force_login(small.users["other_manager"])
    copied = client.post(url, {"title": "Copied plan", "owner_body": "LSCB", "submission": token})

    assert first.status_code == 302
    assert not ActionPlan.objects.filter(title="Copied plan").exists()
    assert copied["Location"] == reverse("manage:index") != first["Location"]


def test_a_post_without_a_token_still_saves(as_user, small):
    """A page shown before tokens existed: the token guards against accidents, not attacks."""
    client = as_user(small.users["manager"])

    for _ in range(2):
        response = client.post(reverse("manage:inspection_create"), {"title": "Old page", "inspectorates": "ofsted"})
        assert response.status_code == 302

    assert Inspection.objects.filter(title="Old page").count() == 2


FORGED_TOKENS = {"NUL": "nul\x00token", "long": "x" * 65, "markup": "<script>", "gap": "a b"}


@pytest.mark.parametrize("forged", FORGED_TOKENS.values(), ids=FORGED_TOKENS.keys())
def test_a_forged_token_is_never_looked_up_or_stored(as_user, small, forged):
    """PostgreSQL refuses a NUL in a query, and a token is looked up before the form is validated:
    a forged one is no token (saved as a post without one) or the form's own error."""
    client = as_user(small.users["manager"])

    response = client.post(
        reverse("manage:inspection_create"), {"title": "Forged", "inspectorates": "ofsted", "submission": forged}
    )

    assert response.status_code in (302, 400)
    assert not FormSubmission.objects.filter(user=small.users["manager"]).exists()


def test_an_empty_post_is_answered_with_the_form_errors(as_user, small):
    client = as_user(small.users["manager"])

    response = client.post(reverse("manage:forum_create"), {})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_submissions_older_than_a_week_are_forgotten_when_a_new_one_is_saved(as_user, small):
    client = as_user(small.users["manager"])
    url = reverse("manage:forum_create")
    FormSubmission.objects.create(token="old", user=small.users["manager"], created=timezone.now() - timedelta(days=8))
    recent = client.post(url, {"name": "Recent", "submission": token_on(client.get(url))})

    assert recent.status_code == 302
    assert list(FormSubmission.objects.values_list("result_url", flat=True)) == [reverse("manage:forum_list")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite lets one writer in at a time")
def test_the_same_form_posted_twice_at_the_same_moment_creates_one_record(small, security_figure):
    url = reverse("manage:plan_create")
    clients = []
    for _ in range(2):
        client = SignInClient(raise_request_exception=False)
        client.force_login(small.users["manager"])
        clients.append(client)
    data = {"title": "Clicked twice", "owner_body": "LSCB", "submission": token_on(clients[0].get(url))}
    responses = post_at_once(clients, [(url, data)] * len(clients))

    created = ActionPlan.objects.filter(title="Clicked twice").count()
    security_figure(f"2 simultaneous posts of one form: {created} record, {len(clients) - created} told already saved")
    assert created == 1
    assert [response.status_code for response in responses] == [302, 302]
    assert len({response["Location"] for response in responses}) == 1
    assert sorted(ALREADY_SAVED in said(response) for response in responses) == [False, True]
