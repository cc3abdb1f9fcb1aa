"""Display helpers for board papers."""

from datetime import date

from django import template
from django.utils.safestring import mark_safe

from actionplans.models import RAG_LOOKS

register = template.Library()


@register.filter
def iso_date(value: str) -> str:
    """'2012-07-31' as '31 July 2012'; empty stays empty."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


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
