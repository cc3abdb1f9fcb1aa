"""The one scoping rule: which rows a user may see, update progress on, or edit.

Every list, page, export, dashboard and PDF reaches plan data through these queryset methods:
- see: everything in the partnerships the user belongs to, whatever their role (plans are joint);
- update progress: a business manager, anything in their partnership; an agency lead, the rows
  of their own agency; a scrutiny member, nothing;
- edit: business managers only, within their partnership;
- assure (accept or return a reported completion): business managers, within their partnership,
  and a recommendation's monitoring officer with a login, for its actions.
An anonymous or deactivated user gets nothing. Superusers get no special treatment here: the
admin is their tool, the application is for members.
"""

from django.db import models
from django.db.models import Q

from .roles import Role


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how its rows reach a partnership and (optionally) an agency.

    Subclasses set `partnership_lookup` (e.g. "recommendation__section__plan__partnership") and,
    where rows belong to one agency, `agency_lookup` (e.g. "agency").
    """

    partnership_lookup: str = ""
    agency_lookup: str | None = None
    monitoring_officer_lookup: str | None = None

    def visible_to(self, user):
        memberships = _memberships(user)
        if memberships is None:
            return self.none()
        return self.filter(**{f"{self.partnership_lookup}__in": memberships.values("partnership")})

    def editable_by(self, user):
        memberships = _memberships(user)
        if memberships is None:
            return self.none()
        managed = memberships.filter(role=Role.BUSINESS_MANAGER).values("partnership")
        return self.filter(**{f"{self.partnership_lookup}__in": managed})

    def updatable_by(self, user):
        memberships = _memberships(user)
        if memberships is None:
            return self.none()
        managed = memberships.filter(role=Role.BUSINESS_MANAGER).values("partnership")
        allowed = Q(**{f"{self.partnership_lookup}__in": managed})
        if self.agency_lookup:
            led = memberships.filter(role=Role.AGENCY_LEAD).values("agency")
            allowed |= Q(**{f"{self.agency_lookup}__in": led})
        return self.filter(allowed)

    def assurable_by(self, user):
        memberships = _memberships(user)
        if memberships is None:
            return self.none()
        managed = memberships.filter(role=Role.BUSINESS_MANAGER).values("partnership")
        allowed = Q(**{f"{self.partnership_lookup}__in": managed})
        if self.monitoring_officer_lookup:
            allowed |= Q(**{f"{self.monitoring_officer_lookup}__user": user}) & Q(
                **{f"{self.partnership_lookup}__in": memberships.values("partnership")}
            )
        return self.filter(allowed)


class ManagersOnlyQuerySet(ScopedQuerySet):
    """Rows that are the business manager's working papers (an import under way, a saved
    column mapping): no one else sees them, let alone changes them."""

    def visible_to(self, user):
        return self.editable_by(user)

    def updatable_by(self, user):
        return self.editable_by(user)

    def assurable_by(self, user):
        return self.none()


def _memberships(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # Through the user, so that this module needs nothing from the models built on it.
    return user.memberships.all()
