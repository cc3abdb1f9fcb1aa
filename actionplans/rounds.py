"""Where an update round stands: who has updated, who is outstanding, who is late, and who is
asked. Counted by the database, in a fixed number of queries whatever the size of the round."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from agencies.models import Membership, Officer
from agencies.roles import Role

from .models import ActionLead, Reminder, UpdateRound
from .rag import RagReason


@dataclass
class AgencyProgress:
    agency_id: int
    short_name: str
    name: str
    total: int
    updated: int
    outstanding: int
    overdue: int
    outstanding_actions: list = field(default_factory=list)
    asked: list = field(default_factory=list)  # the agency's leads: Membership rows


@dataclass
class LeadProgress:
    officer: object
    total: int
    updated: int
    outstanding: int
    overdue: int
    outstanding_actions: list = field(default_factory=list)


@dataclass
class RoundProgress:
    update_round: UpdateRound
    today: date
    total: int
    updated: int
    outstanding: int
    overdue: int
    agencies: list[AgencyProgress]
    leads: list[LeadProgress]
    last_reminders: dict  # user id -> the latest reminder to them in this round

    @property
    def past_deadline(self) -> bool:
        return self.today > self.update_round.deadline


def round_actions(update_round: UpdateRound, today: date):
    """The round's actions, annotated with where they stand (`with_progress`) and with
    `updated_in_round`."""
    return update_round.actions.with_progress(today).annotate(updated_in_round=update_round.updated_condition())


def _counts(prefix: str = ""):
    updated = Q(**{f"{prefix}updated_in_round": True})
    return {
        "total": Count("pk"),
        "updated": Count("pk", filter=updated),
        "outstanding": Count("pk", filter=~updated),
        "overdue": Count("pk", filter=Q(**{f"{prefix}rag_reason": RagReason.OVERDUE})),
    }


def round_progress(update_round: UpdateRound, today: date) -> RoundProgress:
    actions = round_actions(update_round, today)
    totals = actions.aggregate(**_counts())
    outstanding = list(
        actions.filter(updated_in_round=False).select_related("agency").order_by("agency__short_name").in_plan_order()
    )
    by_agency = actions.values("agency", "agency__short_name", "agency__name").annotate(**_counts())
    asked = (
        Membership.objects.filter(
            partnership=update_round.plan.partnership_id,
            role=Role.AGENCY_LEAD,
            agency__in=actions.values("agency"),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    agencies = {
        row["agency"]: AgencyProgress(
            row["agency"],
            row["agency__short_name"],
            row["agency__name"],
            row["total"],
            row["updated"],
            row["outstanding"],
            row["overdue"],
        )
        for row in by_agency.order_by("agency__short_name")
    }
    for action in outstanding:
        agencies[action.agency_id].outstanding_actions.append(action)
    for membership in asked:
        agencies[membership.agency_id].asked.append(membership)
    return RoundProgress(
        update_round=update_round,
        today=today,
        **totals,
        agencies=list(agencies.values()),
        leads=_lead_progress(update_round, today, outstanding),
        last_reminders=_last_reminders(update_round),
    )


def _lead_progress(update_round: UpdateRound, today: date, outstanding: list) -> list[LeadProgress]:
    """The plan's named lead officers of the round's actions, with the same counts."""
    overdue = round_actions(update_round, today).filter(pk=OuterRef("action"), rag_reason=RagReason.OVERDUE)
    links = ActionLead.objects.filter(action__in=update_round.actions.all())
    rows = (
        links.annotate(updated_in_round=update_round.updated_condition("action"), is_overdue=Exists(overdue))
        .values("officer")
        .annotate(
            total=Count("pk"),
            updated=Count("pk", filter=Q(updated_in_round=True)),
            outstanding=Count("pk", filter=Q(updated_in_round=False)),
            overdue=Count("pk", filter=Q(is_overdue=True)),
        )
        .order_by()
    )
    counts = {row.pop("officer"): row for row in rows}
    officers = Officer.objects.filter(pk__in=list(counts)).select_related("agency")
    waiting = {action.pk: action for action in outstanding}
    outstanding_by_officer = defaultdict(list)
    for officer_id, action_id in links.filter(action__in=list(waiting)).values_list("officer", "action"):
        outstanding_by_officer[officer_id].append(waiting[action_id])
    leads = [
        LeadProgress(officer, **counts[officer.pk], outstanding_actions=outstanding_by_officer[officer.pk])
        for officer in officers
    ]
    return sorted(leads, key=lambda lead: (-lead.outstanding, str(lead.officer)))


def _last_reminders(update_round: UpdateRound) -> dict:
    latest = {}
    for reminder in Reminder.objects.filter(update_round=update_round).order_by("created_at", "pk"):
        latest[reminder.recipient_id] = reminder
    return latest
