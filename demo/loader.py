"""Builds one partnership, its people and its plan from a transcribed plan (demo/fixtures/*.yaml).

The format is described in demo/fixtures/README.md. Every mapping is checked for unknown keys and
every reference (officer, agency, forum, action key) must resolve, so a typo in a fixture stops
the load with the place it happened instead of silently dropping a fact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from actionplans.loose_dates import loose_date
from actionplans.models import ActionPlan, GlossaryTerm, Inspection, Judgement
from actionplans.plan_documents import PlanDocumentError, PlanWriter, as_text, checked, iso_date, saved
from agencies.models import Agency, Forum, Officer, Partnership
from reporting.models import CoverReport, ReportImplication
from reporting.services import version_freeze

__all__ = ["PlanDocumentError", "load_plan_document", "partnership_slug", "read_plan_document"]


def read_plan_document(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise PlanDocumentError(f"{path.name}: expected a mapping at the top level")
    return document


def partnership_slug(document: dict[str, Any], *, source: str) -> str:
    partnership = checked(document.get("partnership"), _PARTNERSHIP, f"{source}: partnership")
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
        self.document = checked(document, _TOP, source)
        self.source = source

    def build(self) -> Partnership:
        data = checked(self.document["partnership"], _PARTNERSHIP, f"{self.source}: partnership")
        self.partnership = saved(
            Partnership(
                slug=data["slug"],
                name=data["name"],
                short_name=data["short_name"],
                area=data["area"],
            )
        )
        self.writer = PlanWriter(self.partnership, agencies={}, officers={}, forums={}, source=self.source)
        self._people()
        for index, item in enumerate(self.document.get("forums") or []):
            item = checked(item, _FORUM, f"{self.source}: forums[{index}]")
            self.writer.forums[item["name"]] = saved(Forum(partnership=self.partnership, name=item["name"]))
        for index, item in enumerate(self.document.get("glossary") or []):
            item = checked(item, _GLOSSARY, f"{self.source}: glossary[{index}]")
            saved(GlossaryTerm(partnership=self.partnership, **item))
        inspection = self._inspection()
        self.writer.published_on = inspection.published_on
        plan = self.writer.plan(self.document["plan"], inspection)
        version = self._version(plan)
        self._cover_report(version)
        return self.partnership

    def _people(self):
        agency_rows = [
            checked(item, _AGENCY, f"{self.source}: agencies[{index}]")
            for index, item in enumerate(self.document.get("agencies") or [])
        ]
        for item in agency_rows:
            self.writer.agencies[item["short_name"]] = saved(
                Agency(
                    partnership=self.partnership,
                    short_name=item["short_name"],
                    name=item["name"],
                    kind=item["kind"],
                )
            )
        for index, item in enumerate(self.document.get("officers") or []):
            where = f"{self.source}: officers[{index}]"
            item = checked(item, _OFFICER, where)
            if item["key"] in self.writer.officers:
                raise PlanDocumentError(f"{where}: officer key {item['key']!r} is used twice")
            self.writer.officers[item["key"]] = saved(
                Officer(
                    partnership=self.partnership,
                    agency=self.writer.agency(item.get("agency"), where) if item.get("agency") else None,
                    name=item.get("name") or "",
                    job_title=item.get("job_title") or "",
                    email=item.get("email") or "",
                    phone=item.get("phone") or "",
                )
            )
        manager_key = self.document["partnership"].get("business_manager")
        if manager_key:
            self.partnership.business_manager = self.writer.officer(manager_key, f"{self.source}: partnership")
            saved(self.partnership)
        for item in agency_rows:
            if item.get("lead_officer"):
                agency = self.writer.agencies[item["short_name"]]
                agency.lead_officer = self.writer.officer(item["lead_officer"], f"agency {agency.short_name}")
                saved(agency)

    def _inspection(self) -> Inspection:
        where = f"{self.source}: inspection"
        data = checked(self.document["inspection"], _INSPECTION, where)
        inspection = Inspection(
            partnership=self.partnership,
            title=data["title"],
            inspectorates=data["inspectorates"],
            published_on=iso_date(data.get("published_on"), where),
            summary=as_text(data.get("summary")),
        )
        inspection.inspected = loose_date(data.get("inspected") or "")
        saved(inspection)
        for index, item in enumerate(data.get("judgements") or []):
            item = checked(item, _JUDGEMENT, f"{where}: judgements[{index}]")
            saved(Judgement(inspection=inspection, position=index, **item))
        return inspection

    def _version(self, plan: ActionPlan):
        if not self.document.get("version"):
            return None
        where = f"{self.source}: version"
        data = checked(self.document["version"], _VERSION, where)
        as_at = iso_date(data.get("as_at"), where)
        if as_at is None:
            raise PlanDocumentError(f"{where}: as_at is required")
        return version_freeze(
            plan=plan,
            label=data["label"],
            as_at=as_at,
            forum=self.writer.forum(data.get("forum"), where),
            meeting_date=iso_date(data.get("meeting_date"), where),
        )

    def _cover_report(self, version):
        if not self.document.get("cover_report"):
            return
        where = f"{self.source}: cover_report"
        if version is None:
            raise PlanDocumentError(f"{where}: a cover report belongs to a version; add a version")
        data = checked(self.document["cover_report"], _COVER_REPORT, where)
        report = saved(
            CoverReport(
                version=version,
                title=data["title"],
                addressed_to=data.get("addressed_to") or "",
                purpose=as_text(data.get("purpose")),
                summary=as_text(data.get("summary")),
                recommendation=as_text(data.get("recommendation")),
                signatory=self.writer.optional_officer(data.get("signatory"), where),
                contact=self.writer.optional_officer(data.get("contact"), where),
                background_papers=as_text(data.get("background_papers")),
            )
        )
        for index, item in enumerate(data.get("implications") or []):
            item = checked(item, _IMPLICATION, f"{where}: implications[{index}]")
            saved(
                ReportImplication(
                    cover_report=report,
                    position=index,
                    heading=item["heading"],
                    text=as_text(item.get("text")),
                )
            )
