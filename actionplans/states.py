"""Where an action stands, in the words dashboards use, as database conditions.

Each state is a condition on an action annotated by `ActionQuerySet.with_progress()` (and, for
evidence, `with_evidence()`). The dashboard counts with these conditions and the action list
filters with the same ones, so a figure and the list behind it always agree.
"""

from datetime import date

from django.db import models
from django.db.models import Q

from .choices import Assurance, Rag
from .rag import RagReason


class State(models.TextChoices):
    COMPLETED = "completed", "Completed"
    AWAITING_ASSURANCE = "awaiting_assurance", "Completed, awaiting assurance"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    OVERDUE = "overdue", "Overdue"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    NO_TARGET_DATE = "no_target_date", "No target date"
    NOT_RATED = "not_rated", "Not rated"
    COMPLETED_WITHOUT_EVIDENCE = "completed_without_evidence", "Completed without evidence"

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_COMPLETE = Q(rag_reason=RagReason.COMPLETE)

_MEANINGS = {
    State.COMPLETED: "The latest update reports it completed (accepted or awaiting assurance), or rates it Blue.",
    State.AWAITING_ASSURANCE: "Reported completed; the business manager has not yet accepted or returned it.",
    State.ON_TRACK: "Not complete, rated Green and not overdue.",
    State.AT_RISK: "Not complete, rated Amber and not overdue.",
    State.OFF_TRACK: "Not complete and Red: rated Red, or overdue.",
    State.OVERDUE: "Past its target date and not complete.",
    State.NOT_YET_DUE: "Not complete and its target date is today or later.",
    State.NO_TARGET_DATE: "Not complete and the plan gives no target date.",
    State.NOT_RATED: "Not complete, not overdue and no update has rated it.",
    State.COMPLETED_WITHOUT_EVIDENCE: (
        "Completed, but no update carries an evidence file, an evidence statement or evidence of impact."
    ),
}


def state_condition(state: str, today: date) -> Q:
    """The condition for `state` on actions annotated with progress as at `today`."""
    return {
        State.COMPLETED: _COMPLETE,
        State.AWAITING_ASSURANCE: Q(assurance=Assurance.AWAITING),
        State.ON_TRACK: Q(rag=Rag.GREEN) & ~_COMPLETE,
        State.AT_RISK: Q(rag=Rag.AMBER) & ~_COMPLETE,
        State.OFF_TRACK: Q(rag=Rag.RED) & ~_COMPLETE,
        State.OVERDUE: Q(rag_reason=RagReason.OVERDUE),
        State.NOT_YET_DUE: Q(target_date__gte=today) & ~_COMPLETE,
        State.NO_TARGET_DATE: Q(target_date__isnull=True) & ~_COMPLETE,
        State.NOT_RATED: Q(rag_reason=RagReason.NOT_RATED),
        State.COMPLETED_WITHOUT_EVIDENCE: _COMPLETE & Q(has_evidence=False),
    }[State(state)]
