"""The fixed vocabularies of plans: inspectorates, grades, timeframes, statuses and RAG."""

from django.db import models


class Inspectorate(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "CQC"
    OFSTED_AND_CQC = "ofsted_and_cqc", "Ofsted and CQC"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"


class Timeframe(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    WITHIN_3_MONTHS = "within_3_months", "Within 3 months"
    WITHIN_6_MONTHS = "within_6_months", "Within 6 months"
    BY_DATE = "by_date", "By a date"
    NOT_STATED = "", "Not stated"

    @property
    def months_after_publication(self) -> int | None:
        return {"immediate": 0, "within_3_months": 3, "within_6_months": 6}.get(self.value)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    UNDERWAY = "underway", "Underway"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"
    EVIDENCE_NOT_YET_REPORTED = "evidence_not_yet_reported", "Evidence not yet reported"
    DEFERRED = "deferred", "Deferred"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"

    @property
    def meaning(self) -> str:
        return {
            "red": "off track",
            "amber": "at risk",
            "green": "on track",
            "blue": "complete and assured",
        }[self.value]

    @property
    def described(self) -> str:
        """The RAG as words, never colour alone: 'Amber: at risk'."""
        return f"{self.label}: {self.meaning}"


class SubActionKind(models.TextChoices):
    PART = "part", "Part of the action"
    UNDERPINNED_BY = "underpinned_by", "Underpinned by"
    SUPPLEMENTED_BY = "supplemented_by", "Supplemented by"


class Decision(models.TextChoices):
    """The sign-off decision on an update reporting an action completed."""

    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"


class Assurance(models.TextChoices):
    """Where a completed action stands with sign-off."""

    AWAITING = "awaiting", "Completed: awaiting assurance"
    ACCEPTED = "accepted", "Completed and accepted"
    RETURNED = "returned", "Completion returned"
