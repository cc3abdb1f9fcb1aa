"""The one rule for an action's current status, RAG rating and whether it is overdue.

In order, the first that applies:
1. Complete: the latest update says "Completed" or rates it Blue. RAG: the rating reported
   (Green when none was given). Never overdue.
2. Overdue: the target date has passed (a month-only target passes at the end of its month).
   RAG: Red, whatever the last update said.
3. Reported: the latest update gives a RAG rating. RAG: that rating.
4. Not rated: no update has rated it yet, and it is not overdue.

The rule is written once, as database expressions, so that lists, counts, dashboards and PDFs
all agree; `RagAssessment` puts the result into words for people who ask what a colour means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from .loose_dates import LooseDate
from .models.choices import Rag, Status


class RagReason(models.TextChoices):
    COMPLETE = "complete", "Complete"
    OVERDUE = "overdue", "Overdue"
    REPORTED = "reported", "Rated in the latest update"
    NOT_RATED = "not_rated", "Not rated"


class ActionProgressMixin:
    """Queryset methods that annotate each action with where it stands on a given day."""

    def with_progress(self, today: date | None = None):
        """Annotate current_status, reported_rag, last_update_on and the derived rag,
        rag_reason and is_overdue, as at `today` (default: today in the project's time zone)."""
        today = today or timezone.localdate()
        completed = Q(current_status=Status.COMPLETED) | Q(reported_rag=Rag.BLUE)
        return (
            self.annotate(
                current_status=F("latest_update__status"),
                reported_rag=F("latest_update__rag"),
                last_update_on=F("latest_update__as_at_date"),
                last_update_as_at=F("latest_update__as_at_text"),
                progress_as_at=Value(today, output_field=models.DateField()),
            )
            .annotate(
                rag_reason=Case(
                    When(completed, then=Value(RagReason.COMPLETE)),
                    When(target_date__lt=today, then=Value(RagReason.OVERDUE)),
                    When(reported_rag__gt="", then=Value(RagReason.REPORTED)),
                    default=Value(RagReason.NOT_RATED),
                )
            )
            .annotate(
                rag=Case(
                    When(
                        rag_reason=RagReason.COMPLETE,
                        then=Coalesce(NullIf(F("reported_rag"), Value("")), Value(Rag.GREEN)),
                    ),
                    When(rag_reason=RagReason.OVERDUE, then=Value(Rag.RED)),
                    When(rag_reason=RagReason.REPORTED, then=F("reported_rag")),
                    default=Value(""),
                ),
                is_overdue=Case(
                    When(rag_reason=RagReason.OVERDUE, then=Value(True)),
                    default=Value(False),
                ),
            )
        )

    def overdue(self, today: date | None = None):
        return self.with_progress(today).filter(rag_reason=RagReason.OVERDUE)

    def completed(self, today: date | None = None):
        return self.with_progress(today).filter(rag_reason=RagReason.COMPLETE)


class ProgressNotAnnotated(AttributeError):
    pass


@dataclass(frozen=True)
class RagAssessment:
    """Where an action stands, and why, in words a scrutiny member can read."""

    rag: str
    reason: str
    is_overdue: bool
    status: str
    reported_rag: str
    target: LooseDate
    last_update_as_at: str
    as_at: date

    @classmethod
    def of(cls, action) -> RagAssessment:
        if not hasattr(action, "rag_reason"):
            raise ProgressNotAnnotated("Fetch the action through Action.objects.with_progress() to assess its RAG.")
        return cls(
            rag=action.rag or "",
            reason=action.rag_reason,
            is_overdue=action.is_overdue,
            status=action.current_status or "",
            reported_rag=action.reported_rag or "",
            target=action.target,
            last_update_as_at=_update_when(action.last_update_as_at, action.last_update_on),
            as_at=action.progress_as_at,
        )

    @property
    def label(self) -> str:
        """The RAG in words: 'Amber: at risk', or 'Not rated'."""
        return Rag(self.rag).described if self.rag else "Not rated"

    @property
    def explanation(self) -> str:
        reported = f" The latest update rated it {Rag(self.reported_rag).label}." if self.reported_rag else ""
        if self.reason == RagReason.COMPLETE:
            if self.reported_rag == Rag.BLUE:
                return f"{self.label}. The update {self.last_update_as_at} rates it Blue."
            if self.reported_rag:
                return (
                    f"{self.label}. The update {self.last_update_as_at} reports it completed and "
                    f"rates it {Rag(self.reported_rag).label}."
                )
            return (
                f"{self.label}. The update {self.last_update_as_at} reports it completed and gives "
                "no rating, so it counts as on track."
            )
        if self.reason == RagReason.OVERDUE:
            return (
                f"{self.label}. It is overdue: the target date ({self.target}) has passed and no "
                f"update reports it completed.{reported}"
            )
        if self.reason == RagReason.REPORTED:
            return f"{self.label}, as rated in the update {self.last_update_as_at}."
        return "Not rated: no update has given a RAG rating yet, and the action is not overdue."


def _update_when(as_at_text: str | None, as_at_date: date | None) -> str:
    if as_at_text:
        return f"of {as_at_text}"
    if as_at_date:
        return f"of {as_at_date.day} {as_at_date:%B %Y}"
    return "(not dated in the plan)"
