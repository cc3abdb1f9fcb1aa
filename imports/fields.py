"""The fields a column of an imported table can fill, and which field a heading suggests.

Headings differ from plan to plan ("Lead Officer", "Responsible officer(s)", "Responsibility"
all mean the leads), so a heading is matched by the phrases it contains, the longest phrase
winning. Words left over after the match ("Council" in "Council lead") name the part of the row
the column belongs to, in plans that split each row into a council part and a health part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models

from actionplans.models import ACTION_DETAILS, PROGRESS_DETAILS, RECOMMENDATION_DETAILS, Output, details_in

# The recommendation's number, words and note on who is addressed have targets of their own,
# named apart from the action's; each of its other written fields is a target under its own name.
_NAMED_FOR_THE_RECOMMENDATION = {
    "reference": ("RECOMMENDATION_REFERENCE", "recommendation_reference", "Recommendation number"),
    "text": ("RECOMMENDATION", "recommendation", "Recommendation (area for improvement)"),
    "agencies_note": ("AGENCIES_ADDRESSED", "agencies_addressed", "Agencies the recommendation addresses"),
}
RECOMMENDATION_COLUMNS = tuple(
    detail
    for detail in details_in(RECOMMENDATION_DETAILS, Output.IMPORT)
    if detail.name not in _NAMED_FOR_THE_RECOMMENDATION
)
# An update's note is what its progress column says; its other written fields have columns of
# their own, which describe the latest update.
UPDATE_COLUMNS = tuple(detail for detail in details_in(PROGRESS_DETAILS, Output.IMPORT) if detail.name != "note")


def _recommendation_targets():
    for detail in details_in(RECOMMENDATION_DETAILS, Output.IMPORT):
        yield _NAMED_FOR_THE_RECOMMENDATION.get(detail.name, (detail.name.upper(), detail.name, detail.label))
        if detail.name == "text":
            yield ("TIMEFRAME", "timeframe", "Recommendation timeframe")
    yield ("MONITORING_OFFICER", "monitoring_officer", "Monitoring officer (of the recommendation)")


_TARGETS_BEFORE_DETAILS = [
    ("SECTION", "section", "Section or theme"),
    *_recommendation_targets(),
    ("ACTION_REFERENCE", "action_reference", "Action number"),
    ("ACTION", "action", "Action"),
    ("SOURCE", "source", "Where the action comes from (its source)"),
    ("SUB_ACTIONS", "sub_actions", "Sub-actions"),
    ("AGENCY", "agency", "Responsible agency"),
    ("LEADS", "leads", "Lead officers"),
    ("MILESTONES", "milestones", "Milestones (and labelled outcome, success and evidence)"),
]
_TARGETS_AFTER_DETAILS = [
    ("TARGET", "target", "Target date"),
    ("PROGRESS", "progress", "Progress notes (with status, RAG and dated updates)"),
    ("STATUS", "status", "Status"),
    ("RAG", "rag", "RAG rating"),
    ("UPDATE_AS_AT", "update_as_at", "Date of the latest update"),
    *((detail.name.upper(), detail.name, detail.label) for detail in UPDATE_COLUMNS),
    ("NEXT_REVIEW", "next_review", "Date of next review"),
    ("REPORTED_TO", "reported_to", "Reported to"),
    ("EXTRA", "extra", "Keep as extra text on the action"),
    ("IGNORE", "ignore", "Do not import"),
]
# The fields a column can fill; the action's written details come between its milestones and its
# target date, in their declared order.
Target = models.TextChoices(
    "Target",
    [
        (member, (value, label))
        for member, value, label in [
            *_TARGETS_BEFORE_DETAILS,
            *((detail.name.upper(), detail.name, detail.label) for detail in ACTION_DETAILS),
            *_TARGETS_AFTER_DETAILS,
        ]
    ],
)


# Fields of the recommendation, shared by every part of a row; the rest belong to an action.
ROW_TARGETS = {
    Target.SECTION,
    Target.RECOMMENDATION_REFERENCE,
    Target.RECOMMENDATION,
    Target.TIMEFRAME,
    Target.AGENCIES_ADDRESSED,
    Target.MONITORING_OFFICER,
    *(Target(detail.name) for detail in RECOMMENDATION_COLUMNS),
}
# Fields one column at most may fill (per part): two would contradict each other.
SINGLE_TARGETS = {
    Target.SECTION,
    Target.RECOMMENDATION_REFERENCE,
    Target.TIMEFRAME,
    Target.MONITORING_OFFICER,
    Target.ACTION_REFERENCE,
    Target.SOURCE,
    Target.AGENCY,
    Target.TARGET,
    Target.STATUS,
    Target.RAG,
    Target.UPDATE_AS_AT,
    Target.NEXT_REVIEW,
    Target.REPORTED_TO,
}

# Whole headings whose meaning their words alone would get wrong, as normalised by `words_of`.
EXACT = {
    "details theme timescale": Target.RECOMMENDATION,
    "issue raised in the report": Target.RECOMMENDATION,
    "report paragraph references": Target.REPORT_PARAGRAPHS,
    "target date as written": Target.TARGET,
    "target date derived": Target.IGNORE,
    "overdue": Target.IGNORE,
    "change since previous version": Target.IGNORE,
    "latest update as at": Target.UPDATE_AS_AT,
    "latest update note": Target.PROGRESS,
    "progress history": Target.PROGRESS,
    "other columns": Target.EXTRA,
    "recommendation reference": Target.RECOMMENDATION_REFERENCE,
    "action reference": Target.ACTION_REFERENCE,
    "source of the action": Target.SOURCE,
}

PHRASES: dict[Target, list[str]] = {
    Target.SECTION: [
        "theme",
        "themes",
        "section",
        "area",
        "priority area",
        "priority",
        "workstream",
        "work stream",
        "strand",
        "area of work",
    ],
    Target.RECOMMENDATION_REFERENCE: ["recommendation number", "recommendation no", "rec no", "rec ref"],
    Target.RECOMMENDATION: [
        "recommendation",
        "recommendations",
        "area for improvement",
        "areas for improvement",
        "issue raised",
        "issue",
        "finding",
        "details",
        "recommended action",  # what the inspectors recommend, answered by the partnership's actions
        "recommended actions",
    ],
    Target.TIMEFRAME: ["timeframe", "time frame"],
    **{Target(detail.name): detail.phrases for detail in RECOMMENDATION_COLUMNS},
    Target.MONITORING_OFFICER: ["monitoring officer", "monitoring officers", "monitoring lead"],
    Target.AGENCIES_ADDRESSED: ["agencies", "agencies addressed", "partner agencies"],
    Target.ACTION_REFERENCE: ["no", "number", "ref", "reference", "action no", "action number"],
    Target.ACTION: [
        "action",
        "actions",
        "actions required",
        "action required",
        "what will be done",
        "action to be taken",
    ],
    Target.SOURCE: ["source", "action source", "origin"],
    Target.SUB_ACTIONS: ["sub actions", "underpinned by", "supplemented by"],
    Target.AGENCY: [
        "agency",
        "responsible agency",
        "lead agency",
        "organisation",
        "organization",
        "partner",
        "lead partner",
        "partner agency",
    ],
    Target.LEADS: [
        "lead",
        "leads",
        "lead officer",
        "lead officers",
        "responsible officer",
        "responsible officers",
        "responsibility",
        "responsible",
        "owner",
        "who",
    ],
    Target.MILESTONES: ["milestones", "milestone"],
    **{Target(detail.name): detail.phrases for detail in ACTION_DETAILS},
    Target.TARGET: [
        "target date",
        "timescale",
        "timescales",
        "completion date",
        "date for completion",
        "due date",
        "deadline",
        "by when",
        "target",
        "date",
    ],
    Target.PROGRESS: [
        "progress",
        "progress rag",
        "monitoring",
        "status notes",
        "monitoring status notes",
        "progress update",
        "update",
        "comments",
        "comment",
        "commentary",
        "latest position",
    ],
    Target.STATUS: ["status"],
    Target.RAG: ["rag", "rag rating", "rag status"],
    Target.UPDATE_AS_AT: ["date of update", "update date", "as at", "date updated"],
    **{Target(detail.name): detail.phrases for detail in UPDATE_COLUMNS},
    Target.NEXT_REVIEW: ["next review", "date of next review", "review date"],
    Target.REPORTED_TO: ["reported to", "reporting to", "monitored by", "report to"],
}
# Words that say nothing about the field or the part ("Responsible officer(s)").
FILLER = {"s", "the", "of", "for", "by", "to", "and", "a", "an", "in", "please", "e", "g"}


def words_of(text: str) -> list[str]:
    """A heading's words, lower case, without punctuation: 'Monitoring/ Status Notes' ->
    ['monitoring', 'status', 'notes']."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


@dataclass(frozen=True)
class Suggestion:
    target: Target | None
    part: str = ""
    strength: int = 0  # how many words of the heading matched: 0 means no suggestion
    phrase: str = ""  # the words that matched, to say why

    @property
    def exact(self) -> bool:
        return self.strength > 10


# "Progress as at 30/04/2025": the date the column's words are as at, not a column of dates.
_HEADING_AS_AT = re.compile(
    r"\s*\b(?:as\s+)?(?:at|of|on)\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$|\s*\b(?:as\s+)?(?:at|of|on)\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s*$",
    re.IGNORECASE,
)


def suggest(heading: str) -> Suggestion:
    """The field a heading suggests, and the part named by its other words."""
    heading = _HEADING_AS_AT.sub("", heading) or heading
    words = words_of(heading)
    if not words:
        return Suggestion(None)
    if " ".join(words) in EXACT:
        return Suggestion(EXACT[" ".join(words)], strength=len(words) + 10, phrase=" ".join(words))
    best: tuple[int, Target, tuple[int, int]] | None = None
    for target, phrases in PHRASES.items():
        for phrase in phrases:
            span = _find(words, phrase.split())
            if span and (best is None or span[1] - span[0] > best[0]):
                best = (span[1] - span[0], target, span)
    if best is None:
        return Suggestion(None)
    length, target, (start, end) = best
    written = re.findall(r"[a-z0-9]+", heading, re.IGNORECASE)
    if len(written) != len(words):  # letters lower case changes in length: no capitals kept
        written = words
    rest = [written[index] for index in [*range(start), *range(end, len(words))] if words[index] not in FILLER]
    shouted = heading.isupper()
    part = " ".join(_part_word(word, shouted) for word in rest)
    return Suggestion(target, part, length, " ".join(words[start:end]))


def _part_word(word: str, shouted: bool) -> str:
    """'health' -> 'Health'; 'LA' and 'NHS' keep their capitals, unless the whole heading is in
    capitals and the word is too long to be a short name ('HEALTH ACTION')."""
    if any(character.isupper() for character in word) and not (shouted and len(word) > 4):
        return word
    return word.capitalize()


def _find(words: list[str], phrase: list[str]) -> tuple[int, int] | None:
    for start in range(len(words) - len(phrase) + 1):
        if words[start : start + len(phrase)] == phrase:
            return start, start + len(phrase)
    return None
