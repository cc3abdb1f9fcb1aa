"""Print what each plan holds and where its actions stand, to check a load or an import, with the
plan and version ids that `import_plan --into` and `render_plan` take."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone

from actionplans.figures import plan_figures
from actionplans.models import ActionPlan, Rag
from reporting.models import PlanVersion


class Command(BaseCommand):
    help = "Print each plan's id and version ids, its sections, recommendations, actions, updates and RAG mix."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Only the partnership with this slug.")
        parser.add_argument("--as-at", help="Assess RAG and overdue as at this date (YYYY-MM-DD).")

    def handle(self, *args, partnership=None, as_at=None, **options):
        today = _parse_day(as_at) if as_at else timezone.localdate()
        plans = (
            ActionPlan.objects.select_related("partnership")
            .prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("pk")))
            .order_by("partnership__name", "title")
        )
        if partnership:
            plans = plans.filter(partnership__slug=partnership)
            if not plans.exists():
                raise CommandError(f"No plans in a partnership with the slug {partnership!r}.")
        for figures in plan_figures(plans, today=today):
            self.stdout.write(summary_lines(figures, today))


def summary_lines(figures, today: date) -> str:
    plan = figures.plan
    rag = ", ".join(f"{Rag(value).label} {count}" for value, count in figures.rag.items())
    return "\n".join(
        [
            f"{plan.partnership.short_name}: {plan}",
            f"  Plan id {plan.pk}; {_versions(plan)}",
            f"  {figures.sections} sections, {figures.recommendations} recommendations, "
            f"{figures.actions} actions, {figures.sub_actions} sub-actions, "
            f"{figures.milestones} milestones, {figures.progress_updates} progress updates",
            f"  As at {today.day} {today:%B %Y}: {rag}, not rated {figures.not_rated}; {figures.overdue} overdue",
        ]
    )


def _versions(plan) -> str:
    versions = list(plan.versions.all())
    if not versions:
        return "no versions"
    ids = ", ".join(f'{version.pk} "{version.label}"' for version in versions)
    return f"version id {ids}" if len(versions) == 1 else f"version ids {ids}"


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at must be a date like 2012-07-31, not {text!r}.") from None
