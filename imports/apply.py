"""Writing a read plan: a new plan in one transaction, or the changes to a plan imported before
(matched by section, recommendation and action numbers or words), reported line by line."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction

from actionplans.loose_dates import loose_date
from actionplans.models import ACTION_DETAILS, Action, ActionLead, ActionPlan, Recommendation, Section
from actionplans.plan_documents import PlanDocumentError, PlanWriter
from actionplans.services.targets import target_change_record
from agencies.models import Agency, Forum, Officer
from core.text import fit_text_to_fields

from .fields import words_of
from .interpret import Proposal
from .table import ImportRefused


@dataclass
class ImportReport:
    plan: ActionPlan | None = None
    created: bool = False
    changes: list[str] = field(default_factory=list)
    unchanged_actions: int = 0
    not_in_file: list[str] = field(default_factory=list)


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def import_plan(
    *,
    partnership,
    proposal: Proposal,
    user,
    source: str,
    title: str = "",
    into: ActionPlan | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Create a plan titled `title` from `proposal`, or bring the plan `into` up to date with
    it; all or nothing. With `dry_run`, everything is done and then undone, so the report says
    exactly what an import would do."""
    if not proposal.can_import:
        raise ImportRefused("The plan cannot be imported until the problems marked as blocking are put right.")
    try:
        with set_actor(user), transaction.atomic():
            writer = _writer(partnership, proposal, source)
            if into is None:
                report = ImportReport(plan=_create(writer, partnership, proposal, title), created=True)
            else:
                report = _Updater(writer, into, proposal, source).run()
            if dry_run:
                raise _DryRun(report)
            return report
    except _DryRun as rehearsal:
        return rehearsal.report
    except (PlanDocumentError, ValidationError) as error:
        raise ImportRefused(f"The plan could not be imported, and nothing has been saved: {_plain(error)}") from error


def _writer(partnership, proposal: Proposal, source: str) -> PlanWriter:
    """A writer knowing the partnership's agencies, officers and forums, with the new ones the
    proposal needs created first."""
    agencies = {agency.short_name: agency for agency in Agency.objects.filter(partnership=partnership)}
    for new in proposal.new_agencies:
        agencies[new["short_name"]] = _created(Agency(partnership=partnership, **new))
    officers = {
        key: officer for officer in Officer.objects.filter(partnership=partnership) for key in [f"officer-{officer.pk}"]
    }
    for new in proposal.new_officers:
        officer = Officer(
            partnership=partnership,
            name=new["name"][:120],
            job_title=new["job_title"][:200],
            agency=agencies.get(new["agency"]),
        )
        fit_text_to_fields(officer).full_clean()
        officer.save()
        officers[new["key"]] = officer
    forums = {forum.name: forum for forum in Forum.objects.filter(partnership=partnership)}
    for name in proposal.new_forums:
        forums[name] = _created(Forum(partnership=partnership, name=name))
    return PlanWriter(partnership, agencies=agencies, officers=officers, forums=forums, source=source)


def _created(instance):
    fit_text_to_fields(instance).save()
    return instance


def _create(writer: PlanWriter, partnership, proposal: Proposal, title: str) -> ActionPlan:
    return writer.plan(
        {
            "title": title,
            "description": proposal.plan.get("description", ""),
            "owner_body": partnership.short_name,
            "sections": proposal.plan["sections"],
        }
    )


class _Updater:
    """Brings an existing plan up to date with a proposal read from a newer copy of it."""

    def __init__(self, writer: PlanWriter, plan: ActionPlan, proposal: Proposal, source: str):
        self.writer = writer
        self.plan = plan
        self.proposal = proposal
        self.source = source
        self.report = ImportReport(plan=plan)
        self.seen: set[int] = set()

    def run(self) -> ImportReport:
        sections = list(self.plan.sections.all())
        for data in self.proposal.plan["sections"]:
            section = next((section for section in sections if _same(section.title, data["title"])), None)
            if section is None:
                section = self.writer.section(self.plan, len(sections), {**data, "recommendations": []}, self.source)
                sections.append(section)
                self.report.changes.append(f"New section: {data['title']}")
            self._recommendations(section, data["recommendations"])
        self.writer.link_cross_references()
        Action.objects.filter(recommendation__section__plan=self.plan).refresh_latest_updates()
        left = Action.objects.filter(recommendation__section__plan=self.plan).exclude(pk__in=self.seen)
        self.report.not_in_file = [_name(action) for action in left.in_plan_order()]
        return self.report

    def _recommendations(self, section: Section, items: list[dict]):
        existing = list(section.recommendations.all())
        for data in items:
            recommendation = next((found for found in existing if _same_recommendation(found, data)), None)
            if recommendation is None:
                recommendation = self.writer.recommendation(
                    section, len(existing), {**data, "actions": []}, self.source
                )
                existing.append(recommendation)
                self.report.changes.append(f"New recommendation: {_short(data['reference'], data['text'])}")
            elif not _same(recommendation.text, data["text"]):
                self.report.changes.append(
                    f"Recommendation {_short(recommendation.reference, recommendation.text)}: text changed"
                )
                recommendation.text = data["text"]
                recommendation.version += 1
                recommendation.save()
            self._actions(recommendation, data["actions"])

    def _actions(self, recommendation: Recommendation, items: list[dict]):
        existing = list(recommendation.actions.all())
        for data in items:
            action = next((found for found in existing if _same_action(found, data)), None)
            if action is None:
                position = Action.objects.filter(recommendation=recommendation).count()
                self.seen.add(self.writer.action(recommendation, position, data, self.source).pk)
                self.report.changes.append(f"New action: {_short(data['reference'], data['text'])}")
                continue
            self.writer.actions[data["key"]] = action
            self.seen.add(action.pk)
            changes = self._changed(action, data)
            if changes:
                self.report.changes += [f"Action {_name(action)}: {change}" for change in changes]
            else:
                self.report.unchanged_actions += 1

    def _changed(self, action: Action, data: dict) -> list[str]:
        changes = []
        before_target = action.target
        compared = {"text": "text", "source": "source"}
        compared |= {detail.name: detail.verbose_name for detail in ACTION_DETAILS if not detail.one_per_line}
        for name, label in compared.items():
            if (data.get(name) or "") != getattr(action, name):
                changes.append(f"{label} changed")
                setattr(action, name, data.get(name) or "")
        agency = self.writer.agency(data["agency"], self.source)
        if agency.pk != action.agency_id:
            changes.append(f"agency {action.agency.short_name} → {agency.short_name}")
            action.agency = agency
        target = loose_date(data.get("target_date") or "")
        if (target.text, target.date) != (before_target.text, before_target.date):
            target_change_record(
                action=action,
                before=before_target,
                after=target,
                reason=f"Changed by importing {self.source}.",
                by=None,
            )
            changes.append(f"target date {before_target or 'none'} → {target or 'none'}")
            action.target = target
        if data.get("extra") and data["extra"] != action.extra_columns:
            action.extra_columns = {**action.extra_columns, **data["extra"]}
            changes.append("other columns changed")
        if changes:
            action.version += 1
            action.save()
        leads = [self.writer.officer(key, self.source) for key in data.get("leads") or []]
        current = [link.officer_id for link in action.lead_links.order_by("position", "pk")]
        if [officer.pk for officer in leads] != current and leads:
            ActionLead.objects.filter(action=action).delete()
            for position, officer in enumerate(leads):
                ActionLead.objects.create(action=action, officer=officer, position=position)
            changes.append("leads " + ", ".join(str(officer) for officer in leads))
        known = {(update.as_at_text, " ".join(words_of(update.note))) for update in action.progress_updates.all()}
        added = 0
        for update in data.get("updates") or []:
            if (update.get("as_at") or "", " ".join(words_of(update.get("note") or ""))) not in known:
                self.writer.update(action, update, self.source)
                added += 1
        if added:
            changes.append(f"{added} new progress update{'s' if added != 1 else ''}")
        milestones = {milestone.text for milestone in action.milestones.all()}
        for data_milestone in data.get("milestones") or []:
            if data_milestone["text"] not in milestones:
                self.writer.milestone(action, action.milestones.count(), data_milestone, self.source)
                changes.append(f"new milestone {data_milestone['text']}")
        sub_actions = {sub.text for sub in action.sub_actions.all()}
        for data_sub in data.get("sub_actions") or []:
            if data_sub["text"] not in sub_actions:
                self.writer.sub_action(action, action.sub_actions.count(), data_sub, self.source)
                changes.append(f"new sub-action {data_sub['text'][:60]}")
        for key in data.get("see_also") or []:
            self.writer.cross_references.append((self.source, action, key))
        return changes


def _same_recommendation(recommendation: Recommendation, data: dict) -> bool:
    """The same number, or (when the file gives none) the same words."""
    if data["reference"]:
        return recommendation.reference == data["reference"]
    return _same(recommendation.text, data["text"])


def _same_action(action: Action, data: dict) -> bool:
    if data["reference"]:
        return action.reference == data["reference"]
    return _same(action.text, data["text"])


def _same(first: str, second: str) -> bool:
    return words_of(first) == words_of(second)


def _short(reference: str, text: str) -> str:
    words = text if len(text) <= 60 else text[:59] + "…"
    return f"{reference} {words}".strip()


def _name(action: Action) -> str:
    return _short(action.reference, action.text or "(no action written yet)")


def _plain(error) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)
