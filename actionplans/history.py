"""An action's change history, from the audit log: who changed what, when, before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist

_HIDDEN = {"id", "version", "created_at", "updated_at", "recorded_at", "uploaded_at", "file"}
_VERBS = {
    LogEntry.Action.CREATE: "added",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "removed",
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    summary: str
    changes: list[FieldChange] = field(default_factory=list)


def action_history(action) -> list[HistoryEntry]:
    """Every audited change to the action and the rows that belong to it, newest first."""
    entries = (
        LogEntry.objects.filter(additional_data__action_id=action.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return [_entry(log) for log in entries]


def _entry(log: LogEntry) -> HistoryEntry:
    model = log.content_type.model_class()
    noun = model._meta.verbose_name if model else log.content_type.model
    who = (log.actor.get_full_name() or log.actor.username) if log.actor else "Loaded from the plan document"
    summary = f"{_VERBS.get(log.action, 'changed')} {noun}: {log.object_repr}"
    changes = [] if log.action == LogEntry.Action.CREATE else _changes(model, log.changes or {})
    return HistoryEntry(log.timestamp, who, summary[0].upper() + summary[1:], changes)


def _changes(model, changes: dict) -> list[FieldChange]:
    shown = []
    for name, values in changes.items():
        if name in _HIDDEN or _shown_as_words(name, changes):
            continue
        before, after = (values + [None, None])[:2] if isinstance(values, list) else (values, None)
        shown.append(FieldChange(_label(model, name), _text(before), _text(after)))
    return shown


def _shown_as_words(name: str, changes: dict) -> bool:
    """A loose date's derived columns are left out when its words changed too."""
    for suffix in ("_date", "_precision"):
        if name.endswith(suffix) and f"{name[: -len(suffix)]}_text" in changes:
            return True
    return False


def _label(model, name: str) -> str:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        label = name.replace("_", " ")
    return label[0].upper() + label[1:]


def _text(value) -> str:
    return "(empty)" if value in (None, "", "None") else str(value)
