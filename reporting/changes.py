"""What changed in a plan between two snapshots: new actions, changed status, RAG, target
date, leads or text, removed actions, and the updates added since."""

from __future__ import annotations

from dataclasses import dataclass, field

NEW, CHANGED, UNCHANGED, REMOVED = "new", "changed", "unchanged", "removed"

# What a board asks about, in the order a paper lists it.
COMPARED = [
    ("Status", lambda action: action["progress"]["status_label"]),
    ("RAG", lambda action: action["progress"]["rag_label"]),
    ("Target date", lambda action: action["target"]),
    ("Leads", lambda action: "; ".join(action["leads"])),
    ("Action", lambda action: action["text"]),
    ("Agency", lambda action: action["agency"]),
]


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ActionChange:
    action: dict
    kind: str
    changes: list[FieldChange] = field(default_factory=list)
    new_updates: list[dict] = field(default_factory=list)

    @property
    def is_change(self) -> bool:
        return self.kind != UNCHANGED


def actions_of(snapshot: dict):
    for section in snapshot["sections"]:
        for recommendation in section["recommendations"]:
            for action in recommendation["actions"]:
                yield section, recommendation, action


def compare(before: dict, after: dict) -> dict[int, ActionChange]:
    """Every action of `after` (and those `after` no longer has), keyed by action id."""
    earlier = {action["id"]: action for _s, _r, action in actions_of(before)}
    result = {}
    for _section, _recommendation, action in actions_of(after):
        old = earlier.pop(action["id"], None)
        if old is None:
            result[action["id"]] = ActionChange(action, NEW, new_updates=action["updates"])
            continue
        changes = [
            FieldChange(label, value(old), value(action)) for label, value in COMPARED if value(old) != value(action)
        ]
        known = {update["id"] for update in old["updates"]}
        added = [update for update in action["updates"] if update["id"] not in known]
        result[action["id"]] = ActionChange(action, CHANGED if changes or added else UNCHANGED, changes, added)
    for action_id, old in earlier.items():
        result[action_id] = ActionChange(old, REMOVED)
    return result


def summary(changes: dict[int, ActionChange]) -> dict[str, int]:
    counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REMOVED: 0}
    for change in changes.values():
        counts[change.kind] += 1
    return counts
