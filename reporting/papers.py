"""What goes into a board paper: the plan as a snapshot, narrowed by the reader's options, with
its changes since the previous version and the cover report's summary figures.

The PDF (reporting/pdf.py) and the spreadsheets (reporting/exports.py) are both made from this.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date

from actionplans.models import ACTION_DETAILS, RAG_KEYS, Rag, Status

from .changes import CHANGED, NEW, ActionChange, compare


@dataclass(frozen=True)
class PaperOptions:
    agency: str = ""  # an agency short name: only its actions
    section: int | None = None  # a section id: only that section
    section_title: str = ""
    changes_only: bool = False  # only actions new or changed since the previous version
    full_history: bool = False  # every progress update, not just the latest

    def describe(self) -> str:
        parts = []
        if self.agency:
            parts.append(f"{self.agency} actions only")
        if self.section is not None:
            parts.append(f"the section {self.section_title or self.section} only")
        if self.changes_only:
            parts.append("changes since the previous version only")
        if self.full_history:
            parts.append("with the full progress history")
        return "; ".join(parts)


@dataclass
class Paper:
    snapshot: dict  # narrowed to the options
    label: str  # the version label, or "Current plan"
    as_at: date
    options: PaperOptions
    previous_label: str = ""
    changes: dict[int, ActionChange] = field(default_factory=dict)
    cover_report: object | None = None
    is_version: bool = False
    action_details = ACTION_DETAILS

    @property
    def title(self) -> str:
        return self.snapshot["plan"]["title"]

    @property
    def sections(self) -> list[dict]:
        return self.snapshot["sections"]

    def actions(self):
        for section in self.sections:
            for recommendation in section["recommendations"]:
                for action in recommendation["actions"]:
                    yield section, recommendation, action

    @property
    def changed_actions(self) -> list[tuple[dict, dict, dict, ActionChange]]:
        return [
            (section, recommendation, action, self.changes[action["id"]])
            for section, recommendation, action in self.actions()
            if action["id"] in self.changes and self.changes[action["id"]].is_change
        ]

    def by_agency(self, column, labels: list[tuple[str, str]]) -> list[dict]:
        """Counts of actions per agency for each (value, label) of `column` (status or RAG)."""
        rows = {}
        for _section, _recommendation, action in self.actions():
            row = rows.setdefault(action["agency"], {"agency": action["agency"], "total": 0, "counts": {}})
            row["total"] += 1
            value = column(action)
            row["counts"][value] = row["counts"].get(value, 0) + 1
        table = []
        for agency in sorted(rows):
            row = rows[agency]
            table.append(
                {"agency": agency, "total": row["total"], "cells": [row["counts"].get(v, 0) for v, _ in labels]}
            )
        return table

    @property
    def status_columns(self) -> list[tuple[str, str]]:
        return [*Status.choices, ("", "No status given")]

    @property
    def rag_columns(self) -> list[tuple[str, str]]:
        return [(key, Rag.label_for(key)) for key in RAG_KEYS]

    def status_table(self):
        return self.by_agency(lambda action: action["progress"]["status"], self.status_columns)

    def rag_table(self):
        return self.by_agency(lambda action: action["progress"]["rag"], self.rag_columns)

    def rag_chart(self):
        """The actions by agency and RAG rating as a chart (the dashboard's, without links)."""
        from .charts import RAG_STYLES, Bar, Segment, stacked_bar_chart

        words = {value: Rag.words_for(value) for value, _label in self.rag_columns}
        bars = [
            Bar(
                row["agency"],
                tuple(
                    Segment(key, words[key], count)
                    for (key, _), count in zip(self.rag_columns, row["cells"], strict=True)
                ),
            )
            for row in self.rag_table()
        ]
        return stacked_bar_chart(
            chart_id="paper-rag",
            title=f"Actions by agency and RAG rating, as at {self.as_at:%d %B %Y}",
            description="How many actions each agency has at each RAG rating.",
            bars=bars,
            styles=RAG_STYLES,
            links=False,
        )

    @property
    def overdue_count(self) -> int:
        return sum(1 for _s, _r, action in self.actions() if action["progress"]["is_overdue"])


def make_paper(
    snapshot: dict,
    *,
    label: str,
    as_at: date,
    options: PaperOptions,
    previous: dict | None = None,
    previous_label: str = "",
    cover_report=None,
    is_version: bool = False,
) -> Paper:
    if previous is None and options.changes_only:
        previous = {"sections": []}  # with nothing earlier, every action is new
    changes = compare(previous, snapshot) if previous is not None else {}
    narrowed = narrow(snapshot, options, changes)
    return Paper(
        narrowed, label, as_at, options, previous_label, changes, cover_report=cover_report, is_version=is_version
    )


def narrow(snapshot: dict, options: PaperOptions, changes: dict[int, ActionChange]) -> dict:
    """A copy of `snapshot` with only the sections, recommendations and actions the options ask
    for; recommendations and sections left with no actions are dropped when narrowing by agency
    or by changes."""
    narrowed = copy.deepcopy(snapshot)
    filtering_actions = bool(options.agency or options.changes_only)
    sections = []
    for section in narrowed["sections"]:
        if options.section is not None and section["id"] != options.section:
            continue
        recommendations = []
        for recommendation in section["recommendations"]:
            actions = [a for a in recommendation["actions"] if _wanted(a, options, changes)]
            if not options.full_history:
                for action in actions:
                    action["updates"] = action["updates"][-1:]
            recommendation["actions"] = actions
            if actions or not filtering_actions:
                recommendations.append(recommendation)
        section["recommendations"] = recommendations
        if recommendations or not filtering_actions:
            sections.append(section)
    narrowed["sections"] = sections
    return narrowed


def _wanted(action: dict, options: PaperOptions, changes: dict[int, ActionChange]) -> bool:
    if options.agency and action["agency"] != options.agency:
        return False
    if options.changes_only:
        change = changes.get(action["id"])
        return change is not None and change.kind in (NEW, CHANGED)
    return True


def version_paper(version, options: PaperOptions) -> Paper:
    """The paper of a frozen version, compared with the version before it."""
    from .models import CoverReport

    previous = version.previous()
    cover = CoverReport.objects.filter(version=version).select_related("signatory", "contact")
    return make_paper(
        version.snapshot,
        label=version.label,
        as_at=version.as_at,
        options=options,
        previous=previous.snapshot if previous else None,
        previous_label=previous.label if previous else "",
        cover_report=cover.prefetch_related("implications").first(),
        is_version=True,
    )


def current_paper(plan, snapshot: dict, as_at: date, options: PaperOptions) -> Paper:
    """The plan as it stands, compared with its latest version."""
    latest = plan.versions.first()
    return make_paper(
        snapshot,
        label=plan.version_label or "Current plan",
        as_at=as_at,
        options=options,
        previous=latest.snapshot if latest else None,
        previous_label=latest.label if latest else "",
    )
