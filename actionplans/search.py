"""Finding actions by words: in the action, its recommendation, its measures, its sub-actions, its
updates and the names and job titles of its leads. On PostgreSQL, its full-text search with
English stemming ("fostering" finds "foster carers"), best matches first; on SQLite (the demo),
the words as written, anywhere."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import ACTION_DETAIL_NAMES, ActionLead, ProgressUpdate, SubAction

_ACTION_FIELDS = (
    "reference",
    "text",
    "recommendation__text",
    "recommendation__reference",
    *ACTION_DETAIL_NAMES,
    "source",
)
_UPDATE_FIELDS = ("note", "evidence_of_impact")
_LEAD_FIELDS = ("officer__name", "officer__job_title")
CONFIG = "english"


def matching(actions: QuerySet, words: str) -> QuerySet:
    """The actions whose words match `words`; on PostgreSQL, ranked, best first."""
    if connection.vendor == "postgresql":
        return _full_text(actions, words)
    return _contains(actions, words)


def _full_text(actions: QuerySet, words: str) -> QuerySet:
    query = SearchQuery(words, config=CONFIG, search_type="websearch")
    vector = SearchVector(*_ACTION_FIELDS, config=CONFIG)

    def related(model, fields, **link):
        return Exists(model.objects.annotate(words=SearchVector(*fields, config=CONFIG)).filter(words=query, **link))

    in_updates = related(ProgressUpdate, _UPDATE_FIELDS, action=OuterRef("pk"))
    in_sub_actions = related(SubAction, ("text",), action=OuterRef("pk"))
    in_leads = related(ActionLead, _LEAD_FIELDS, action=OuterRef("pk"))
    found = actions.annotate(search_words=vector, search_rank=SearchRank(vector, query)).filter(
        Q(search_words=query) | in_updates | in_sub_actions | in_leads
    )
    return found.order_by("-search_rank", *actions.query.order_by)


def _contains(actions: QuerySet, words: str) -> QuerySet:
    in_text = Q()
    for field in _ACTION_FIELDS:
        in_text |= Q(**{f"{field}__icontains": words})
    in_sub_actions = Exists(SubAction.objects.filter(action=OuterRef("pk"), text__icontains=words))
    in_updates = Exists(
        ProgressUpdate.objects.filter(action=OuterRef("pk")).filter(
            Q(note__icontains=words) | Q(evidence_of_impact__icontains=words)
        )
    )
    in_leads = Exists(
        ActionLead.objects.filter(action=OuterRef("pk")).filter(
            Q(officer__name__icontains=words) | Q(officer__job_title__icontains=words)
        )
    )
    return actions.filter(in_text | in_sub_actions | in_updates | in_leads)
