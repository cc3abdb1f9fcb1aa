"""Queueing the emails leads get: a round opening, its reminders, and a completion returned.

Each email is written when it is queued and kept as a Reminder row with a key that says what
makes it one email (the round, the kind, the person), so it is never queued twice; sending is
separate (`mailing.send_pending`), so a failed send is kept and tried again."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agencies.roles import Role
from core.text import one_line

from ..models import Action, Reminder, ReminderKind, SignOff, UpdateRound
from ..rag import RagAssessment
from ..rounds import round_actions

SUBJECTS = {
    ReminderKind.ROUND_OPENED: "Update needed by {deadline}: {plan}",
    ReminderKind.BEFORE_DEADLINE: "Reminder: updates due by {deadline}: {plan}",
    ReminderKind.ON_DEADLINE: "Updates were due by {deadline}: {plan}",
    ReminderKind.CHASE: "Reminder: updates due by {deadline}: {plan}",
}


def round_opened_notices(update_round: UpdateRound, today: date) -> list[Reminder]:
    """An email to each lead asked, listing all their actions in the round."""
    return _round_notices(update_round, ReminderKind.ROUND_OPENED, today, outstanding_only=False)


def round_chase_notices(update_round: UpdateRound, today: date, *, by, now: datetime) -> list[Reminder]:
    """A reminder, now, to each lead with actions still outstanding (one per minute at most, so
    that a second click does not send it twice)."""
    return _round_notices(
        update_round, ReminderKind.CHASE, today, outstanding_only=True, by=by, occasion=f"{now:%Y%m%d%H%M}"
    )


def scheduled_round_notices(today: date) -> list[Reminder]:
    """The reminders due today for every open round: one some days before its deadline (when
    the round opened earlier than that), and one on the deadline, to those still outstanding."""
    queued = []
    ahead = timedelta(days=settings.REMINDER_DAYS_BEFORE_DEADLINE)
    for update_round in UpdateRound.objects.open().select_related("plan", "forum"):
        if today >= update_round.deadline:
            queued += _round_notices(update_round, ReminderKind.ON_DEADLINE, today, outstanding_only=True)
        elif today >= update_round.deadline - ahead > timezone.localdate(update_round.opened_at):
            queued += _round_notices(update_round, ReminderKind.BEFORE_DEADLINE, today, outstanding_only=True)
    return queued


def completion_returned_notices(sign_off: SignOff) -> list[Reminder]:
    """Tell the agency's leads (and whoever reported the completion) why it was returned."""
    update = sign_off.update
    action = Action.objects.select_related("agency", "recommendation__section__plan__partnership").get(
        pk=update.action_id
    )
    partnership = action.recommendation.section.plan.partnership
    people = {membership.user for membership in _leads(partnership.pk, [action.agency_id])}
    if update.recorded_by and update.recorded_by.is_active:
        people.add(update.recorded_by)
    context = {
        "action": action,
        "sign_off": sign_off,
        "action_url": _absolute(reverse("actionplans:action_detail", args=[action.pk])),
        "update_url": _absolute(reverse("actionplans:progress_update_create", args=[action.pk])),
    }
    subject = f"Completion returned: action {action.reference or action.pk}, {partnership.short_name}"
    queued = []
    for person in sorted(people, key=lambda user: user.pk):
        reminder = _queue(
            key=f"signoff:{sign_off.pk}:returned:user:{person.pk}",
            partnership=partnership,
            recipient=person,
            kind=ReminderKind.COMPLETION_RETURNED,
            subject=subject,
            template="completion_returned",
            context={**context, "recipient": person},
            sign_off=sign_off,
            requested_by=sign_off.decided_by,
        )
        queued += [reminder] if reminder else []
    return queued


def _round_notices(update_round, kind, today, *, outstanding_only, by=None, occasion="") -> list[Reminder]:
    actions = round_actions(update_round, today).select_related("agency").in_plan_order()
    if outstanding_only:
        actions = actions.filter(updated_in_round=False)
    by_agency = {}
    for action in actions:
        by_agency.setdefault(action.agency_id, []).append(action)
    plan = update_round.plan
    subject = SUBJECTS[kind].format(deadline=_day(update_round.deadline), plan=plan.title)
    queued = []
    for membership in _leads(plan.partnership_id, list(by_agency)):
        person = membership.user
        context = {
            "kind": kind,
            "recipient": person,
            "agency": membership.agency,
            "update_round": update_round,
            "plan": plan,
            "requested_by": by,
            "actions": [_listed(action) for action in by_agency[membership.agency_id]],
            "round_url": _absolute(reverse("start")),
        }
        reminder = _queue(
            key=":".join(filter(None, [f"round:{update_round.pk}", kind, occasion, f"user:{person.pk}"])),
            partnership=plan.partnership,
            recipient=person,
            kind=kind,
            subject=subject,
            template="round",
            context=context,
            update_round=update_round,
            requested_by=by,
        )
        queued += [reminder] if reminder else []
    return queued


def _leads(partnership_id: int, agency_ids: list[int]):
    """The agency leads of these agencies who can be emailed."""
    return (
        Membership.objects.filter(
            partnership=partnership_id, role=Role.AGENCY_LEAD, agency__in=agency_ids, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "agency")
        .order_by("user__pk")
    )


def _listed(action) -> dict:
    assessment = RagAssessment.of(action)
    return {
        "reference": action.reference,
        "text": action.text or "(no action written yet)",
        "target": str(action.target) or "no target date",
        "rag": assessment.label,
        "overdue": assessment.is_overdue,
        "url": _absolute(reverse("actionplans:progress_update_create", args=[action.pk])),
    }


def _queue(*, key, partnership, recipient, kind, subject, template, context, **links) -> Reminder | None:
    """Queue one email, unless one with the same key was queued before. The subject is put on one
    line: a line break in a title it names would make the email unsendable."""
    if Reminder.objects.filter(key=key).exists():
        return None
    context = {**context, "site_url": settings.SITE_URL}
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                key=key,
                partnership=partnership,
                recipient=recipient,
                kind=kind,
                to_address=recipient.email,
                subject=one_line(subject)[:300],
                body=render_to_string(f"emails/{template}.txt", context),
                html_body=render_to_string(f"emails/{template}.html", context),
                **links,
            )
    except IntegrityError:  # queued at the same moment by another run
        return None


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
