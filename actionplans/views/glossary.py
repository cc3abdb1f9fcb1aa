"""The partnership's glossary of abbreviations: as members read it, and the business manager's
pages that keep it."""

from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import manager_required, member_required
from agencies.managed import Managed

from ..forms.glossary import GlossaryTermForm
from ..models import GlossaryTerm

TERMS = Managed.listed(
    "glossary",
    "glossary",
    GlossaryTerm,
    GlossaryTermForm,
    noun="abbreviation",
    caption=attrgetter("abbreviation"),
    removable=True,
    wording={
        "add": "Add an abbreviation to the glossary",
        "added": "The abbreviation has been added to the glossary.",
        "removed": "The abbreviation has been removed from the glossary.",
    },
)


def _terms(request, membership):
    terms = GlossaryTerm.objects.visible_to(request.user).in_partnership(membership.partnership)
    return terms.order_by("abbreviation")


@login_required
@require_safe
@member_required
def glossary(request, membership):
    return render(request, "actionplans/glossary.html", {"terms": _terms(request, membership)})


@login_required
@require_safe
@manager_required
def glossary_list(request, membership):
    return render(request, "manage/glossary_list.html", {"terms": _terms(request, membership)})
