"""Reading the words of one cell as plans write them: lists of items, leads, progress notes with
dated updates, status and RAG words, milestones, sub-actions, source tags and cross-references.

Each reader takes the cell's text (see `table.Cell`) and returns plain data; none of them
touches the database. Where words cannot be read with certainty they are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from actionplans.models import Rag, Status, SubActionKind
from agencies.models import Agency

from .agency_words import kind_of

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_WORDS = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{2,4}}|{MONTH}\s+\d{{2,4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
)
# "Update June 12:", "Update 30th April 2012 -", "July 2012 update:", "As at 26th June 2012:",
# and the export's own "Update (undated):".
UPDATE_MARKER = re.compile(
    rf"\bupdate\s+(?:as\s+at\s+|on\s+)?(?P<a>{DATE_WORDS}|\(undated\))\s*[:\u2013\u2014-]"
    rf"|\b(?P<b>{DATE_WORDS})\s+update\s*[:\u2013\u2014-]"
    rf"|\bas\s+at\s+(?P<c>{DATE_WORDS})\s*[:\u2013\u2014-]",
    re.IGNORECASE,
)
STATUS_WORDS = {
    "completed": Status.COMPLETED,
    "complete": Status.COMPLETED,
    "ongoing": Status.ONGOING,
    "on-going": Status.ONGOING,
    "on going": Status.ONGOING,
    "underway": Status.UNDERWAY,
    "under way": Status.UNDERWAY,
    "in progress": Status.UNDERWAY,
    "not started": Status.NOT_STARTED,
    "not yet started": Status.NOT_STARTED,
    "not yet due": Status.NOT_YET_DUE,
    "deferred": Status.DEFERRED,
    "evidence not yet reported": Status.EVIDENCE_NOT_YET_REPORTED,
}
_STATUS_AT_START = re.compile(
    r"^\s*(?:status\s*:\s*)?("
    + "|".join(sorted(map(re.escape, STATUS_WORDS), key=len, reverse=True))
    + r")\b[.:,;\s]*",
    re.IGNORECASE,
)
_STATUS_LABEL = re.compile(r"^\s*status\s*:\s*([A-Za-z][A-Za-z -]*?)\s*(?:\.|$|\n)", re.IGNORECASE | re.MULTILINE)
_RAG_LABEL = re.compile(
    r"\bRAG(?:\s+rating)?\s*:\s*\(?(red|amber|green|blue|not rated)\b\)?(?::\s*[a-z ]+)?\.?", re.IGNORECASE
)
_RAG_SHOUTED = re.compile(r"\(?\b(RED|AMBER|GREEN|BLUE)\b\)?")
_RAG_DESCRIBED = re.compile(
    r"^\s*(Red|Amber|Green|Blue)(?::\s*(?:off track|at risk|on track|complete and assured))?\s*$", re.IGNORECASE
)
_IMPACT_LABEL = re.compile(r"^\s*evidence of impact\s*:\s*", re.IGNORECASE | re.MULTILINE)
_SOURCE_TAG = re.compile(r"\s*\[(?!see\b)([^\[\]]{3,80})\]\s*$", re.IGNORECASE)
_SEE_ALSO = re.compile(
    r"\[?\bsee\b(?:\s+[A-Za-z&' ]{0,80}?)?\s+(?:action\s+)?(?P<ref>\d+(?:\.\d+)*[a-z]?)(?:\s+(?:above|below))?\]?",
    re.IGNORECASE,
)
_LABELLED_PARTS = ("milestones", "outcome measure", "measure of success", "evidence")
ROLE_WORDS = {
    "director",
    "directors",
    "manager",
    "managers",
    "head",
    "team",
    "officer",
    "officers",
    "nurse",
    "nurses",
    "nursing",
    "doctor",
    "doctors",
    "chair",
    "board",
    "group",
    "service",
    "services",
    "designated",
    "named",
    "chief",
    "executive",
    "consultant",
    "coordinator",
    "co-ordinator",
    "matron",
    "senior",
    "principal",
    "commissioner",
    "commissioning",
    "all",
    "panel",
    "unit",
    "department",
    "practitioners",
    "staff",
    "paediatrician",
    "midwife",
    "midwifery",
    "visitor",
    "visitors",
    "clinical",
    "assistant",
    "deputy",
    "partners",
    "lead",
    "leads",
    "smt",
    "lscb",
    "safeguarding",
    "relevant",
    "appropriate",
    "hos",
    "hod",
    "don",
}
# Police ranks and other titles written before a name ("DCI Harriet Solberg", "Insp. Gareth
# Pryce", "Cllr Ann Lee"): the person's job title, not part of their name.
_RANKS = (
    r"PC|DC|PS|DS|Sgt|Insp|Inspector|DI|CI|DCI|Supt|Superintendent|DSupt|Ch\.?\s?Supt|DCS|ACC|DCC|CC|Cllr|Councillor"
)
_RANKED = re.compile(rf"^(?P<rank>(?:{_RANKS})\.?)\s+(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){{1,2}})$")
# "Jane Smith", "Dr Ann Lee": a person's name, as a cell writes one alone.
_PERSON = re.compile(rf"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|{_RANKS})\.?\s+)?[A-Z][a-z'-]+(?:[\s-]+[A-Z][a-z'-]+){{1,2}}$")
# "PCT Lead: ... CDDFT Lead: ...": each agency's lead, labelled in one cell.
_AGENCY_LEAD = re.compile(r"(?:^|(?<=\s))(?P<agency>[A-Z][A-Za-z&]{1,11})\s+[Ll]eads?\s*:\s*")
_BARE_LEAD_LABEL = re.compile(r"^\s*leads?\s*:\s*", re.IGNORECASE | re.MULTILINE)
# "Jane Smith & Safeguarding Team": two leads joined, when one of them is a person.
_JOINED = re.compile(r"\s+(?:&|and)\s+")


def items(text: str) -> list[str]:
    """The cell's paragraphs and list items, in order, without bullet marks."""
    return [re.sub(r"^-\s+", "", line).strip() for line in text.splitlines() if line.strip()]


# A tracker's one-letter ratings, a whole cell each.
_RAG_LETTERS = {"R": Rag.RED, "A": Rag.AMBER, "G": Rag.GREEN, "B": Rag.BLUE}


def label_of_rag(words: str) -> str:
    """'Amber', 'AMBER', 'Amber: at risk' or a tracker's 'A' as a RAG value, or '' (for 'Not
    rated' too)."""
    letter = _RAG_LETTERS.get((words or "").strip().upper())
    if letter:
        return letter.value
    match = _RAG_DESCRIBED.match(words or "")
    return Rag(match.group(1).lower()).value if match else ""


def status_of(words: str) -> str:
    """'Completed', 'On-going', 'Completed: awaiting assurance' as a status value, or ''."""
    head = (words or "").split(":")[0].strip().lower()
    return STATUS_WORDS.get(head, "")


# --- Leads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadWords:
    """One lead as a cell names them: a person ('Nik Flavell (Service Manager)', initials 'NF')
    or a role with no person ('Director of Nursing'), perhaps with their agency ('DBC – NF')."""

    words: str
    name: str = ""
    job_title: str = ""
    agency: str = ""

    @property
    def is_initials(self) -> bool:
        return bool(re.fullmatch(r"[A-Z]{2,4}", self.name))


def read_leads(text: str, agencies: set[str]) -> tuple[list[LeadWords], str]:
    """The leads a cell names, in order, and the words about them that name nobody ('to
    implement', 'as detailed in 1.10 above'), which are kept as a note."""
    leads: list[LeadWords] = []
    notes: list[str] = []
    labelled_note = re.search(r"^Note on leads:\s*(.+)$", text, re.MULTILINE | re.IGNORECASE)
    if labelled_note:  # as our own exports write it
        text = text[: labelled_note.start()] + text[labelled_note.end() :]
        notes.append(labelled_note.group(1).strip())
    for agency, words in _by_agency(text, agencies):
        for piece in _pieces(words):
            piece = piece.strip(" .-\u2013")
            if not piece:
                continue
            if piece in agencies and leads:
                leads[-1] = LeadWords(f"{leads[-1].words}, {piece}", leads[-1].name, leads[-1].job_title, piece)
                continue
            if re.search(r"\b(above|below|as detailed|see)\b", piece, re.IGNORECASE) or (
                piece[0].islower() and not _names_someone(piece)
            ):
                notes.append(piece)
                continue
            lead = _lead(piece, agencies)
            leads.append(lead if lead.agency or not agency else replace(lead, agency=agency))
    return leads, "; ".join(notes)


def _by_agency(text: str, agencies: set[str]) -> list[tuple[str, str]]:
    """The cell's words by the agency labelling them ('PCT Lead: ...'), '' for unlabelled."""
    labels = [
        match
        for match in _AGENCY_LEAD.finditer(text)
        if match.group("agency") in agencies
        or match.group("agency").isupper()
        or kind_of(match.group("agency")) != Agency.Kind.OTHER
    ]
    if not labels:
        return [("", _BARE_LEAD_LABEL.sub("", text))]
    found = [("", text[: labels[0].start()])] if text[: labels[0].start()].strip() else []
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        found.append((label.group("agency"), text[label.end() : end]))
    return found


def _is_agency_word(words: str, agencies: set[str]) -> bool:
    """'DBC' when the partnership has it; 'LA', 'PCT', 'ICB': a short name of a known kind;
    'Police', 'Council', 'Health': a short name of a kind, not a post ('Health Visitor')."""
    if words in agencies:
        return True
    if bool(re.fullmatch(r"[A-Z]{2,6}", words)):
        return kind_of(words) != Agency.Kind.OTHER
    return len(words.split()) <= 2 and not _is_role(words) and kind_of(words) != Agency.Kind.OTHER


def _pieces(text: str) -> list[str]:
    """The cell's leads one by one: by line, ';', ',' and '/', and '&' joining a person."""
    pieces = [
        piece
        for line in _split_outside_brackets(text, r"\n|;")
        # "Director of Nursing/SSCB rep (role)" is one post: its "/" does not part two people
        for piece in _split_outside_brackets(line, r"," if "(role)" in line else r"/|,")
    ]
    return [part for piece in _with_their_titles(pieces) for part in _unjoined(piece.strip())]


def _with_their_titles(pieces: list[str]) -> list[str]:
    """'Rosalind Achebe, Head of Service MASH' is one person and their job title, written as
    'Rosalind Achebe (Head of Service MASH)'; 'Jane Smith, Ann Lee' stays two people."""
    joined: list[str] = []
    for piece in pieces:
        words = piece.strip()
        # "Ann Lee, Designated Doctor (role)", "Ann Lee, Ben Hill (Director)": two leads already
        if (
            joined
            and looks_like_person(joined[-1].strip())
            and _is_role(words)
            and not looks_like_person(words)
            and "(" not in words
        ):
            joined[-1] = f"{joined[-1].strip()} ({words})"
        else:
            joined.append(piece)
    return joined


def _unjoined(piece: str) -> list[str]:
    """'Jane Smith & Safeguarding Team' is two leads; 'Children & Families Service' is one."""
    halves = _JOINED.split(piece, maxsplit=1)
    if len(halves) != 2 or "(" in piece:
        return [piece]
    people = [bool(_PERSON.match(half)) and not _is_role(half) for half in halves]
    if any(people) and all(person or _is_role(half) for person, half in zip(people, halves, strict=True)):
        return halves
    return [piece]


def looks_like_person(words: str) -> bool:
    """'Jane Smith', not 'Head of Service' nor 'Elmsworth Council'."""
    return bool(_PERSON.match(words)) and not _is_role(words) and kind_of(words) == Agency.Kind.OTHER


def _lead(words: str, agencies: set[str]) -> LeadWords:
    as_exported = re.match(r"^(.*?)\s*\(role\)\s*$", words)
    if as_exported:  # "SSCB – Legal and Procedures (role)": the whole title is the post's
        return LeadWords(words, "", as_exported.group(1).strip(), "")
    agency = ""
    prefixed = re.match(r"^([A-Z][A-Za-z&]{1,11})\s*[\u2013\u2014-]\s+(.+)$", words)
    if prefixed and (prefixed.group(1) in agencies or prefixed.group(1).isupper()):
        agency, words_left = prefixed.group(1), prefixed.group(2)
    else:
        words_left = words
    bracketed = re.match(r"^(.*?)\s*\((.+)\)\s*$", words_left)
    if bracketed and bracketed.group(2).strip().lower() == "role":
        return LeadWords(words, "", bracketed.group(1).strip(), agency)
    if bracketed and not agency and _is_agency_word(bracketed.group(2).strip(), agencies):
        return replace(_lead(bracketed.group(1).strip(), agencies), words=words, agency=bracketed.group(2).strip())
    if bracketed and bracketed.group(1).strip():
        name, title = bracketed.group(1).strip(), bracketed.group(2).strip()
        if _is_role(name) and not _is_role(title):
            name, title = title, name
        return LeadWords(words, name, title, agency)
    ranked = _RANKED.match(words_left)
    if ranked:
        return LeadWords(words, ranked.group("name"), ranked.group("rank"), agency)
    if _is_role(words_left):
        return LeadWords(words, "", words_left, agency)
    return LeadWords(words, words_left, "", agency)


def _names_someone(words: str) -> bool:
    """'designated Doctor for safeguarding (role)' names a post, lower case or not."""
    return words.endswith("(role)") or _is_role(words)


def _is_role(words: str) -> bool:
    if re.fullmatch(r"[A-Z]{2,4}", words):
        return False  # initials
    return any(word in ROLE_WORDS for word in re.findall(r"[a-z-]+", words.lower()))


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    pieces, depth, start = [], 0, 0
    pattern = re.compile(separator)
    position = 0
    while position < len(text):
        character = text[position]
        if character in "([":
            depth += 1
        elif character in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = pattern.match(text, position)
            if match and match.end() > position:
                pieces.append(text[start:position])
                start = position = match.end()
                continue
        position += 1
    pieces.append(text[start:])
    return pieces


# --- Progress -------------------------------------------------------------------------------


@dataclass
class UpdateWords:
    as_at: str = ""
    status: str = ""
    rag: str = ""
    note: str = ""
    evidence_of_impact: str = ""
    states_status: bool = False  # "Status: ..." was written, even if it names none
    states_rag: bool = False


def read_progress(text: str) -> list[UpdateWords]:
    """A progress cell as updates, earliest first.

    A dated passage ("Update June 12: ...", "July 2012 update: ...") is an update as at those
    words; words before the first dated passage are an undated update. "Status: X" and "RAG: X"
    set the status and RAG of their passage; otherwise a status word heading the cell and a RAG
    word in capitals anywhere are the latest update's, and the RAG word is taken out of the note.
    "Evidence of impact:" starts the passage's evidence of impact.
    """
    text = (text or "").strip()
    if not text:
        return []
    if label_of_rag(text):  # a cell that is only a rating: "Amber", "Red: off track"
        return [UpdateWords(rag=label_of_rag(text), states_rag=True)]
    head_status = ""
    found = _STATUS_AT_START.match(text)
    if found:
        head_status = STATUS_WORDS[found.group(1).lower()]
        text = text[found.end() :]
    passages: list[tuple[str, str]] = []
    markers = list(UPDATE_MARKER.finditer(text))
    first = markers[0].start() if markers else len(text)
    if text[:first].strip():
        passages.append(("", text[:first]))
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        as_at = marker.group("a") or marker.group("b") or marker.group("c")
        passages.append(("" if as_at.lower() == "(undated)" else as_at.strip(), text[marker.end() : end]))
    updates = [_passage(as_at, words) for as_at, words in passages] or [UpdateWords()]
    latest = updates[-1]
    if head_status and not latest.states_status:
        latest.status = head_status
    if not any(update.states_rag for update in updates):
        shouted = [match.group(1) for update in updates for match in _RAG_SHOUTED.finditer(update.note)]
        if shouted:
            latest.rag = Rag(shouted[-1].lower()).value
            for update in updates:
                update.note = _tidy(re.sub(r" {2,}", " ", _RAG_SHOUTED.sub("", update.note)))
    return updates


def _passage(as_at: str, words: str) -> UpdateWords:
    update = UpdateWords(as_at=as_at)
    rag = _RAG_LABEL.search(words)
    if rag:
        update.rag, update.states_rag = label_of_rag(rag.group(1)), True
        words = words[: rag.start()] + words[rag.end() :]
    status = _STATUS_LABEL.match(words)
    if status:
        update.status, update.states_status = status_of(status.group(1)), True
        words = words[: status.start()] + words[status.end() :]
    else:
        heading = _STATUS_AT_START.match(words)
        if heading:
            update.status = STATUS_WORDS[heading.group(1).lower()]
            words = words[heading.end() :]
    impact = _IMPACT_LABEL.search(words)
    if impact:
        update.evidence_of_impact = _tidy(words[impact.end() :])
        words = words[: impact.start()]
    update.note = _tidy(words)
    return update


def _tidy(words: str) -> str:
    """Lines stripped; one empty line at most between paragraphs, none at either end."""
    text = "\n".join(line.strip() for line in words.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# --- Milestones, sub-actions, sources and cross-references ----------------------------------


@dataclass
class MilestoneWords:
    text: str
    due: str = ""
    done_on: str = ""


def read_milestones(text: str) -> tuple[list[MilestoneWords], dict[str, str]]:
    """The milestones of a cell, and any labelled parts it also holds ('Outcome measure ...',
    'Measure of success ...', 'Evidence ...'), by label."""
    parts = _labelled_parts(text)
    milestones = []
    for line in items(parts.pop("milestones", "")):
        words, details = _details(line)
        milestones.append(MilestoneWords(words, details.get("due", ""), details.get("done", "")))
    return milestones, parts


def _labelled_parts(text: str) -> dict[str, str]:
    """Split at labels written with a capital ('Outcome measure', 'Evidence'), not at the same
    words inside a sentence ('provide evidence of effectiveness')."""
    pattern = re.compile(r"(?:^|(?<=\s))(" + "|".join(_LABELLED_PARTS) + r")\b\s*:?", re.IGNORECASE)
    matches = [match for match in pattern.finditer(text) if match.group(1)[0].isupper()]
    if not matches:
        return {"milestones": text}
    parts: dict[str, str] = {}
    if text[: matches[0].start()].strip():
        parts["milestones"] = text[: matches[0].start()]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = match.group(1).lower()
        parts[label] = "\n".join(filter(None, [parts.get(label, ""), text[match.end() : end].strip()]))
    return parts


@dataclass
class SubActionWords:
    kind: str
    text: str
    source: str = ""
    leads: str = ""
    leads_note: str = ""
    target: str = ""


_KINDS = {kind.label.lower(): kind.value for kind in SubActionKind}
_KIND_HEADING = re.compile(r"^(underpinned by|supplemented by|part of the action)\s*:?-?\s*(.*)$", re.IGNORECASE)


def read_sub_actions(text: str) -> list[SubActionWords]:
    """Sub-actions. An item opening with its kind ('Underpinned by: text — Leads: A; B. Date:
    June 2012') runs on over the lines after it until the next such item; a heading on its own
    ('Underpinned by:-') makes each line under it a sub-action of that kind."""
    found: list[list] = []  # [kind, lines]
    kind, listing = SubActionKind.PART.value, True
    for raw_line in (text or "").splitlines():
        line = re.sub(r"^-\s+", "", raw_line.strip())
        heading = _KIND_HEADING.match(line)
        if heading:
            kind = _KINDS[heading.group(1).lower()]
            listing = not heading.group(2).strip()
            if not listing:
                found.append([kind, [heading.group(2).strip()]])
        elif not listing and found:
            found[-1][1].append(line)
        elif line:
            found.append([kind, [line]])
    return [_sub_action_words(kind, "\n".join(lines).strip("\n")) for kind, lines in found]


def _sub_action_words(kind: str, line: str) -> SubActionWords:
    words, details = _details(line)
    words, source = split_source(words)
    return SubActionWords(
        kind, words, source, details.get("leads", ""), details.get("note on leads", ""), details.get("date", "")
    )


_DETAIL_LABELS = ("leads", "note on leads", "date", "due", "done")
_DETAILS = re.compile(
    r"(" + "|".join(_DETAIL_LABELS) + r"):\s*(.*?)(?=[.;]\s+(?:" + "|".join(_DETAIL_LABELS) + r"):|\.?$)",
    re.IGNORECASE,
)


def _details(line: str) -> tuple[str, dict[str, str]]:
    """'Text — Leads: A. Date: June 2012' as the text and its labelled details."""
    text, dash, rest = line.rpartition(" \u2014 ")
    if not dash:
        return line, {}
    details = {label.lower(): value.strip() for label, value in _DETAILS.findall(rest)}
    return (text, details) if details else (line, {})


def split_source(text: str) -> tuple[str, str]:
    """'Revise the audit tool [Peer Challenge Action Plan]' -> the text and its source tag."""
    match = _SOURCE_TAG.search(text)
    if not match:
        return text, ""
    return text[: match.start()].rstrip(), match.group(1).strip()


def cross_references(text: str) -> list[str]:
    """The action numbers a text refers to: '[See action 4 above]', 'see 1.8'."""
    return [match.group("ref") for match in _SEE_ALSO.finditer(text)]


_REFERENCE_RANGE = re.compile(
    r"\b(?:see|actions?)\b(?:\s+(?:in|at|under|from))?\s+(?P<first>\d+(?:\.\d+)*[a-z]?)"
    r"\s*(?:-|–|—|to)\s*(?P<last>\d+(?:\.\d+)*[a-z]?)\b",
    re.IGNORECASE,
)


def cross_reference_ranges(text: str) -> list[tuple[str, str]]:
    """The runs of action numbers a text refers to, as (first, last): 'Actions in 1.1 - 1.3',
    'see actions 2.1 to 2.4'."""
    return [(match.group("first"), match.group("last")) for match in _REFERENCE_RANGE.finditer(text)]


# --- The first cell of a row: timeframe and agencies before the recommendation -----------------

_TIMEFRAME_WORDS = re.compile(
    r"^(IMMEDIATE(?:LY)?|WITHIN\s+\d+\s+(?:MONTHS?|WEEKS?|DAYS?)|\d+\s+MONTHS?|\(\d+\s+months?\))\s*[:\-\u2013]?\s+",
    re.IGNORECASE,
)


@dataclass
class RecommendationWords:
    text: str
    timeframe: str = ""
    agencies: list[str] = field(default_factory=list)


def read_recommendation(
    text: str, agencies: set[str], *, timeframe_first: bool = True, agencies_first: bool = True
) -> RecommendationWords:
    """'IMMEDIATE DBC The council should ...' -> timeframe 'IMMEDIATE', agencies ['DBC'] and the
    text. Agency words are the partnership's short names, or (after a timeframe) words in
    capitals followed by more words; anything else stays in the text. A plan with a column of
    its own for the timeframe or the agencies says so with `timeframe_first` or
    `agencies_first` False, and its text is not searched for them."""
    words = text.strip()
    timeframe = ""
    found = _TIMEFRAME_WORDS.match(words) if timeframe_first else None
    if found:
        timeframe, words = found.group(1), words[found.end() :]
    named = []
    while agencies_first:
        token = re.match(r"^([A-Z][A-Z&]{1,9})\b(?:[,/]\s*|\s+)(?=\S)", words)
        if not token or not (token.group(1) in agencies or timeframe) or _is_shouted_text(words):
            break
        named.append(token.group(1))
        words = words[token.end() :]
    return RecommendationWords(words.strip(), timeframe, named)


def _is_shouted_text(words: str) -> bool:
    """A heading in capitals ('SAFEGUARDING SERVICES') is not a list of agencies."""
    letters = [character for character in words if character.isalpha()]
    return bool(letters) and sum(character.isupper() for character in letters) / len(letters) > 0.8
