"""`generate_load_data` fills an empty PostgreSQL database with seeded partnerships whose logins
the load test signs in as, and `check_load_test` finds each accepted update stored exactly once."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Min
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.models import Action, ProgressUpdate, UpdateRound
from agencies.models import Membership, Partnership
from agencies.roles import Role
from demo.load_data import AcceptedCheck, accepted_updates_check
from demo.load_logins import LOAD_AUTHENTICATOR_KEY, LOAD_PASSWORD, UPDATE_NOTE_PREFIX, load_username
from tests.factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="load data goes into PostgreSQL only")


def generate(**options) -> str:
    output = io.StringIO()
    call_command("generate_load_data", partnerships=2, actions=50, stdout=output, **options)
    return output.getvalue()


def plan_contents(number: int) -> list[tuple]:
    """A generated partnership's actions and updates, as its users would read them."""
    updates = ProgressUpdate.objects.filter(action__agency__partnership__slug=f"load-{number:03d}")
    return list(updates.order_by("action__position", "as_at_date").values_list("status", "rag", "note"))


@postgresql_only
def test_it_builds_partnerships_with_people_plans_updates_rounds_and_audit_entries():
    assert "Added 2 partnerships, 100 actions" in generate()

    assert Partnership.objects.count() == 2
    assert Action.objects.count() == 100
    per_action = Action.objects.annotate(updates=Count("progress_updates")).aggregate(
        fewest=Min("updates"), most=Max("updates")
    )
    assert (per_action["fewest"], per_action["most"]) == (11, 15)
    assert not Action.objects.filter(latest_update__isnull=True).exists()
    roles = Membership.objects.filter(partnership__slug="load-001").values_list("role", flat=True)
    assert sorted(roles) == sorted([Role.BUSINESS_MANAGER] + [Role.SCRUTINY] * 2 + [Role.AGENCY_LEAD] * 5)
    assert TOTPDevice.objects.get(user__username=load_username(1, "manager")).key == LOAD_AUTHENTICATOR_KEY
    assert UpdateRound.objects.open().get(plan__partnership__slug="load-002").actions.count() == 50
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Action)).count() == 100
    assert get_user_model().objects.get(username=load_username(2, "lead-bc")).check_password(LOAD_PASSWORD)


@postgresql_only
def test_the_same_seed_gives_the_same_plans_and_a_database_with_data_is_refused_unless_forced():
    generate()

    with pytest.raises(CommandError, match="already holds 2 partnership"):
        generate()
    generate(force=True)

    assert Partnership.objects.count() == 4
    assert plan_contents(3) == [(s, r, n) for s, r, n in plan_contents(1)]
    assert plan_contents(1) != plan_contents(2)


@pytest.mark.sqlite
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal of SQLite")
def test_it_refuses_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        generate()

    assert not Partnership.objects.exists()


def test_the_check_names_accepted_updates_missing_or_stored_twice():
    ProgressUpdateFactory(note=f"{UPDATE_NOTE_PREFIX}once")
    ProgressUpdateFactory.create_batch(2, note=f"{UPDATE_NOTE_PREFIX}twice")
    ProgressUpdateFactory(note=f"{UPDATE_NOTE_PREFIX}unheard")
    ProgressUpdateFactory(note="Not from the load test")

    check = accepted_updates_check(["once", "twice", "lost"])

    assert check == AcceptedCheck(accepted=3, missing=["lost"], repeated=["twice"], unreported=1)
    assert not check.passed


def test_check_load_test_passes_only_when_every_accepted_update_is_stored_once(tmp_path):
    ProgressUpdateFactory(note=f"{UPDATE_NOTE_PREFIX}lt1")
    ProgressUpdateFactory(note=f"{UPDATE_NOTE_PREFIX}lt2")
    accepted = tmp_path / "accepted.txt"
    accepted.write_text("lt1\nlt2\n")
    output = io.StringIO()

    call_command("check_load_test", str(accepted), stdout=output)
    assert "Every accepted update is stored exactly once." in output.getvalue()

    accepted.write_text("lt1\nlt2\nlt3\n")
    with pytest.raises(CommandError, match="not each stored exactly once .*lt3"):
        call_command("check_load_test", str(accepted), stdout=io.StringIO())
