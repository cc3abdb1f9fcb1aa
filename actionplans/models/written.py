"""Fields for the words people write into a plan. Each refuses control characters (a one-line
field refuses line breaks too), so no field can forget to."""

from django.db import models

from core.text import refuse_control_characters, refuse_control_characters_in_text


def written_text(*args, **kwargs) -> models.TextField:
    return models.TextField(*args, validators=[refuse_control_characters_in_text], **kwargs)


def written_line(*args, **kwargs) -> models.CharField:
    return models.CharField(*args, validators=[refuse_control_characters], **kwargs)
