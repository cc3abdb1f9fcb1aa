"""The written fields of an action, a recommendation and a progress update, declared once, in the
order every output shows them: the form and the page, a version's snapshot, the spreadsheet, the
paper, the import and the plan documents of demo/fixtures/. Each output takes the label from the
field's verbose name unless the declaration words it differently there, and a field declared
left out of an output stays out of it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

from django.db import models
from django.utils.text import capfirst

from .actions import Action
from .plans import Recommendation
from .progress import ProgressUpdate


class Output(enum.Enum):
    FORM = "the form"
    PAGE = "the page"
    SNAPSHOT = "a version's snapshot"
    SPREADSHEET = "the spreadsheet"
    PAPER = "the paper"
    IMPORT = "the import"
    PLAN_DOCUMENT = "the plan documents"


@dataclass(frozen=True)
class Detail:
    """One written field of an action."""

    model: ClassVar[type[models.Model]] = Action

    name: str
    one_per_line: bool = False  # kept one item per line; outputs show a list
    paper_label: str = ""  # where the paper's label is shorter than the field's
    labelled_on_paper: bool = True  # False: the paper shows the words alone
    spreadsheet_label: str = ""  # where the spreadsheet's column is headed otherwise
    form_label: str = ""  # where the form asks for it in other words
    page_label: str = ""  # where the page labels it otherwise
    form_hint: str | None = None  # the form's hint, where it is not the field's help text
    form_rows: int = 3  # the height of its box on the form
    form_width: int | None = None  # the width of its one-line input, in characters, where narrower than the page
    form_max_length: int = 5000  # the longest a form accepts, for a field the model leaves unbounded
    form_required: bool = False  # the form asks for it even though the model allows it empty
    heading_phrases: tuple[str, ...] = ()  # what imported plans' headings call it, beyond its label
    milestone_label: str = ""  # the label that marks it inside an imported milestones cell
    left_out_of: frozenset[Output] = frozenset()  # the outputs that do not show it

    def appears_in(self, output: Output) -> bool:
        return output not in self.left_out_of

    @property
    def verbose_name(self) -> str:
        return self.model._meta.get_field(self.name).verbose_name

    @property
    def label(self) -> str:
        return capfirst(self.verbose_name)

    @property
    def paper_heading(self) -> str:
        return self.paper_label or self.label

    @property
    def spreadsheet_heading(self) -> str:
        return self.spreadsheet_label or self.label

    @property
    def page_heading(self) -> str:
        return self.page_label or self.label

    @property
    def form_heading(self) -> str:
        return self.form_label or self.label

    @property
    def form_help(self) -> str:
        return self.model._meta.get_field(self.name).help_text if self.form_hint is None else self.form_hint

    @property
    def is_text(self) -> bool:
        """Kept with its line breaks (a box on a form), rather than one line."""
        return isinstance(self.model._meta.get_field(self.name), models.TextField)

    @property
    def phrases(self) -> list[str]:
        return list(self.heading_phrases or [self.label.lower()])

    def value_of(self, instance: models.Model) -> str | list[str]:
        """The detail as shown: its text, or its items."""
        text = getattr(instance, self.name)
        return [line.strip() for line in text.splitlines() if line.strip()] if self.one_per_line else text

    def stored(self, value: str | list[str] | None) -> str:
        """The field's value from its shown form (a plan document's text, or its items)."""
        if self.one_per_line:
            return "\n".join(value or [])
        return "" if value is None else str(value).strip()

    def empty(self) -> str | list[str]:
        return [] if self.one_per_line else ""


ACTION_DETAILS = (
    Detail(
        "outcome_measure",
        heading_phrases=("outcome measure", "outcome measures", "outcome"),
        milestone_label="outcome measure",
    ),
    Detail(
        "measure_of_success",
        heading_phrases=(
            "measure of success",
            "measures of success",
            "success measure",
            "success criteria",
            "how we will know",
            "how will we know",
        ),
        milestone_label="measure of success",
    ),
    Detail(
        "evidence_expected",
        paper_label="Evidence",
        heading_phrases=("evidence", "evidence expected", "evidence required"),
        milestone_label="evidence",
    ),
    Detail(
        "assurance_measures",
        one_per_line=True,
        heading_phrases=("assurance measures", "assurance measure", "assurance"),
    ),
    Detail("desired_outcome", heading_phrases=("desired outcome", "desired outcomes", "expected outcome")),
)
ACTION_DETAIL_NAMES = [detail.name for detail in ACTION_DETAILS]


class RecommendationDetail(Detail):
    """One written field of a recommendation."""

    model = Recommendation


class UpdateDetail(Detail):
    """One written field of a progress update."""

    model = ProgressUpdate


RECOMMENDATION_DETAILS = (
    RecommendationDetail("reference", spreadsheet_label="Recommendation reference", form_width=10),
    RecommendationDetail("text", form_rows=4),
    RecommendationDetail(
        "report_paragraphs",
        labelled_on_paper=False,
        heading_phrases=("report paragraph", "report paragraphs", "paragraph", "paragraphs", "para", "paras"),
    ),
    RecommendationDetail("agencies_note", spreadsheet_label="Agencies addressed", paper_label="Agencies"),
    RecommendationDetail(
        "practice_standards",
        one_per_line=True,
        heading_phrases=("practice standards", "practice standard"),
        left_out_of=frozenset({Output.PAGE, Output.SPREADSHEET}),
    ),
    RecommendationDetail("source", left_out_of=frozenset({Output.SPREADSHEET, Output.IMPORT})),
)

_OUT_OF_PAPERS_AND_FILES = frozenset({Output.SPREADSHEET, Output.PAPER, Output.IMPORT, Output.PLAN_DOCUMENT})
PROGRESS_DETAILS = (
    UpdateDetail(
        "rag_change_reason",
        form_label="Why the rating is better than before (if it is)",
        form_hint="Needed when you rate the action better than it stands now, for example Amber after Red.",
        left_out_of=_OUT_OF_PAPERS_AND_FILES,
    ),
    UpdateDetail(
        "note",
        labelled_on_paper=False,
        spreadsheet_label="Latest update note",
        form_label="What has happened since the last update",
        form_hint="",
        form_rows=6,
        form_max_length=20000,
        form_required=True,
    ),
    UpdateDetail(
        "evidence_of_impact",
        form_label="Evidence of impact (optional)",
        heading_phrases=("evidence of impact", "impact"),
        form_hint="What difference the action has made for children and families, and how you know.",
        form_rows=4,
        form_max_length=20000,
    ),
    UpdateDetail(
        "evidence_statement",
        page_label="Evidence (no document)",
        form_label="If there is no evidence file, what is the evidence? (optional)",
        form_hint="A completed action needs evidence: a file, or this statement, for example "
        "“Audit report to the March board, minute 12”.",
        left_out_of=_OUT_OF_PAPERS_AND_FILES,
    ),
    UpdateDetail(
        "target_change_reason",
        form_label="Why the target date should change",
        form_hint="",
        left_out_of=_OUT_OF_PAPERS_AND_FILES,
    ),
)


def details_in(details: tuple[Detail, ...], output: Output) -> tuple[Detail, ...]:
    """The declared details that `output` shows, in their order."""
    return tuple(detail for detail in details if detail.appears_in(output))


def detail_named(details: tuple[Detail, ...], name: str) -> Detail:
    return next(detail for detail in details if detail.name == name)
