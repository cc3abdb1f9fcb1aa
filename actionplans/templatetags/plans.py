"""Display helpers for plan pages: RAG and status tags, loose dates, abbreviations."""

from typing import NamedTuple

from django import template
from django.utils.html import escape

from ..models import (
    ACTION_DETAILS,
    PROGRESS_DETAILS,
    RAG_LOOKS,
    RECOMMENDATION_DETAILS,
    Output,
    Rag,
    Status,
    details_in,
)
from ..rag import RagAssessment

register = template.Library()


@register.inclusion_tag("includes/rag_tag.html")
def rag_tag(action, explain=False):
    """The action's RAG as a tag that always carries its word ('Amber: at risk')."""
    assessment = RagAssessment.of(action)
    return {"assessment": assessment, "colour": RAG_LOOKS[assessment.rag].tag, "explain": explain}


@register.inclusion_tag("includes/rag_tag.html")
def reported_rag_tag(rag):
    """A RAG rating as an update reported it."""
    return {"label": Rag.words_for(rag), "colour": RAG_LOOKS[rag or ""].tag}


# The recommendation's heading shows its number and words; the rest are rows under it.
_RECOMMENDATION_HEADING = {"reference", "text"}
_RECOMMENDATION_ROWS = tuple(
    detail for detail in details_in(RECOMMENDATION_DETAILS, Output.PAGE) if detail.name not in _RECOMMENDATION_HEADING
)
# An update's card shows these beside the rating and the proposed date they explain.
_UPDATE_REASONS = {"rag_change_reason", "target_change_reason"}
_UPDATE_ROWS = tuple(
    detail for detail in details_in(PROGRESS_DETAILS, Output.PAGE) if detail.name not in _UPDATE_REASONS
)


class Row(NamedTuple):
    """A written field as a summary-list row: its label and its text, or its items."""

    label: str
    value: str | list[str]

    @property
    def is_items(self) -> bool:
        return isinstance(self.value, list)


def _rows(details, instance) -> list[Row]:
    return [Row(detail.page_heading, value) for detail in details if (value := detail.value_of(instance))]


@register.simple_tag
def action_rows(action) -> list[Row]:
    """A row for each written detail the action gives, in the declared order."""
    return _rows(ACTION_DETAILS, action)


@register.simple_tag
def recommendation_rows(recommendation) -> list[Row]:
    """A row for each written field shown under a recommendation's heading, in the declared
    order; the agencies it is addressed to are given with the note about them."""
    rows = []
    for detail in _RECOMMENDATION_ROWS:
        if detail.name == "agencies_note":
            agencies = ", ".join(agency.name for agency in recommendation.agencies.all()) or "Not recorded"
            note = recommendation.agencies_note
            rows.append(Row("Agencies", f"{agencies}. {note}" if note else agencies))
        else:
            rows.extend(_rows([detail], recommendation))
    return rows


@register.simple_tag
def update_rows(update) -> list[Row]:
    """A row for each written field a progress update gives, in the declared order (the reasons
    are shown beside what they explain)."""
    return _rows(_UPDATE_ROWS, update)


@register.filter
def get_item(mapping: dict, key):
    """`mapping[key]` in a template, or None."""
    return mapping.get(key)


@register.filter
def as_written(loose) -> str:
    """A loose date in the plan's words, with the reading in brackets when the words leave the
    year to the reader: 'June 12 (June 2012)'."""
    if not loose:
        return ""
    if loose.text and loose.date and str(loose.date.year) not in loose.text:
        return f"{loose.text} ({loose.formatted})"
    return str(loose)


@register.filter
def status_label(value) -> str:
    return Status(value).label if value else "No status given"


@register.simple_tag(takes_context=True)
def glossed(context, text):
    """Plan text with its abbreviations explained; escaped whatever it contains."""
    glossary = context.get("glossary")
    if glossary is None:
        return escape(text or "")
    return glossary.mark_up(text)
