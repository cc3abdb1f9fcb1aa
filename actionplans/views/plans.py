"""The plans of the partnership, and one plan page: inspection, sections, recommendations,
actions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import Need, get_for, member_required

from ..figures import plan_figures
from ..glossary import Glossary
from ..models import Action, ActionLead, ActionPlan, Recommendation


@login_required
@require_safe
@member_required
def plan_list(request, membership):
    plans = (
        ActionPlan.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("partnership", "inspection")
        .order_by("title")
    )
    return render(request, "actionplans/plan_list.html", {"figures": plan_figures(plans)})


@login_required
@require_safe
def plan_detail(request, pk):
    plan = get_for(
        request.user,
        ActionPlan.objects.select_related("partnership", "inspection", "monitoring_forum", "signed_off_by"),
        Need.SEE,
        pk=pk,
    )
    actions = (
        Action.objects.with_progress()
        .select_related("agency")
        .prefetch_related(Prefetch("lead_links", queryset=ActionLead.objects.select_related("officer")))
    )
    recommendations = Recommendation.objects.select_related("monitoring_officer").prefetch_related(
        "agencies", Prefetch("actions", queryset=actions)
    )
    sections = plan.sections.prefetch_related(Prefetch("recommendations", queryset=recommendations))
    judgements = plan.inspection.judgements.all() if plan.inspection else []
    context = {
        "plan": plan,
        "sections": sections,
        "judgements": judgements,
        "glossary": Glossary.of(plan.partnership),
        "can_edit": ActionPlan.objects.editable_by(request.user).filter(pk=plan.pk).exists(),
    }
    return render(request, "actionplans/plan_detail.html", context)
