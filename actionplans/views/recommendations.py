"""The recommendations of the partnership's plans, filtered (e.g. those fully delivered)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies.access import member_required

from ..filters import RecommendationFilter, filtered_page
from ..glossary import Glossary
from ..models import Recommendation

PER_PAGE = 25


@login_required
@require_safe
@member_required
def recommendation_list(request, membership):
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .in_partnership(membership.partnership)
        .select_related("section__plan")
        .prefetch_related("agencies")
        .order_by("section__plan__title", "section__position", "position", "pk")
    )
    found = RecommendationFilter(
        request.GET, queryset=recommendations, request=request, partnership=membership.partnership
    )
    context = {**filtered_page(request, found, found.qs, PER_PAGE), "glossary": Glossary.of(membership.partnership)}
    return render(request, "actionplans/recommendation_list.html", context)
