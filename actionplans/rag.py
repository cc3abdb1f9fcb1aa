"""The one rule for an action's current status, RAG rating and whether it is overdue.

In order, the first that applies:
1. Complete: the latest update says "Completed" (and the completion has not been returned at
   sign-off) or rates it Blue. RAG: Blue once the completion is accepted; until then the rating
   reported (Green when none was given). Never overdue.
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

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from .choices import Assurance, Decision, Rag, Status
from .loose_dates import LooseDate


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
        reported_completed = Q(current_status=Status.COMPLETED)
        completed = (reported_completed & ~Q(sign_off_decision=Decision.RETURNED)) | Q(reported_rag=Rag.BLUE)
        assured = Q(sign_off_decision=Decision.ACCEPTED) | Q(reported_rag=Rag.BLUE)
        return (
            self.annotate(
                current_status=F("latest_update__status"),
                reported_rag=F("latest_update__rag"),
                sign_off_decision=Coalesce(F("latest_update__sign_off__decision"), Value("")),
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
                ),
                assurance=Case(
                    When(completed & assured, then=Value(Assurance.ACCEPTED)),
                    When(completed, then=Value(Assurance.AWAITING)),
                    When(reported_completed, then=Value(Assurance.RETURNED)),
                    default=Value(""),
                ),
            )
            .annotate(
                rag=Case(
                    When(Q(rag_reason=RagReason.COMPLETE) & Q(assurance=Assurance.ACCEPTED), then=Value(Rag.BLUE)),
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


def rag_improves(before: str, after: str) -> bool:
    """Whether rating an action `after` is better than its current `before` (Red < Amber <
    Green < Blue). Not rated, on either side, is no improvement."""
    if before not in Rag.values or after not in Rag.values:
        return False
    return Rag.values.index(after) > Rag.values.index(before)


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
    assurance: str = ""

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
            assurance=action.assurance or "",
        )

    @property
    def label(self) -> str:
        """The RAG in words: 'Amber: at risk', or 'Not rated'."""
        return Rag.words_for(self.rag)

    @property
    def overdue_by(self) -> str:
        """How long it has been overdue: '4 months', or '' when it is not overdue."""
        if not self.is_overdue or self.target.date is None:
            return ""
        return time_since(self.target.date, self.as_at)

    @property
    def assurance_label(self) -> str:
        """'Completed: awaiting assurance', 'Completed and accepted', 'Completion returned', or ''."""
        return Assurance(self.assurance).label if self.assurance else ""

    @property
    def explanation(self) -> str:
        reported = f" The latest update rated it {Rag(self.reported_rag).label}." if self.reported_rag else ""
        returned = (
            f" The completion reported in the update {self.last_update_as_at} was returned at sign-off."
            if self.assurance == Assurance.RETURNED
            else ""
        )
        if self.reason == RagReason.COMPLETE:
            if self.reported_rag == Rag.BLUE:
                return f"{self.label}. The update {self.last_update_as_at} rates it Blue."
            if self.assurance == Assurance.ACCEPTED:
                return (
                    f"{self.label}. The update {self.last_update_as_at} reports it completed, and the "
                    "completion has been accepted."
                )
            awaiting = " The completion is awaiting assurance."
            if self.reported_rag:
                return (
                    f"{self.label}. The update {self.last_update_as_at} reports it completed and "
                    f"rates it {Rag(self.reported_rag).label}.{awaiting}"
                )
            return (
                f"{self.label}. The update {self.last_update_as_at} reports it completed and gives "
                f"no rating, so it counts as on track.{awaiting}"
            )
        if self.reason == RagReason.OVERDUE:
            if returned:
                return f"{self.label}. It is overdue: the target date ({self.target}) has passed.{returned}{reported}"
            return (
                f"{self.label}. It is overdue: the target date ({self.target}) has passed and no "
                f"update reports it completed.{reported}"
            )
        if self.reason == RagReason.REPORTED:
            return f"{self.label}, as rated in the update {self.last_update_as_at}.{returned}"
        return f"Not rated: no update has given a RAG rating yet, and the action is not overdue.{returned}"


def _update_when(as_at_text: str | None, as_at_date: date | None) -> str:
    if as_at_text:
        return f"of {as_at_text}"
    if as_at_date:
        return f"of {as_at_date.day} {as_at_date:%B %Y}"
    return "(not dated in the plan)"


def time_since(deadline: date, today: date) -> str:
    """The time from `deadline` to `today` in the largest whole unit people say: '3 days',
    '5 weeks', '4 months', '2 years'."""
    days = (today - deadline).days
    if days < 14:
        return _counted(days, "day")
    if days < 61:
        return _counted(days // 7, "week")
    gap = relativedelta(today, deadline)
    months = gap.years * 12 + gap.months
    return _counted(months, "month") if months < 24 else _counted(gap.years, "year")


def _counted(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"
