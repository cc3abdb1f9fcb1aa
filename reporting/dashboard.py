"""The dashboard's figures: where the plans stand, counted by the database in a fixed number of
queries whatever their size. Every figure comes with the query string of the action (or
recommendation) list that shows exactly the actions it counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncMonth

from actionplans.models import RAG_KEYS, Action, ProgressUpdate, Rag, Recommendation, Status, Timeframe
from actionplans.states import State, state_condition

from .models import PlanVersion

HEADLINES = [
    State.COMPLETED,
    State.AWAITING_ASSURANCE,
    State.ON_TRACK,
    State.AT_RISK,
    State.OFF_TRACK,
    State.OVERDUE,
    State.NOT_YET_DUE,
    State.COMPLETED_WITHOUT_EVIDENCE,
]
STATUS_KEYS = [*Status.values, ""]
TIMEFRAMES = [Timeframe.IMMEDIATE, Timeframe.WITHIN_3_MONTHS, Timeframe.WITHIN_6_MONTHS, Timeframe.BY_DATE, ""]
LISTED = 10


@dataclass(frozen=True)
class Scope:
    """What the dashboard is about: a partnership, narrowed to a plan, agency and section."""

    partnership: object
    plan: object = None
    agency: object = None
    section: object = None

    def query(self, **more) -> str:
        """The list filters for this scope plus `more`, as a query string."""
        params = {
            "plan": self.plan.pk if self.plan else "",
            "agency": self.agency.pk if self.agency else "",
            "section": self.section.pk if self.section else "",
            **more,
        }
        return urlencode({key: value for key, value in params.items() if value not in ("", None)})

    def lookups(self, *, plan: str, agency: str, section: str) -> dict:
        """The narrowing as filters, for rows that reach the plan, agency and section by these paths."""
        paths = {plan: self.plan, agency: self.agency, section: self.section}
        return {path: value for path, value in paths.items() if value is not None}


@dataclass
class Figure:
    label: str
    value: int
    query: str
    meaning: str = ""


@dataclass
class Breakdown:
    """Counts per group (agency, section or timeframe) by RAG and by status."""

    label: str
    group_param: str
    rows: list[dict] = field(default_factory=list)  # {"key", "label", "total", "rag": {...}, "status": {...}}


@dataclass
class Dashboard:
    scope: Scope
    today: date
    headlines: list[Figure]
    total: Figure
    delivered: Figure
    recommendations: int
    by_agency: Breakdown
    by_section: Breakdown
    by_timeframe: Breakdown
    overdue: list
    due_soon: Figure
    due_soon_actions: list
    red: list
    changed: Figure | None
    changed_actions: list
    changed_since: object
    not_updated_since: date
    agencies_not_updated: list[dict]
    over_time: list[dict]
    over_time_source: str


def actions_in(scope: Scope, user, today: date):
    actions = Action.objects.visible_to(user).filter(
        recommendation__section__plan__partnership=scope.partnership,
        **scope.lookups(plan="recommendation__section__plan", agency="agency", section="recommendation__section"),
    )
    return actions.with_progress(today).with_evidence()


def build_dashboard(scope: Scope, user, *, today: date, not_updated_since: date | None = None) -> Dashboard:
    actions = actions_in(scope, user, today)
    latest_version = _latest_version(scope)
    counts = {state.value: Count("pk", filter=state_condition(state, today)) for state in HEADLINES}
    soon = Q(target_date__gte=today, target_date__lte=today + timedelta(days=30)) & ~state_condition(
        State.COMPLETED, today
    )
    extra = {"total": Count("pk"), "due_soon": Count("pk", filter=soon)}
    if latest_version:
        extra["changed"] = Count("pk", filter=Action.objects.changed_since_condition(latest_version.created_at))
    totals = actions.aggregate(**counts, **extra)
    not_updated_since = not_updated_since or today - timedelta(days=90)

    recommendations = _recommendations(scope, user, today)
    return Dashboard(
        scope=scope,
        today=today,
        headlines=[
            Figure(state.label, totals[state.value], scope.query(state=state.value), state.meaning)
            for state in HEADLINES
        ],
        total=Figure("Actions", totals["total"], scope.query()),
        delivered=Figure("Recommendations fully delivered", recommendations["delivered"], scope.query(delivered="yes")),
        recommendations=recommendations["total"],
        by_agency=_breakdown(actions, "agency", "Agency", "agency", "agency__short_name"),
        by_section=_breakdown(
            actions,
            "section",
            "Section",
            "recommendation__section",
            "recommendation__section__title",
            order="recommendation__section__position",
        ),
        by_timeframe=_timeframes(actions),
        overdue=list(
            actions.filter(state_condition(State.OVERDUE, today))
            .select_related("agency")
            .order_by("target_date", "pk")[:LISTED]
        ),
        due_soon=Figure("Due in the next 30 days", totals["due_soon"], scope.query(due_within=30)),
        due_soon_actions=list(actions.filter(soon).select_related("agency").order_by("target_date", "pk")[:LISTED]),
        red=list(
            _with_latest_note(actions.filter(rag=Rag.RED))
            .select_related("agency")
            .order_by("target_date", "pk")[:LISTED]
        ),
        changed=(
            Figure(
                f"Added, edited or updated since {latest_version.label}",
                totals["changed"],
                scope.query(changed_since=latest_version.pk),
            )
            if latest_version
            else None
        ),
        changed_actions=(
            list(
                actions.filter(Action.objects.changed_since_condition(latest_version.created_at))
                .select_related("agency")
                .in_plan_order()[:LISTED]
            )
            if latest_version
            else []
        ),
        changed_since=latest_version,
        not_updated_since=not_updated_since,
        agencies_not_updated=_agencies_not_updated(actions, scope, not_updated_since),
        **_over_time(scope, actions),
    )


def _latest_version(scope: Scope):
    if scope.plan is None:
        return None
    return PlanVersion.objects.filter(plan=scope.plan).order_by("-as_at", "-created_at", "-pk").first()


def _recommendations(scope: Scope, user, today: date) -> dict:
    recommendations = Recommendation.objects.visible_to(user).filter(
        section__plan__partnership=scope.partnership,
        **scope.lookups(plan="section__plan", agency="actions__agency", section="section"),
    )
    if scope.agency:
        recommendations = recommendations.distinct()  # an agency's several actions on one recommendation
    return recommendations.with_delivery(today, agency=scope.agency).aggregate(
        total=Count("pk"), delivered=Count("pk", filter=Q(is_delivered=True))
    )


def _counts_by_rag_and_status():
    rag = {f"rag_{key or 'none'}": Count("pk", filter=Q(rag=key)) for key in RAG_KEYS}
    status = {
        f"status_{key or 'none'}": Count(
            "pk", filter=Q(current_status=key) if key else Q(current_status__isnull=True) | Q(current_status="")
        )
        for key in STATUS_KEYS
    }
    return {"total": Count("pk"), **rag, **status}


def _row(values: dict, key, label) -> dict:
    return {
        "key": key,
        "label": label,
        "total": values["total"],
        "rag": {rag: values[f"rag_{rag or 'none'}"] for rag in RAG_KEYS},
        "status": {status: values[f"status_{status or 'none'}"] for status in STATUS_KEYS},
    }


def _breakdown(actions, param, label, key_path, label_path, order=None) -> Breakdown:
    grouping = [key_path, label_path, *([order] if order else [])]
    rows = actions.values(*grouping).annotate(**_counts_by_rag_and_status()).order_by(order or label_path, key_path)
    return Breakdown(label, param, [_row(values, values[key_path], values[label_path]) for values in rows])


def _timeframes(actions) -> Breakdown:
    found = {
        values["recommendation__timeframe"]: values
        for values in actions.values("recommendation__timeframe").annotate(**_counts_by_rag_and_status()).order_by()
    }
    rows = [
        _row(found[timeframe], timeframe or "not_stated", Timeframe(timeframe).label)
        for timeframe in TIMEFRAMES
        if timeframe in found
    ]
    return Breakdown("Timeframe", "timeframe", rows)


def _with_latest_note(actions):
    return actions.annotate(latest_note=F("latest_update__note"))


def _agencies_not_updated(actions, scope: Scope, since: date) -> list[dict]:
    """Agencies with actions in scope that have no update as at `since` or later: those with
    no such update on any action first, then those behind on some."""
    rows = (
        actions.values("agency_id", "agency__short_name", "agency__name")
        .annotate(
            actions=Count("pk"),
            not_updated=Count("pk", filter=Q(last_update_on__isnull=True) | Q(last_update_on__lt=since)),
            latest=Max("last_update_on"),
        )
        .filter(not_updated__gt=0)
        .order_by("agency__short_name")
    )
    agencies = [
        {
            **row,
            "none_since": row["not_updated"] == row["actions"],
            "query": Scope(scope.partnership, scope.plan, None, scope.section).query(
                agency=row["agency_id"], not_updated_since=since.isoformat()
            ),
        }
        for row in rows
    ]
    return sorted(agencies, key=lambda agency: not agency["none_since"])


def _over_time(scope: Scope, actions) -> dict:
    """The RAG mix at each frozen version of the plan; without versions, the RAG ratings
    reported in each month's updates."""
    if scope.plan is not None:
        versions = list(PlanVersion.objects.filter(plan=scope.plan).order_by("as_at", "created_at", "pk"))
        if versions:
            return {
                "over_time": [{"label": v.label, "as_at": v.as_at, "rag": _version_rag(v, scope)} for v in versions],
                "over_time_source": "versions",
            }
    months = (
        ProgressUpdate.objects.filter(action__in=actions.values("pk"), as_at_date__isnull=False)
        .annotate(month=TruncMonth("as_at_date"))
        .values("month")
        .annotate(**{f"rag_{key or 'none'}": Count("pk", filter=Q(rag=key)) for key in RAG_KEYS})
        .order_by("month")
    )
    return {
        "over_time": [
            {
                "label": f"{row['month']:%B %Y}",
                "as_at": row["month"],
                "rag": {k: row[f"rag_{k or 'none'}"] for k in RAG_KEYS},
            }
            for row in months
        ],
        "over_time_source": "months",
    }


def _version_rag(version, scope: Scope) -> dict:
    """A version's RAG mix, from the figures stored when it was frozen."""
    figures = version.figures or {}
    if scope.agency and scope.section:
        mix = figures.get("by_agency_section", {}).get(f"{scope.agency.pk}:{scope.section.pk}", {})
    elif scope.agency:
        mix = figures.get("by_agency", {}).get(str(scope.agency.pk), {})
    elif scope.section:
        mix = figures.get("by_section", {}).get(str(scope.section.pk), {})
    else:
        mix = figures.get("rag", {})
    return {key: mix.get(key or "none", 0) for key in RAG_KEYS}


def version_figures(actions) -> dict:
    """The RAG mix of a version's actions, stored with it: for the whole plan, and per agency,
    section, and agency within a section (keyed by their primary keys), so that the dashboard's
    filters apply to past versions too."""
    rag = {f"rag_{key or 'none'}": Count("pk", filter=Q(rag=key)) for key in RAG_KEYS}

    def mix(values):
        return {key or "none": values[f"rag_{key or 'none'}"] for key in RAG_KEYS}

    def mixes(*fields):
        groups = actions.values(*fields).annotate(**rag).order_by()
        return {":".join(str(values[f]) for f in fields): mix(values) for values in groups}

    return {
        "rag": mix(actions.aggregate(**rag)),
        "by_agency": mixes("agency"),
        "by_section": mixes("recommendation__section"),
        "by_agency_section": mixes("agency", "recommendation__section"),
    }
