"""Filters for the action list. Their state lives in the query string, so a filtered list can
be bookmarked and shared."""

from datetime import timedelta

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from agencies.models import Agency, Officer
from core.text import one_line

from .models import (
    Action,
    ActionLead,
    ActionPlan,
    Rag,
    Recommendation,
    Section,
    Status,
    Timeframe,
)
from .rag import RagReason
from .search import matching
from .states import State, state_condition

NOT_RATED = "not_rated"
NO_STATUS = "none"
NO_TIMEFRAME = "not_stated"

RAG_SEVERITY = Case(
    *(When(rag=rag, then=Value(severity)) for severity, rag in enumerate(Rag)),
    default=Value(len(Rag)),
    output_field=IntegerField(),
)


class PartnershipFilterSet(django_filters.FilterSet):
    """A filter of one partnership's rows: its choices of plan, section and agency are that
    partnership's, and its `selects` are GOV.UK selects."""

    selects: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, partnership=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.today = timezone.localdate()
        self.limit_choices(partnership)
        for name in self.selects:
            self.form.fields[name].widget.attrs["class"] = "govuk-select"

    def limit_choices(self, partnership):
        """Before the form is made from the filters, which it reads once."""
        self.filters["plan"].queryset = ActionPlan.objects.filter(partnership=partnership)
        self.filters["section"].queryset = Section.objects.filter(plan__partnership=partnership).select_related("plan")
        self.filters["agency"].queryset = Agency.objects.filter(partnership=partnership)


class ActionFilter(PartnershipFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Words from the action, its recommendation, measures or updates, or a lead's name.",
    )
    plan = django_filters.ModelChoiceFilter(
        field_name="recommendation__section__plan",
        queryset=ActionPlan.objects.none(),
        label="Plan",
        empty_label="All plans",
    )
    section = django_filters.ModelChoiceFilter(
        field_name="recommendation__section",
        queryset=Section.objects.none(),
        label="Section",
        empty_label="All sections",
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), label="Agency", empty_label="All agencies"
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.none(), method="led_by", label="Lead", empty_label="All leads"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*Status.choices, (NO_STATUS, "No status given")],
        method="with_status",
        empty_label="Any status",
    )
    rag = django_filters.ChoiceFilter(
        label="RAG",
        choices=[*[(r.value, r.described) for r in Rag], (NOT_RATED, Rag.words_for(""))],
        method="with_rag",
        empty_label="Any RAG",
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue only"), ("no", "Not overdue")],
        method="with_overdue",
        empty_label="Overdue or not",
    )
    state = django_filters.ChoiceFilter(
        label="Where it stands", choices=State.choices, method="in_state", empty_label="Anywhere"
    )
    timeframe = django_filters.ChoiceFilter(
        label="Recommendation's timeframe",
        field_name="recommendation__timeframe",
        choices=[(value or NO_TIMEFRAME, label) for value, label in Timeframe.choices],
        method="with_timeframe",
        empty_label="Any timeframe",
    )
    changed_since = django_filters.ModelChoiceFilter(
        label="Added, edited or updated since the version",
        queryset=None,
        method="changed_since_version",
        empty_label="Any time",
    )
    not_updated_since = django_filters.DateFilter(
        label="No update as at this date or later",
        method="without_update_since",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example 31/07/2026.",
    )
    due_within = django_filters.NumberFilter(
        label="Due within (days)",
        method="due_within_days",
        min_value=0,
        max_value=3650,
        help_text="Not complete and due between today and this many days from now.",
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        fields=(
            ("reference", "reference"),
            ("target_date", "target"),
            ("agency__short_name", "agency"),
            ("rag_severity", "rag"),
            ("last_update_on", "updated"),
        ),
        field_labels={
            "reference": "Reference",
            "target": "Target date",
            "agency": "Agency",
            "rag": "RAG (red first)",
            "updated": "Last update",
        },
        empty_label="Plan order",
    )

    class Meta:
        model = Action
        fields = [
            "q",
            "plan",
            "section",
            "agency",
            "lead",
            "status",
            "rag",
            "overdue",
            "due_within",
        ]

    selects = (
        "plan",
        "section",
        "agency",
        "lead",
        "state",
        "status",
        "rag",
        "overdue",
        "timeframe",
        "changed_since",
        "sort",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["class"] = "govuk-input"
        self.form.fields["not_updated_since"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.form.fields["due_within"].widget = forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
        )

    def limit_choices(self, partnership):
        super().limit_choices(partnership)
        self.filters["lead"].queryset = Officer.objects.filter(partnership=partnership)
        self.filters["changed_since"].queryset = _versions_of(partnership)

    def search(self, queryset, name, value):
        words = one_line(value)
        return matching(queryset, words) if words else queryset

    def led_by(self, queryset, name, officer):
        return queryset.filter(Exists(ActionLead.objects.filter(action=OuterRef("pk"), officer=officer)))

    def with_status(self, queryset, name, value):
        if value == NO_STATUS:
            return queryset.filter(Q(current_status__isnull=True) | Q(current_status=""))
        return queryset.filter(current_status=value)

    def with_rag(self, queryset, name, value):
        return queryset.filter(rag="" if value == NOT_RATED else value)

    def with_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=(value == "yes"))

    def in_state(self, queryset, name, value):
        if value == State.COMPLETED_WITHOUT_EVIDENCE:
            queryset = queryset.with_evidence()
        return queryset.filter(state_condition(value, self.today))

    def with_timeframe(self, queryset, name, value):
        return queryset.filter(recommendation__timeframe="" if value == NO_TIMEFRAME else value)

    def changed_since_version(self, queryset, name, version):
        return queryset.filter(recommendation__section__plan=version.plan_id).changed_since(version.created_at)

    def without_update_since(self, queryset, name, day):
        return queryset.not_updated_since(day)

    def due_within_days(self, queryset, name, days):
        until = self.today + timedelta(days=int(days))
        return queryset.filter(target_date__gte=self.today, target_date__lte=until).exclude(
            rag_reason=RagReason.COMPLETE
        )


def _versions_of(partnership):
    # Versions belong to the board papers (reporting), a layer above the plans: the list reaches
    # them through the plans' `versions` relation that reporting declares, without importing it.
    versions = ActionPlan._meta.get_field("versions").related_model
    return versions.objects.filter(plan__partnership=partnership).select_related("plan")


class RecommendationFilter(PartnershipFilterSet):
    """Recommendations of a partnership; "delivered" means every one of their actions (of the
    chosen agency, when one is chosen) is complete and accepted."""

    plan = django_filters.ModelChoiceFilter(
        field_name="section__plan", queryset=ActionPlan.objects.none(), label="Plan", empty_label="All plans"
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.none(), label="Section", empty_label="All sections"
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), method="with_actions_of", label="Agency", empty_label="All agencies"
    )
    delivered = django_filters.ChoiceFilter(
        label="Delivered",
        choices=[("yes", "Fully delivered"), ("no", "Not yet delivered")],
        method="by_delivery",
        empty_label="Delivered or not",
    )

    class Meta:
        model = Recommendation
        fields = ["plan", "section", "agency", "delivered"]

    selects = ("plan", "section", "agency", "delivered")

    def filter_queryset(self, queryset):
        agency = self.form.cleaned_data.get("agency")
        return super().filter_queryset(queryset.with_delivery(self.today, agency=agency))

    def with_actions_of(self, queryset, name, agency):
        return queryset.filter(Exists(Action.objects.filter(recommendation=OuterRef("pk"), agency=agency)))

    def by_delivery(self, queryset, name, value):
        return queryset.filter(is_delivered=(value == "yes"))


def filtered_page(request, found, results, per_page: int) -> dict:
    """The page of `results` the query string asks for, with the filter `found` and the query
    string the pages' links keep."""
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(results, per_page).get_page(request.GET.get("page"))
    return {"filter": found, "page": page, "query_string": query.urlencode()}
