"""Versions of a plan, what changed since the last one, and the board papers and spreadsheets."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans.models import ActionPlan
from agencies.access import Need, get_for
from core.forms import form_page, posted, save_model_form

from .changes import compare, summary
from .forms import CoverReportForm, PaperOptionsForm, VersionForm
from .models import CoverReport, PaperFile, PlanVersion, VersionFreeze
from .papers import PaperOptions, make_paper
from .services import is_large, version_freeze
from .snapshots import plan_snapshot
from .tasks import paper_request, version_freeze_later

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
@require_safe
def version_list(request, plan_pk):
    plan = get_for(request.user, ActionPlan.objects.all(), Need.SEE, pk=plan_pk)
    versions = plan.versions.select_related("forum", "created_by")
    can_edit = ActionPlan.objects.editable_by(request.user).filter(pk=plan.pk).exists()
    return render(request, "reporting/version_list.html", {"plan": plan, "versions": versions, "can_edit": can_edit})


@login_required
def version_create(request, plan_pk):
    plan = get_for(request.user, ActionPlan.objects.select_related("partnership"), Need.EDIT, pk=plan_pk)
    form = VersionForm(posted(request), plan=plan)
    large = is_large(plan)

    def freeze(form):
        data = form.cleaned_data
        fields = {"plan": plan, "label": data["label"], "as_at": data["as_at"], "forum": data["forum"]}
        if large:
            return version_freeze_later(**fields, meeting_date=data["meeting"], requested_by=request.user)
        return version_freeze(**fields, meeting_date=data["meeting"], user=request.user)

    def frozen_url(saved):
        if large:
            return reverse("reporting:version_freeze_progress", args=[saved.pk])
        return reverse("reporting:version_detail", args=[saved.pk])

    return form_page(
        request,
        form,
        title="Freeze a version for a meeting",
        save=freeze,
        success_message="The version is being frozen. Later changes to the plan will not change it."
        if large
        else "The version has been frozen. Later changes to the plan will not change it.",
        success_url=frozen_url,
        back_url=reverse("reporting:version_list", args=[plan.pk]),
        context={
            "caption": plan.title,
            "intro": "A version keeps the plan exactly as it stands now, for a board or sub-group paper.",
        },
    )


@login_required
@require_safe
def version_freeze_progress(request, pk):
    """ "Freezing the version": where the task worker has got to with a large plan's version."""
    freezing = get_for(request.user, VersionFreeze.objects.select_related("plan"), Need.EDIT, pk=pk)
    if freezing.version_id:
        return redirect("reporting:version_detail", pk=freezing.version_id)
    return render(request, "reporting/version_freeze.html", {"freezing": freezing, "refresh_seconds": 3})


@login_required
@require_safe
def version_detail(request, pk):
    version = get_for(request.user, PlanVersion.objects.select_related("plan", "forum", "created_by"), Need.SEE, pk=pk)
    previous = version.previous()
    changes = compare(previous.snapshot, version.snapshot) if previous else {}
    context = {
        "version": version,
        "plan": version.plan,
        "previous": previous,
        "change_counts": summary(changes) if previous else None,
        "cover_report": CoverReport.objects.filter(version=version).first(),
        "options_form": PaperOptionsForm(snapshot=version.snapshot),
        "can_edit": ActionPlan.objects.editable_by(request.user).filter(pk=version.plan_id).exists(),
    }
    return render(request, "reporting/version_detail.html", context)


@login_required
def cover_report_edit(request, pk):
    version = get_for(request.user, PlanVersion.objects.select_related("plan__partnership"), Need.EDIT, pk=pk)
    report = CoverReport.objects.filter(version=version).first() or CoverReport(
        version=version, title=f"{version.plan.title}: {version.label}"
    )
    form = CoverReportForm(posted(request), instance=report, partnership=version.plan.partnership)
    back = reverse("reporting:version_detail", args=[version.pk])
    return form_page(
        request,
        form,
        title="Cover report",
        save=save_model_form,
        success_message="The cover report has been saved.",
        success_url=back,
        back_url=back,
        context={"caption": str(version)},
    )


@login_required
@require_safe
def changes_since(request, plan_pk):
    """Per action, what is new or changed in the plan since a version (the latest by default)."""
    plan = get_for(request.user, ActionPlan.objects.all(), Need.SEE, pk=plan_pk)
    versions = list(plan.versions.all())
    chosen = next((v for v in versions if str(v.pk) == request.GET.get("since")), versions[0] if versions else None)
    current = plan_snapshot(plan, as_at=timezone.localdate())
    changes = compare(chosen.snapshot, current) if chosen else {}
    paper = make_paper(
        current,
        label="Current plan",
        as_at=timezone.localdate(),
        options=PaperOptions(),
        previous=chosen.snapshot if chosen else None,
        previous_label=chosen.label if chosen else "",
    )
    context = {
        "plan": plan,
        "versions": versions,
        "chosen": chosen,
        "changed": paper.changed_actions,
        "counts": summary(changes) if chosen else None,
    }
    return render(request, "reporting/changes.html", context)


@login_required
@require_safe
def version_download(request, pk, fmt):
    version = get_for(request.user, PlanVersion.objects.select_related("plan"), Need.SEE, pk=pk)
    form = PaperOptionsForm(request.GET or None, snapshot=version.snapshot)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "reporting/options_invalid.html",
            {"form": form, "back": reverse("reporting:version_detail", args=[pk])},
            status=400,
        )
    paper_file = paper_request(plan=version.plan, version=version, kind=fmt, options=form.options())
    return redirect("reporting:paper_file", pk=paper_file.pk)


@login_required
@require_safe
def plan_download(request, plan_pk, fmt):
    plan = get_for(request.user, ActionPlan.objects.all(), Need.SEE, pk=plan_pk)
    today = timezone.localdate()
    snapshot = plan_snapshot(plan, as_at=today)
    form = PaperOptionsForm(request.GET or None, snapshot=snapshot)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "reporting/options_invalid.html",
            {"form": form, "back": reverse("reporting:version_list", args=[plan.pk])},
            status=400,
        )
    paper_file = paper_request(plan=plan, snapshot=snapshot, as_at=today, kind=fmt, options=form.options())
    return redirect("reporting:paper_file", pk=paper_file.pk)


@login_required
@require_safe
def paper_file_detail(request, pk):
    """ "Preparing your board paper": where the task worker has got to, until the file is ready."""
    paper_file = get_for(request.user, PaperFile.objects.select_related("plan", "version"), Need.SEE, pk=pk)
    context = {"paper_file": paper_file, "shows": PaperOptions(**paper_file.options).describe(), "refresh_seconds": 3}
    return render(request, "reporting/paper_file.html", context)


@login_required
@require_safe
def paper_file_download(request, pk):
    paper_file = get_for(request.user, PaperFile.objects.all(), Need.SEE, pk=pk)
    if paper_file.state != PaperFile.State.READY:
        return redirect("reporting:paper_file", pk=pk)
    return FileResponse(
        paper_file.file.open("rb"),
        as_attachment=True,
        filename=paper_file.download_name,
        content_type=CONTENT_TYPES[paper_file.kind],
    )
