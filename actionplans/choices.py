"""The fixed vocabularies of plans: inspectorates, grades, timeframes, statuses and RAG (with
how each rating shows, declared once)."""

from dataclasses import dataclass

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
    """The ratings, worst first: Red < Amber < Green < Blue."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"

    @property
    def meaning(self) -> str:
        return RAG_LOOKS[self.value].meaning

    @property
    def described(self) -> str:
        """The RAG as words, never colour alone: 'Amber: at risk'."""
        return f"{self.label}: {self.meaning}"

    @classmethod
    def words_for(cls, value: str) -> str:
        """'Amber: at risk', or 'Not rated' for no rating."""
        return cls(value).described if value else _NOT_RATED

    @classmethod
    def label_for(cls, value: str) -> str:
        """'Amber', or 'Not rated' for no rating."""
        return cls(value).label if value else _NOT_RATED


_NOT_RATED = "Not rated"


@dataclass(frozen=True)
class RagLook:
    """How a rating shows. The word always goes with the colour; the chart's pattern and the
    paper's border tell the ratings apart in black and white."""

    meaning: str
    tag: str  # the GOV.UK tag colour on pages
    fill: str  # chart segments and spreadsheet cells
    text: str  # text on that fill (>= 4.5:1 contrast)
    pattern: str  # over the chart's fill
    paper: str  # the paper's box, as CSS declarations
    bold: bool = False  # bold in the spreadsheet, where it calls for action


RAG_LOOKS: dict[str, RagLook] = {
    "red": RagLook(
        "off track",
        tag="red",
        fill="#d4351c",
        text="#ffffff",
        pattern="hatch",
        paper="background: #f4cdc6; color: #2a0b06; border-style: solid; border-width: 2.4pt;",
        bold=True,
    ),
    "amber": RagLook(
        "at risk",
        tag="orange",
        fill="#ffdd00",
        text="#0b0c0c",
        pattern="dots",
        paper="background: #fff7bf; color: #3d2f00; border-style: dashed;",
    ),
    "green": RagLook(
        "on track",
        tag="green",
        fill="#00703c",
        text="#ffffff",
        pattern="stripes",
        paper="background: #cce2d8; color: #002d18; border-style: solid;",
    ),
    "blue": RagLook(
        "complete and assured",
        tag="blue",
        fill="#1d70b8",
        text="#ffffff",
        pattern="cross",
        paper="background: #d2e2f1; color: #0c2d4a; border-style: double; border-width: 2.4pt;",
    ),
    "": RagLook(
        "",
        tag="grey",
        fill="#b1b4b6",
        text="#0b0c0c",
        pattern="",
        paper="background: #ffffff; color: #383f43; border-style: dotted;",
    ),
}
# Every rating worst first, then no rating: the order of counts, columns and sorting.
RAG_KEYS = [*Rag, ""]


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
