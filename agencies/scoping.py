"""The one scoping rule: which rows a user may see, update progress on, or edit.

Every list, page, export, dashboard and PDF reaches plan data through these queryset methods:
- see: everything in the partnerships the user belongs to, whatever their role (plans are joint);
- update progress: a business manager, anything in their partnership; an agency lead, the rows
  of their own agency; a scrutiny member, nothing;
- edit: business managers only, within their partnership;
- assure (accept or return a reported completion): business managers, within their partnership,
  and a recommendation's monitoring officer with a login, for its actions;
- an email: its recipient, and the business managers of its partnership.
An anonymous or deactivated user gets nothing. Superusers get no special treatment here: the
admin is their tool, the application is for members. Operators (`is_operator`) have one page
of their own beyond that: the list of partnerships, where they create a new one.
"""

from functools import wraps

from django.apps import apps
from django.db import models
from django.db.models import Q

from .roles import Role


def _members_only(rule):
    """A rule over the user's memberships: an anonymous or deactivated user gets no rows."""

    @wraps(rule)
    def scoped(queryset, user):
        memberships = _memberships(user)
        return queryset.none() if memberships is None else rule(queryset, user, memberships)

    return scoped


class PartnershipQuerySet(models.QuerySet):
    """Rows that reach a partnership by `partnership_lookup` (e.g. "recommendation__section__plan__partnership")."""

    partnership_lookup: str = "partnership"

    def in_partnership(self, partnership):
        """One partnership's rows: with `visible_to`, what a list page of it shows."""
        return self.filter(**{self.partnership_lookup: partnership})

    def _in(self, memberships) -> Q:
        return Q(**{f"{self.partnership_lookup}__in": memberships.values("partnership")})

    def _managed(self, memberships) -> Q:
        return self._in(memberships.filter(role=Role.BUSINESS_MANAGER))


class ScopedQuerySet(PartnershipQuerySet):
    """A queryset that knows how its rows reach a partnership and (optionally) an agency: subclasses
    set `partnership_lookup` and, where rows belong to one agency, `agency_lookup` (e.g. "agency")."""

    agency_lookup: str | None = None
    monitoring_officer_lookup: str | None = None

    @_members_only
    def visible_to(self, user, memberships):
        return self.filter(self._in(memberships))

    @_members_only
    def editable_by(self, user, memberships):
        return self.filter(self._managed(memberships))

    @_members_only
    def updatable_by(self, user, memberships):
        allowed = self._managed(memberships)
        if self.agency_lookup:
            led = memberships.filter(role=Role.AGENCY_LEAD).values("agency")
            allowed |= Q(**{f"{self.agency_lookup}__in": led})
        return self.filter(allowed)

    @_members_only
    def assurable_by(self, user, memberships):
        allowed = self._managed(memberships)
        if self.monitoring_officer_lookup:
            allowed |= Q(**{f"{self.monitoring_officer_lookup}__user": user}) & self._in(memberships)
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


class RecipientsQuerySet(PartnershipQuerySet):
    """Emails: each user sees the ones sent to them; business managers see all of their
    partnership's. Subclasses set `recipient_lookup` and `partnership_lookup`."""

    recipient_lookup: str = "recipient"

    @_members_only
    def visible_to(self, user, memberships):
        return self.filter((Q(**{self.recipient_lookup: user}) & self._in(memberships)) | self._managed(memberships))


def is_operator(user) -> bool:
    """Whether `user` runs Assure itself: an active staff login, the same people who may use the
    admin site (and who must always give a second factor). Membership plays no part."""
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


def memberships_of(user):
    """The user's memberships, by partnership name: none for an anonymous or deactivated user."""
    memberships = _memberships(user)
    if memberships is None:
        return apps.get_model("agencies", "Membership").objects.none()
    return memberships.select_related("partnership", "agency").order_by("partnership__name")


def _memberships(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # Through the user, so that this module needs nothing from the models built on it.
    return user.memberships.all()
