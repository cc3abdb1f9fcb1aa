"""Generated partnerships for the load test (`manage.py generate_load_data`, `make loadtest`).

Each partnership has five agencies, an inspection, a plan of `actions` actions in ten sections
with about 13 progress updates each, an open update round, and logins for every role with
one known password (managers also with a known authenticator key), written with bulk_create
so that 150 partnerships (75,000 actions, about a million updates) take minutes. The same seed
gives the same data.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import AUTHENTICATOR_NAME
from actionplans.loose_dates import LooseDate, Precision
from actionplans.models import (
    Action,
    ActionLead,
    ActionPlan,
    Inspection,
    Inspectorate,
    ProgressUpdate,
    Rag,
    Recommendation,
    Section,
    Status,
    Timeframe,
    UpdateRound,
)
from agencies.models import Agency, Membership, Officer, Partnership
from agencies.roles import Role

from .load_logins import (
    AGENCY_SHORT_NAMES,
    LOAD_AUTHENTICATOR_KEY,
    LOAD_PASSWORD,
    SCRUTINY_PER_PARTNERSHIP,
    SLUG_PREFIX,
    UPDATE_NOTE_PREFIX,
    lead_role,
    load_username,
)

AGENCIES = dict(
    zip(
        AGENCY_SHORT_NAMES,
        [
            ("Borough Council", Agency.Kind.LOCAL_AUTHORITY),
            ("NHS Foundation Trust", Agency.Kind.HEALTH_PROVIDER),
            ("Integrated Care Board", Agency.Kind.HEALTH_COMMISSIONER),
            ("Police", Agency.Kind.POLICE),
            ("Schools", Agency.Kind.EDUCATION),
        ],
        strict=True,
    )
)
SECTIONS = 10
ACTIONS_PER_RECOMMENDATION = 10
UPDATE_STATUSES = [Status.NOT_STARTED, Status.UNDERWAY, Status.ONGOING, Status.UNDERWAY, Status.COMPLETED]
UPDATE_RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREEN, ""]
BATCH = 5000


class LoadDataRefused(Exception):
    """The database is not one to fill with load-test data; the message says why."""


@dataclass(frozen=True)
class Generated:
    partnerships: int
    actions: int
    updates: int
    logins: int


@dataclass(frozen=True)
class AcceptedCheck:
    """How the updates the load test was told were accepted compare with those stored."""

    accepted: int
    missing: list[str]  # accepted, but not stored
    repeated: list[str]  # stored more than once
    unreported: int  # stored, but the load test never heard so (its reply was lost or timed out)

    @property
    def passed(self) -> bool:
        return not self.missing and not self.repeated


def accepted_updates_check(tokens: Iterable[str]) -> AcceptedCheck:
    """Check that every update accepted under one of `tokens` (the load test's submission
    tokens, each in its update's note) is stored exactly once."""
    accepted = set(tokens)
    notes = ProgressUpdate.objects.filter(note__startswith=UPDATE_NOTE_PREFIX).values_list("note", flat=True)
    stored = Counter(note.removeprefix(UPDATE_NOTE_PREFIX) for note in notes.iterator())
    return AcceptedCheck(
        accepted=len(accepted),
        missing=sorted(accepted - stored.keys()),
        repeated=sorted(token for token, count in stored.items() if count > 1),
        unreported=len(stored.keys() - accepted),
    )


def refuse_unless_empty(*, force: bool) -> None:
    """Refuse SQLite always, and a database that holds any partnership unless `force`: the
    logins made here share one known password."""
    if connection.vendor != "postgresql":
        raise LoadDataRefused(
            f"Load data goes into PostgreSQL only (DATABASE_URL names a {connection.vendor} database): "
            "production runs on PostgreSQL, and the load test measures it."
        )
    if not force and Partnership.objects.exists():
        raise LoadDataRefused(
            f"This database already holds {Partnership.objects.count()} partnership(s). Load data, whose logins "
            "share a known password, goes into a database of its own: create an empty one, or run again with "
            "--force to add to this one."
        )


def load_data_generate(*, partnerships: int, actions: int, updates: int, seed: int, today: date) -> Generated:
    """Add `partnerships` partnerships of `actions` actions with about `updates` updates each."""
    randomness = random.Random(seed)
    password = make_password(LOAD_PASSWORD)  # one hash for all: 1,200 would take minutes
    first = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    totals = Generated(0, 0, 0, 0)
    for number in range(first, first + partnerships):
        with transaction.atomic():
            made = _partnership(number, actions, updates, randomness, password, today)
        totals = Generated(
            totals.partnerships + 1,
            totals.actions + made.actions,
            totals.updates + made.updates,
            totals.logins + made.logins,
        )
    return totals


def _partnership(number, actions, updates, randomness, password, today) -> Generated:
    name = f"Loadshire {number:03d}"
    partnership = Partnership.objects.create(
        name=f"{name} Safeguarding Partnership",
        short_name=f"{name} SP",
        slug=f"{SLUG_PREFIX}{number:03d}",
        area=name,
    )
    agencies = Agency.objects.bulk_create(
        Agency(partnership=partnership, name=f"{name} {words}", short_name=short, kind=kind)
        for short, (words, kind) in AGENCIES.items()
    )
    logins = _logins(number, partnership, agencies, password)
    officers = Officer.objects.bulk_create(
        Officer(
            partnership=partnership,
            agency=agency,
            name=f"Lead of {agency.short_name} {number:03d}",
            user=logins[lead_role(agency.short_name)],
        )
        for agency in agencies
    )
    manager = Officer.objects.create(partnership=partnership, name=f"Manager {number:03d}", user=logins["manager"])
    Partnership.objects.filter(pk=partnership.pk).update(business_manager=manager)
    for agency, officer in zip(agencies, officers, strict=True):
        agency.lead_officer = officer
    Agency.objects.bulk_update(agencies, ["lead_officer"])
    published = today - timedelta(days=400)
    inspection = Inspection.objects.create(
        partnership=partnership,
        title=f"Inspection of services for children in {name}",
        inspectorates=Inspectorate.OFSTED,
        published_on=published,
    )
    plan = ActionPlan(partnership=partnership, inspection=inspection, title=f"{name} improvement plan", owner_body=name)
    plan.as_at = LooseDate("", today, Precision.DAY)
    plan.save()
    made_actions = _plan(plan, agencies, officers, actions, randomness, today)
    made_updates = _updates(made_actions, officers, updates, randomness, today)
    Action.objects.filter(recommendation__section__plan=plan).refresh_latest_updates()
    _audit(made_actions, logins["manager"])
    update_round = UpdateRound.objects.create(
        plan=plan, deadline=today + timedelta(days=14), opened_by=logins["manager"], message="Updates, please."
    )
    update_round.actions.set(made_actions)
    return Generated(1, len(made_actions), made_updates, len(logins))


def _logins(number, partnership, agencies, password) -> dict:
    User = get_user_model()
    roles = {"manager": (Role.BUSINESS_MANAGER, None)}
    roles |= {f"scrutiny-{n}": (Role.SCRUTINY, None) for n in range(1, SCRUTINY_PER_PARTNERSHIP + 1)}
    roles |= {lead_role(agency.short_name): (Role.AGENCY_LEAD, agency) for agency in agencies}
    users = User.objects.bulk_create(
        User(
            username=load_username(number, role),
            email=f"{load_username(number, role)}@load.invalid",
            first_name=role.split("-")[0].title(),
            password=password,
        )
        for role in roles
    )
    logins = dict(zip(roles, users, strict=True))
    Membership.objects.bulk_create(
        Membership(user=logins[role], partnership=partnership, role=kind, agency=agency)
        for role, (kind, agency) in roles.items()
    )
    TOTPDevice.objects.create(
        user=logins["manager"], name=AUTHENTICATOR_NAME, key=LOAD_AUTHENTICATOR_KEY, confirmed=True
    )
    return logins


def _plan(plan, agencies, officers, count, randomness, today) -> list[Action]:
    sections = Section.objects.bulk_create(
        Section(plan=plan, number=str(n), title=f"Theme {n}", position=n) for n in range(1, SECTIONS + 1)
    )
    timeframes = [Timeframe.IMMEDIATE, Timeframe.WITHIN_3_MONTHS, Timeframe.WITHIN_6_MONTHS]
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            section=sections[n % SECTIONS],
            reference=str(n + 1),
            text=f"Recommendation {n + 1}: make sure that children's plans are reviewed on time",
            timeframe=timeframes[n % len(timeframes)],
            position=n,
        )
        for n in range(max(count // ACTIONS_PER_RECOMMENDATION, 1))
    )
    actions = []
    for n in range(count):
        recommendation = recommendations[n % len(recommendations)]
        action = Action(
            recommendation=recommendation,
            reference=f"{recommendation.reference}.{n // len(recommendations) + 1}",
            text=f"Action {n + 1}: audit a sample of cases each quarter and report the findings",
            agency=agencies[n % len(agencies)],
            measure_of_success="Every sampled case meets the standard.",
            position=n,
        )
        target = today + timedelta(days=randomness.randint(-200, 400))
        action.target = LooseDate(f"{target:%B %Y}", target, Precision.DAY)
        actions.append(action)
    actions = Action.objects.bulk_create(actions, batch_size=BATCH)
    ActionLead.objects.bulk_create(
        (ActionLead(action=action, officer=officers[agencies.index(action.agency)]) for action in actions),
        batch_size=BATCH,
    )
    return actions


def _updates(actions, officers, per_action, randomness, today) -> int:
    by_agency = {officer.agency_id: officer for officer in officers}
    rows = []
    made = 0
    for action in actions:
        officer = by_agency[action.agency_id]
        for n in range(randomness.randint(max(per_action - 2, 1), per_action + 2)):
            status = randomness.choice(UPDATE_STATUSES)
            update = ProgressUpdate(
                action=action,
                status=status,
                rag=randomness.choice(UPDATE_RAGS),
                note=f"Update {n + 1}: {randomness.randint(2, 40)} cases audited; findings reported to the board.",
                evidence_statement="Audit report held by the agency." if status == Status.COMPLETED else "",
                author=officer,
                recorded_by=officer.user,
            )
            update.as_at = LooseDate("", today - timedelta(days=30 * (per_action + 2 - n)), Precision.DAY)
            rows.append(update)
        if len(rows) >= BATCH:
            made += len(ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH))
            rows = []
    return made + len(ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH))


def _audit(actions, actor) -> None:
    """An audit entry for each action's creation, as the plan's import would leave."""
    content_type = ContentType.objects.get_for_model(Action)
    now = timezone.now()
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                content_type=content_type,
                object_pk=str(action.pk),
                object_id=action.pk,
                object_repr=str(action)[:200],
                action=LogEntry.Action.CREATE,
                changes={"text": ["None", action.text]},
                changes_text="",
                actor=actor,
                timestamp=now,
                additional_data={"action_id": action.pk},
            )
            for action in actions
        ),
        batch_size=BATCH,
    )
