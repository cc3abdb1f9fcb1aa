"""Each role's start page: agency leads see their actions, needing an update first; business
managers and scrutiny members see where the partnership's plans stand."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, Q, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.roles import Role

from ..figures import plan_figures
from ..models import Action, ActionPlan, Assurance, Decision, ProgressUpdate, Reminder, SignOff, UpdateRound
from ..rag import RagReason
from .actions import actions_for_lists


@login_required
@require_safe
def start(request):
    membership = request.membership
    if not membership:
        return render(request, "actionplans/start_no_partnership.html", status=403)
    if membership.role == Role.AGENCY_LEAD:
        return _my_actions(request, membership)
    plans = ActionPlan.objects.visible_to(request.user).in_partnership(membership.partnership).order_by("title")
    recent_updates = (
        ProgressUpdate.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("action__agency", "recorded_by")
        .order_by("-recorded_at", "-pk")[:10]
    )
    context = {
        "figures": plan_figures(plans),
        "recent_updates": recent_updates,
        "role": Role(membership.role),
        "open_rounds": UpdateRound.objects.visible_to(request.user)
        .open()
        .in_partnership(membership.partnership)
        .select_related("plan", "forum"),
        "awaiting_assurance": Action.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .with_progress()
        .filter(assurance=Assurance.AWAITING)
        .count(),
        "failed_emails": Reminder.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .failed()
        .count(),
    }
    return render(request, "actionplans/start.html", context)


def _my_actions(request, membership):
    """The lead's agency's actions: not yet complete first, overdue first, then the ones whose
    last update is oldest."""
    update_priority = Case(
        When(rag_reason=RagReason.OVERDUE, then=Value(0)),
        When(rag_reason=RagReason.COMPLETE, then=Value(2)),
        default=Value(1),
    )
    rounds = []
    for update_round in (
        UpdateRound.objects.visible_to(request.user)
        .open()
        .filter(plan__partnership=membership.partnership, actions__agency=membership.agency)
        .select_related("plan", "forum")
        .distinct()
    ):
        waiting = (
            update_round.actions_with_round_status()
            .filter(agency=membership.agency)
            .aggregate(asked=Count("pk"), updated=Count("pk", filter=Q(updated_in_round=True)))
        )
        awaiting = (
            actions_for_lists(request.user, membership.partnership)
            .filter(pk__in=update_round.actions.filter(agency=membership.agency).values("pk"))
            .exclude(update_round.updated_condition())
            .in_plan_order()
        )
        rounds.append((update_round, waiting, awaiting))
    returned = (
        SignOff.objects.visible_to(request.user)
        .filter(
            decision=Decision.RETURNED,
            update__action__agency=membership.agency,
            update__action__latest_update=F("update"),
        )
        .select_related("update__action", "decided_by")
    )
    actions = (
        actions_for_lists(request.user, membership.partnership)
        .filter(agency=membership.agency)
        .annotate(update_priority=update_priority)
        .order_by(
            "update_priority",
            F("last_update_on").asc(nulls_first=True),
            F("target_date").asc(nulls_last=True),
            "pk",
        )
    )
    context = {"actions": actions, "agency": membership.agency, "rounds": rounds, "returned": returned}
    return render(request, "actionplans/my_actions.html", context)
