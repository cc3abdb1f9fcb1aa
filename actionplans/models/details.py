"""The written details of an action, declared once, in the order every output shows them: the
action form and page, a version's snapshot, the spreadsheet, the paper, the import's targets and
the plan documents of demo/fixtures/. Each output takes the label from the field's verbose name."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst

from .actions import Action


@dataclass(frozen=True)
class Detail:
    name: str
    one_per_line: bool = False  # kept one item per line; outputs show a list
    paper_label: str = ""  # where the paper's label is shorter than the field's
    heading_phrases: tuple[str, ...] = ()  # what imported plans' headings call it, beyond its label
    milestone_label: str = ""  # the label that marks it inside an imported milestones cell

    @property
    def verbose_name(self) -> str:
        return Action._meta.get_field(self.name).verbose_name

    @property
    def label(self) -> str:
        return capfirst(self.verbose_name)

    @property
    def paper_heading(self) -> str:
        return self.paper_label or self.label

    @property
    def phrases(self) -> list[str]:
        return list(self.heading_phrases or [self.label.lower()])

    def value_of(self, action: Action) -> str | list[str]:
        """The detail as shown: its text, or its items."""
        text = getattr(action, self.name)
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
        heading_phrases=("measure of success", "measures of success", "success measure", "success criteria"),
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
