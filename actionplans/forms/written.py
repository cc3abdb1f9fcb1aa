"""Form fields and their layout for the declared written fields (models/details.py), so that a
field added to a declaration reaches its form in the declared order with the declared words."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.layout import Field
from django import forms

from core.forms import text_field

from ..models import Detail


def written_field(detail: Detail) -> forms.CharField:
    """The field a plain form asks for the detail with (a model form has it from the model)."""
    field = detail.model._meta.get_field(detail.name)
    extra = {}
    if detail.form_required:
        heading = detail.form_heading
        extra["error_messages"] = {"required": f"Enter {heading[0].lower()}{heading[1:]}"}
    return text_field(
        detail.form_heading,
        max_length=field.max_length or detail.form_max_length,
        rows=detail.form_rows if detail.is_text else None,
        required=detail.form_required or not field.blank,
        help_text=detail.form_help,
        **extra,
    )


def label_written(form: forms.ModelForm, details: Iterable[Detail]) -> None:
    """Give a model form's written fields the words the declarations ask for them in."""
    for detail in details:
        if detail.form_label:
            form.fields[detail.name].label = detail.form_label


def written_layout(
    details: Iterable[Detail],
    *,
    after: dict[str, list[LayoutObject]] | None = None,
    within: dict[str, Callable[[LayoutObject], LayoutObject]] | None = None,
) -> list[LayoutObject]:
    """The details' inputs in the declared order, each followed by the form's own fields placed
    `after` it and wrapped by `within` where the form groups it with others."""
    after, within = after or {}, within or {}
    layout: list[LayoutObject] = []
    placed: set[str] = set()
    for detail in details:
        if detail.is_text:
            field = Field.textarea(detail.name, rows=detail.form_rows)
        elif detail.form_width:
            field = Field.text(detail.name, field_width=detail.form_width)
        else:
            field = Field.text(detail.name)
        layout.append(within[detail.name](field) if detail.name in within else field)
        layout.extend(after.get(detail.name, []))
        placed.add(detail.name)
    # The form's own fields stay on the form even where the detail they follow is left out of it.
    for name, fields in after.items():
        if name not in placed:
            layout.extend(fields)
    return layout
