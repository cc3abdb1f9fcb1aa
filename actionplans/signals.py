"""What the plans announce, for the layers above them (the board papers) to act on."""

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

# Sent inside the transaction that closes an update round, with `update_round`, `by` and
# `freeze` (a Freeze, or None). A receiver that fails undoes the close: both or neither.
round_closed = Signal()


@dataclass(frozen=True)
class Freeze:
    """The closer's request to keep the plan as it stands, as a version with this label."""

    label: str
    as_at: date
