"""The business manager builds plans in the application: inspections and judgements, plans and
sections, recommendations, actions, sub-actions and milestones; reorders and moves them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for, require_manager
from core.editing import save_if_unchanged
from core.forms import form_page, posted, save_model_form

from ..forms.structure import (
    ActionForm,
    ActionRelocateForm,
    InspectionForm,
    JudgementForm,
    MilestoneForm,
    PlanForm,
    RecommendationForm,
    SectionForm,
    SubActionForm,
)
from ..models import (
    Action,
    ActionLead,
    ActionPlan,
    Inspection,
    Judgement,
    Milestone,
    Recommendation,
    Section,
    SubAction,
)
from ..services import structure


@login_required
@require_safe
def index(request):
    membership = require_manager(request)
    partnership = membership.partnership
    context = {
        "plans": ActionPlan.objects.filter(partnership=partnership).order_by("title"),
        "inspections": Inspection.objects.filter(partnership=partnership),
    }
    return render(request, "manage/index.html", context)


# Inspections and judgements


@login_required
def inspection_create(request):
    membership = require_manager(request)
    form = InspectionForm(posted(request), instance=Inspection(partnership=membership.partnership))
    return form_page(
        request,
        form,
        title="Add an inspection",
        save=save_model_form,
        success_message="The inspection has been added.",
        success_url=lambda inspection: reverse("manage:inspection_edit", args=[inspection.pk]),
        back_url=reverse("manage:index"),
    )


@login_required
def inspection_edit(request, pk):
    inspection = get_for(request.user, Inspection.objects.all(), Need.EDIT, pk=pk)
    form = InspectionForm(posted(request), instance=inspection)
    return form_page(
        request,
        form,
        title="Change the inspection",
        save=save_model_form,
        success_message="The inspection has been saved.",
        success_url=reverse("manage:inspection_edit", args=[pk]),
        back_url=reverse("manage:index"),
        template="manage/inspection_form.html",
        context={"inspection": inspection},
    )


@login_required
def judgement_create(request, inspection_pk):
    inspection = get_for(request.user, Inspection.objects.all(), Need.EDIT, pk=inspection_pk)
    position = structure.next_position(Judgement.objects.filter(inspection=inspection))
    form = JudgementForm(posted(request), instance=Judgement(inspection=inspection, position=position))
    back = reverse("manage:inspection_edit", args=[inspection.pk])
    return form_page(
        request,
        form,
        title="Add a judgement",
        save=save_model_form,
        success_message="The judgement has been added.",
        success_url=back,
        back_url=back,
        context={"caption": inspection.title},
    )


@login_required
def judgement_edit(request, pk):
    judgement = get_for(request.user, Judgement.objects.select_related("inspection"), Need.EDIT, pk=pk)
    form = JudgementForm(posted(request), instance=judgement)
    back = reverse("manage:inspection_edit", args=[judgement.inspection_id])
    return form_page(
        request,
        form,
        title="Change the judgement",
        save=save_model_form,
        success_message="The judgement has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": judgement.inspection.title},
    )


@login_required
@require_POST
def judgement_delete(request, pk):
    judgement = get_for(request.user, Judgement.objects.all(), Need.EDIT, pk=pk)
    inspection_pk = judgement.inspection_id
    judgement.delete()
    messages.success(request, "The judgement has been removed.")
    return redirect("manage:inspection_edit", pk=inspection_pk)


# Plans and sections


@login_required
def plan_create(request):
    membership = require_manager(request)
    form = PlanForm(posted(request), partnership=membership.partnership)
    return form_page(
        request,
        form,
        title="Start a plan",
        save=save_model_form,
        success_message="The plan has been created.",
        success_url=lambda plan: reverse("manage:plan_edit", args=[plan.pk]),
        back_url=reverse("manage:index"),
    )


@login_required
@require_safe
def plan_edit(request, pk):
    """The plan's structure, with the controls to change, add and reorder its parts."""
    plan = get_for(request.user, ActionPlan.objects.select_related("inspection"), Need.EDIT, pk=pk)
    actions = Action.objects.prefetch_related(
        Prefetch("lead_links", queryset=ActionLead.objects.select_related("officer"))
    )
    recommendations = Recommendation.objects.prefetch_related(Prefetch("actions", queryset=actions))
    sections = plan.sections.prefetch_related(Prefetch("recommendations", queryset=recommendations))
    return render(request, "manage/plan_edit.html", {"plan": plan, "sections": sections})


@login_required
def plan_details_edit(request, pk):
    plan = get_for(request.user, ActionPlan.objects.all(), Need.EDIT, pk=pk)
    form = PlanForm(posted(request), instance=plan, partnership=plan.partnership)
    back = reverse("manage:plan_edit", args=[pk])
    return form_page(
        request,
        form,
        title="Change the plan's details",
        save=save_model_form,
        success_message="The plan has been saved.",
        success_url=back,
        back_url=back,
    )


@login_required
def section_create(request, plan_pk):
    plan = get_for(request.user, ActionPlan.objects.all(), Need.EDIT, pk=plan_pk)
    section = Section(plan=plan, position=structure.next_position(plan.sections.all()))
    form = SectionForm(posted(request), instance=section)
    back = reverse("manage:plan_edit", args=[plan.pk])
    return form_page(
        request,
        form,
        title="Add a section",
        save=save_model_form,
        success_message="The section has been added.",
        success_url=back,
        back_url=back,
        context={"caption": plan.title},
    )


@login_required
def section_edit(request, pk):
    section = get_for(request.user, Section.objects.select_related("plan"), Need.EDIT, pk=pk)
    form = SectionForm(posted(request), instance=section)
    back = reverse("manage:plan_edit", args=[section.plan_id])
    return form_page(
        request,
        form,
        title="Change the section",
        save=save_model_form,
        success_message="The section has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": section.plan.title},
    )


# Recommendations


@login_required
def recommendation_create(request, section_pk):
    section = get_for(request.user, Section.objects.select_related("plan__partnership"), Need.EDIT, pk=section_pk)
    recommendation = Recommendation(section=section, position=structure.next_position(section.recommendations.all()))
    form = RecommendationForm(posted(request), instance=recommendation, partnership=section.plan.partnership)
    back = reverse("manage:plan_edit", args=[section.plan_id])
    return form_page(
        request,
        form,
        title="Add a recommendation",
        save=save_model_form,
        success_message="The recommendation has been added.",
        success_url=back,
        back_url=back,
        context={"caption": str(section)},
    )


@login_required
def recommendation_edit(request, pk):
    recommendation = get_for(
        request.user, Recommendation.objects.select_related("section__plan__partnership"), Need.EDIT, pk=pk
    )
    form = RecommendationForm(
        posted(request), instance=recommendation, partnership=recommendation.section.plan.partnership
    )
    back = reverse("manage:plan_edit", args=[recommendation.section.plan_id])

    def save(form):
        recommendation.timeframe_text = form.cleaned_data["timeframe_words"]
        save_if_unchanged(form.instance, expected_version=form.cleaned_data["version"])
        recommendation.agencies.set(form.cleaned_data["agencies"])
        return recommendation

    return form_page(
        request,
        form,
        title="Change the recommendation",
        save=save,
        success_message="The recommendation has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": str(recommendation.section)},
    )


# Actions


@login_required
def action_create(request, recommendation_pk):
    recommendation = get_for(
        request.user,
        Recommendation.objects.select_related("section__plan__partnership"),
        Need.EDIT,
        pk=recommendation_pk,
    )
    form = ActionForm(posted(request), instance=Action(recommendation=recommendation), plan=recommendation.section.plan)

    def save(form):
        return structure.action_create(
            recommendation=recommendation,
            action=form.apply(),
            leads=form.cleaned_data["leads"],
            cross_references=form.cleaned_data["cross_references"],
        )

    return form_page(
        request,
        form,
        title="Add an action",
        save=save,
        success_message="The action has been added.",
        success_url=lambda action: reverse("actionplans:action_detail", args=[action.pk]),
        back_url=reverse("manage:plan_edit", args=[recommendation.section.plan_id]),
        context={"caption": str(recommendation)},
    )


@login_required
def action_edit(request, pk):
    action = get_for(
        request.user, Action.objects.select_related("recommendation__section__plan__partnership"), Need.EDIT, pk=pk
    )
    form = ActionForm(posted(request), instance=action, plan=action.recommendation.section.plan)

    def save(form):
        return structure.action_update(
            action=form.apply(),
            expected_version=form.cleaned_data["version"],
            leads=form.cleaned_data["leads"],
            cross_references=form.cleaned_data["cross_references"],
            target_change_reason=form.cleaned_data["target_change_reason"],
            by=request.user,
        )

    back = reverse("actionplans:action_detail", args=[pk])
    return form_page(
        request,
        form,
        title="Change the action",
        save=save,
        success_message="The action has been saved.",
        success_url=back,
        back_url=back,
        template="manage/action_form.html",
        context={"action": action},
    )


@login_required
def action_relocate(request, pk):
    action = get_for(request.user, Action.objects.select_related("recommendation__section__plan"), Need.EDIT, pk=pk)
    form = ActionRelocateForm(posted(request), action=action)
    back = reverse("manage:action_edit", args=[pk])
    return form_page(
        request,
        form,
        title="Move the action to another recommendation",
        save=lambda form: structure.action_relocate(action=action, recommendation=form.cleaned_data["recommendation"]),
        success_message="The action has been moved.",
        success_url=reverse("actionplans:action_detail", args=[pk]),
        back_url=back,
        context={"caption": str(action)},
    )


# Reordering


_ORDERED = {
    "section": (Section, lambda section: Section.objects.filter(plan=section.plan_id), "plan_id"),
    "recommendation": (
        Recommendation,
        lambda rec: Recommendation.objects.filter(section=rec.section_id),
        "section__plan_id",
    ),
    "action": (
        Action,
        lambda action: Action.objects.filter(recommendation=action.recommendation_id),
        "recommendation__section__plan_id",
    ),
}


@login_required
@require_POST
def move(request, kind, pk, direction):
    pk = int(pk)
    model, siblings, plan_path = _ORDERED[kind]
    item = get_for(request.user, model.objects.all(), Need.EDIT, pk=pk)
    structure.move(item, direction, siblings(item).order_by("position", "pk"))
    plan_id = model.objects.filter(pk=pk).values_list(plan_path, flat=True).get()
    return redirect(reverse("manage:plan_edit", args=[plan_id]) + f"#{kind}-{pk}")


# Sub-actions and milestones


@login_required
def sub_action_create(request, action_pk):
    action = get_for(
        request.user,
        Action.objects.select_related("recommendation__section__plan__partnership"),
        Need.EDIT,
        pk=action_pk,
    )
    sub_action = SubAction(action=action, position=structure.next_position(action.sub_actions.all()))
    form = SubActionForm(
        posted(request), instance=sub_action, partnership=action.recommendation.section.plan.partnership
    )
    back = reverse("manage:action_edit", args=[action.pk])

    def save(form):
        saved = save_model_form(form)
        structure.set_sub_action_leads(saved, form.cleaned_data["leads"])
        return saved

    return form_page(
        request,
        form,
        title="Add a sub-action",
        save=save,
        success_message="The sub-action has been added.",
        success_url=back,
        back_url=back,
        context={"caption": str(action)},
    )


@login_required
def sub_action_edit(request, pk):
    sub_action = get_for(
        request.user,
        SubAction.objects.select_related("action__recommendation__section__plan__partnership"),
        Need.EDIT,
        pk=pk,
    )
    form = SubActionForm(
        posted(request), instance=sub_action, partnership=sub_action.action.recommendation.section.plan.partnership
    )
    back = reverse("manage:action_edit", args=[sub_action.action_id])

    def save(form):
        saved = save_model_form(form)
        structure.set_sub_action_leads(saved, form.cleaned_data["leads"])
        return saved

    return form_page(
        request,
        form,
        title="Change the sub-action",
        save=save,
        success_message="The sub-action has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": str(sub_action.action)},
    )


@login_required
@require_POST
def sub_action_delete(request, pk):
    sub_action = get_for(request.user, SubAction.objects.all(), Need.EDIT, pk=pk)
    action_pk = sub_action.action_id
    sub_action.delete()
    messages.success(request, "The sub-action has been removed.")
    return redirect("manage:action_edit", pk=action_pk)


@login_required
def milestone_create(request, action_pk):
    action = get_for(request.user, Action.objects.all(), Need.EDIT, pk=action_pk)
    milestone = Milestone(action=action, position=structure.next_position(action.milestones.all()))
    form = MilestoneForm(posted(request), instance=milestone)
    back = reverse("manage:action_edit", args=[action.pk])
    return form_page(
        request,
        form,
        title="Add a milestone",
        save=save_model_form,
        success_message="The milestone has been added.",
        success_url=back,
        back_url=back,
        context={"caption": str(action)},
    )


@login_required
def milestone_edit(request, pk):
    milestone = get_for(request.user, Milestone.objects.select_related("action"), Need.EDIT, pk=pk)
    form = MilestoneForm(posted(request), instance=milestone)
    back = reverse("manage:action_edit", args=[milestone.action_id])
    return form_page(
        request,
        form,
        title="Change the milestone",
        save=save_model_form,
        success_message="The milestone has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": str(milestone.action)},
    )


@login_required
@require_POST
def milestone_delete(request, pk):
    milestone = get_for(request.user, Milestone.objects.all(), Need.EDIT, pk=pk)
    action_pk = milestone.action_id
    milestone.delete()
    messages.success(request, "The milestone has been removed.")
    return redirect("manage:action_edit", pk=action_pk)
