"""Text that must fit on one line: the validators that refuse control characters, and folding them away.

A one-line value (a title, a name, a reference) ends up in email subjects, file names, CSV cells
and page headings, where a line break splits or forges a line ("\\r\\nBcc: ..."). Control
characters are Unicode's category Cc (U+0000 to U+001F and U+007F to U+009F, which include NUL,
CR, LF, tab and NEL) and the line and paragraph separators (U+2028, U+2029: all of Zl and Zp).
Tab is refused too: it cannot be typed into a one-line box (the key moves to the next field), so
one that arrives was pasted or forged, and it prints as a gap that misaligns papers and exports.
Multi-line text keeps its line breaks and tabs; its other control characters are refused.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

ONE_LINE_MESSAGE = "This must be on one line: it cannot contain line breaks or control characters"
TEXT_MESSAGE = "This cannot contain control characters such as NUL or escape codes (line breaks and tabs are fine)"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"\s*[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]+\s*")


def refuse_control_characters(value) -> None:
    """The validator on every one-line field."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="control_characters")


def refuse_control_characters_in_text(value) -> None:
    """The validator on every multi-line field: line breaks and tabs stay, the others are refused."""
    if isinstance(value, str) and _CONTROL_IN_TEXT.search(value):
        raise ValidationError(TEXT_MESSAGE, code="control_characters")


def one_line(value: str) -> str:
    """`value` on one line: each run of line breaks or tabs (and the spaces around it) becomes one
    space, and the other control characters are removed."""
    return _CONTROL.sub("", _BREAKS.sub(" ", value)).strip()


def without_control_characters(value: str) -> str:
    """Multi-line `value` with the control characters other than line breaks and tabs removed."""
    return _CONTROL_IN_TEXT.sub("", value)


def fit_text_to_fields(instance: models.Model) -> models.Model:
    """Fold the one-line fields of `instance` onto one line and take the control characters out of
    its multi-line fields, so that text read from a file passes the fields' validators."""
    for field in _text_fields(type(instance)):
        setattr(instance, field.attname, _fitted(field, getattr(instance, field.attname)))
    return instance


def fit_stored_text(model) -> int:
    """Fit the text already stored in every row of `model` to its fields, as `fit_text_to_fields`
    does, so that rows saved before the validators pass them; the number of rows changed."""
    fields = _text_fields(model)
    changed = 0
    for row in model._base_manager.values("pk", *(field.attname for field in fields)).iterator():
        fitted = {field.attname: _fitted(field, row[field.attname]) for field in fields}
        changes = {name: value for name, value in fitted.items() if value != row[name]}
        if changes:
            model._base_manager.filter(pk=row["pk"]).update(**changes)
            changed += 1
    return changed


def _text_fields(model) -> list:
    return [field for field in model._meta.concrete_fields if isinstance(field, (models.CharField, models.TextField))]


def _fitted(field, value):
    if not isinstance(value, str):
        return value
    if isinstance(field, models.TextField):
        return without_control_characters(value)
    return one_line(value)
