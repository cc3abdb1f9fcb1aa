"""The emails Assure has sent: each user's own, and for the business manager, all of them."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import Need, get_for, member_required
from agencies.roles import Role

from ..models import Reminder

PER_PAGE = 50
STATES = {
    "sent": ("Sent", {"sent_at__isnull": False}),
    "failed": ("Failed", {"sent_at__isnull": True, "attempts__gt": 0}),
    "waiting": ("Waiting to be sent", {"sent_at__isnull": True, "attempts": 0}),
}


@login_required
@require_safe
@member_required
def reminder_list(request, membership):
    everyone = Role(membership.role).edits_plans
    reminders = (
        Reminder.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("recipient", "update_round__plan")
    )
    state = request.GET.get("state", "")
    if state in STATES:
        reminders = reminders.filter(**STATES[state][1])
    page = Paginator(reminders, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "everyone": everyone,
        "states": [(key, label) for key, (label, _) in STATES.items()],
        "state": state,
        "query_string": f"state={state}" if state in STATES else "",
    }
    return render(request, "actionplans/reminder_list.html", context)


@login_required
@require_safe
def reminder_detail(request, pk):
    reminder = get_for(request.user, Reminder.objects.select_related("recipient", "update_round"), Need.SEE, pk=pk)
    return render(request, "actionplans/reminder_detail.html", {"reminder": reminder})
