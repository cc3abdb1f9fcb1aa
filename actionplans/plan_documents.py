"""Writing a plan from its documented data (demo/fixtures/README.md, "plan:" and below).

The demo's transcribed plans and imported plans are both written through `PlanWriter`, so a
plan is built one way whatever it came from. Every mapping is checked for unknown keys and every
reference (officer, agency, forum, action key) must resolve: a mistake stops the write with the
place it happened instead of silently dropping a fact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from agencies.models import Agency, Forum, Officer, Partnership
from core.text import fit_text_to_fields

from .loose_dates import loose_date
from .models import (
    ACTION_DETAIL_NAMES,
    ACTION_DETAILS,
    Action,
    ActionLead,
    ActionPlan,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Section,
    SubAction,
    SubActionLead,
    timeframe_from_words,
)


class PlanDocumentError(ValueError):
    """The plan data is not in the documented format; the message says where."""


_PLAN = {
    "title",
    "description",
    "owner_body",
    "version_label",
    "as_at",
    "is_draft",
    "notes",
    "monitoring_forum",
    "signed_off_by",
    "sections",
}
_SECTION = {"number", "title", "recommendations"}
_RECOMMENDATION = {
    "reference",
    "text",
    "timeframe",
    "report_paragraphs",
    "agencies",
    "agencies_note",
    "practice_standards",
    "source",
    "monitoring_officer",
    "actions",
}
_ACTION = {
    "key",
    "reference",
    "text",
    "source",
    "agency",
    "leads",
    "leads_note",
    "target_date",
    *ACTION_DETAIL_NAMES,
    "reported_to",
    "next_review",
    "see_also",
    "milestones",
    "sub_actions",
    "updates",
    "extra",
}
_MILESTONE = {"text", "due", "done_on"}
_SUB_ACTION = {"kind", "text", "source", "leads", "leads_note", "target_date"}
_UPDATE = {"as_at", "status", "rag", "note", "evidence_of_impact", "author"}


class PlanWriter:
    """Writes plans into `partnership`, naming agencies by short name, officers by key and
    forums by name (the dictionaries given, which the caller fills)."""

    def __init__(
        self,
        partnership: Partnership,
        *,
        agencies: dict[str, Agency],
        officers: dict[str, Officer],
        forums: dict[str, Forum],
        source: str,
        published_on: date | None = None,
    ):
        self.partnership = partnership
        self.agencies = agencies
        self.officers = officers
        self.forums = forums
        self.source = source
        self.published_on = published_on
        self.actions: dict[str, Action] = {}
        self.cross_references: list[tuple[str, Action, str]] = []

    def plan(self, data: dict, inspection=None) -> ActionPlan:
        """Write the plan, its sections and everything in them, then its cross-references."""
        plan = self._plan(data, inspection)
        self.link_cross_references()
        return plan

    def _plan(self, data: dict, inspection) -> ActionPlan:
        where = f"{self.source}: plan"
        data = checked(data, _PLAN, where)
        plan = ActionPlan(
            partnership=self.partnership,
            inspection=inspection,
            title=data["title"],
            description=as_text(data.get("description")),
            owner_body=data["owner_body"],
            version_label=data.get("version_label") or "",
            is_draft=bool(data.get("is_draft")),
            notes=as_text(data.get("notes")),
            monitoring_forum=self.forum(data.get("monitoring_forum"), where),
            signed_off_by=self.optional_officer(data.get("signed_off_by"), where),
        )
        plan.as_at = loose_date(data.get("as_at") or "")
        saved(plan)
        for position, item in enumerate(data.get("sections") or []):
            self.section(plan, position, item, f"{where}: sections[{position}]")
        Action.objects.filter(recommendation__section__plan=plan).refresh_latest_updates()
        return plan

    def section(self, plan: ActionPlan, position: int, data: dict, where: str):
        data = checked(data, _SECTION, where)
        section = saved(
            Section(
                plan=plan,
                position=position,
                number=str(data.get("number") or ""),
                title=data["title"],
            )
        )
        for index, item in enumerate(data.get("recommendations") or []):
            self.recommendation(section, index, item, f"{where}: recommendations[{index}]")
        return section

    def recommendation(self, section: Section, position: int, data: dict, where: str):
        data = checked(data, _RECOMMENDATION, where)
        words = data.get("timeframe") or ""
        timeframe, timeframe_date = timeframe_from_words(words)
        recommendation = saved(
            Recommendation(
                section=section,
                position=position,
                reference=str(data.get("reference") or ""),
                text=as_text(data["text"]),
                timeframe=timeframe,
                timeframe_text=words,
                timeframe_date=timeframe_date,
                report_paragraphs=data.get("report_paragraphs") or "",
                agencies_note=data.get("agencies_note") or "",
                practice_standards="\n".join(data.get("practice_standards") or []),
                source=data.get("source") or "",
                monitoring_officer=self.optional_officer(data.get("monitoring_officer"), where),
            )
        )
        recommendation.agencies.set([self.agency(name, where) for name in data.get("agencies") or []])
        for index, item in enumerate(data.get("actions") or []):
            self.action(recommendation, index, item, f"{where}: actions[{index}]")
        return recommendation

    def action(self, recommendation: Recommendation, position: int, data: dict, where: str):
        if isinstance(data, dict) and data.get("key"):
            where = f"{where} ({data['key']})"
        data = checked(data, _ACTION, where)
        key = data["key"]
        if key in self.actions:
            raise PlanDocumentError(f"{where}: action key {key!r} is used twice")
        action = Action(
            recommendation=recommendation,
            position=position,
            reference=str(data.get("reference") or ""),
            text=as_text(data["text"]),
            source=data.get("source") or "",
            agency=self.agency(data["agency"], where),
            leads_note=data.get("leads_note") or "",
            **{detail.name: detail.stored(data.get(detail.name)) for detail in ACTION_DETAILS},
            reported_to=self.forum(data.get("reported_to"), where),
            extra_columns=dict(data.get("extra") or {}),
        )
        action.target = loose_date(data.get("target_date") or "", published_on=self.published_on)
        action.next_review = loose_date(data.get("next_review") or "")
        saved(action)
        self.actions[key] = action
        for order, officer_key in enumerate(data.get("leads") or []):
            saved(ActionLead(action=action, officer=self.officer(officer_key, where), position=order))
        for order, item in enumerate(data.get("milestones") or []):
            self.milestone(action, order, item, f"{where}: milestones[{order}]")
        for order, item in enumerate(data.get("sub_actions") or []):
            self.sub_action(action, order, item, f"{where}: sub_actions[{order}]")
        for order, item in enumerate(data.get("updates") or []):
            self.update(action, item, f"{where}: updates[{order}]")
        for target_key in data.get("see_also") or []:
            self.cross_references.append((where, action, target_key))
        return action

    def milestone(self, action: Action, position: int, data: dict, where: str):
        data = checked(data, _MILESTONE, where)
        milestone = Milestone(
            action=action,
            position=position,
            text=as_text(data["text"]),
            done_on=iso_date(data.get("done_on"), where),
        )
        milestone.due = loose_date(data.get("due") or "", published_on=self.published_on)
        saved(milestone)

    def sub_action(self, action: Action, position: int, data: dict, where: str):
        data = checked(data, _SUB_ACTION, where)
        sub_action = SubAction(
            action=action,
            position=position,
            kind=data["kind"],
            text=as_text(data["text"]),
            source=data.get("source") or "",
            leads_note=data.get("leads_note") or "",
        )
        sub_action.target = loose_date(data.get("target_date") or "", published_on=self.published_on)
        saved(sub_action)
        for order, officer_key in enumerate(data.get("leads") or []):
            saved(SubActionLead(sub_action=sub_action, officer=self.officer(officer_key, where), position=order))

    def update(self, action: Action, data: dict, where: str):
        data = checked(data, _UPDATE, where)
        update = ProgressUpdate(
            action=action,
            status=data.get("status") or "",
            rag=data.get("rag") or "",
            note=as_text(data.get("note")),
            evidence_of_impact=as_text(data.get("evidence_of_impact")),
            author=self.optional_officer(data.get("author"), where),
        )
        update.as_at = loose_date(data.get("as_at") or "")
        saved(update)

    def link_cross_references(self):
        for where, action, key in self.cross_references:
            if key not in self.actions:
                raise PlanDocumentError(f"{where}: see_also names unknown action key {key!r}")
            action.cross_references.add(self.actions[key])

    def agency(self, short_name: str, where: str) -> Agency:
        try:
            return self.agencies[short_name]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown agency {short_name!r}") from None

    def officer(self, key: str, where: str) -> Officer:
        try:
            return self.officers[key]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown officer {key!r}") from None

    def optional_officer(self, key: str | None, where: str) -> Officer | None:
        return self.officer(key, where) if key else None

    def forum(self, name: str | None, where: str) -> Forum | None:
        if not name:
            return None
        try:
            return self.forums[name]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown forum {name!r}") from None


def checked(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PlanDocumentError(f"{where}: expected a mapping, found {type(data).__name__}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PlanDocumentError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return data


def saved(instance):
    # A cell or a folded YAML line may wrap inside a title or a name: one-line fields get one line.
    fit_text_to_fields(instance)
    # Uniqueness and check constraints are enforced by the database on save.
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()
    return instance


def as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def iso_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlanDocumentError(f"{where}: {value!r} is not a date in the form 2012-06-30") from None
