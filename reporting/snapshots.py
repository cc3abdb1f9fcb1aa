"""A plan as a paper shows it, as plain data: what a frozen version keeps, and what the live plan
is compared with. Built in a fixed number of queries whatever the size of the plan."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from django.db.models import Prefetch

from actionplans.models import (
    ACTION_DETAILS,
    PROGRESS_DETAILS,
    RECOMMENDATION_DETAILS,
    Action,
    ActionLead,
    ActionPlan,
    EvidenceDocument,
    GlossaryTerm,
    Milestone,
    Output,
    ProgressUpdate,
    Recommendation,
    Status,
    SubAction,
    SubActionLead,
    TargetChange,
    details_in,
)
from actionplans.rag import RagAssessment
from agencies.models import Agency

SCHEMA = 2  # 2: sign-off, target changes and the reasons for them


# The written fields a snapshot keeps, chosen once rather than for each row.
_RECOMMENDATION_DETAILS = details_in(RECOMMENDATION_DETAILS, Output.SNAPSHOT)
_UPDATE_DETAILS = details_in(PROGRESS_DETAILS, Output.SNAPSHOT)


def plan_snapshot(plan: ActionPlan, *, as_at: date) -> dict:
    """Everything a paper about `plan` shows, with RAG and overdue judged as at `as_at`."""
    plan = ActionPlan.objects.select_related(
        "partnership", "inspection", "monitoring_forum", "signed_off_by__agency"
    ).get(pk=plan.pk)
    actions = _actions_by_recommendation(plan, as_at)
    recommendations = defaultdict(list)
    for recommendation in (
        Recommendation.objects.filter(section__plan=plan)
        .select_related("monitoring_officer")
        .prefetch_related("agencies")
        .order_by("section_id", "position", "pk")
    ):
        recommendations[recommendation.section_id].append(_recommendation(recommendation, actions))
    sections = [
        {
            "id": section.pk,
            "number": section.number,
            "title": section.title,
            "recommendations": recommendations[section.pk],
        }
        for section in plan.sections.order_by("position", "pk")
    ]
    snapshot = {
        "schema": SCHEMA,
        "as_at": as_at.isoformat(),
        "partnership": {
            "name": plan.partnership.name,
            "short_name": plan.partnership.short_name,
            "area": plan.partnership.area,
        },
        "plan": _plan(plan),
        "inspection": _inspection(plan.inspection),
        "agencies": [
            {
                "short_name": agency.short_name,
                "name": agency.name,
                "lead_officer": _officer(agency.lead_officer),
            }
            for agency in Agency.objects.filter(partnership=plan.partnership).select_related("lead_officer__agency")
        ],
        "sections": sections,
    }
    snapshot["glossary"] = _glossary_used(plan, snapshot)
    return snapshot


def _actions_by_recommendation(plan, as_at) -> dict[int, list[dict]]:
    queryset = (
        Action.objects.filter(recommendation__section__plan=plan)
        .with_progress(as_at)
        .select_related("agency", "reported_to")
        .prefetch_related(
            Prefetch("lead_links", queryset=ActionLead.objects.select_related("officer__agency")),
            Prefetch(
                "sub_actions",
                queryset=SubAction.objects.prefetch_related(
                    Prefetch("lead_links", queryset=SubActionLead.objects.select_related("officer__agency"))
                ),
            ),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.select_related("recorded_by", "sign_off__decided_by").prefetch_related(
                    Prefetch("evidence_documents", queryset=EvidenceDocument.objects.order_by("pk"))
                ),
            ),
            Prefetch("target_changes", queryset=TargetChange.objects.select_related("changed_by")),
            Prefetch("cross_references", queryset=Action.objects.only("pk", "reference")),
        )
        .order_by("recommendation_id", "position", "pk")
    )
    grouped = defaultdict(list)
    for action in queryset:
        grouped[action.recommendation_id].append(_action(action))
    return grouped


def _plan(plan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "description": plan.description,
        "owner_body": plan.owner_body,
        "version_label": plan.version_label,
        "as_at": str(plan.as_at),
        "is_draft": plan.is_draft,
        "notes": plan.notes,
        "monitoring_forum": plan.monitoring_forum.name if plan.monitoring_forum else "",
        "signed_off_by": _officer(plan.signed_off_by),
    }


def _inspection(inspection) -> dict | None:
    if inspection is None:
        return None
    return {
        "title": inspection.title,
        "inspectorates": inspection.get_inspectorates_display(),
        "inspected": str(inspection.inspected),
        "published_on": inspection.published_on.isoformat() if inspection.published_on else "",
        "plan_deadline": inspection.plan_deadline.isoformat() if inspection.plan_deadline else "",
        "summary": inspection.summary,
        "judgements": [
            {"area": j.area, "criterion": j.criterion, "grade": j.get_grade_display()}
            for j in inspection.judgements.order_by("position", "pk")
        ],
    }


def _recommendation(recommendation, actions) -> dict:
    return {
        "id": recommendation.pk,
        **{detail.name: detail.value_of(recommendation) for detail in _RECOMMENDATION_DETAILS},
        "timeframe": recommendation.timeframe_text or recommendation.get_timeframe_display(),
        "agencies": sorted(agency.short_name for agency in recommendation.agencies.all()),
        "monitoring_officer": _officer(recommendation.monitoring_officer),
        "actions": actions.get(recommendation.pk, []),
    }


def _action(action) -> dict:
    assessment = RagAssessment.of(action)
    updates = sorted(action.progress_updates.all(), key=lambda u: (u.as_at_date is not None, u.as_at_date, u.pk))
    return {
        "id": action.pk,
        "reference": action.reference,
        "text": action.text,
        "source": action.source,
        "agency": action.agency.short_name,
        "agency_name": action.agency.name,
        "leads": [_officer(link.officer) for link in action.lead_links.all()],
        "leads_note": action.leads_note,
        "target": str(action.target),
        "target_date": action.target_date.isoformat() if action.target_date else "",
        **{detail.name: detail.value_of(action) for detail in ACTION_DETAILS},
        "reported_to": action.reported_to.name if action.reported_to else "",
        "next_review": str(action.next_review),
        "extra_columns": action.extra_columns,
        "cross_references": [other.reference or str(other.pk) for other in action.cross_references.all()],
        "sub_actions": [
            {
                "kind": sub.get_kind_display(),
                "text": sub.text,
                "source": sub.source,
                "leads": [_officer(link.officer) for link in sub.lead_links.all()],
                "leads_note": sub.leads_note,
                "target": str(sub.target),
            }
            for sub in action.sub_actions.all()
        ],
        "milestones": [
            {"text": m.text, "due": str(m.due), "done_on": m.done_on.isoformat() if m.done_on else ""}
            for m in action.milestones.all()
        ],
        "updates": [_update(update) for update in updates],
        "target_changes": [
            {
                "id": change.pk,
                "before": str(change.before),
                "after": str(change.after),
                "reason": change.reason,
                "by": _person(change.changed_by),
                "at": change.changed_at.isoformat(),
            }
            for change in action.target_changes.all()
        ],
        "progress": {
            "status": assessment.status,
            "status_label": assessment.assurance_label
            or (Status(assessment.status).label if assessment.status else "No status given"),
            "assurance": assessment.assurance,
            "rag": assessment.rag,
            "rag_label": assessment.label,
            "reason": assessment.reason,
            "explanation": assessment.explanation,
            "is_overdue": assessment.is_overdue,
            "overdue_by": assessment.overdue_by,
        },
    }


def _update(update) -> dict:
    recorded_by = update.recorded_by
    sign_off = getattr(update, "sign_off", None)  # None when no decision was made
    return {
        "id": update.pk,
        "as_at": str(update.as_at),
        "as_at_date": update.as_at_date.isoformat() if update.as_at_date else "",
        "status_label": update.get_status_display() if update.status else "",
        "rag": update.rag,
        **{detail.name: detail.value_of(update) for detail in _UPDATE_DETAILS},
        "evidence": [document.original_name for document in update.evidence_documents.all()],
        "proposed_target": str(update.proposed_target),
        "recorded_by": _person(recorded_by),
        "on_behalf": update.on_behalf,
        "sign_off": {
            "decision": sign_off.get_decision_display(),
            "reason": sign_off.reason,
            "by": _person(sign_off.decided_by),
            "at": sign_off.decided_at.isoformat(),
        }
        if sign_off
        else None,
    }


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _officer(officer) -> str:
    if officer is None:
        return ""
    where = f", {officer.agency.short_name}" if officer.agency_id and officer.agency else ""
    return f"{officer}{where}"


def _glossary_used(plan, snapshot: dict) -> list[dict]:
    """The partnership's abbreviations that the plan's text uses, A to Z."""
    text = " ".join(_strings(snapshot))
    used = []
    for term in GlossaryTerm.objects.filter(partnership=plan.partnership).order_by("abbreviation"):
        if re.search(rf"(?<![\w/]){re.escape(term.abbreviation)}(?![\w/])", text):
            used.append({"abbreviation": term.abbreviation, "meaning": term.meaning})
    return used


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
