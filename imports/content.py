"""What a column's cells say it holds, whatever its heading says: status or RAG words, dates,
names, numbering, one long text repeated down the column. Each verdict carries its reason in the
words the columns page shows ("43 of 44 cells are status words")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from actionplans.models import ACTION_DETAILS

from .cells import DATE_WORDS, UPDATE_MARKER, label_of_rag, looks_like_person, read_leads, status_of
from .fields import Target

# Fewer filled cells than this say too little to go against a heading.
MIN_CELLS = 3
MOSTLY = 0.8
_DETAILS = {Target(detail.name) for detail in ACTION_DETAILS}
_FREE_TEXT = {None, Target.EXTRA, Target.PROGRESS, Target.EVIDENCE_OF_IMPACT, Target.MILESTONES, *_DETAILS}
# The heading suggestions each verdict may overrule: a column of status words headed "Progress
# note / Evidence" holds statuses, but a "Target date" column of "Ongoing" still holds dates.
OVERRULES: dict[Target, set] = {
    Target.STATUS: _FREE_TEXT | {Target.RAG},
    Target.RAG: _FREE_TEXT | {Target.STATUS},
    Target.PROGRESS: (_FREE_TEXT - {Target.EVIDENCE_OF_IMPACT}) | {Target.STATUS, Target.RAG},
    Target.RECOMMENDATION: {None, Target.EXTRA, Target.ACTION},
    Target.ACTION_REFERENCE: {None, Target.EXTRA, Target.RECOMMENDATION_REFERENCE},
    Target.RECOMMENDATION_REFERENCE: {None, Target.EXTRA},
    Target.TARGET: {None, Target.EXTRA},
    # "Lead (agency)" over "Insp. Gareth Pryce (Police)": people, each with their agency
    Target.LEADS: {None, Target.EXTRA, Target.AGENCY},
}
_DATE = re.compile(rf"^(?:by\s+|end\s+(?:of\s+)?)?{DATE_WORDS}$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^\d{1,3}[.)]?$")
_DOTTED_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})+[a-z]?[.)]?$")
# A recommendation is a sentence; a theme repeated down its column ("Joint commissioning") is not.
_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class Verdict:
    target: Target
    reason: str
    dotted: bool = False  # numbered like "1.1": the numbers of actions, whatever comes next


def filled_cells(table, header_row: int, index: int) -> list[str]:
    """The words of a column's filled cells under its heading, top to bottom."""
    return [
        row[index].text.strip()
        for row in table.rows[header_row + 1 :]
        if index < len(row) and row[index].text.strip() and not row[index].covered
    ]


def verdict(cells: list[str]) -> Verdict | None:
    """What the cells hold, when most of them agree; None when they say nothing clear."""
    if len(cells) < MIN_CELLS:
        return None
    for test in (_ratings, _statuses, _progress_notes, _numbers, _dates, _repeated_long_texts, _names):
        found = test(cells)
        if found:
            return found
    return None


def chosen_target(found: Verdict | None, heading_target: Target | None) -> Target | None:
    """The field the cells choose over what the heading alone suggests, or None to keep it."""
    if found is None or found.target == heading_target:
        return None
    if found.target == Target.LEADS and heading_target == Target.PROGRESS:
        return Target.EXTRA  # names under a "Monitoring ..." heading are people, not progress
    return found.target if heading_target in OVERRULES.get(found.target, set()) else None


def _share(cells: list[str], test: Callable[[str], bool]) -> tuple[int, bool]:
    count = sum(1 for cell in cells if test(cell))
    return count, count >= MOSTLY * len(cells)


def _of(count: int, cells: list[str], what: str) -> str:
    return f"{count} of {len(cells)} cells {what}"


def _ratings(cells):
    count, mostly = _share(cells, lambda cell: bool(label_of_rag(cell)))
    return Verdict(Target.RAG, _of(count, cells, "are RAG ratings")) if mostly else None


def _statuses(cells):
    count, mostly = _share(cells, _is_status)
    if not mostly or any(_is_note(cell) and not _is_status(cell) for cell in cells):
        return None  # a note among the statuses would be lost from a status column
    return Verdict(Target.STATUS, _of(count, cells, "are status words"))


def _is_status(cell: str) -> bool:
    """'Completed', 'Not yet due', 'Completed: awaiting assurance', not a note that starts so."""
    _head, _colon, rest = cell.partition(":")
    return len(rest.split()) <= 3 and "\n" not in cell and bool(status_of(cell.rstrip(".")))


def _progress_notes(cells):
    count, mostly = _share(cells, _is_note)
    what = "are progress notes with a status or a dated update"
    return Verdict(Target.PROGRESS, _of(count, cells, what)) if mostly else None


def _is_note(cell: str) -> bool:
    """A cell opening with a status word ('Underway: dates set'), or holding a dated update."""
    head = cell.split(maxsplit=3)
    opens = any(status_of(" ".join(head[:length]).rstrip(".:,;")) for length in (1, 2, 3, 4))
    return opens or bool(UPDATE_MARKER.search(cell))


def _numbers(cells):
    dotted, mostly_dotted = _share(cells, lambda cell: bool(_DOTTED_NUMBER.match(cell)))
    if mostly_dotted:
        return Verdict(Target.ACTION_REFERENCE, _of(dotted, cells, "are numbered like '1.1'"), dotted=True)
    plain, mostly_plain = _share(cells, lambda cell: bool(_PLAIN_NUMBER.match(cell)))
    if not mostly_plain:
        return None
    if _repeats(cells):  # one number over several rows numbers what those rows share
        return Verdict(
            Target.RECOMMENDATION_REFERENCE, _of(plain, cells, "are numbers like '1.', repeated down the column")
        )
    return Verdict(Target.ACTION_REFERENCE, _of(plain, cells, "are numbers like '1.'"))


def _dates(cells):
    count, mostly = _share(cells, lambda cell: bool(_DATE.match(cell)))
    return Verdict(Target.TARGET, _of(count, cells, "are dates")) if mostly else None


def _repeated_long_texts(cells):
    long = [cell for cell in cells if len(cell.split()) >= _SENTENCE_WORDS]
    if len(long) < MOSTLY * len(cells) or not _repeats(long):
        return None
    repeated = sum(1 for before, cell in zip(long, long[1:], strict=False) if cell == before)
    return Verdict(
        Target.RECOMMENDATION,
        f"the same long text runs on over several rows ({repeated} of {len(cells)} cells repeat the one above)",
    )


def _repeats(cells: list[str]) -> bool:
    """A quarter of the cells (two at least) repeat the cell above them."""
    repeated = sum(1 for before, cell in zip(cells, cells[1:], strict=False) if cell == before)
    return repeated >= max(2, len(cells) / 4)


def _names(cells):
    count, mostly = _share(cells, _names_people)
    return Verdict(Target.LEADS, _of(count, cells, "name people or posts")) if mostly else None


def _names_people(cell: str) -> bool:
    if len(cell) > 100:
        return False
    leads, note = read_leads(cell, set())
    return bool(leads) and not note and all(looks_like_person(lead.name) or lead.job_title for lead in leads)
