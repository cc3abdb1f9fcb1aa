"""Building and rearranging a plan: saving actions with their leads, ordering, moving."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from core.editing import save_if_unchanged

from ..models import Action, ActionLead, Recommendation, SubAction, SubActionLead
from .targets import target_change_record

UP, DOWN = "up", "down"


def next_position(siblings) -> int:
    highest = siblings.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def move(item, direction: str, siblings) -> bool:
    """Swap `item` with its neighbour among `siblings` (a queryset in display order).
    Returns False when it is already first or last."""
    with transaction.atomic():
        ordered = list(siblings.select_for_update())
        index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(ordered):
            return False
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, sibling in enumerate(ordered):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        return True


def set_action_leads(action: Action, officers) -> None:
    _set_leads(action, officers, ActionLead, "action")


def set_sub_action_leads(sub_action: SubAction, officers) -> None:
    _set_leads(sub_action, officers, SubActionLead, "sub_action")


def _set_leads(owner, officers, link_model, owner_field: str) -> None:
    """Keep the leads already named in their order, drop the ones removed, add new ones last."""
    wanted = {officer.pk: officer for officer in officers}
    links = list(link_model.objects.filter(**{owner_field: owner}).order_by("position", "pk"))
    kept = [link for link in links if link.officer_id in wanted]
    for link in links:
        if link.officer_id not in wanted:
            link.delete()
    known = {link.officer_id for link in kept}
    added = [officer for pk, officer in wanted.items() if pk not in known]
    for position, link in enumerate(kept):
        if link.position != position:
            link.position = position
            link.save(update_fields=["position"])
    for position, officer in enumerate(added, start=len(kept)):
        link_model.objects.create(**{owner_field: owner}, officer=officer, position=position)


def action_create(*, recommendation: Recommendation, action: Action, leads, cross_references) -> Action:
    with transaction.atomic():
        action.recommendation = recommendation
        action.position = next_position(Action.objects.filter(recommendation=recommendation))
        action.full_clean()
        action.save()
        set_action_leads(action, leads)
        action.cross_references.set(cross_references)
    return action


def action_update(
    *, action: Action, expected_version: int, leads, cross_references, target_change_reason: str = "", by=None
) -> Action:
    """Save the business manager's edit; a moved target date is recorded with its reason."""
    with transaction.atomic():
        stored = Action.objects.get(pk=action.pk).target
        target_change_record(action=action, before=stored, after=action.target, reason=target_change_reason, by=by)
        save_if_unchanged(action, expected_version=expected_version)
        set_action_leads(action, leads)
        action.cross_references.set(cross_references)
    return action


def action_relocate(*, action: Action, recommendation: Recommendation) -> Action:
    """Make `action` answer another recommendation of the same plan, last in its list."""
    if recommendation.section.plan_id != action.recommendation.section.plan_id:
        raise ValueError("An action can only move within its own plan.")
    with transaction.atomic():
        if recommendation.pk != action.recommendation_id:
            action.recommendation = recommendation
            action.position = next_position(Action.objects.filter(recommendation=recommendation))
            action.version += 1
            action.save()
    return action
