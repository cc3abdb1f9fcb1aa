"""Reading a table, as mapped, into a plan: sections, recommendations, actions with their leads,
dates, milestones, sub-actions and progress updates, with every problem and reading listed by
row and column.

The result is a `Proposal`: the plan as documented data (the same shape as the demo fixtures,
see demo/fixtures/README.md), the agencies, officers and forums it needs that do not exist yet, and
what the business manager should check. Nothing is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actionplans.loose_dates import Meaning, read_loose_date
from actionplans.models import ACTION_DETAILS, SubActionKind
from agencies.models import Agency, Officer

from .agency_words import addressed_in, kind_of, owner_in
from .as_at import as_at_in
from .cells import (
    LeadWords,
    UpdateWords,
    cross_reference_ranges,
    cross_references,
    items,
    label_of_rag,
    read_leads,
    read_milestones,
    read_progress,
    read_recommendation,
    read_sub_actions,
    split_source,
    status_of,
)
from .fields import RECOMMENDATION_COLUMNS, ROW_TARGETS, UPDATE_COLUMNS, Target, words_of
from .fragments import continues, join_up
from .mapping import Mapping, is_assure_export
from .table import Cell, Table
from .titles import description_from, title_from

NO_RECOMMENDATION = "(No recommendation is stated in the imported plan for these actions.)"
DEFAULT_SECTION = "Actions"


@dataclass(frozen=True)
class Finding:
    """Something about the import, by place: a problem to check, or how words were read."""

    where: str
    message: str
    blocking: bool = False

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class Proposal:
    plan: dict  # "sections" as documented data
    new_agencies: list[dict] = field(default_factory=list)  # {"short_name", "name", "kind"}
    new_officers: list[dict] = field(default_factory=list)  # {"key", "name", "job_title", "agency"}
    new_forums: list[str] = field(default_factory=list)
    officer_keys: dict[str, int] = field(default_factory=dict)  # key -> existing officer's pk
    officer_labels: dict[str, str] = field(default_factory=dict)  # key -> the officer in words
    problems: list[Finding] = field(default_factory=list)
    readings: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    rows_of_actions: dict[str, str] = field(default_factory=dict)  # action key -> row label
    leads_read: set[str] = field(default_factory=set)  # keys of the actions whose row has a leads column
    # Assure's own export with the full history: where each action stands, as its Status and RAG
    # columns show it (derived, so not any one update's), by action key.
    stated_progress: dict[str, dict] = field(default_factory=dict)
    title_lines: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return not any(problem.blocking for problem in self.problems)

    def actions(self):
        for section in self.plan["sections"]:
            for recommendation in section["recommendations"]:
                for action in recommendation["actions"]:
                    yield section, recommendation, action

    def counts(self) -> dict[str, int]:
        actions = [action for _s, _r, action in self.actions()]
        return {
            "sections": len(self.plan["sections"]),
            "recommendations": sum(len(section["recommendations"]) for section in self.plan["sections"]),
            "actions": len(actions),
            "sub_actions": sum(len(action["sub_actions"]) for action in actions),
            "milestones": sum(len(action["milestones"]) for action in actions),
            "updates": sum(len(action["updates"]) for action in actions),
            "new_agencies": len(self.new_agencies),
            "new_officers": len(self.new_officers),
        }


def read_plan(table: Table, mapping: Mapping, *, agencies, officers, forums, heading_lines=()) -> Proposal:
    """`table` read as a plan, with the partnership's existing `agencies`, `officers` and
    `forums` (querysets or lists) matched by name. `heading_lines`, the document's words above
    its tables, and the table's rows above its headings give the plan's description."""
    proposal = _PlanReader(table, mapping, list(agencies), list(officers), list(forums), list(heading_lines)).read()
    lines = [*heading_lines, *proposal.title_lines]
    as_at = as_at_in(lines)  # recorded as the file's as-at date, not repeated in the description
    proposal.plan["description"] = description_from([line for line in lines if not as_at or line.strip() != as_at.line])
    return proposal


class _PlanReader:
    def __init__(self, table, mapping: Mapping, agencies: list[Agency], officers: list[Officer], forums, heading_lines):
        self.table = table
        self.heading_lines = heading_lines
        self.leads_name_agencies = False  # some lead cell names the lead's agency
        self.full_history = is_assure_export(mapping) and any(
            column.heading.strip().lower() == "progress history" and column.target == Target.PROGRESS
            for column in mapping.columns
        )
        self.mapping = mapping
        self.proposal = Proposal(plan={"sections": []})
        self.agencies = {agency.short_name.upper(): agency.short_name for agency in agencies}
        self.agency_names = {agency.name.lower(): agency.short_name for agency in agencies}
        self.agency_words = set(self.agencies.values())  # short names the file may use, for reading cells
        self.officers = _OfficerBook(officers, self.proposal)
        self.forums = {forum.name.lower(): forum.name for forum in forums}
        self.section = None
        self.recommendation = None
        self.last_action: dict[str, dict] = {}  # part -> the action the next continuation row adds to
        self.references: list[tuple[dict, str, str, str]] = []  # (action, reference, row, words)
        self.parts_of_actions: dict[str, str] = {}  # action key -> the part of the row it is

    # --- the whole table ------------------------------------------------------------------

    def read(self) -> Proposal:
        header = self.mapping.header_row
        rows = [list(row) for row in self.table.rows]
        self.proposal.title_lines = [_row_text(row) for row in rows[:header] if _row_text(row)]
        self._learn_agencies(rows[header + 1 :])
        left_out = self._page_rows(rows, header)
        fragments = self._join_fragments(rows, header, left_out)
        headings = sorted(self.table.headings)
        lead_ins = sorted(self.table.lead_ins)
        for index in range(header + 1, len(rows)):
            while headings and headings[0][0] <= index:
                self._document_heading(*headings.pop(0))
            while lead_ins and lead_ins[0][0] <= index:
                self._lead_in(*lead_ins.pop(0))
            row, label = rows[index], self.table.row_labels[index]
            if index in left_out:
                self.proposal.skipped.append(Finding(label, left_out[index]))
            elif index in fragments or not any(cell.text for cell in row):
                continue
            elif self._is_section_row(row) and self._states_a_recommendation(row):
                self._recommendation_row(_row_text(row), label)
            elif self._is_section_row(row):
                self._start_section(_row_text(row), label)
            else:
                self._data_row(row, label)
        self._resolve_references()
        self._note_empty_recommendations()
        if not any(True for _ in self.proposal.actions()):
            self.proposal.problems.append(
                Finding(
                    "", "No action was found. Check which row holds the headings and which column the actions.", True
                )
            )
        return self.proposal

    def _note_empty_recommendations(self):
        for section in self.proposal.plan["sections"]:
            for recommendation in section["recommendations"]:
                if not recommendation["actions"]:
                    name = (
                        f"recommendation {recommendation['reference']}"
                        if recommendation["reference"]
                        else (f"the recommendation '{recommendation['text'][:60]}'")
                    )
                    self.proposal.problems.append(
                        Finding(section["title"], f"{name} has no action in the file: it is imported without one")
                    )

    def _page_rows(self, rows, header) -> dict[int, str]:
        """The rows a new page repeats (the column headings, or the rows above them), each with
        why it is left out."""
        heading_words = _signature(rows[header]) if rows else ()
        before = {_signature(row) for row in rows[:header] if any(cell.text for cell in row)}
        left_out = {}
        for index in range(header + 1, len(rows)):
            if not any(cell.text for cell in rows[index]):
                continue
            signature = _signature(rows[index])
            if _repeats(signature, heading_words):
                left_out[index] = "the column headings again (a page break): skipped"
            elif signature in before:
                left_out[index] = "the page heading again: skipped"
        return left_out

    def _join_fragments(self, rows, header, left_out) -> set[int]:
        """The first row of each new page that only finishes the row above it, joined to that
        row (in `rows`); each is listed among the readings."""
        fragments: set[int] = set()
        for index in sorted(self._page_firsts(rows, header, left_out)):
            above = next(
                (
                    earlier
                    for earlier in range(index - 1, header, -1)
                    if earlier not in left_out and earlier not in fragments and any(cell.text for cell in rows[earlier])
                ),
                None,
            )
            if above is None or self._is_section_row(rows[above]) or self._is_section_row(rows[index]):
                continue
            if continues(rows[index], rows[above], self.mapping):
                join_up(rows, above, rows[index], header + 1)
                fragments.add(index)
                labels = self.table.row_labels
                self.proposal.readings.append(
                    Finding(
                        labels[index],
                        f"finishes the words of {labels[above]}, cut by a page break: joined to that row",
                    )
                )
        return fragments

    def _page_firsts(self, rows, header, left_out) -> set[int]:
        """The first row with words on each new page: after a table continued from the page
        before, or after the headings repeated."""
        new_sections = {row for row, _words in self.table.headings}
        breaks = [start for start in self.table.page_starts if start > header and start not in new_sections]
        breaks += [index + 1 for index in left_out]
        firsts = set()
        for start in breaks:
            index = start
            while index < len(rows) and (index in left_out or not any(cell.text for cell in rows[index])):
                index += 1
            if index < len(rows):
                firsts.add(index)
        return firsts

    def _learn_agencies(self, rows):
        """Agencies named in an agency column, so that leads and recommendations naming them
        ("Nik Flavell, DBC") are read with them."""
        for column in self.mapping.columns:
            if column.target == Target.AGENCY:
                for row in rows:
                    words = row[column.index].text.strip()
                    if _short_name_like(words):
                        self.agency_words.add(words)
        for short_name in [*self.mapping.part_agencies.values(), self.mapping.default_agency]:
            if short_name:
                self.agency_words.add(short_name)
        self.leads_name_agencies = any(
            lead.agency
            for column in self.mapping.columns
            if column.target == Target.LEADS
            for row in rows
            for lead in read_leads(row[column.index].text, self.agency_words)[0]
        )

    def _is_section_row(self, row: list[Cell]) -> bool:
        """A row spelling one heading across the table ("SAFEGUARDING", "1 Leadership"): its
        filled cells all say the same, starting in the first column, and it is merged across,
        bold, in capitals, or a short line with nothing else in the row."""
        filled = [cell for cell in row if cell.text]
        if not filled or not row[0].text or len({cell.text for cell in filled}) != 1:
            return False
        if len(row) < 2 or self._section_column_filled(row):
            return False
        text = row[0].text
        letters = [character for character in text if character.isalpha()]
        shouted = bool(letters) and sum(character.isupper() for character in letters) / len(letters) > 0.8
        short_line = len(filled) == 1 and len(row) >= 3 and len(text) <= 100 and not text.endswith(".")
        return row[0].spans >= 2 or row[0].bold or shouted or short_line

    def _states_a_recommendation(self, row: list[Cell]) -> bool:
        """A row across the table that states what its actions answer ("Area of weakness 1: The
        quality of plans is too variable."), in a plan with no column for recommendations: a
        sentence, or words numbered as a recommendation, not a section's title."""
        if self.mapping.columns_for(Target.RECOMMENDATION):
            return False
        reference, text = _recommendation_number(row[0].text)
        return bool(reference and _RECOMMENDATION_LABEL.match(row[0].text)) or len(text.split()) >= _SENTENCE_WORDS

    def _recommendation_row(self, words: str, label: str):
        if self.section is None:
            self._start_section(DEFAULT_SECTION, label, read=False)
        reference, text = _recommendation_number(" ".join(words.split()))
        self._recommendation_from_words(reference, text, label)
        self.proposal.readings.append(
            Finding(
                label, f"the row across the table read as the recommendation of the rows under it: '{_shortened(text)}'"
            )
        )

    def _section_column_filled(self, row):
        return any(row[column.index].text for column in self.mapping.columns if column.target == Target.SECTION)

    def _document_heading(self, row: int, words: str):
        """A heading above a table of the document (its rows from `row` on are in its section);
        a heading repeated on the next page carries on the same section."""
        if self.section is None or _numbered(words)[1] != self.section["title"]:
            self._start_section(words, f"above {self.table.row_labels[row]}")

    def _lead_in(self, row: int, words: str):
        """The paragraphs between a section's heading and its table: the recommendation its rows
        answer, when no column holds recommendations; otherwise not imported, and said so."""
        label = f"above {self.table.row_labels[row]}"
        if self.mapping.columns_for(Target.RECOMMENDATION):
            self.proposal.skipped.append(Finding(label, f"the paragraph '{_shortened(words)}' is not imported"))
            return
        reference, text = _recommendation_number(" ".join(words.split()))
        self._recommendation_from_words(reference, text, label)
        self.proposal.readings.append(
            Finding(
                label, f"the paragraph above the table read as the recommendation of its rows: '{_shortened(text)}'"
            )
        )

    def _start_section(self, words: str, label: str, *, read: bool = True):
        """The section `words` names: a new one, or the one of that name above (its rows go on)."""
        number, title = _numbered(words)
        sections = self.proposal.plan["sections"]
        earlier = next((s for s in sections if (s["number"], s["title"]) == (number, title)), None)
        self.section = earlier or {"number": number, "title": title, "recommendations": []}
        if earlier is None:
            sections.append(self.section)
        self.recommendation = None
        self.last_action = {}
        if read:
            again = ", again: its rows join that section above" if earlier else ""
            self.proposal.readings.append(Finding(label, f"'{words}' read as a section heading{again}"))

    # --- one row ----------------------------------------------------------------------------

    def _data_row(self, row: list[Cell], label: str):
        section_words = self._text(row, Target.SECTION)
        if section_words and (self.section is None or _numbered(section_words)[1] != self.section["title"]):
            self._start_section(section_words, label)
        if self.section is None:
            self._start_section(DEFAULT_SECTION, label, read=False)
            self.proposal.readings.append(
                Finding(label, f"no section heading comes before this row: its actions go in '{DEFAULT_SECTION}'")
            )
        self._recommendation_of(row, label)
        for part in self.mapping.parts:
            self._actions_of(row, label, part)

    def _recommendation_of(self, row, label):
        words = self._text(row, Target.RECOMMENDATION)
        reference = self._text(row, Target.RECOMMENDATION_REFERENCE)
        if not reference and not self.mapping.columns_for(Target.RECOMMENDATION_REFERENCE):
            reference, words = _recommendation_number(words)
        if not words and not reference:
            if self.recommendation is None:
                self._new_recommendation(reference="", text=NO_RECOMMENDATION)
                if self.mapping.columns_for(Target.RECOMMENDATION):
                    self.proposal.problems.append(
                        Finding(label, "no recommendation is given for this action: it is kept under a placeholder")
                    )
                else:
                    self.proposal.readings.append(
                        Finding(label, "no column holds recommendations: this section's actions are kept together")
                    )
            return
        recommendation, read = self._recommendation_from_words(reference, words, label)
        timeframe = self._text(row, Target.TIMEFRAME) or read.timeframe
        self._keep_first(recommendation, "timeframe", timeframe, label, "the timeframe")
        for name in re.split(r"[,\n/;]+", self._text(row, Target.AGENCIES_ADDRESSED)):
            if name.strip():
                self._add_addressed(recommendation, name.strip(), label, note_unknown=True)
        for detail in RECOMMENDATION_COLUMNS:
            self._written(recommendation, detail, self._text(row, Target(detail.name)), label)
        self._monitoring_officer_of(recommendation, row, label)

    def _recommendation_from_words(self, reference: str, words: str, label: str):
        """The recommendation `words` state (a new one, or the one above they repeat) made the
        current one, with the timeframe and agencies its opening words or wording give."""
        read = read_recommendation(
            words,
            self.agency_words,
            timeframe_first=not self.mapping.columns_for(Target.TIMEFRAME),
            agencies_first=not self.mapping.columns_for(Target.AGENCIES_ADDRESSED),
        )
        existing = self._find_recommendation(reference, read.text, label)
        if existing is not None and existing["text"] == NO_RECOMMENDATION and read.text:
            existing["text"] = read.text
        if existing is None:
            self._new_recommendation(reference=reference, text=read.text or NO_RECOMMENDATION)
            if read.timeframe or read.agencies:
                self.proposal.readings.append(
                    Finding(
                        label,
                        "the recommendation starts with "
                        + " and ".join(
                            part
                            for part in [
                                f"the timeframe '{read.timeframe}'" if read.timeframe else "",
                                f"the agencies {', '.join(read.agencies)}" if read.agencies else "",
                            ]
                            if part
                        ),
                    )
                )
        else:
            self.recommendation = existing
        for name in read.agencies or self._addressed_by_wording(read.text):
            self._add_addressed(self.recommendation, name, label)
        return self.recommendation, read

    def _monitoring_officer_of(self, recommendation, row, label):
        """The officer who monitors the recommendation: the first the column names."""
        leads, _note = read_leads(self._text(row, Target.MONITORING_OFFICER), self.agency_words)
        if leads and not recommendation.get("monitoring_officer"):
            lead = leads[0]
            recommendation["monitoring_officer"] = self.officers.key_for(lead, label, lead.agency or "")

    def _addressed_by_wording(self, text: str) -> list[str]:
        """'NHS Darlington should ensure ...': the agencies the recommendation asks to act, when
        no column or opening words name them."""
        if self.mapping.columns_for(Target.AGENCIES_ADDRESSED):
            return []
        return addressed_in(text)

    def _find_recommendation(self, reference: str, text: str, label: str):
        """The recommendation this row continues, in this section (one written again on each of
        its rows, or merged down): the same words, or the same number with no words or the same
        words. The same number with other words is another recommendation, and said so."""
        for candidate in reversed(self.section["recommendations"]):
            if reference and candidate["reference"] == reference:
                if not text or candidate["text"] == NO_RECOMMENDATION or _same_words(candidate["text"], text):
                    return candidate
                self.proposal.problems.append(
                    Finding(
                        label,
                        f"recommendation {reference} is numbered again, with other words: read as another "
                        "recommendation; check the plan's sections were read",
                    )
                )
                return None
            if not reference and text and _same_words(candidate["text"], text):
                return candidate
        return None

    def _written(self, holder: dict, detail, words: str, label: str):
        """A written field from a column: each new item of a list, or the first words given."""
        if detail.one_per_line:
            holder.setdefault(detail.name, [])
            holder[detail.name].extend(item for item in items(words) if item not in holder[detail.name])
        else:
            holder.setdefault(detail.name, "")
            self._keep_first(holder, detail.name, words, label, f"the {detail.verbose_name}")

    def _keep_first(self, holder: dict, key: str, words: str, label: str, what: str):
        """Fill `holder[key]` with `words`, or say that other words given later are not kept."""
        if not words:
            return
        if not holder[key]:
            holder[key] = words
        elif not _same_words(holder[key], words):
            self.proposal.problems.append(
                Finding(label, f"{what} '{words}' differs from '{holder[key]}' given above: only the first is kept")
            )

    def _new_recommendation(self, *, reference: str, text: str):
        self.recommendation = {
            "reference": reference,
            "text": text,
            "timeframe": "",
            "agencies": [],
            "agencies_note": "",
            **{detail.name: detail.empty() for detail in RECOMMENDATION_COLUMNS},
            "actions": [],
        }
        self.section["recommendations"].append(self.recommendation)
        self.last_action = {}

    def _add_addressed(self, recommendation, words, label, note_unknown=False):
        create = not note_unknown or words in self.agency_words or _short_name_like(words)
        short_name = self._agency_named(words, label, create=create)
        if short_name:
            if short_name not in recommendation["agencies"]:
                recommendation["agencies"].append(short_name)
        elif words not in recommendation["agencies_note"]:
            recommendation["agencies_note"] = "; ".join(filter(None, [recommendation["agencies_note"], words]))

    # --- actions -----------------------------------------------------------------------------

    def _actions_of(self, row, label, part):
        text = self._text(row, Target.ACTION, part)
        reference = self._text(row, Target.ACTION_REFERENCE, part)
        own = [
            row[column.index].text
            for column in self.mapping.columns
            if column.target not in ROW_TARGETS | {Target.IGNORE} and (column.part == part or not part)
        ]
        if not reference:
            reference, text = self._action_number(text, label)
        if not any(own):
            return
        if part and not (text or reference or self._text(row, Target.LEADS, part, own_only=True)):
            self._part_without_action(row, label, part)
            return
        if not text and not reference and part in self.last_action:
            self._continue(self.last_action[part], row, label, part)
            return
        main_text, sub_actions = _split_kinds(text)
        action_items = items(main_text)
        lead_items = items(self._text(row, Target.LEADS, part))
        date_items = items(self._text(row, Target.TARGET, part))
        # Paragraphs lined up with leads or dates are separate parts of the action, unless the
        # plan has a sub-action column of its own.
        aligned = (
            len(action_items) > 1
            and not self.mapping.columns_for(Target.SUB_ACTIONS, part)
            and (len(lead_items) == len(action_items) or len(date_items) == len(action_items))
        )
        if aligned and len(lead_items) in (0, 1, len(action_items)) and len(date_items) in (0, 1, len(action_items)):
            action = self._new_action(row, label, part, reference, action_items[0])
            self._set_leads(action, _item(lead_items, 0, len(action_items)), label)
            self._set_target(action, _item(date_items, 0, len(action_items)), label, part)
            for position, words in enumerate(action_items[1:], start=1):
                words, source = split_source(words)
                action["sub_actions"].append(
                    {
                        "kind": SubActionKind.PART.value,
                        "text": words,
                        "source": source,
                        "leads": self._lead_keys(_item(lead_items, position, len(action_items)), label, action),
                        "leads_note": "",
                        "target_date": _item(date_items, position, len(action_items)),
                    }
                )
            self.proposal.readings.append(
                Finding(
                    label,
                    f"{len(action_items)} actions in one cell, each with its own "
                    + ("lead" if len(lead_items) == len(action_items) else "date")
                    + ": the first is the action, the others are its parts",
                )
            )
        else:
            action = self._new_action(row, label, part, reference, main_text)
            self._set_leads(action, self._text(row, Target.LEADS, part), label)
            self._set_target(action, self._text(row, Target.TARGET, part), label, part)
            if len(action_items) > 1 and (len(lead_items) > 1 or len(date_items) > 1):
                self.proposal.problems.append(
                    Finding(
                        label,
                        f"{len(action_items)} paragraphs of action, {len(lead_items)} of leads and "
                        f"{len(date_items)} of dates do not line up: kept together on one action",
                    )
                )
        self._add_sub_actions(action, "\n".join(sub_actions), label)
        self._fill(action, row, label, part)

    def _action_number(self, text: str, label: str) -> tuple[str, str]:
        """'1.1 Review the threshold document' -> ('1.1', 'Review the threshold document')."""
        numbered = _ACTION_NUMBER.match(text)
        if not numbered:
            return "", text
        self.proposal.readings.append(
            Finding(label, f"'{numbered.group(1)}' at the start of the action read as its number")
        )
        return numbered.group(1), text[numbered.end() :]

    def _part_without_action(self, row, label, part):
        """A part's cells with words but no action, lead or number of the part to hold them."""
        filled = [
            column.heading or f"column {column.index + 1}"
            for column in self.mapping.columns
            if column.part == part and column.target not in ROW_TARGETS | {Target.IGNORE} and row[column.index].text
        ]
        if filled:
            self.proposal.problems.append(
                Finding(
                    label,
                    f"{', '.join(filled)} {'has' if len(filled) == 1 else 'have'} words but the row has no {part} "
                    "action: not imported",
                )
            )

    def _new_action(self, row, label, part, reference, text):
        text, source = split_source(text.strip())
        key = f"row-{len(self.proposal.rows_of_actions) + 1}"
        action = {
            "key": key,
            "reference": reference,
            "text": text,
            "source": source,
            "agency": "",
            "leads": [],
            "leads_note": "",
            "target_date": "",
            **{detail.name: detail.empty() for detail in ACTION_DETAILS},
            "reported_to": "",
            "next_review": "",
            "see_also": [],
            "milestones": [],
            "sub_actions": [],
            "updates": [],
            "extra": {},
        }
        self.recommendation["actions"].append(action)
        self.proposal.rows_of_actions[key] = label
        self.parts_of_actions[key] = part
        if self.mapping.columns_for(Target.LEADS, part):
            self.proposal.leads_read.add(key)
        self.last_action[part] = action
        self._agency_of(action, row, label, part)
        for first, last in _referred_to(text):
            self.references.append((action, (first, last), label, text))
        return action

    def _continue(self, action, row, label, part):
        """A row with no action of its own adds to the action above it."""
        self.proposal.readings.append(
            Finding(
                label,
                f"no action on this row: read as more of the action on {self.proposal.rows_of_actions[action['key']]}",
            )
        )
        leads = self._text(row, Target.LEADS, part)
        if leads:
            self._set_leads(action, leads, label)
        target = self._text(row, Target.TARGET, part)
        if not action["target_date"]:
            self._set_target(action, target, label, part)
        else:
            self._keep_first(action, "target_date", target, label, "the target date")
        self._fill(action, row, label, part)

    def _fill(self, action, row, label, part):
        """The action's other columns: measures, milestones, progress, review, extra text."""
        milestones, labelled = read_milestones(self._text(row, Target.MILESTONES, part))
        for milestone in milestones:
            action["milestones"].append(
                {"text": milestone.text, "due": milestone.due, "done_on": milestone.done_on or None}
            )
        for detail in ACTION_DETAILS:
            text = self._text(row, Target(detail.name), part)
            if detail.one_per_line:
                action[detail.name] += items(text)
            else:
                found = [text, labelled.get(detail.milestone_label, "") if detail.milestone_label else ""]
                action[detail.name] = "\n".join(filter(None, [action[detail.name], *found]))
        source = self._text(row, Target.SOURCE, part)
        if source and source != action["source"]:
            action["source"] = "; ".join(filter(None, [action["source"], source]))
        self._add_sub_actions(action, self._text(row, Target.SUB_ACTIONS, part), label)
        self._progress(action, row, label, part)
        review = self._text(row, Target.NEXT_REVIEW, part)
        if review:
            action["next_review"] = self._date_words(review, label, "next review")
        reported_to = self._text(row, Target.REPORTED_TO, part)
        if reported_to:
            action["reported_to"] = self._forum(reported_to, label)
        for column in self.mapping.columns:
            if column.target == Target.EXTRA and (column.part == part or not column.part) and row[column.index].text:
                for heading, text in _extra_texts(column, row[column.index].text):
                    action["extra"][heading] = "\n".join(filter(None, [action["extra"].get(heading), text]))

    def _add_sub_actions(self, action, words, label):
        for found in read_sub_actions(words):
            action["sub_actions"].append(
                {
                    "kind": found.kind,
                    "text": found.text,
                    "source": found.source,
                    "leads": self._lead_keys(found.leads, label, action),
                    "leads_note": found.leads_note,
                    "target_date": self._date_words(found.target, label, "sub-action date"),
                }
            )

    def _progress(self, action, row, label, part):
        """The progress column's updates; status, RAG, date and written-field columns describe
        the latest (one is made when the progress column is empty)."""
        updates = read_progress(self._text(row, Target.PROGRESS, part))
        status = self._text(row, Target.STATUS, part)
        rag = self._text(row, Target.RAG, part)
        if self.full_history and (status or rag):
            self.proposal.stated_progress[action["key"]] = {"status": status_of(status), "rag": label_of_rag(rag)}
            status = rag = ""
        as_at = self._text(row, Target.UPDATE_AS_AT, part)
        columns = {detail: self._text(row, Target(detail.name), part) for detail in UPDATE_COLUMNS}
        if (status or rag or as_at or any(columns.values())) and not updates:
            updates = [UpdateWords()]
        if updates:
            latest = updates[-1]
            if status:
                latest.status = status_of(status)
                if not latest.status:
                    self.proposal.problems.append(
                        Finding(label, f"status '{status}' is not one Assure knows: left blank")
                    )
            if rag:
                latest.rag = label_of_rag(rag)
                if not latest.rag and rag.lower() != "not rated":
                    self.proposal.problems.append(
                        Finding(label, f"RAG '{rag}' is not Red, Amber, Green or Blue: left blank")
                    )
            if as_at and not latest.as_at:
                latest.as_at = as_at
        read = [
            {
                "as_at": self._date_words(update.as_at, label, "update date") if update.as_at else "",
                "status": update.status,
                "rag": update.rag,
                "note": update.note,
                "evidence_of_impact": update.evidence_of_impact,  # as the progress cell labels it
            }
            for update in updates
        ]
        if read:
            for detail, words in columns.items():
                self._written(read[-1], detail, words, label)
        action["updates"].extend(read)

    # --- agencies, leads, dates, forums ------------------------------------------------------

    def _agency_of(self, action, row, label, part):
        words = self._text(row, Target.AGENCY, part)
        if words:
            action["agency"] = self._agency_named(words, label, create=True)
            return
        if part and self.mapping.part_agencies.get(part):
            action["agency"] = self._agency_named(self.mapping.part_agencies[part], label, create=True)
            return
        leads, _note = read_leads(self._text(row, Target.LEADS, part), self.agency_words)
        named = [lead.agency for lead in leads if lead.agency]
        if named:
            action["agency"] = self._agency_named(named[0], label, create=True)
            return
        if len(self.recommendation["agencies"]) == 1:
            action["agency"] = self.recommendation["agencies"][0]
            return
        for lead in leads:
            agency = self.officers.agency_of(lead)
            if agency:
                action["agency"] = agency
                return
        if self.mapping.default_agency:
            action["agency"] = self._agency_named(self.mapping.default_agency, label, create=True)
            return
        owner = owner_in(title_from([*self.heading_lines, *self.proposal.title_lines], ""))
        if owner:
            action["agency"] = self._agency_named(owner, label, create=True)
            self.proposal.readings.append(
                Finding(
                    label,
                    f"no agency is named for this action: given to {owner}, whose plan the title says it is "
                    "(choose another agency for actions that name none to change it)",
                )
            )
            return
        self.proposal.problems.append(
            Finding(
                label,
                "no agency is named for this action: choose the agency for actions that name none",
                blocking=True,
            )
        )

    def _agency_named(self, words: str, label: str, *, create: bool) -> str:
        """The short name of the agency `words` names, creating it if it is new and `create`."""
        words = words.strip()
        known = self._known_agency(words)
        if known:
            return known
        for new in self.proposal.new_agencies:
            if new["short_name"].upper() == words.upper() or new["name"].lower() == words.lower():
                return new["short_name"]
        if not create:
            return ""
        short_name = words if _short_name_like(words) else _initials(words)
        self.proposal.new_agencies.append({"short_name": short_name, "name": words, "kind": kind_of(words)})
        self.agency_words.add(short_name)
        self.proposal.readings.append(
            Finding(label, f"agency '{words}' is not one of the partnership's: it will be created as {short_name}")
        )
        return short_name

    def _known_agency(self, words: str) -> str:
        """The partnership's agency `words` name: by short name or name, or the only agency
        whose name holds the words ('the Council' -> Darlington Borough Council)."""
        known = self.agencies.get(words.upper()) or self.agency_names.get(words.lower())
        if known or len(words) < 3:
            return known or ""
        holding = {
            short for name, short in self.agency_names.items() if re.search(rf"\b{re.escape(words.lower())}\b", name)
        }
        return holding.pop() if len(holding) == 1 else ""

    def _set_leads(self, action, words, label):
        keys = self._lead_keys(words, label, action)
        action["leads"] += [key for key in keys if key not in action["leads"]]
        _leads, note = read_leads(words, self.agency_words)
        if note:
            action["leads_note"] = "; ".join(filter(None, [action["leads_note"], note]))

    def _lead_keys(self, words: str, label: str, action) -> list[str]:
        leads, _note = read_leads(words, self.agency_words)
        keys = [self.officers.key_for(lead, label, self._lead_agency(lead, action)) for lead in leads]
        return list(dict.fromkeys(keys))

    def _lead_agency(self, lead: LeadWords, action) -> str:
        """The agency a new officer is recorded with: the one the file names with them, else
        the action's, as the lead of an agency's action works for it; but where the file names
        some leads' agencies, or is Assure's own spreadsheet, one it leaves unnamed is not known."""
        if lead.agency:
            return self._agency_named(lead.agency, "", create=True)
        part = self.parts_of_actions.get(action["key"], "")
        if is_assure_export(self.mapping) or (self.leads_name_agencies and not self.mapping.part_agencies.get(part)):
            return ""
        return action["agency"]

    def _set_target(self, action, words, label, part):
        action["target_date"] = self._date_words(words, label, "target date")

    def _date_words(self, words: str, label: str, what: str) -> str:
        words = (words or "").strip()
        if not words:
            return ""
        reading = read_loose_date(words)
        if reading.meaning is Meaning.UNREADABLE:
            self.proposal.problems.append(
                Finding(label, f"{what} '{words}' gives no date Assure can read: kept as written")
            )
        else:
            self.proposal.readings.append(Finding(label, f"{what} '{words}': {reading.explanation}"))
        return words

    def _forum(self, words: str, label: str) -> str:
        known = self.forums.get(words.lower())
        if known:
            return known
        if words not in self.proposal.new_forums:
            self.proposal.new_forums.append(words)
            self.proposal.readings.append(
                Finding(label, f"'{words}' is not one of the partnership's forums: it will be added")
            )
        return words

    def _resolve_references(self):
        """'[See action 4 above]' becomes a link to action 4 of the same section (or, failing
        that, the only action 4 of the plan), 'Actions in 1.1 - 1.3' links to each of them; the
        words stay in the text."""
        in_order = [(section, action) for section, _recommendation, action in self.proposal.actions()]
        by_reference: dict[str, list[tuple[dict, dict]]] = {}
        for section, action in in_order:
            if action["reference"]:
                by_reference.setdefault(action["reference"], []).append((section, action))
        numbers = [action["reference"] for _section, action in in_order if action["reference"]]
        for action, (first, last), label, _words in self.references:
            section = next(s for s, a in in_order if a is action)
            for reference in _numbers_between(first, last, numbers):
                self._link(action, section, reference, by_reference.get(reference, []), label)

    def _link(self, action, section, reference, found, label):
        same_section = [target for owner, target in found if owner is section]
        target = same_section[0] if len(same_section) == 1 else (found[0][1] if len(found) == 1 else None)
        if target is None or target is action:
            self.proposal.problems.append(
                Finding(label, f"the text refers to action {reference}, which Assure cannot find: kept as text")
            )
        elif target["key"] not in action["see_also"]:
            action["see_also"].append(target["key"])
            self.proposal.readings.append(Finding(label, f"linked to action {reference}, which the text refers to"))

    def _text(self, row, target: str, part: str = "", own_only: bool = False) -> str:
        """The words of the columns mapped to `target` (for `part`), joined by lines."""
        columns = self.mapping.columns_for(target, part)
        if own_only:
            columns = [column for column in columns if column.part == part]
        return "\n".join(row[column.index].text for column in columns if row[column.index].text)


class _OfficerBook:
    """The partnership's officers and those this import will create, matched by name, by
    initials, or (for a role with no person) by job title."""

    def __init__(self, officers: list[Officer], proposal: Proposal):
        self.proposal = proposal
        self.known: list[tuple[str, str, str, str]] = []  # (key, name, job title, agency short name)
        for officer in officers:
            key = f"officer-{officer.pk}"
            proposal.officer_keys[key] = officer.pk
            proposal.officer_labels[key] = str(officer)
            self.known.append(
                (key, officer.name, officer.job_title, officer.agency.short_name if officer.agency else "")
            )

    def key_for(self, lead: LeadWords, label: str, agency: str) -> str:
        match = self._match(lead, agency)
        if match:
            key, name, job_title, _agency = match
            if lead.is_initials:
                self.proposal.readings.append(Finding(label, f"lead '{lead.words}' read as {name} (initials)"))
            return key
        key = f"new-{len(self.proposal.new_officers) + 1}"
        self.proposal.new_officers.append(
            {"key": key, "name": lead.name, "job_title": lead.job_title, "agency": agency}
        )
        self.known.append((key, lead.name, lead.job_title, agency))
        self.proposal.officer_labels[key] = lead.name or lead.job_title
        self.proposal.readings.append(Finding(label, f"lead '{lead.words}' matches no officer: will be created"))
        return key

    def agency_of(self, lead: LeadWords) -> str:
        match = self._match(lead, "")
        return match[3] if match else ""

    def _match(self, lead: LeadWords, agency: str):
        if lead.name and not lead.is_initials:
            named = [known for known in self.known if known[1].lower() == lead.name.lower()]
            return _prefer(named, agency)
        if lead.is_initials:
            initialled = [known for known in self.known if known[1] and lead.name in (known[1], _initials(known[1]))]
            return _prefer(initialled, agency)
        roles = [known for known in self.known if not known[1] and known[2].lower() == lead.job_title.lower()]
        # "Named Nurse, CHSNHSFT" is not the Named Nurse of another trust
        return _prefer([known for known in roles if not agency or known[3] in (agency, "")], agency)


def _prefer(candidates, agency):
    if len(candidates) > 1 and agency:
        candidates = [known for known in candidates if known[3] == agency] or candidates
    return candidates[0] if len(candidates) == 1 or (candidates and len({c[1] for c in candidates}) == 1) else None


# "Recommendation 1:", "Area of weakness 2:", "Area for improvement 3.": words naming what follows
# as a recommendation, before its number.
_LABEL = r"(?:recommendation|area\s+(?:of\s+weakness|for\s+(?:improvement|development))|weakness|finding)"
_RECOMMENDATION_LABEL = re.compile(rf"^{_LABEL}\s+\d", re.IGNORECASE)
_RECOMMENDATION_NUMBER = re.compile(rf"^(?:{_LABEL}\s+)?(\d+(?:\.\d+)*[a-z]?)[.:)]\s+(?=\S)", re.IGNORECASE)
_SENTENCE_WORDS = 8  # a row across the table this long states something; a section's title is shorter


def _recommendation_number(words: str) -> tuple[str, str]:
    """'Recommendation 1: The council should ...', '1. The council ...': the number and the words."""
    numbered = _RECOMMENDATION_NUMBER.match(words)
    return (numbered.group(1), words[numbered.end() :]) if numbered else ("", words)


def _shortened(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= 80 else words[:77] + "..."


def _split_kinds(text: str) -> tuple[str, list[str]]:
    """An action cell's own text, and the items listed under 'Underpinned by:-' or
    'Supplemented by:-' headings within it (each item keeping its heading)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^\s*(?:-\s*)?(underpinned by|supplemented by)\b", line, re.IGNORECASE):
            return "\n".join(lines[:index]), lines[index:]
    return text, []


def _item(values: list[str], position: int, count: int) -> str:
    """The value for item `position`: its own when there is one per item, else the only one."""
    if len(values) == count:
        return values[position]
    return "\n".join(values) if position == 0 else ""


def _extra_texts(column, text: str) -> list[tuple[str, str]]:
    """A column kept as extra text, under its heading; our own exports' "Other columns" column
    holds several, as "Heading: text" blocks, and each goes back under its own heading."""
    if words_of(column.heading) != ["other", "columns"]:
        return [(column.heading or f"Column {column.index + 1}", text)]
    blocks = re.split(r"\n\n(?=[^\n:]{1,120}: )", text)
    return [tuple(block.split(": ", 1)) if ": " in block else (column.heading, block) for block in blocks]


_ACTION_NUMBER = re.compile(r"^(\d+\.\d+(?:\.\d+)*[a-z]?)(?:[.:)]\s*|\s+)(?:[-–]\s+)?(?=[^\sa-z0-9])")
_MOST_IN_A_RANGE = 50


def _referred_to(text: str) -> list[tuple[str, str]]:
    """The actions a text refers to, as (first, last) numbers: one action is (n, n)."""
    ranges = cross_reference_ranges(text)
    starts = {first for first, _last in ranges}
    return ranges + [(reference, reference) for reference in cross_references(text) if reference not in starts]


def _numbers_between(first: str, last: str, numbers: list[str]) -> list[str]:
    """The action numbers from `first` to `last`: counted when only the last figure differs
    ('1.1' to '1.3'), else those the plan has between them, in its order ('1.4' to '2.2')."""
    if first == last:
        return [first]
    head, _dot, start = first.rpartition(".")
    last_head, _dot, end = last.rpartition(".")
    if head == last_head and start.isdigit() and end.isdigit() and 0 < int(end) - int(start) <= _MOST_IN_A_RANGE:
        return [".".join(filter(None, [head, str(number)])) for number in range(int(start), int(end) + 1)]
    if first in numbers and last in numbers[numbers.index(first) :]:
        return list(dict.fromkeys(numbers[numbers.index(first) : numbers.index(last, numbers.index(first)) + 1]))
    return [first, last]


def _numbered(words: str) -> tuple[str, str]:
    found = re.match(r"^(?:section\s+)?(\d+(?:\.\d+)*)[.:)]?\s+(.+)$", words.strip(), re.IGNORECASE)
    return (found.group(1), found.group(2).strip()) if found else ("", words.strip())


def _row_text(row: list[Cell]) -> str:
    return " ".join(dict.fromkeys(cell.text for cell in row if cell.text))


def _signature(row: list[Cell]) -> tuple:
    return tuple(" ".join(words_of(cell.text)) for cell in row)


def _repeats(signature: tuple, heading: tuple) -> bool:
    """A row repeating the headings (most of its filled cells say what the heading cells say)."""
    filled = [index for index, words in enumerate(heading) if words]
    if not filled:
        return False
    same = sum(1 for index in filled if index < len(signature) and signature[index] == heading[index])
    return same >= max(2, round(len(filled) * 0.8))


def _same_words(first: str, second: str) -> bool:
    return words_of(first) == words_of(second)


def _short_name_like(words: str) -> bool:
    """'DBC', 'CDDFT', 'HEALTH-PROV': one word with a capital, short enough for a short name."""
    return 1 < len(words) <= 12 and " " not in words and any(character.isupper() for character in words)


def _initials(words: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z][A-Za-z']*", words) if word[0].isupper()).upper()
