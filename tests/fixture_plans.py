"""Read the transcribed demo plans (demo/fixtures/*.yaml) for tests that check them against the seeds."""

from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "demo" / "fixtures"


def plan_documents() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.yaml"))}


def actions_of(document: dict):
    for section in document["plan"]["sections"]:
        for recommendation in section.get("recommendations") or []:
            for action in recommendation.get("actions") or []:
                yield section, recommendation, action


def date_phrases() -> list[tuple[str, str, str]]:
    """(plan, field, words) for every loose date written in the demo plans."""
    phrases = []
    for name, document in plan_documents().items():
        phrases.append((name, "inspected", document["inspection"].get("inspected") or ""))
        phrases.append((name, "as_at", document["plan"].get("as_at") or ""))
        for _section, recommendation, action in actions_of(document):
            phrases.append((name, "timeframe", recommendation.get("timeframe") or ""))
            phrases.append((name, "target_date", action.get("target_date") or ""))
            phrases.append((name, "next_review", action.get("next_review") or ""))
            for milestone in action.get("milestones") or []:
                phrases.append((name, "milestone due", milestone.get("due") or ""))
            for sub_action in action.get("sub_actions") or []:
                phrases.append((name, "sub-action target", sub_action.get("target_date") or ""))
            for update in action.get("updates") or []:
                phrases.append((name, "update as_at", update.get("as_at") or ""))
    return sorted(set(phrases))
