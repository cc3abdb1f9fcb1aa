"""Sign-off: the completions awaiting assurance, and accepting or returning one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for, member_required
from core.forms import form_page, posted
from core.security_log import security_event

from ..forms.rounds import CompletionReturnForm
from ..models import Action, Assurance, EvidenceDocument, ProgressUpdate, Reminder, SignOff
from ..services.signoff import completion_accept, completion_return, decidable_by
from ..tasks import reminders_send_soon


@login_required
@require_safe
@member_required
def assurance_list(request, membership):
    awaiting = (
        Action.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .with_progress()
        .filter(assurance=Assurance.AWAITING)
        .select_related("agency", "recommendation__section__plan", "latest_update__recorded_by")
        .prefetch_related(
            Prefetch("progress_updates__evidence_documents", queryset=EvidenceDocument.objects.order_by("pk"))
        )
        .in_plan_order()
    )
    decidable = set(decidable_by(request.user, awaiting).values_list("pk", flat=True))
    decided = (
        SignOff.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("update__action__agency", "decided_by")[:20]
    )
    context = {
        "awaiting": [(action, action.pk in decidable) for action in awaiting],
        "decided": decided,
    }
    return render(request, "actionplans/assurance_list.html", context)


def _back(request, update):
    """The page the decision was made from, if it is a page of this site; else the action's page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: anything else would be read as a view name, and a line break cannot go in a header.
    local_path = wanted.startswith("/") and wanted.isprintable()
    if local_path and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("actionplans:action_detail", args=[update.action_id])


def _log_decision(request, sign_off: SignOff) -> None:
    security_event(
        "sign_off.decided",
        request,
        outcome=sign_off.decision,
        action=sign_off.update.action_id,
        update=sign_off.update_id,
        sign_off=sign_off.pk,
    )


@login_required
@require_POST
def completion_accept_view(request, pk):
    update = get_for(request.user, ProgressUpdate.objects.select_related("action"), Need.ASSURE, pk=pk)
    try:
        sign_off = completion_accept(update=update, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _log_decision(request, sign_off)
        messages.success(
            request, f"The completion of action {update.action.reference or update.action_id} is accepted."
        )
    return redirect(_back(request, update))


@login_required
def completion_return_view(request, pk):
    update = get_for(request.user, ProgressUpdate.objects.select_related("action__agency"), Need.ASSURE, pk=pk)
    form = CompletionReturnForm(posted(request))

    def save(form):
        sign_off = completion_return(update=update, by=request.user, reason=form.cleaned_data["reason"])
        reminders_send_soon(Reminder.objects.filter(sign_off=sign_off))
        transaction.on_commit(lambda: _log_decision(request, sign_off))
        return sign_off

    return form_page(
        request,
        form,
        title="Return the completion to the lead",
        save=save,
        success_message="The completion has been returned. The agency's leads have been told why.",
        success_url=_back(request, update),
        back_url=_back(request, update),
        context={
            "caption": f"Action {update.action.reference or update.action_id}, {update.action.agency.short_name}",
            "intro": "The action will no longer count as completed until the lead reports it completed again.",
            "next": request.GET.get("next", ""),
        },
    )
