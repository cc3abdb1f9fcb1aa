"""The partnership's glossary of abbreviations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import member_required

from ..models import GlossaryTerm


@login_required
@require_safe
@member_required
def glossary(request, membership):
    terms = GlossaryTerm.objects.visible_to(request.user).filter(partnership=membership.partnership)
    return render(request, "actionplans/glossary.html", {"terms": terms.order_by("abbreviation")})
