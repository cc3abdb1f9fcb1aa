"""Each role's start page: agency leads see their actions, needing an update first; business
managers and scrutiny members see where the partnership's plans stand."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.roles import Role
from reporting.figures import plan_figures

from ..models import ActionPlan, ProgressUpdate
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
    plans = ActionPlan.objects.visible_to(request.user).filter(partnership=membership.partnership).order_by("title")
    recent_updates = (
        ProgressUpdate.objects.visible_to(request.user)
        .filter(action__recommendation__section__plan__partnership=membership.partnership)
        .select_related("action__agency", "recorded_by")
        .order_by("-recorded_at", "-pk")[:10]
    )
    context = {
        "figures": plan_figures(plans),
        "recent_updates": recent_updates,
        "role": Role(membership.role),
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
    return render(request, "actionplans/my_actions.html", {"actions": actions, "agency": membership.agency})
