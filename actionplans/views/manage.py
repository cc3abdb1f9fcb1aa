"""The business manager builds plans in the application: inspections and judgements, plans and
sections, recommendations, actions, sub-actions and milestones; reorders and moves them."""

from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for, manager_required
from agencies.managed import Managed, Parent
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
@manager_required
def index(request, membership):
    partnership = membership.partnership
    context = {
        "plans": ActionPlan.objects.filter(partnership=partnership).order_by("title"),
        "inspections": Inspection.objects.filter(partnership=partnership),
    }
    return render(request, "manage/index.html", context)


# Inspections and judgements, plans and sections, recommendations, sub-actions and milestones:
# their add, change and remove pages


def _to(url_name: str, pk_of=attrgetter("pk")):
    """The manage page `url_name` of the row `pk_of` gives."""
    return lambda row: reverse(f"manage:{url_name}", args=[pk_of(row)])


INSPECTIONS = Managed(
    name="inspection",
    route="inspections",
    queryset=Inspection.objects.all(),
    form=InspectionForm,
    back=lambda _inspection: reverse("manage:index"),
    saved_to=_to("inspection_edit"),
    change_template="manage/inspection_form.html",
)
JUDGEMENTS = Managed(
    name="judgement",
    route="judgements",
    parent=Parent("inspection", "inspections", Inspection.objects.all(), structure.next_position),
    queryset=Judgement.objects.select_related("inspection"),
    form=JudgementForm,
    back=_to("inspection_edit", attrgetter("inspection_id")),
    caption=attrgetter("title"),
    removable=True,
)
PLANS = Managed(
    name="plan",
    route="plans",
    queryset=ActionPlan.objects.all(),
    form=PlanForm,
    wording={"add": "Start a plan", "change": "Change the plan's details", "added": "The plan has been created."},
    # A plan's details lead back to its structure; a new one's to the manage index.
    back=lambda plan: reverse("manage:plan_edit", args=[plan.pk]) if plan.pk else reverse("manage:index"),
    saved_to=_to("plan_edit"),
    form_partnership=attrgetter("partnership"),
    edit_route="plans/<int:pk>/details/",
    edit_name="plan_details_edit",
)
SECTIONS = Managed(
    name="section",
    route="sections",
    parent=Parent("plan", "plans", ActionPlan.objects.all(), structure.next_position),
    queryset=Section.objects.select_related("plan"),
    form=SectionForm,
    back=_to("plan_edit", attrgetter("plan_id")),
    caption=attrgetter("title"),
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


# Recommendations


def _recommendation_change(form):
    recommendation = form.instance
    recommendation.timeframe_text = form.cleaned_data["timeframe_words"]
    save_if_unchanged(recommendation, expected_version=form.cleaned_data["version"])
    recommendation.agencies.set(form.cleaned_data["agencies"])
    return recommendation


RECOMMENDATIONS = Managed(
    name="recommendation",
    route="recommendations",
    parent=Parent("section", "sections", Section.objects.select_related("plan__partnership"), structure.next_position),
    queryset=Recommendation.objects.select_related("section__plan__partnership"),
    form=RecommendationForm,
    back=_to("plan_edit", attrgetter("section.plan_id")),
    caption=str,
    form_partnership=attrgetter("section.plan.partnership"),
    save_change=_recommendation_change,
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


def _sub_action_save(form):
    saved = save_model_form(form)
    structure.set_sub_action_leads(saved, form.cleaned_data["leads"])
    return saved


SUB_ACTIONS = Managed(
    name="sub_action",
    route="sub-actions",
    parent=Parent(
        "action",
        "actions",
        Action.objects.select_related("recommendation__section__plan__partnership"),
        structure.next_position,
    ),
    queryset=SubAction.objects.select_related("action__recommendation__section__plan__partnership"),
    form=SubActionForm,
    back=_to("action_edit", attrgetter("action_id")),
    caption=str,
    form_partnership=attrgetter("action.recommendation.section.plan.partnership"),
    save=_sub_action_save,
    removable=True,
)
MILESTONES = Managed(
    name="milestone",
    route="milestones",
    parent=Parent("action", "actions", Action.objects.all(), structure.next_position),
    queryset=Milestone.objects.select_related("action"),
    form=MilestoneForm,
    back=_to("action_edit", attrgetter("action_id")),
    caption=str,
    removable=True,
)
