"""The dashboard: where the partnership's plans stand, read-only for every role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans.models import RAG_KEYS, Rag, Status
from agencies.access import member_required

from .charts import RAG_STYLES, STATUS_STYLES, Bar, Segment, stacked_bar_chart
from .dashboard import STATUS_KEYS, Scope, build_dashboard
from .forms import DashboardForm

RAG_WORDS = {key: Rag.words_for(key) for key in RAG_KEYS}
STATUS_WORDS = {**dict(Status.choices), "": "No status given"}


@login_required
@require_safe
@member_required
def dashboard(request, membership):
    form = DashboardForm(request.GET or None, partnership=membership.partnership)
    form.is_valid()
    data = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
    scope = Scope(membership.partnership, data.get("plan"), data.get("agency"), data.get("section"))
    figures = build_dashboard(scope, request.user, today=timezone.localdate(), not_updated_since=data.get("since"))
    list_url = reverse("actionplans:action_list")
    charts = [
        (breakdown, kind, _chart(breakdown, kind, scope, list_url))
        for breakdown in (figures.by_agency, figures.by_section, figures.by_timeframe)
        for kind in ("rag", "status")
    ]
    context = {
        "form": form,
        "dashboard": figures,
        "scope": scope,
        "list_url": list_url,
        "charts": charts,
        "rag_columns": [(key, RAG_WORDS[key], _param("rag", key)) for key in RAG_KEYS],
        "status_columns": [(key, STATUS_WORDS[key], _param("status", key)) for key in STATUS_KEYS],
        "over_time_chart": _over_time_chart(figures),
    }
    return render(request, "reporting/dashboard.html", context)


def _chart(breakdown, kind: str, scope: Scope, list_url: str):
    words, styles = (RAG_WORDS, RAG_STYLES) if kind == "rag" else (STATUS_WORDS, STATUS_STYLES)
    keys = RAG_KEYS if kind == "rag" else STATUS_KEYS
    bars = []
    for row in breakdown.rows:
        segments = tuple(
            Segment(
                key=key,
                label=words[key],
                value=row[kind][key],
                href=f"{list_url}?{scope.query(**{breakdown.group_param: row['key'], kind: _param(kind, key)})}",
            )
            for key in keys
        )
        bars.append(
            Bar(str(row["label"]), segments, f"{list_url}?{scope.query(**{breakdown.group_param: row['key']})}")
        )
    what = "RAG rating" if kind == "rag" else "status"
    return stacked_bar_chart(
        chart_id=f"{breakdown.group_param}-{kind}",
        title=f"Actions by {breakdown.label.lower()} and {what}",
        description=f"How many actions each {breakdown.label.lower()} has at each {what}.",
        bars=bars,
        styles=styles,
    )


def _param(kind: str, key: str) -> str:
    """The action list's filter value for a RAG or status key ("" means none given)."""
    if key:
        return key
    return "not_rated" if kind == "rag" else "none"


def _over_time_chart(figures):
    source = "frozen version" if figures.over_time_source == "versions" else "month"
    bars = [
        Bar(
            entry["label"],
            tuple(Segment(key=key, label=RAG_WORDS[key], value=entry["rag"][key]) for key in RAG_KEYS),
        )
        for entry in figures.over_time
    ]
    return stacked_bar_chart(
        chart_id="over-time",
        title=f"RAG ratings at each {source}",
        description=(
            "The RAG mix of the plan's actions when each version was frozen."
            if figures.over_time_source == "versions"
            else "The RAG ratings given in the progress updates of each month."
        ),
        bars=bars,
        styles=RAG_STYLES,
    )
