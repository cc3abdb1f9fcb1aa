"""Where what a column fills will appear once the plan is imported: on the plan's pages, in the
board paper and in the spreadsheet, from the declarations of the written fields. The preview
says so for each column that will not appear in all three."""

from __future__ import annotations

from actionplans.models import ACTION_DETAILS, Output

from .fields import RECOMMENDATION_COLUMNS, UPDATE_COLUMNS, Target

OUTPUTS = (Output.PAGE, Output.PAPER, Output.SPREADSHEET)
_WHERE = {
    Output.PAGE: "on the plan's pages",
    Output.PAPER: "in the board paper",
    Output.SPREADSHEET: "in the spreadsheet",
}
_DECLARED = {
    **{Target(detail.name): detail for detail in ACTION_DETAILS},
    **{Target(detail.name): detail for detail in RECOMMENDATION_COLUMNS},
    **{Target(detail.name): detail for detail in UPDATE_COLUMNS},
}
# Every other target is a field that each of the three outputs lays out itself.


def outputs_of(target: str) -> tuple[Output, ...]:
    """The outputs that show what a column of this target fills."""
    if target == Target.IGNORE:
        return ()
    detail = _DECLARED.get(Target(target))
    return tuple(output for output in OUTPUTS if detail is None or detail.appears_in(output))


def appearance_note(heading: str, target: str) -> str:
    """A sentence for the preview when the column will not appear everywhere, else ''."""
    shown = outputs_of(target)
    name = f"The column ‘{heading}’" if heading else "A column with no heading"
    if not shown:
        return f"{name} will not be imported."
    if len(shown) == len(OUTPUTS):
        return ""
    missing = [_WHERE[output] for output in OUTPUTS if output not in shown]
    return (
        f"{name} ({Target(target).label.lower()}) will appear {_joined([_WHERE[output] for output in shown])}, "
        f"but not {_joined(missing, 'or')}."
    )


def _joined(parts: list[str], last: str = "and") -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"
