"""Update rounds: opening one, its status (who has updated), reminding and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for, member_required
from core.forms import form_page, posted

from ..forms.rounds import RoundCloseForm, RoundOpenForm
from ..models import ActionPlan, Reminder, UpdateRound
from ..rounds import round_progress
from ..services.rounds import round_chase, round_close, round_open
from ..signals import Freeze
from ..tasks import reminders_send_now, reminders_send_soon


@login_required
@require_safe
@member_required
def round_list(request, membership):
    rounds = (
        UpdateRound.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("plan", "forum", "version")
        .annotate(asked=Count("actions"))
    )
    plans = ActionPlan.objects.editable_by(request.user).in_partnership(membership.partnership).order_by("title")
    open_plans = set(rounds.filter(closed_at__isnull=True).values_list("plan", flat=True))
    context = {"rounds": rounds, "plans": [(plan, plan.pk in open_plans) for plan in plans]}
    return render(request, "actionplans/round_list.html", context)


@login_required
def round_open_view(request, plan_pk):
    plan = get_for(request.user, ActionPlan.objects.select_related("partnership"), Need.EDIT, pk=plan_pk)
    form = RoundOpenForm(posted(request), plan=plan)

    def save(form):
        data = form.cleaned_data
        update_round = round_open(
            plan=plan,
            by=request.user,
            deadline=data["deadline"],
            today=timezone.localdate(),
            forum=data["forum"],
            meeting_date=data["meeting"],
            message=data["message"],
            sections=data["sections"],
            agencies=data["agencies"],
        )
        reminders_send_soon(Reminder.objects.filter(update_round=update_round))
        return update_round

    return form_page(
        request,
        form,
        title="Open an update round",
        save=save,
        success_message="The round is open. Each lead asked is being sent an email listing their actions.",
        success_url=lambda update_round: reverse("actionplans:round_detail", args=[update_round.pk]),
        back_url=reverse("actionplans:round_list"),
        context={
            "caption": plan.title,
            "intro": "Ask the agency leads for an update on their actions by a deadline. Actions already "
            "complete are left out. Each lead gets one email listing their actions, a reminder before "
            "the deadline and another on it if they have not updated.",
        },
    )


@login_required
@require_safe
def round_detail(request, pk):
    update_round = get_for(
        request.user,
        UpdateRound.objects.select_related("plan__partnership", "forum", "opened_by", "closed_by", "version"),
        Need.SEE,
        pk=pk,
    )
    context = {
        "update_round": update_round,
        "progress": round_progress(update_round, timezone.localdate()),
        "can_manage": UpdateRound.objects.editable_by(request.user).filter(pk=pk).exists(),
    }
    return render(request, "actionplans/round_detail.html", context)


@login_required
@require_POST
def round_remind(request, pk):
    update_round = get_for(request.user, UpdateRound.objects.select_related("plan"), Need.EDIT, pk=pk)
    try:
        queued = round_chase(update_round=update_round, by=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("actionplans:round_detail", pk=pk)
    if not queued:
        messages.info(request, "No reminder was sent: every lead asked has updated, or was reminded a moment ago.")
        return redirect("actionplans:round_detail", pk=pk)
    report = reminders_send_now(queued)
    if report is None:
        messages.success(request, f"Reminder being sent to {len(queued)} lead{'s' if len(queued) != 1 else ''}.")
    elif report.failed:
        messages.error(
            request,
            f"{report.sent} reminder{'s' if report.sent != 1 else ''} sent. {report.failed} could not be sent "
            "and will be tried again at the next reminder run.",
        )
    else:
        messages.success(request, f"Reminder sent to {report.sent} lead{'s' if report.sent != 1 else ''}.")
    return redirect("actionplans:round_detail", pk=pk)


@login_required
def round_close_view(request, pk):
    update_round = get_for(
        request.user, UpdateRound.objects.select_related("plan__partnership", "forum"), Need.EDIT, pk=pk
    )
    if not update_round.is_open:
        messages.info(request, "This round is already closed.")
        return redirect("actionplans:round_detail", pk=pk)
    form = RoundCloseForm(posted(request), update_round=update_round)

    def save(form):
        data = form.cleaned_data
        freeze = Freeze(label=data["label"].strip(), as_at=data["as_at"]) if data["freeze"] == "yes" else None
        return round_close(update_round=update_round, by=request.user, freeze=freeze)

    def closed_url(closed):
        if form.cleaned_data["freeze"] == "yes":
            return reverse("reporting:version_detail", args=[closed.version.pk])
        return reverse("actionplans:round_detail", args=[pk])

    return form_page(
        request,
        form,
        title="Close the update round",
        save=save,
        success_message="The round is closed.",
        success_url=closed_url,
        back_url=reverse("actionplans:round_detail", args=[pk]),
        context={
            "caption": str(update_round),
            "intro": "Leads can still add updates after the round closes, but no more reminders are sent.",
        },
    )
