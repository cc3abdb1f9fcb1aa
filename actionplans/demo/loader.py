"""Builds one partnership, its people and its plan from a transcribed plan (fixtures/*.yaml).

The format is described in fixtures/README.md. Every mapping is checked for unknown keys and
every reference (officer, agency, forum, action key) must resolve, so a typo in a fixture stops
the load with the place it happened instead of silently dropping a fact.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agencies.models import Agency, Forum, Officer, Partnership
from reporting.models import CoverReport, ReportImplication
from reporting.services import version_freeze

from ..loose_dates import loose_date
from ..models import (
    Action,
    ActionLead,
    ActionPlan,
    GlossaryTerm,
    Inspection,
    Judgement,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Section,
    SubAction,
    SubActionLead,
    timeframe_from_words,
)


class PlanDocumentError(ValueError):
    """The transcribed plan is not in the documented format; the message says where."""


def read_plan_document(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise PlanDocumentError(f"{path.name}: expected a mapping at the top level")
    return document


def partnership_slug(document: dict[str, Any], *, source: str) -> str:
    partnership = _checked(document.get("partnership"), _PARTNERSHIP, f"{source}: partnership")
    return partnership["slug"]


def load_plan_document(document: dict[str, Any], *, source: str) -> Partnership:
    """Create the partnership described by `document`, all or nothing."""
    with transaction.atomic():
        return _Builder(document, source).build()


_TOP = {
    "partnership",
    "agencies",
    "officers",
    "forums",
    "glossary",
    "inspection",
    "plan",
    "version",
    "cover_report",
}
_VERSION = {"label", "as_at", "forum", "meeting_date"}
_PARTNERSHIP = {"slug", "name", "short_name", "area", "business_manager"}
_AGENCY = {"short_name", "name", "kind", "lead_officer"}
_OFFICER = {"key", "name", "job_title", "agency", "email", "phone"}
_FORUM = {"name"}
_GLOSSARY = {"abbreviation", "meaning"}
_INSPECTION = {"title", "inspectorates", "inspected", "published_on", "summary", "judgements"}
_JUDGEMENT = {"area", "criterion", "grade"}
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
    "outcome_measure",
    "measure_of_success",
    "evidence_expected",
    "assurance_measures",
    "desired_outcome",
    "reported_to",
    "next_review",
    "see_also",
    "milestones",
    "sub_actions",
    "updates",
}
_MILESTONE = {"text", "due", "done_on"}
_SUB_ACTION = {"kind", "text", "source", "leads", "leads_note", "target_date"}
_UPDATE = {"as_at", "status", "rag", "note", "evidence_of_impact", "author"}
_COVER_REPORT = {
    "title",
    "addressed_to",
    "purpose",
    "summary",
    "recommendation",
    "signatory",
    "contact",
    "background_papers",
    "implications",
}
_IMPLICATION = {"heading", "text"}


class _Builder:
    def __init__(self, document: dict[str, Any], source: str):
        self.document = _checked(document, _TOP, source)
        self.source = source
        self.agencies: dict[str, Agency] = {}
        self.officers: dict[str, Officer] = {}
        self.forums: dict[str, Forum] = {}
        self.actions: dict[str, Action] = {}
        self.cross_references: list[tuple[str, Action, str]] = []

    def build(self) -> Partnership:
        data = _checked(self.document["partnership"], _PARTNERSHIP, f"{self.source}: partnership")
        self.partnership = _saved(
            Partnership(
                slug=data["slug"],
                name=data["name"],
                short_name=data["short_name"],
                area=data["area"],
            )
        )
        self._people()
        for index, item in enumerate(self.document.get("forums") or []):
            item = _checked(item, _FORUM, f"{self.source}: forums[{index}]")
            self.forums[item["name"]] = _saved(Forum(partnership=self.partnership, name=item["name"]))
        for index, item in enumerate(self.document.get("glossary") or []):
            item = _checked(item, _GLOSSARY, f"{self.source}: glossary[{index}]")
            _saved(GlossaryTerm(partnership=self.partnership, **item))
        inspection = self._inspection()
        plan = self._plan(inspection)
        self._cross_references()
        version = self._version(plan)
        self._cover_report(version)
        return self.partnership

    def _people(self):
        agency_rows = [
            _checked(item, _AGENCY, f"{self.source}: agencies[{index}]")
            for index, item in enumerate(self.document.get("agencies") or [])
        ]
        for item in agency_rows:
            self.agencies[item["short_name"]] = _saved(
                Agency(
                    partnership=self.partnership,
                    short_name=item["short_name"],
                    name=item["name"],
                    kind=item["kind"],
                )
            )
        for index, item in enumerate(self.document.get("officers") or []):
            where = f"{self.source}: officers[{index}]"
            item = _checked(item, _OFFICER, where)
            if item["key"] in self.officers:
                raise PlanDocumentError(f"{where}: officer key {item['key']!r} is used twice")
            self.officers[item["key"]] = _saved(
                Officer(
                    partnership=self.partnership,
                    agency=self._agency(item.get("agency"), where) if item.get("agency") else None,
                    name=item.get("name") or "",
                    job_title=item.get("job_title") or "",
                    email=item.get("email") or "",
                    phone=item.get("phone") or "",
                )
            )
        manager_key = self.document["partnership"].get("business_manager")
        if manager_key:
            self.partnership.business_manager = self._officer(manager_key, f"{self.source}: partnership")
            _saved(self.partnership)
        for item in agency_rows:
            if item.get("lead_officer"):
                agency = self.agencies[item["short_name"]]
                agency.lead_officer = self._officer(item["lead_officer"], f"agency {agency.short_name}")
                _saved(agency)

    def _inspection(self) -> Inspection:
        where = f"{self.source}: inspection"
        data = _checked(self.document["inspection"], _INSPECTION, where)
        inspection = Inspection(
            partnership=self.partnership,
            title=data["title"],
            inspectorates=data["inspectorates"],
            published_on=_iso_date(data.get("published_on"), where),
            summary=_text(data.get("summary")),
        )
        inspection.inspected = loose_date(data.get("inspected") or "")
        _saved(inspection)
        for index, item in enumerate(data.get("judgements") or []):
            item = _checked(item, _JUDGEMENT, f"{where}: judgements[{index}]")
            _saved(Judgement(inspection=inspection, position=index, **item))
        self.published_on = inspection.published_on
        return inspection

    def _plan(self, inspection: Inspection) -> ActionPlan:
        where = f"{self.source}: plan"
        data = _checked(self.document["plan"], _PLAN, where)
        plan = ActionPlan(
            partnership=self.partnership,
            inspection=inspection,
            title=data["title"],
            description=_text(data.get("description")),
            owner_body=data["owner_body"],
            version_label=data.get("version_label") or "",
            is_draft=bool(data.get("is_draft")),
            notes=_text(data.get("notes")),
            monitoring_forum=self._forum(data.get("monitoring_forum"), where),
            signed_off_by=self._optional_officer(data.get("signed_off_by"), where),
        )
        plan.as_at = loose_date(data.get("as_at") or "")
        _saved(plan)
        for position, item in enumerate(data.get("sections") or []):
            self._section(plan, position, item, f"{where}: sections[{position}]")
        Action.objects.filter(recommendation__section__plan=plan).refresh_latest_updates()
        return plan

    def _section(self, plan: ActionPlan, position: int, data: dict, where: str):
        data = _checked(data, _SECTION, where)
        section = _saved(
            Section(
                plan=plan,
                position=position,
                number=str(data.get("number") or ""),
                title=data["title"],
            )
        )
        for index, item in enumerate(data.get("recommendations") or []):
            self._recommendation(section, index, item, f"{where}: recommendations[{index}]")

    def _recommendation(self, section: Section, position: int, data: dict, where: str):
        data = _checked(data, _RECOMMENDATION, where)
        words = data.get("timeframe") or ""
        timeframe, timeframe_date = timeframe_from_words(words)
        recommendation = _saved(
            Recommendation(
                section=section,
                position=position,
                reference=str(data.get("reference") or ""),
                text=_text(data["text"]),
                timeframe=timeframe,
                timeframe_text=words,
                timeframe_date=timeframe_date,
                report_paragraphs=data.get("report_paragraphs") or "",
                agencies_note=data.get("agencies_note") or "",
                practice_standards="\n".join(data.get("practice_standards") or []),
                source=data.get("source") or "",
                monitoring_officer=self._optional_officer(data.get("monitoring_officer"), where),
            )
        )
        recommendation.agencies.set([self._agency(name, where) for name in data.get("agencies") or []])
        for index, item in enumerate(data.get("actions") or []):
            self._action(recommendation, index, item, f"{where}: actions[{index}]")

    def _action(self, recommendation: Recommendation, position: int, data: dict, where: str):
        if isinstance(data, dict) and data.get("key"):
            where = f"{where} ({data['key']})"
        data = _checked(data, _ACTION, where)
        key = data["key"]
        if key in self.actions:
            raise PlanDocumentError(f"{where}: action key {key!r} is used twice")
        action = Action(
            recommendation=recommendation,
            position=position,
            reference=str(data.get("reference") or ""),
            text=_text(data["text"]),
            source=data.get("source") or "",
            agency=self._agency(data["agency"], where),
            leads_note=data.get("leads_note") or "",
            outcome_measure=_text(data.get("outcome_measure")),
            measure_of_success=_text(data.get("measure_of_success")),
            evidence_expected=_text(data.get("evidence_expected")),
            assurance_measures="\n".join(data.get("assurance_measures") or []),
            desired_outcome=_text(data.get("desired_outcome")),
            reported_to=self._forum(data.get("reported_to"), where),
        )
        action.target = loose_date(data.get("target_date") or "", published_on=self.published_on)
        action.next_review = loose_date(data.get("next_review") or "")
        _saved(action)
        self.actions[key] = action
        for order, officer_key in enumerate(data.get("leads") or []):
            _saved(ActionLead(action=action, officer=self._officer(officer_key, where), position=order))
        for order, item in enumerate(data.get("milestones") or []):
            self._milestone(action, order, item, f"{where}: milestones[{order}]")
        for order, item in enumerate(data.get("sub_actions") or []):
            self._sub_action(action, order, item, f"{where}: sub_actions[{order}]")
        for order, item in enumerate(data.get("updates") or []):
            self._update(action, item, f"{where}: updates[{order}]")
        for target_key in data.get("see_also") or []:
            self.cross_references.append((where, action, target_key))

    def _milestone(self, action: Action, position: int, data: dict, where: str):
        data = _checked(data, _MILESTONE, where)
        milestone = Milestone(
            action=action,
            position=position,
            text=_text(data["text"]),
            done_on=_iso_date(data.get("done_on"), where),
        )
        milestone.due = loose_date(data.get("due") or "", published_on=self.published_on)
        _saved(milestone)

    def _sub_action(self, action: Action, position: int, data: dict, where: str):
        data = _checked(data, _SUB_ACTION, where)
        sub_action = SubAction(
            action=action,
            position=position,
            kind=data["kind"],
            text=_text(data["text"]),
            source=data.get("source") or "",
            leads_note=data.get("leads_note") or "",
        )
        sub_action.target = loose_date(data.get("target_date") or "", published_on=self.published_on)
        _saved(sub_action)
        for order, officer_key in enumerate(data.get("leads") or []):
            _saved(SubActionLead(sub_action=sub_action, officer=self._officer(officer_key, where), position=order))

    def _update(self, action: Action, data: dict, where: str):
        data = _checked(data, _UPDATE, where)
        update = ProgressUpdate(
            action=action,
            status=data.get("status") or "",
            rag=data.get("rag") or "",
            note=_text(data.get("note")),
            evidence_of_impact=_text(data.get("evidence_of_impact")),
            author=self._optional_officer(data.get("author"), where),
        )
        update.as_at = loose_date(data.get("as_at") or "")
        _saved(update)

    def _cross_references(self):
        for where, action, key in self.cross_references:
            if key not in self.actions:
                raise PlanDocumentError(f"{where}: see_also names unknown action key {key!r}")
            action.cross_references.add(self.actions[key])

    def _version(self, plan: ActionPlan):
        if not self.document.get("version"):
            return None
        where = f"{self.source}: version"
        data = _checked(self.document["version"], _VERSION, where)
        as_at = _iso_date(data.get("as_at"), where)
        if as_at is None:
            raise PlanDocumentError(f"{where}: as_at is required")
        return version_freeze(
            plan=plan,
            label=data["label"],
            as_at=as_at,
            forum=self._forum(data.get("forum"), where),
            meeting_date=_iso_date(data.get("meeting_date"), where),
        )

    def _cover_report(self, version):
        if not self.document.get("cover_report"):
            return
        where = f"{self.source}: cover_report"
        if version is None:
            raise PlanDocumentError(f"{where}: a cover report belongs to a version; add a version")
        data = _checked(self.document["cover_report"], _COVER_REPORT, where)
        report = _saved(
            CoverReport(
                version=version,
                title=data["title"],
                addressed_to=data.get("addressed_to") or "",
                purpose=_text(data.get("purpose")),
                summary=_text(data.get("summary")),
                recommendation=_text(data.get("recommendation")),
                signatory=self._optional_officer(data.get("signatory"), where),
                contact=self._optional_officer(data.get("contact"), where),
                background_papers=_text(data.get("background_papers")),
            )
        )
        for index, item in enumerate(data.get("implications") or []):
            item = _checked(item, _IMPLICATION, f"{where}: implications[{index}]")
            _saved(
                ReportImplication(
                    cover_report=report,
                    position=index,
                    heading=item["heading"],
                    text=_text(item.get("text")),
                )
            )

    def _agency(self, short_name: str, where: str) -> Agency:
        try:
            return self.agencies[short_name]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown agency {short_name!r}") from None

    def _officer(self, key: str, where: str) -> Officer:
        try:
            return self.officers[key]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown officer {key!r}") from None

    def _optional_officer(self, key: str | None, where: str) -> Officer | None:
        return self._officer(key, where) if key else None

    def _forum(self, name: str | None, where: str) -> Forum | None:
        if not name:
            return None
        try:
            return self.forums[name]
        except KeyError:
            raise PlanDocumentError(f"{where}: unknown forum {name!r}") from None


def _checked(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PlanDocumentError(f"{where}: expected a mapping, found {type(data).__name__}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PlanDocumentError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return data


def _saved(instance):
    # Uniqueness and check constraints are enforced by the database on save.
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()
    return instance


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _iso_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlanDocumentError(f"{where}: {value!r} is not a date in the form 2012-06-30") from None
