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
    reason: str = ""


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
        known = {update["id"] for update in old["updates"]}
        added = [update for update in action["updates"] if update["id"] not in known]
        changes = [
            FieldChange(label, value(old), value(action), _reason(label, old, action, added))
            for label, value in COMPARED
            if value(old) != value(action)
        ]
        result[action["id"]] = ActionChange(action, CHANGED if changes or added else UNCHANGED, changes, added)
    for action_id, old in earlier.items():
        result[action_id] = ActionChange(old, REMOVED)
    return result


def _reason(label: str, old: dict, new: dict, added_updates: list[dict]) -> str:
    """Why a field changed, where the plan records it: the reasons given for moving the target
    date or for a better RAG rating, and a returned completion's reason."""
    if label == "Target date":
        known = {change["id"] for change in old.get("target_changes", [])}
        return "; ".join(
            change["reason"]
            for change in new.get("target_changes", [])
            if change["id"] not in known and change["reason"]
        )
    if label == "RAG":
        return "; ".join(update["rag_change_reason"] for update in added_updates if update.get("rag_change_reason"))
    if label == "Status":
        sign_off = new["updates"][-1].get("sign_off") if new["updates"] else None
        return sign_off["reason"] if sign_off and sign_off["reason"] else ""
    return ""


def summary(changes: dict[int, ActionChange]) -> dict[str, int]:
    counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REMOVED: 0}
    for change in changes.values():
        counts[change.kind] += 1
    return counts
