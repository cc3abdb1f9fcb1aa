"""Form fields for dates as plans write them and as GOV.UK date inputs."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from core.text import refuse_control_characters

from ..loose_dates import LooseDate, Meaning, read_loose_date

LOOSE_DATE_HINT = "As the plan writes it: for example 30 September 2026, September 2026, Within 3 months or Ongoing."


class FillsInstance:
    """For a ModelForm with fields of its own (a date as typed, a timeframe's words): `fills`
    maps each model field to the form field that sets it when the form is saved."""

    fills: dict[str, str] = {}

    def save(self, commit=True):
        for model_field, form_field in self.fills.items():
            setattr(self.instance, model_field, self.cleaned_data[form_field])
        return super().save(commit)


def ticked_field(label: str, model, **kwargs) -> forms.ModelMultipleChoiceField:
    """Boxes to tick, any or none, among rows of `model` that the form then limits to its own."""
    return forms.ModelMultipleChoiceField(
        label=label, queryset=model.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


class LooseDateField(forms.CharField):
    """The plan's own words for a date; cleans to a LooseDate, refusing words that name an
    impossible date or none that can be read."""

    default_validators = [refuse_control_characters]

    def __init__(self, *, allow_relative: bool = True, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LOOSE_DATE_HINT)
        self.allow_relative = allow_relative
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.text or value.formatted if isinstance(value, LooseDate) else value

    def clean(self, value):
        words = super().clean(value).strip()
        reading = read_loose_date(words)
        if reading.meaning is Meaning.UNREADABLE:
            raise ValidationError(f"{reading.explanation} {LOOSE_DATE_HINT}")
        if reading.meaning is Meaning.RELATIVE and not self.allow_relative:
            raise ValidationError(f"Enter a date, not a timeframe. {LOOSE_DATE_HINT}")
        return reading.value


class DayMonthYearField(DateInputField):
    """A GOV.UK date input whose value is the (day, month, year) typed; `date_from_parts`
    turns it into a date with messages in plain English."""

    def compress(self, data_list):
        return tuple(data_list) if any(data_list) else None


def gds_date_field(
    label: str, hint: str = "", required: bool = True, *, described_as: str | None = None
) -> DayMonthYearField:
    """A GOV.UK date input. Its messages call it `described_as` (default: the label, in lower case)."""
    name = described_as or label.lower()
    field = DayMonthYearField(label=label, help_text=hint, required=required, require_all_fields=False)
    field.error_messages.update(
        required=f"Enter the {name}",
        incomplete=f"Enter the {name} as a day, month and year",
    )
    for part, subfield in zip(("day", "month", "year"), field.fields, strict=True):
        subfield.validators = [RegexValidator(r"^[0-9]+$", f"Enter the {part} of the {name} as a number")]
    return field


def date_from_parts(parts, label: str, *, not_in_future: bool = True) -> date | None:
    """A GOV.UK date input's day, month and year as a date, or an error saying what is wrong."""
    if not parts:
        return None
    day, month, year = parts
    try:
        value = date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):  # a year past 9999 is a ValueError, past a C long an OverflowError
        raise ValidationError(f"The {label.lower()} must be a real date, for example 27 3 2026") from None
    if not_in_future and value > timezone.localdate():
        raise ValidationError(f"The {label.lower()} must be today or in the past")
    if value.year < 2000:
        raise ValidationError(f"The {label.lower()} must be after the year 2000")
    return value


def parts_of(value: date | None):
    return (value.day, value.month, value.year) if value else None
