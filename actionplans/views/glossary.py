"""The partnership's glossary of abbreviations: as members read it, and the business manager's
pages that keep it."""

from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from agencies.access import manager_required, member_required
from agencies.managed import Managed

from ..forms.glossary import GlossaryTermForm
from ..models import GlossaryTerm

TERMS = Managed(
    name="glossary",
    route="glossary",
    queryset=GlossaryTerm.objects.select_related("partnership"),
    form=GlossaryTermForm,
    noun="abbreviation",
    add_title="Add an abbreviation to the glossary",
    change_title="Change the abbreviation",
    back=lambda _term: reverse("manage:glossary_list"),
    caption=attrgetter("abbreviation"),
    form_partnership=attrgetter("partnership"),
    managers_only=True,
    removable=True,
    messages={
        "added": "The abbreviation has been added to the glossary.",
        "removed": "The abbreviation has been removed from the glossary.",
    },
)


def _terms(request, membership):
    terms = GlossaryTerm.objects.visible_to(request.user).filter(partnership=membership.partnership)
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
