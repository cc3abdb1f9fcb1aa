"""Importing a corpus file as a new user would, and measuring what came out against the layout's
expected outcome: for each field, how many of the plan's cells went into it (right), went
somewhere else (wrong field), or are nowhere in the proposal (lost; "said" when a line of the
preview mentions them).

The pipeline is the app's own: `read_upload`, `propose_mapping` on the first table, `read_plan`
for a partnership with no agencies, officers or forums yet; then, optionally, the layout's choices
applied as the business manager would on the import's pages; and a rehearsal of the import
(given by the caller, as it needs a database).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from actionplans.loose_dates import Meaning, read_loose_date
from imports.as_at import as_at_in, lines_around_tables
from imports.fields import Target
from imports.interpret import NO_RECOMMENDATION, Proposal, read_plan
from imports.mapping import Mapping, plan_table, propose_mapping
from imports.readers import read_upload
from imports.services import date_undated_updates
from imports.titles import cover_lines, title_from

from .expected import Action, Layout, Lead, Plan, Recommendation, Section

# The fields, in the order the report prints them.
FIELDS = [
    "title",
    "subtitle",
    "as-at date",
    "section title",
    "section number",
    "recommendation number",
    "recommendation text",
    "recommendation agencies",
    "timeframe",
    "monitoring officer",
    "action number",
    "action text",
    "action's section",
    "action's recommendation",
    "agency",
    "lead name",
    "lead role",
    "lead agency",
    "target date",
    "status",
    "RAG",
    "progress note",
    "progress date",
    "outcome measure",
    "measure of success",
    "evidence expected",
    "assurance measures",
    "desired outcome",
    "reported to",
    "next review",
    "extra text",
    "cross-reference",
]
MATCH_AT_LEAST = 0.5


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    lost: int = 0
    said: int = 0  # of the lost, those a line of the preview mentions

    @property
    def cells(self) -> int:
        return self.right + self.wrong + self.lost


@dataclass
class Measured:
    layout: Layout
    choices_made: tuple = ()
    tallies: dict[str, Tally] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)  # what the proposal has that the plan has not
    unfinished: list[str] = field(default_factory=list)  # why the import cannot finish
    notes: list[str] = field(default_factory=list)  # choices that could not be made
    columns: list[str] = field(default_factory=list)  # each column's heading and the field it fills
    failure: str = ""  # the file could not be imported at all

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.right += tally.right
            total.wrong += tally.wrong
            total.lost += tally.lost
            total.said += tally.said
        return total

    @property
    def share_right(self) -> float:
        total = self.total
        return total.right / total.cells if total.cells and not self.failure else 0.0

    @property
    def all_right(self) -> bool:
        total = self.total
        return (
            not self.failure
            and not self.unexpected
            and not self.unfinished
            and total.cells > 0
            and total.right == total.cells
        )


Rehearsal = Callable[[Proposal, str], str]  # the import rehearsed: "" or why it was refused


def measure(layout: Layout, *, with_choices: bool = False, rehearse: Rehearsal | None = None) -> Measured:
    """The layout's file imported (as proposed, or with its choices made) and measured; an error
    anywhere in the import is the file's failure, never the caller's."""
    measured = Measured(layout, layout.choices if with_choices else ())
    try:
        proposal, title = _import(layout, measured)
        if rehearse is not None and proposal.can_import and not measured.unfinished:
            refused = rehearse(proposal, title)
            if refused:
                measured.unfinished.append(f"the import was refused: {refused}")
        measured = measure_proposal(layout, proposal, title, measured)
    except Exception as error:  # noqa: BLE001 - any error in the import is this file failing
        measured.failure = f"{type(error).__name__}: {error}"
    return measured


def measure_proposal(layout: Layout, proposal: Proposal, title: str, measured: Measured | None = None) -> Measured:
    """`proposal` (with the plan's `title`) measured against the layout's expected outcome."""
    measured = measured or Measured(layout)
    _Judge(layout.expected, proposal, title, measured).run()
    return measured


def _import(layout: Layout, measured: Measured) -> tuple[Proposal, str]:
    read = read_upload(io.BytesIO(layout.build()), layout.file_name)
    choices = measured.choices_made
    index = next((choice.value for choice in choices if choice.kind == "table"), plan_table(read.tables))
    table = read.tables[index]
    heading_lines = [*read.heading_lines, *cover_lines(read.tables, index)]
    header_row = next((choice.value for choice in choices if choice.kind == "header_row"), None)
    mapping = propose_mapping(table, [], header_row=header_row)
    for choice in choices:
        _choose(mapping, choice, measured)
    measured.columns = [
        f"{column.heading or f'column {column.index + 1}'} -> {column.target}"
        + (f" ({column.part})" if column.part else "")
        for column in mapping.columns
    ]
    measured.unfinished += [f"the column choices are refused: {problem}" for problem in mapping.problems()]
    proposal = read_plan(table, mapping, agencies=[], officers=[], forums=[], heading_lines=heading_lines)
    as_at = as_at_in(lines_around_tables(read.heading_lines, read.tables))
    date_undated_updates(proposal, as_at.date if as_at else None)
    measured.unfinished += [f"blocking: {problem}" for problem in proposal.problems if problem.blocking]
    title = next((choice.value for choice in choices if choice.kind == "title"), "")
    return proposal, title or title_from([*heading_lines, *proposal.title_lines], layout.file_name)


def _choose(mapping: Mapping, choice, measured: Measured) -> None:
    if choice.kind == "column":
        columns = [column for column in mapping.columns if _norm(column.heading) == _norm(choice.value)]
        if not columns:
            measured.notes.append(f"no column is headed '{choice.value}'")
        elif choice.target not in Target.values:
            measured.notes.append(f"'{choice.target}' is not a field a column can fill (column '{choice.value}')")
        else:
            columns[0].target, columns[0].part = choice.target, _part_named(mapping, choice.part)
    elif choice.kind == "default_agency":
        mapping.default_agency = choice.value
    elif choice.kind == "part_agency":
        part = _part_named(mapping, choice.value)
        if part in mapping.parts:
            mapping.part_agencies[part] = choice.target
        else:
            measured.notes.append(f"the mapping has no part '{choice.value}' to give an agency")


def _part_named(mapping: Mapping, words: str) -> str:
    """The mapping's part spelled as the mapping spells it ("La" for "LA"), or the words."""
    return next((part for part in mapping.parts if part and part.lower() == words.lower()), words)


def describe(choice) -> str:
    if choice.kind == "column":
        part = f" (part {choice.part})" if choice.part else ""
        return f"column '{choice.value}' -> {choice.target}{part}"
    if choice.kind == "part_agency":
        return f"agency of part {choice.value} -> {choice.target}"
    return f"{choice.kind.replace('_', ' ')} -> {choice.value}"


# --- comparing -----------------------------------------------------------------------------------


def _norm(text) -> str:
    """Lower case, dashes and quotes plain, bullet marks and line breaks gone, spaces single."""
    text = str(text or "").replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    lines = [re.sub(r"^\s*-\s+", "", line) for line in text.lower().splitlines()]
    return " ".join(" ".join(lines).split())


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", _norm(text))


def _similarity(first: str, second: str) -> float:
    return SequenceMatcher(None, _tokens(first), _tokens(second), autojunk=False).ratio()


def _same(first, second) -> bool:
    return _tokens(first) == _tokens(second)


def _same_date(first: str, second: str) -> bool:
    """The same words, or the same day written another way ("30 April 2025", "30/04/2025")."""
    if _same(first, second):
        return True
    readings = [read_loose_date(words) for words in (first, second)]
    return (
        all(reading.meaning is Meaning.DATE for reading in readings)
        and readings[0].value.date == readings[1].value.date
    )


def _same_person(first: str, second: str) -> bool:
    """The same name, with or without a title ("Dr Farah Siddiqui", "Farah Siddiqui")."""
    return _tokens(_untitled(first)) == _tokens(_untitled(second))


def _untitled(name: str) -> str:
    return re.sub(r"^\s*(dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s+", "", name or "", flags=re.IGNORECASE)


class _Judge:
    def __init__(self, expected: Plan, proposal: Proposal, title: str, measured: Measured):
        self.expected = expected
        self.proposal = proposal
        self.plan = proposal.plan
        self.title = title
        self.measured = measured
        self.officers = {
            officer["key"]: {"name": "", "job_title": "", "agency": "", **officer} for officer in proposal.new_officers
        }
        self.action_references = {action["key"]: action["reference"] for _s, _r, action in proposal.actions()}
        self.agency_names = {agency["short_name"].lower(): agency["name"] for agency in proposal.new_agencies}
        self.places = [tokens for tokens in (_tokens(text) for text in self._texts()) if tokens]
        self.said_places = [
            _tokens(finding.message) for finding in [*proposal.problems, *proposal.readings, *proposal.skipped]
        ]

    # --- where everything went --------------------------------------------------------------

    def _texts(self):
        yield self.title
        for key in ("description", "as_at", "title"):
            yield self.plan.get(key, "")
        for agency in self.proposal.new_agencies:
            yield agency["short_name"]
            yield agency["name"]
        for officer in self.officers.values():
            yield officer["name"]
            yield officer["job_title"]
        for section in self.plan["sections"]:
            yield section["number"]
            yield section["title"]
            for recommendation in section["recommendations"]:
                yield from (str(value) for value in recommendation.values() if isinstance(value, str))
                yield from recommendation["agencies"]
                yield from recommendation["practice_standards"]
        for _section, _recommendation, action in self.proposal.actions():
            yield from self._action_texts(action)

    def _action_texts(self, action):
        for key, value in action.items():
            if key in ("key", "leads", "see_also"):
                continue
            if isinstance(value, str):
                yield value
            elif key == "extra":
                for heading, text in value.items():
                    yield heading
                    yield text
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, str):
                        yield item
                    elif isinstance(item, dict):
                        yield from (text for text in item.values() if isinstance(text, str))

    def _somewhere(self, words: str, places) -> bool:
        wanted = _tokens(words)
        if not wanted:
            return False
        if len(wanted) <= 4:
            return any(_contains(place, wanted) for place in places)
        covered = set()
        wanted_set = set(wanted)
        for place in places:
            if not wanted_set & set(place):
                continue
            for block in SequenceMatcher(None, wanted, place, autojunk=False).get_matching_blocks():
                if block.size >= 3 or (block.size and block.size == len(place)):
                    covered.update(range(block.a, block.a + block.size))
        return len(covered) >= 0.9 * len(wanted)

    def judge(self, name: str, right: bool, words: str) -> None:
        tally = self.measured.tally(name)
        if right:
            tally.right += 1
        elif self._somewhere(words, self.places):
            tally.wrong += 1
        else:
            tally.lost += 1
            if self._somewhere(words, self.said_places):
                tally.said += 1

    def placed(self, name: str, found: bool, right: bool) -> None:
        tally = self.measured.tally(name)
        if right:
            tally.right += 1
        elif found:
            tally.wrong += 1
        else:
            tally.lost += 1

    # --- the comparison ---------------------------------------------------------------------

    def run(self) -> None:
        expected = self.expected
        self.judge("title", _same(self.title, expected.title), expected.title)
        if expected.description:
            description = self.plan.get("description") or getattr(self.proposal, "description", "")
            self.judge("subtitle", _same(description, expected.description), expected.description)
        if expected.as_at:
            self.judge("as-at date", self._as_at_right(expected.as_at), expected.as_at)
        sections = self._match_sections()
        recommendations = self._match_recommendations(sections)
        actions = self._match_actions(recommendations)
        for number, section in enumerate(expected.sections):
            self._section(section, sections.get(number))
        for (s, r), recommendation in self._expected_recommendations():
            self._recommendation(recommendation, recommendations.get((s, r)))
        for (s, r, a), expected_action in self._expected_actions():
            found = actions.get((s, r, a))
            self._action(expected_action, found, recommendations.get((s, r)), sections.get(s))
        self._unexpected(sections, recommendations, actions)

    def _as_at_right(self, words: str) -> bool:
        stated = self.plan.get("as_at") or getattr(self.proposal, "as_at", "")
        if stated:
            return _same(stated, words)
        updates = [update for _s, _r, action in self.proposal.actions() for update in action["updates"]]
        return bool(updates) and all(_same_date(update["as_at"], words) for update in updates)

    def _expected_recommendations(self):
        for s, section in enumerate(self.expected.sections):
            for r, recommendation in enumerate(section.recommendations):
                yield (s, r), recommendation

    def _expected_actions(self):
        for (s, r), recommendation in self._expected_recommendations():
            for a, expected_action in enumerate(recommendation.actions):
                yield (s, r, a), expected_action

    def _match_sections(self) -> dict[int, dict]:
        pairs = []
        for number, section in enumerate(self.expected.sections):
            for candidate in self.plan["sections"]:
                if section.title is None:
                    score = 1.0 if len(self.plan["sections"]) == 1 else 0.6
                else:
                    score = _similarity(section.title, candidate["title"])
                pairs.append((score, number, id(candidate), candidate))
        return _greedy(pairs)

    def _match_recommendations(self, sections) -> dict[tuple, dict]:
        pairs = []
        for (s, r), recommendation in self._expected_recommendations():
            for section in self.plan["sections"]:
                for candidate in section["recommendations"]:
                    if recommendation.text is None:
                        score = 1.0 if candidate["text"] in (NO_RECOMMENDATION, "") else 0.0
                    else:
                        score = _similarity(recommendation.text, candidate["text"])
                    if recommendation.reference and candidate["reference"] == recommendation.reference:
                        score += 0.2
                    if sections.get(s) is section:
                        score += 0.1
                    pairs.append((score, (s, r), id(candidate), candidate))
        return _greedy(pairs)

    def _match_actions(self, recommendations) -> dict[tuple, dict]:
        pairs = []
        for where, expected_action in self._expected_actions():
            for _section, recommendation, candidate in self.proposal.actions():
                score = _similarity(expected_action.text, candidate["text"])
                if expected_action.reference and candidate["reference"] == expected_action.reference:
                    score += 0.1
                if recommendations.get(where[:2]) is recommendation:
                    score += 0.1
                pairs.append((score, where, id(candidate), candidate))
        return _greedy(pairs)

    def _section(self, expected: Section, found: dict | None) -> None:
        if expected.title is not None:
            self.judge("section title", found is not None and _same(found["title"], expected.title), expected.title)
        if expected.number:
            self.judge("section number", found is not None and found["number"] == expected.number, expected.number)

    def _recommendation(self, expected: Recommendation, found: dict | None) -> None:
        if expected.reference:
            right = found is not None and _same(found["reference"], expected.reference)
            self.judge("recommendation number", right, expected.reference)
        if expected.text is not None:
            right = found is not None and _same(found["text"], expected.text)
            self.judge("recommendation text", right, expected.text)
        if expected.timeframe:
            right = found is not None and _same(found.get("timeframe", ""), expected.timeframe)
            self.judge("timeframe", right, expected.timeframe)
        for agency in expected.agencies:
            right = found is not None and any(self._agency_is(name, agency) for name in found["agencies"])
            self.judge("recommendation agencies", right, agency)
        if expected.monitoring_officer:
            officer = self._officer(found.get("monitoring_officer")) if found else None
            right = officer is not None and self._lead_is(officer, expected.monitoring_officer)
            self.judge(
                "monitoring officer", right, expected.monitoring_officer.name or expected.monitoring_officer.role
            )

    def _action(self, expected: Action, found: dict | None, recommendation: dict | None, section: dict | None) -> None:
        if expected.reference:
            self.judge(
                "action number", found is not None and found["reference"] == expected.reference, expected.reference
            )
        self.judge("action text", found is not None and _same(found["text"], expected.text), expected.text)
        owner_section, owner_recommendation = self._owners(found)
        self.placed("action's section", found is not None, section is not None and owner_section is section)
        self.placed(
            "action's recommendation",
            found is not None,
            recommendation is not None and owner_recommendation is recommendation,
        )
        if expected.agency:
            right = found is not None and self._agency_is(found["agency"], expected.agency)
            self.judge("agency", right, _names(expected.agency)[0])
        self._leads(expected, found)
        if expected.target:
            self.judge(
                "target date", found is not None and _same(found["target_date"], expected.target), expected.target
            )
        latest = (found["updates"][-1] if found and found["updates"] else {}) if found else {}
        for name, said, key in (("status", expected.status, "status"), ("RAG", expected.rag, "rag")):
            if said:
                self.judge(name, latest.get(key) == said.value, said.words)
        if expected.progress:
            notes = [update["note"] for update in found["updates"]] if found else []
            self.judge("progress note", any(_same(note, expected.progress) for note in notes), expected.progress)
        if expected.progress_as_at:
            right = _same(latest.get("as_at", ""), expected.progress_as_at)
            self.judge("progress date", right, expected.progress_as_at)
        for detail, words in expected.details.items():
            value = found.get(detail, "") if found else ""
            value = "\n".join(value) if isinstance(value, list) else value
            self.judge(detail.replace("_", " "), _same(value, words), words)
        for heading, words in expected.extra.items():
            self.judge("extra text", found is not None and self._extra_is(found, heading, words), words)
        linked = [self.action_references.get(key, "") for key in (found["see_also"] if found else [])]
        for reference in expected.see_also:
            self.judge("cross-reference", reference in linked, reference)

    def _owners(self, found):
        for section, recommendation, action in self.proposal.actions():
            if action is found:
                return section, recommendation
        return None, None

    def _leads(self, expected: Action, found: dict | None) -> None:
        officers = [self._officer(key) for key in (found["leads"] if found else [])]
        officers = [officer for officer in officers if officer]
        for lead in expected.leads:
            match = self._lead_for(lead, officers)
            if lead.name:
                self.judge("lead name", match is not None, lead.name)
            if lead.role:
                self.judge("lead role", match is not None and _same(match["job_title"], lead.role), lead.role)
            if lead.agency:
                right = match is not None and self._agency_is(match["agency"], lead.agency)
                self.judge("lead agency", right, _names(lead.agency)[0])
        if found:
            for officer in officers:
                if not any(self._lead_is(officer, lead) for lead in expected.leads):
                    words = officer["name"] or officer["job_title"]
                    self.measured.unexpected.append(f"lead '{words}' on action '{_short(found['text'])}'")

    def _lead_for(self, lead: Lead, officers: list[dict]) -> dict | None:
        if lead.name:
            return next((officer for officer in officers if _same_person(officer["name"], lead.name)), None)
        return next(
            (officer for officer in officers if not officer["name"] and _same(officer["job_title"], lead.role)), None
        )

    def _lead_is(self, officer: dict, lead: Lead) -> bool:
        if lead.name:
            return _same_person(officer["name"], lead.name)
        return not officer["name"] and _same(officer["job_title"], lead.role)

    def _officer(self, key) -> dict | None:
        if isinstance(key, dict):
            return {"name": "", "job_title": "", "agency": "", **key}
        return self.officers.get(key)

    def _agency_is(self, short_name: str, expected: str | tuple[str, ...]) -> bool:
        """The agency `short_name` is the one expected: by its short name or its name."""
        if not short_name:
            return False
        name = self.agency_names.get(short_name.lower(), "")
        return any(_same(short_name, words) or _same(name, words) for words in _names(expected))

    def _extra_is(self, action: dict, heading: str, words: str) -> bool:
        """The column's words kept under its heading, in a field named after it, or (for a
        column of numbers such as "Health Reference") as the action's own number."""
        own_field = action.get("_".join(_tokens(heading)))
        if isinstance(own_field, str) and _same(own_field, words):
            return True
        if "reference" in _tokens(heading) and _same(action["reference"], words):
            return True
        return any(_same(key, heading) and _same(text, words) for key, text in action["extra"].items())

    def _unexpected(self, sections, recommendations, actions) -> None:
        matched = {id(found) for found in [*sections.values(), *recommendations.values(), *actions.values()]}
        for section in self.plan["sections"]:
            if id(section) not in matched:
                self.measured.unexpected.append(f"section '{_short(section['title'])}'")
            for recommendation in section["recommendations"]:
                if id(recommendation) not in matched:
                    self.measured.unexpected.append(
                        f"recommendation '{recommendation['reference']} {_short(recommendation['text'])}'".replace(
                            "' ", "'", 1
                        )
                    )
                for action in recommendation["actions"]:
                    if id(action) not in matched:
                        self.measured.unexpected.append(f"action '{_short(action['text'])}'")


def _greedy(pairs) -> dict:
    """Each expected thing paired with the proposal's thing most like it, best pairs first,
    each used once; pairs less alike than MATCH_AT_LEAST are not pairs."""
    found, used = {}, set()
    for score, where, identity, candidate in sorted(pairs, key=lambda pair: -pair[0]):
        if score < MATCH_AT_LEAST or where in found or identity in used:
            continue
        found[where] = candidate
        used.add(identity)
    return found


def _names(agency: str | tuple[str, ...]) -> tuple[str, ...]:
    return agency if isinstance(agency, tuple) else (agency,)


def _contains(place: list[str], wanted: list[str]) -> bool:
    size = len(wanted)
    return any(place[start : start + size] == wanted for start in range(len(place) - size + 1))


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 50 else text[:47] + "..."
