"""The import report's words: per file and field, right / wrong field / lost, and the totals."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from agencies.models import Partnership
from imports.apply import import_plan
from imports.table import ImportRefused

from .expected import Layout
from .measure import FIELDS, Measured, describe, measure

FIELD_WIDTH = 26


def rehearsal_for_new_partnership():
    """A rehearsal of each import (everything done, then undone) into a partnership made for the
    report, with no agencies, officers or forums: a new partnership's first import."""
    partnership, _ = Partnership.objects.get_or_create(
        slug="import-corpus",
        defaults={"name": "Import Corpus Partnership", "short_name": "Corpus SCP", "area": "Corpus"},
    )
    user, _ = get_user_model().objects.get_or_create(username="import-corpus-manager")

    def rehearse(proposal, title: str) -> str:
        try:
            import_plan(
                partnership=partnership, proposal=proposal, user=user, source="corpus", title=title, dry_run=True
            )
        except ImportRefused as refusal:
            return str(refusal)
        return ""

    return rehearse


def measure_both(layout: Layout, rehearse=None) -> tuple[Measured, Measured]:
    return measure(layout, rehearse=rehearse), measure(layout, with_choices=True, rehearse=rehearse)


def report(layouts: list[Layout], *, rehearse=None, brief: bool = False) -> str:
    lines: list[str] = []
    results = [measure_both(layout, rehearse) for layout in layouts]
    if not brief:
        for proposed, chosen in results:
            lines += _file(proposed, chosen)
    lines += _summary(results)
    return "\n".join(lines)


def _file(proposed: Measured, chosen: Measured) -> list[str]:
    layout = proposed.layout
    lines = [f"== {layout.name} ({layout.file_name}): {layout.modelled_on}"]
    choices = "; ".join(describe(choice) for choice in layout.choices) or "none listed"
    lines.append(f"   choices: {choices}")
    lines.append(f"   {'field':<{FIELD_WIDTH}} {'as proposed':>22}   {'with the choices':>22}")
    lines.append(f"   {'':<{FIELD_WIDTH}} {'right wrong  lost said':>22}   {'right wrong  lost said':>22}")
    names = [name for name in FIELDS if name in proposed.tallies or name in chosen.tallies]
    names += sorted((set(proposed.tallies) | set(chosen.tallies)) - set(FIELDS))
    for name in names:
        lines.append(f"   {name:<{FIELD_WIDTH}} {_counts(proposed, name):>22}   {_counts(chosen, name):>22}")
    for run, measured in (("as proposed", proposed), ("with the choices", chosen)):
        lines.append(f"   {run}: {_verdict(measured)}")
        if measured.columns:
            lines.append(f"     columns: {'; '.join(measured.columns)}")
        lines += _details(measured)
    lines.append("")
    return lines


def _counts(measured: Measured, name: str) -> str:
    tally = measured.tallies.get(name)
    if tally is None:
        return "-"
    return f"{tally.right:5} {tally.wrong:5} {tally.lost:5} {tally.said:4}"


def _verdict(measured: Measured) -> str:
    if measured.failure:
        return f"FAILED: {measured.failure}"
    total = measured.total
    words = f"{total.right} of {total.cells} cells right ({measured.share_right:.0%}), {total.wrong} in a wrong field, "
    words += f"{total.lost} lost ({total.lost - total.said} silently)"
    if measured.unexpected:
        words += f", {len(measured.unexpected)} things not in the plan"
    if measured.unfinished:
        words += ", cannot finish"
    return words + (": 100% right" if measured.all_right else ": not 100% right")


def _details(measured: Measured, limit: int = 6) -> list[str]:
    lines = []
    for heading, found in (
        ("cannot finish", measured.unfinished),
        ("not in the plan", measured.unexpected),
        ("choice not made", measured.notes),
    ):
        for words in found[:limit]:
            lines.append(f"     {heading}: {words}")
        if len(found) > limit:
            lines.append(f"     {heading}: ... and {len(found) - limit} more")
    return lines


def _summary(results: list[tuple[Measured, Measured]]) -> list[str]:
    lines = ["== Summary", f"   {'file':<34} {'as proposed':>12} {'with choices':>13}"]
    for proposed, chosen in results:
        lines.append(f"   {proposed.layout.name:<34} {_share(proposed):>12} {_share(chosen):>13}")
    count = len(results)
    for run, index in (("as proposed", 0), ("with the choices", 1)):
        runs = [pair[index] for pair in results]
        right = sum(measured.all_right for measured in runs)
        failed = sum(bool(measured.failure) for measured in runs)
        lost = sum(measured.total.lost for measured in runs)
        silent = sum(measured.total.lost - measured.total.said for measured in runs)
        cells = sum(measured.total.cells for measured in runs)
        good = sum(measured.total.right for measured in runs)
        lines.append(
            f"   {run}: {right} of {count} files 100% right, {failed} failed; "
            f"{good} of {cells} cells right; {lost} cells lost ({silent} silently)"
        )
    return lines


def _share(measured: Measured) -> str:
    if measured.failure:
        return "FAILED"
    mark = " ok" if measured.all_right else ""
    return f"{measured.share_right:.0%}{mark}"
