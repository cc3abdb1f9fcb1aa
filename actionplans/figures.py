"""Figures about plans, counted by the database in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from .models import (
    Action,
    ActionPlan,
    Milestone,
    ProgressUpdate,
    Rag,
    Recommendation,
    Section,
    SubAction,
)


@dataclass
class PlanFigures:
    plan: ActionPlan
    sections: int = 0
    recommendations: int = 0
    actions: int = 0
    sub_actions: int = 0
    milestones: int = 0
    progress_updates: int = 0
    rag: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def not_rated(self) -> int:
        return self.actions - sum(self.rag.values())


def plan_figures(plans, *, today: date | None = None) -> list[PlanFigures]:
    """Counts of everything in each plan, and its actions' RAG mix as at `today`."""
    plans = list(plans)
    figures = {plan.pk: PlanFigures(plan) for plan in plans}
    counted = [
        (Section.objects, "plan", "sections"),
        (Recommendation.objects, "section__plan", "recommendations"),
        (Action.objects, "recommendation__section__plan", "actions"),
        (SubAction.objects, "action__recommendation__section__plan", "sub_actions"),
        (Milestone.objects, "action__recommendation__section__plan", "milestones"),
        (ProgressUpdate.objects, "action__recommendation__section__plan", "progress_updates"),
    ]
    for manager, plan_path, name in counted:
        rows = manager.filter(**{f"{plan_path}__in": figures}).values(plan_path).annotate(n=Count("pk"))
        for row in rows.order_by():
            setattr(figures[row[plan_path]], name, row["n"])

    rag_counts = {rag.value: Count("pk", filter=Q(rag=rag.value)) for rag in Rag}
    rows = (
        Action.objects.filter(recommendation__section__plan__in=figures)
        .with_progress(today)
        .values("recommendation__section__plan")
        .annotate(overdue=Count("pk", filter=Q(is_overdue=True)), **rag_counts)
        .order_by()
    )
    for row in rows:
        plan_figure = figures[row["recommendation__section__plan"]]
        plan_figure.overdue = row["overdue"]
        plan_figure.rag = {rag.value: row[rag.value] for rag in Rag}
    return [figures[plan.pk] for plan in plans]
