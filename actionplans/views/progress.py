"""Adding a progress update, downloading its evidence, and accepting a proposed target date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for
from agencies.roles import Role
from core.forms import AlreadySaved, already_saved, posted, posted_files, save_once, saved_before

from ..evidence import download_name, kind_for
from ..forms.progress import ProgressUpdateForm
from ..models import Action, EvidenceDocument, ProgressUpdate
from ..services.progress import progress_update_create
from ..services.targets import accept_proposed_target


@login_required
def progress_update_create_view(request, pk):
    action = get_for(
        request.user,
        Action.objects.select_related("agency", "recommendation__section__plan__partnership"),
        Need.UPDATE,
        pk=pk,
    )
    on_behalf = request.membership and request.membership.role == Role.BUSINESS_MANAGER
    form = ProgressUpdateForm(posted(request), posted_files(request), action=action)
    result_url = reverse("actionplans:action_detail", args=[action.pk])
    if (earlier := saved_before(request, form)) is not None:
        return already_saved(request, earlier, result_url)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(request, form, lambda form: _create(request, action, form, bool(on_behalf)), result_url)
        except AlreadySaved as error:
            return already_saved(request, error.result_url, result_url)
        except ValidationError as refusal:  # changed since the form was checked: a quota filled meanwhile
            for field, problems in refusal.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Your update has been added.")
            return redirect(result_url)
    context = {"action": action, "form": form, "on_behalf": on_behalf}
    return render(
        request,
        "actionplans/progress_update_form.html",
        context,
        status=400 if form.errors else 200,
    )


def _create(request, action, form, on_behalf: bool):
    data = form.cleaned_data
    return progress_update_create(
        action=action,
        recorded_by=request.user,
        as_at=data["as_at"],
        status=data["status"],
        rag=data["rag"],
        note=data["note"],
        evidence_of_impact=data["evidence_of_impact"],
        evidence_statement=data["evidence_statement"],
        rag_change_reason=data["rag_change_reason"],
        milestones_done=form.milestones_done(),
        evidence=data["evidence_files"],
        proposed_target=data["proposed_target"],
        target_change_reason=data["target_change_reason"],
        on_behalf=on_behalf,
    )


@login_required
@require_safe
def evidence_download(request, pk):
    document = get_for(request.user, EvidenceDocument.objects.all(), Need.SEE, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.original_name, kind_for(document.content_type)),
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def accept_target_view(request, pk):
    update = get_for(request.user, ProgressUpdate.objects.select_related("action"), Need.SEE, pk=pk)
    action = get_for(request.user, Action.objects.all(), Need.EDIT, pk=update.action_id)
    try:
        accept_proposed_target(action=action, update=update, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The target date is now {update.proposed_target}.")
    return redirect("actionplans:action_detail", pk=action.pk)
