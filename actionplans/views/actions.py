"""The action list (filtered, sorted, paginated) and the action page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import Need, get_for, member_required

from ..filters import RAG_SEVERITY, ActionFilter, filtered_page
from ..glossary import Glossary
from ..history import action_history
from ..models import Action, ActionLead, EvidenceDocument, ProgressUpdate, SubAction, SubActionLead
from ..services.signoff import decidable_by

ACTIONS_PER_PAGE = 25


def actions_for_lists(user, partnership):
    """Actions as lists show them: where they stand today, with agency, leads and plan."""
    return (
        Action.objects.visible_to(user)
        .in_partnership(partnership)
        .with_progress()
        .annotate(rag_severity=RAG_SEVERITY)
        .select_related("agency", "recommendation__section__plan")
        .prefetch_related(Prefetch("lead_links", queryset=ActionLead.objects.select_related("officer")))
    )


@login_required
@require_safe
@member_required
def action_list(request, membership):
    actions = actions_for_lists(request.user, membership.partnership).in_plan_order()
    action_filter = ActionFilter(
        request.GET or None, queryset=actions, request=request, partnership=membership.partnership
    )
    results = action_filter.qs if action_filter.is_bound else actions
    context = {
        **filtered_page(request, action_filter, results, ACTIONS_PER_PAGE),
        "glossary": Glossary.of(membership.partnership),
    }
    return render(request, "actionplans/action_list.html", context)


@login_required
@require_safe
def action_detail(request, pk):
    queryset = Action.objects.with_progress().select_related(
        "agency",
        "latest_update__sign_off__decided_by",
        "reported_to",
        "recommendation__section__plan__partnership",
        "recommendation__monitoring_officer",
    )
    action = get_for(request.user, queryset, Need.SEE, pk=pk)
    updates = (
        ProgressUpdate.objects.filter(action=action)
        .latest_first()
        .select_related("author", "recorded_by", "sign_off__decided_by")
    )
    updates = updates.prefetch_related(Prefetch("evidence_documents", queryset=EvidenceDocument.objects.all()))
    sub_actions = SubAction.objects.filter(action=action).prefetch_related(
        Prefetch("lead_links", queryset=SubActionLead.objects.select_related("officer"))
    )
    context = {
        "action": action,
        "recommendation": action.recommendation,
        "plan": action.recommendation.section.plan,
        "leads": [link.officer for link in action.lead_links.select_related("officer")],
        "sub_actions": sub_actions,
        "milestones": action.milestones.all(),
        "updates": updates,
        "cross_references": action.cross_references.select_related("recommendation__section"),
        "referenced_by": action.referenced_by.select_related("recommendation__section"),
        "history": action_history(action),
        "glossary": Glossary.of(action.recommendation.section.plan.partnership),
        "can_update": Action.objects.updatable_by(request.user).filter(pk=action.pk).exists(),
        "can_edit": Action.objects.editable_by(request.user).filter(pk=action.pk).exists(),
        "target_changes": action.target_changes.select_related("changed_by"),
        "may_decide": decidable_by(request.user, Action.objects.with_progress().filter(pk=action.pk)).exists(),
    }
    return render(request, "actionplans/action_detail.html", context)
