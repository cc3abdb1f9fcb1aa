"""Saving an edit only if nobody else saved the same record since the editor opened it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.db import transaction


@dataclass(frozen=True)
class OtherChange:
    when: datetime
    who: str
    field: str
    before: str
    after: str


class EditConflict(Exception):
    """Someone saved the record after the editor opened it; `changes` says what they changed."""

    def __init__(self, current, changes: list[OtherChange]):
        super().__init__(f"{current} was changed by someone else")
        self.current = current
        self.changes = changes


def save_if_unchanged(instance, *, expected_version: int) -> None:
    """Save `instance` (a model with a `version` field) unless its version moved on."""
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:
            raise EditConflict(current, changes_since(current, expected_version))
        instance.version = current.version + 1
        instance.full_clean()
        instance.save()


def changes_since(instance, version: int) -> list[OtherChange]:
    """What was changed in `instance` after it was at `version`, oldest first."""
    entries = LogEntry.objects.get_for_object(instance).filter(action=LogEntry.Action.UPDATE)
    changes = []
    for entry in entries.select_related("actor").order_by("timestamp", "pk"):
        saved_version = (entry.changes or {}).get("version")
        if not saved_version or int(saved_version[0]) < version:
            continue
        who = entry.actor.get_full_name() or entry.actor.username if entry.actor else "the system"
        for field, (before, after) in entry.changes.items():
            if field in ("version", "updated_at"):
                continue
            label = instance._meta.get_field(field).verbose_name
            changes.append(OtherChange(entry.timestamp, who, str(label), str(before), str(after)))
    return changes
