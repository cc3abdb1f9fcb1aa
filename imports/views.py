"""Importing a plan: upload, choose the table, map the columns, preview, import."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from agencies.access import Need, get_for, manager_required
from core.forms import AlreadySaved, already_saved, posted, posted_files, save_once, saved_before

from . import services as service
from .forms import (
    ImportColumnsForm,
    ImportConfirmForm,
    ImportSavedMappingForm,
    ImportTableForm,
    ImportUploadForm,
)
from .mapping import Mapping
from .models import ImportBatch
from .table import ImportRefused, Table
from .tasks import batch_import_later


def _next_step(batch) -> str:
    return reverse("manage:import_table" if len(batch.tables) > 1 else "manage:import_columns", args=[batch.pk])


def _done(batch):
    """After the import, every step of it leads to what was imported (a second click too)."""
    return redirect("manage:import_result", pk=batch.pk)


def import_step(view):
    """A step of an import the user may edit, given its batch; once imported, it leads to the result."""

    @wraps(view)
    def step(request, pk):
        batch = get_for(request.user, ImportBatch.objects.select_related("partnership", "into"), Need.EDIT, pk=pk)
        if batch.imported_at:
            return _done(batch)
        if batch.is_being_imported:
            return redirect("manage:import_progress", pk=batch.pk)
        return view(request, batch)

    return step


@login_required
@manager_required
def import_start(request, membership):
    form = ImportUploadForm(posted(request), posted_files(request), partnership=membership.partnership)
    if (earlier := saved_before(request, form)) is not None:
        return already_saved(request, earlier, reverse("manage:import_start"))
    if request.method == "POST" and form.is_valid():
        try:
            _batch, next_step = save_once(
                request,
                form,
                lambda form: service.batch_create(
                    partnership=membership.partnership,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    into=form.cleaned_data["into"],
                    as_at=form.cleaned_data["as_at"],
                ),
                _next_step,
            )
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
        except AlreadySaved as error:
            return already_saved(request, error.result_url, reverse("manage:import_start"))
        else:
            return redirect(next_step)
    status = 400 if form.errors else 200
    return render(request, "manage/import_start.html", {"form": form}, status=status)


@login_required
@import_step
def import_table(request, batch):
    tables = [Table.from_json(table) for table in batch.tables]
    form = ImportTableForm(posted(request), tables=tables, initial={"table": str(batch.table_index)})
    if request.method == "POST" and form.is_valid():
        service.batch_choose_table(batch, int(form.cleaned_data["table"]))
        return redirect("manage:import_columns", pk=batch.pk)
    context = {"batch": batch, "form": form}
    return render(request, "manage/import_table.html", context, status=400 if form.errors else 200)


@login_required
@import_step
def import_columns(request, batch):
    table = service.batch_table(batch)
    mapping = Mapping.from_json(batch.mapping)
    form = ImportColumnsForm(posted(request), table=table, mapping=mapping)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["header_row"] != mapping.header_row:
            service.batch_reread_headings(batch, form.cleaned_data["header_row"])
            messages.info(request, "The columns now follow the headings in the row you chose. Check them again.")
            return redirect("manage:import_columns", pk=batch.pk)
        chosen = form.mapping()
        problems = chosen.problems()
        for problem in problems:
            form.add_error(None, problem)
        if not problems:
            service.batch_set_mapping(batch, chosen, save_as=form.cleaned_data["save_as"].strip(), user=request.user)
            return redirect("manage:import_preview", pk=batch.pk)
    context = {
        "batch": batch,
        "form": form,
        "saved_form": ImportSavedMappingForm(partnership=batch.partnership),
        "follows_last_import": service.follows_last_import(batch),
        "header": table.rows[mapping.header_row] if table.rows else [],
        "rows": list(zip(table.row_labels, table.rows, strict=True))[mapping.header_row + 1 : mapping.header_row + 9],
    }
    return render(request, "manage/import_columns.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@import_step
def import_saved_mapping(request, batch):
    form = ImportSavedMappingForm(request.POST, partnership=batch.partnership)
    if form.is_valid():
        service.batch_use_saved(batch, form.cleaned_data["saved"])
        messages.info(request, f"The choices saved as '{form.cleaned_data['saved']}' are filled in. Check them.")
    else:
        messages.error(request, "Choose the saved choices to use.")
    return redirect("manage:import_columns", pk=batch.pk)


@login_required
@import_step
def import_preview(request, batch):
    proposal = service.batch_proposal(batch)
    form = _confirm_form(request, batch, proposal)
    if request.method == "POST" and form.is_valid() and form.as_at_changed:
        service.batch_set_as_at(batch, form.cleaned_data["as_at"])
        messages.info(request, "The file's progress is dated as you gave it. Check the plan again, then import it.")
        proposal = service.batch_proposal(batch)
        form = _confirm_form(request, batch, proposal)
    elif request.method == "POST" and form.is_valid() and proposal.can_import and service.is_large(batch):
        batch_import_later(batch, user=request.user, title=form.cleaned_data.get("title", ""))
        return redirect("manage:import_progress", pk=batch.pk)
    elif request.method == "POST" and form.is_valid() and proposal.can_import:
        try:
            report = service.batch_import(batch, user=request.user, title=form.cleaned_data.get("title", ""))
        except ImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                "The plan has been imported." if report.created else f"{len(report.changes)} changes imported.",
            )
            return _done(batch)
    context = {
        "batch": batch,
        "proposal": proposal,
        "rehearsal": service.batch_rehearse(batch, proposal),
        "needs_as_at": service.needs_as_at(batch, proposal),
        "appearance_notes": service.appearance_notes(batch),
        "form": form,
        "counts": proposal.counts(),
        "findings": sorted(proposal.problems, key=lambda finding: not finding.blocking),
    }
    return render(request, "manage/import_preview.html", context, status=400 if form.errors else 200)


def _confirm_form(request, batch, proposal) -> ImportConfirmForm:
    return ImportConfirmForm(
        posted(request),
        new_plan=batch.into is None,
        title=service.suggested_title(batch, proposal),
        batch=batch,
        needs_as_at=service.needs_as_at(batch, proposal),
    )


@login_required
@require_safe
def import_progress(request, pk):
    """ "Importing your plan": where the task worker has got to with a large file."""
    batch = get_for(request.user, ImportBatch.objects.all(), Need.EDIT, pk=pk)
    if batch.imported_at:
        return _done(batch)
    if not batch.is_being_imported and not batch.import_error:
        return redirect("manage:import_preview", pk=pk)
    return render(request, "manage/import_progress.html", {"batch": batch, "refresh_seconds": 3})


@login_required
@require_safe
def import_result(request, pk):
    batch = get_for(request.user, ImportBatch.objects.select_related("plan"), Need.EDIT, pk=pk)
    return render(request, "manage/import_result.html", {"batch": batch})
