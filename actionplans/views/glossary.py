"""The partnership's glossary of abbreviations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import require_member

from ..models import GlossaryTerm


@login_required
@require_safe
def glossary(request):
    membership = require_member(request)
    terms = GlossaryTerm.objects.visible_to(request.user).filter(partnership=membership.partnership)
    return render(request, "actionplans/glossary.html", {"terms": terms.order_by("abbreviation")})
