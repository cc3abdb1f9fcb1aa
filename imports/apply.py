"""Writing a read plan: a new plan in one transaction, or the changes to a plan imported before
(matched by section, recommendation and action numbers or words), reported line by line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from actionplans.choices import Rag, Status
from actionplans.loose_dates import loose_date
from actionplans.models import (
    ACTION_DETAILS,
    Action,
    ActionLead,
    ActionPlan,
    ProgressUpdate,
    Recommendation,
    Section,
    timeframe_from_words,
)
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
    as_at: date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Create a plan titled `title` from `proposal`, or bring the plan `into` up to date with
    it (its progress judged as at `as_at`, the file's date); all or nothing. With `dry_run`,
    everything is done and then undone, so the report says exactly what an import would do."""
    if not proposal.can_import:
        raise ImportRefused("The plan cannot be imported until the problems marked as blocking are put right.")
    try:
        with set_actor(user), transaction.atomic():
            writer = _writer(partnership, proposal, source)
            if into is None:
                report = ImportReport(plan=_create(writer, partnership, proposal, title), created=True)
            else:
                report = _Updater(writer, into, proposal, source, as_at).run()
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
    """Brings an existing plan up to date with a proposal read from a newer copy of it, listing
    each change it makes in the report."""

    def __init__(self, writer: PlanWriter, plan: ActionPlan, proposal: Proposal, source: str, as_at: date | None):
        self.writer = writer
        self.plan = plan
        self.proposal = proposal
        self.source = source
        self.report = ImportReport(plan=plan)
        self.seen: set[int] = set()
        # Where each action stood as the file's progress is dated: the file shows those words.
        actions = Action.objects.filter(recommendation__section__plan=plan)
        self.progress = {action.pk: action for action in actions.with_progress(as_at).select_related("latest_update")}

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
            else:
                self._recommendation_changed(recommendation, data)
            self._actions(recommendation, data["actions"])

    def _recommendation_changed(self, recommendation: Recommendation, data: dict) -> None:
        """The recommendation's words and its timeframe (a filled cell only: an empty one may be
        a column the file does not have)."""
        name = f"Recommendation {_short(recommendation.reference, recommendation.text)}"
        changes = []
        if not _same(recommendation.text, data["text"]):
            changes.append(f"{name}: text changed to “{_clipped(data['text'])}”")
            recommendation.text = data["text"]
        words = (data.get("timeframe") or "").strip()
        shown = recommendation.timeframe_text or recommendation.get_timeframe_display()  # as exported
        if words and words != shown:
            changes.append(f"{name}: timeframe {shown} → {words}")
            recommendation.timeframe, recommendation.timeframe_date = timeframe_from_words(words)
            recommendation.timeframe_text = words
        if changes:
            self.report.changes += changes
            recommendation.version += 1
            recommendation.save()

    def _actions(self, recommendation: Recommendation, items: list[dict]):
        # What each action is compared with, read once for the recommendation's actions.
        leads = ActionLead.objects.order_by("position", "pk").select_related("officer")
        existing = list(
            recommendation.actions.prefetch_related(
                Prefetch("lead_links", queryset=leads),
                "progress_updates",
                "milestones",
                "sub_actions",
            )
        )
        position = len(existing)
        for data in items:
            action = next((found for found in existing if _same_action(found, data)), None)
            if action is None:
                self.seen.add(self.writer.action(recommendation, position, data, self.source).pk)
                position += 1
                self.report.changes.append(f"New action: {_short(data['reference'], data['text'])}")
                continue
            self.writer.actions[data["key"]] = action
            self.seen.add(action.pk)
            name = _name(action)
            changes = self._changed(action, data)
            if changes:
                self.report.changes += [f"Action {name}: {change}" for change in changes]
            else:
                self.report.unchanged_actions += 1

    def _changed(self, action: Action, data: dict) -> list[str]:
        changes = [*self._written(action, data), *self._agency(action, data), *self._target(action, data)]
        if changes:
            action.version += 1
            action.save()
        changes += self._leads(action, data)
        changes += self._updates(action, data)
        changes += self._milestones(action, data)
        changes += self._sub_actions(action, data)
        for key in data.get("see_also") or []:
            self.writer.cross_references.append((self.source, action, key))
        return changes

    def _written(self, action: Action, data: dict) -> list[str]:
        """The action's own words: its text, source and written details, then what only a
        filled cell changes (an empty one may be a column the file does not have)."""
        changes = []
        stored = {
            "text": ("text", (data.get("text") or "").strip()),
            "source": ("source", data.get("source") or ""),
            **{d.name: (d.verbose_name, d.stored(data.get(d.name))) for d in ACTION_DETAILS},
        }
        if data.get("leads_note"):
            stored["leads_note"] = ("note on leads", data["leads_note"])
        for name, (label, value) in stored.items():
            if value != getattr(action, name):
                changes.append(f"{label} changed to “{_clipped(value)}”" if value else f"{label} removed")
                setattr(action, name, value)
        if data.get("extra") and data["extra"] != action.extra_columns:
            action.extra_columns = {**action.extra_columns, **data["extra"]}
            changes.append("other columns changed")
        return changes + self._review_and_forum(action, data)

    def _review_and_forum(self, action: Action, data: dict) -> list[str]:
        changes = []
        next_review = loose_date(data.get("next_review") or "")
        if next_review and (next_review.text, next_review.date) != (action.next_review.text, action.next_review.date):
            changes.append(f"next review {action.next_review or 'none'} → {next_review}")
            action.next_review = next_review
        reported_to = self.writer.forum(data.get("reported_to"), self.source)
        if reported_to is not None and reported_to != action.reported_to:
            changes.append(f"reported to {action.reported_to or 'none'} → {reported_to}")
            action.reported_to = reported_to
        return changes

    def _agency(self, action: Action, data: dict) -> list[str]:
        agency = self.writer.agency(data["agency"], self.source)
        if agency.pk == action.agency_id:
            return []
        change = f"agency {action.agency.short_name} → {agency.short_name}"
        action.agency = agency
        return [change]

    def _target(self, action: Action, data: dict) -> list[str]:
        before, target = action.target, loose_date(data.get("target_date") or "")
        if (target.text, target.date) == (before.text, before.date):
            return []
        reason = f"Changed by importing {self.source}."
        target_change_record(action=action, before=before, after=target, reason=reason, by=None)
        action.target = target
        return [f"target date {before or 'none'} → {target or 'none'}"]

    def _leads(self, action: Action, data: dict) -> list[str]:
        leads = [self.writer.officer(key, self.source) for key in data.get("leads") or []]
        current = list(action.lead_links.all())
        if [officer.pk for officer in leads] == [link.officer_id for link in current]:
            return []
        if not leads and data["key"] not in self.proposal.leads_read:
            return []  # the file has no leads column for this action: not a blanked cell
        ActionLead.objects.filter(action=action).delete()
        for position, officer in enumerate(leads):
            ActionLead.objects.create(action=action, officer=officer, position=position)
        before = ", ".join(str(link.officer) for link in current) or "none"
        return [f"leads {before} → {', '.join(str(officer) for officer in leads) or 'none'}"]

    def _updates(self, action: Action, data: dict) -> list[str]:
        """The file's updates the plan lacks, and a new status or RAG given on the update the
        plan already has as its latest (kept as a new update, since updates are never overwritten)."""
        updates = [update for update in data.get("updates") or [] if _says_something(update)]
        known = list(action.progress_updates.all())
        added = [update for update in updates if not any(_same_update(old, update) for old in known)]
        for update in added:
            self.writer.update(action, update, self.source)
        changes = [f"{len(added)} new progress update{'s' if len(added) != 1 else ''}"] if added else []
        if not updates:
            return changes
        stated = {name: value for name, value in self.proposal.stated_progress.get(data["key"], {}).items() if value}
        latest = {**updates[-1], **stated}  # where the file says the action stands now
        if updates[-1] not in added:
            changes += self._restated(action, latest)
        else:
            changes += self._progress_moved(action, latest)
        return changes

    def _restated(self, action: Action, update: dict) -> list[str]:
        """The file's latest update is one the plan has: a status or RAG it gives differently,
        on the plan's own latest update, is the file's news."""
        shown = self.progress[action.pk]
        latest = shown.latest_update
        if latest is None or not _same_update(latest, update):
            return []
        status = update.get("status") or ""
        rag = update.get("rag") or ""
        new_status = bool(status) and status != (shown.current_status or "")
        new_rag = bool(rag) and rag not in (shown.reported_rag or "", shown.rag or "")
        if not (new_status or new_rag):
            return []
        self.writer.update(
            action,
            {
                "as_at": update.get("as_at") or "",
                "status": status if new_status else latest.status,
                "rag": rag if new_rag else latest.rag,
            },
            self.source,
        )
        return self._progress_moved(action, update)

    def _progress_moved(self, action: Action, update: dict) -> list[str]:
        """The status and RAG the file gives, where they differ from the plan's before the import."""
        shown = self.progress[action.pk]
        changes = []
        status, rag = update.get("status") or "", update.get("rag") or ""
        if status and status != (shown.current_status or ""):
            changes.append(f"status {_label(Status, shown.current_status)} → {Status(status).label}")
        if rag and rag not in (shown.reported_rag or "", shown.rag or ""):
            changes.append(f"RAG {_label(Rag, shown.reported_rag)} → {Rag(rag).label}")
        return changes

    def _milestones(self, action: Action, data: dict) -> list[str]:
        changes = []
        milestones = list(action.milestones.all())
        known = {milestone.text: milestone for milestone in milestones}
        added = 0
        for data_milestone in data.get("milestones") or []:
            milestone = known.get(data_milestone["text"])
            if milestone is None:
                self.writer.milestone(action, len(milestones) + added, data_milestone, self.source)
                added += 1
                changes.append(f"new milestone {data_milestone['text']}")
                continue
            due = loose_date(data_milestone.get("due") or "")
            if due and (due.text, due.date) != (milestone.due.text, milestone.due.date):
                changes.append(f"milestone {_clipped(milestone.text)}: due {milestone.due or 'none'} → {due}")
                milestone.due = due
                milestone.save()
        return changes

    def _sub_actions(self, action: Action, data: dict) -> list[str]:
        changes = []
        sub_actions = list(action.sub_actions.all())
        known = {sub.text for sub in sub_actions}
        for data_sub in data.get("sub_actions") or []:
            if data_sub["text"] not in known:
                self.writer.sub_action(action, len(sub_actions) + len(changes), data_sub, self.source)
                changes.append(f"new sub-action {data_sub['text'][:60]}")
        return changes


def _says_something(update: dict) -> bool:
    """An update with no status, rating or words ('No status given', 'Not rated') is no news."""
    return any(update.get(name) for name in ("status", "rag", "note", "evidence_of_impact"))


def _same_update(update: ProgressUpdate, data: dict) -> bool:
    """The same words on the same date; or the same words (not none) on an update the plan has
    undated, since an earlier import may have had no date to give it."""
    words = words_of(data.get("note") or "")
    if words != words_of(update.note):
        return False
    return update.as_at_text == (data.get("as_at") or "") or (bool(words) and not update.as_at_text)


def _label(choices, value: str | None) -> str:
    return choices(value).label if value else "none"


def _clipped(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


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
