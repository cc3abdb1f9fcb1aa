"""Display helpers for plan pages: RAG and status tags, loose dates, abbreviations."""

from django import template
from django.utils.html import escape

from ..models import ACTION_DETAILS, RAG_LOOKS, Rag, Status
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


@register.simple_tag
def action_details(action) -> list[tuple]:
    """(detail, what it says) for each written detail of the action, in the declared order."""
    return [(detail, detail.value_of(action)) for detail in ACTION_DETAILS]


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
