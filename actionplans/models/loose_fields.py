"""A loose date stored as three columns (words as written, last day allowed, precision)."""

from django.db import models
from django.db.models import Q

from ..loose_dates import LooseDate, Precision
from .written import written_line


def loose_date_fields(label: str):
    """The three fields of one loose date, to unpack in a model body:
    `target_text, target_date, target_precision = loose_date_fields("target date")`."""
    return (
        written_line(f"{label} as written", max_length=300, blank=True),
        models.DateField(label, null=True, blank=True, help_text="The last day the words allow."),
        written_line(
            f"{label} precision",
            max_length=5,
            choices=Precision.choices,
            blank=True,
        ),
    )


def loose_date_constraint(prefix: str, model_name: str) -> models.CheckConstraint:
    """A date always has a precision, and a precision always has a date."""
    no_date = Q(**{f"{prefix}_date__isnull": True, f"{prefix}_precision": ""})
    dated = Q(**{f"{prefix}_date__isnull": False}) & ~Q(**{f"{prefix}_precision": ""})
    return models.CheckConstraint(condition=no_date | dated, name=f"{model_name}_{prefix}_date_has_precision")


class LooseDateAttribute:
    """Reads and writes the three fields of `prefix` as one LooseDate."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return LooseDate(
            text=getattr(instance, f"{self.prefix}_text"),
            date=getattr(instance, f"{self.prefix}_date"),
            precision=getattr(instance, f"{self.prefix}_precision"),
        )

    def __set__(self, instance, value: LooseDate):
        setattr(instance, f"{self.prefix}_text", value.text)
        setattr(instance, f"{self.prefix}_date", value.date)
        setattr(instance, f"{self.prefix}_precision", value.precision)
