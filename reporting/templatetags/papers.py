"""Display helpers for board papers."""

from datetime import date

from django import template
from django.utils.safestring import mark_safe

from actionplans.models import RAG_LOOKS, RECOMMENDATION_DETAILS, Output, details_in

register = template.Library()


@register.filter
def iso_date(value: str) -> str:
    """'2012-07-31' as '31 July 2012'; empty stays empty."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


# The paper's recommendation row leads with its number and words; the rest follow on one line.
_RECOMMENDATION_LINE = tuple(
    detail for detail in details_in(RECOMMENDATION_DETAILS, Output.PAPER) if detail.name not in {"reference", "text"}
)


@register.filter
def recommendation_line(recommendation: dict) -> list[str]:
    """The parts of the line under a recommendation on the paper, in the declared order: its
    timeframe, its written fields, and its monitoring officer."""
    parts = [f"Timeframe: {recommendation['timeframe'] or 'not stated'}"]
    for detail in _RECOMMENDATION_LINE:
        value = recommendation.get(detail.name) or detail.empty()
        if detail.name == "agencies_note":  # given with the agencies it is addressed to
            agencies = ", ".join(recommendation["agencies"])
            value = f"{agencies} ({value})" if agencies and value else agencies or value
        elif detail.one_per_line:
            value = "; ".join(value)
        if value:
            parts.append(f"{detail.paper_heading}: {value}" if detail.labelled_on_paper else value)
    if recommendation.get("monitoring_officer"):
        parts.append(f"Monitoring officer: {recommendation['monitoring_officer']}")
    return parts


@register.filter
def rag_class(rag: str) -> str:
    return f"rag-{rag or 'none'}"


@register.simple_tag
def rag_rules() -> str:
    """The CSS of each rating's box on the paper, from the one declaration of how RAG shows."""
    return mark_safe("\n".join(f".{rag_class(key)} {{ {look.paper} }}" for key, look in RAG_LOOKS.items()))


@register.filter
def get_change(changes: dict, action_id):
    return changes.get(action_id)


@register.simple_tag
def scoped_query(scope, *pairs) -> str:
    """The dashboard scope's list filters plus name/value pairs, as a query string."""
    return scope.query(**dict(zip(pairs[::2], pairs[1::2], strict=True)))
