"""The words for writing a layout's expected outcome by hand, and the choices a user may make.

An expected plan says what a careful person reading the file would enter into Assure: its
sections, recommendations and actions, each action's agency, leads (a person, a role, or both,
each with an agency), target date, status and RAG as Assure's own values (with the words the file
uses for them), and the plan's title, subtitle and as-at date. A field left empty is not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Said:
    """A value Assure keeps as one of its own choices ('underway'), and the file's words for it."""

    value: str
    words: str


def said(words: str, value: str = "") -> Said:
    """'Completed' -> completed; give `value` where the words are not Assure's label."""
    return Said(value or words.lower().replace(" ", "_"), words)


@dataclass(frozen=True)
class Lead:
    name: str = ""  # a person; "" for a role nobody is named in
    role: str = ""  # their job title, or the role
    agency: str | tuple[str, ...] = ""  # the agency's short name or name, or every name that would be right


@dataclass(frozen=True)
class Action:
    reference: str
    text: str
    agency: str | tuple[str, ...] = ""  # one name, or every name that would be right
    leads: tuple[Lead, ...] = ()
    target: str = ""
    status: Said | None = None
    rag: Said | None = None
    progress: str = ""  # the words of the latest progress note
    progress_as_at: str = ""  # the date the latest progress note gives itself ("Update March 2012: ...")
    details: dict[str, str] = field(default_factory=dict)  # outcome_measure, evidence_expected ...
    extra: dict[str, str] = field(default_factory=dict)  # columns Assure has no field for: heading -> text
    see_also: tuple[str, ...] = ()  # the numbers of the actions its words refer to


@dataclass(frozen=True)
class Recommendation:
    reference: str
    text: str | None  # None: the file states no recommendation for these actions
    actions: tuple[Action, ...]
    agencies: tuple[str, ...] = ()  # the agencies its own words address
    timeframe: str = ""  # as written ("Within 3 months")
    monitoring_officer: Lead | None = None


@dataclass(frozen=True)
class Section:
    title: str | None  # None: the file has no sections, so one section of any name is right
    recommendations: tuple[Recommendation, ...]
    number: str = ""


@dataclass(frozen=True)
class Plan:
    title: str
    sections: tuple[Section, ...]
    description: str = ""  # the subtitle: board, meeting date, agenda item
    as_at: str = ""  # the date the file's progress is as at, as written


def action(reference: str, text: str, **fields) -> Action:
    fields["leads"] = tuple(fields.get("leads", ()))
    return Action(reference, text, **fields)


def recommendation(reference: str, text: str | None, *actions: Action, **fields) -> Recommendation:
    fields["agencies"] = tuple(fields.get("agencies", ()))
    return Recommendation(reference, text, actions, **fields)


def section(title: str | None, *recommendations: Recommendation, number: str = "") -> Section:
    return Section(title, recommendations, number)


def plan(title: str, *sections: Section, description: str = "", as_at: str = "") -> Plan:
    return Plan(title, sections, description, as_at)


@dataclass(frozen=True)
class Choice:
    """One thing the business manager changes on the import's pages.

    kind: "table" (value: the table's index), "header_row" (value: the row's index), "column"
    (value: the column's heading, target: the field, part: the part of the row), "default_agency"
    or "title" (value: the words), "part_agency" (value: the part, target: the agency).
    """

    kind: str
    value: str | int
    target: str = ""
    part: str = ""


@dataclass(frozen=True)
class Layout:
    name: str
    file_name: str
    modelled_on: str  # the kind of published plan, and what is unusual about its layout
    build: Callable[[], bytes]
    expected: Plan
    choices: tuple[Choice, ...] = ()  # at most three

    def __post_init__(self):
        if len(self.choices) > 3:
            raise ValueError(f"{self.name}: at most three choices")
