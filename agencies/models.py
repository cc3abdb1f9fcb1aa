"""Who is involved: partnerships, their agencies, named officers, forums, users' roles and
invitations to join."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from .roles import Role
from .scoping import ManagersOnlyQuerySet, ScopedQuerySet


class PartnershipQuerySet(ScopedQuerySet):
    partnership_lookup = "pk"


class Partnership(models.Model):
    """The safeguarding partnership of one local area (historically its LSCB)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, help_text="As people write it, e.g. 'Darlington LSCB'.")
    slug = models.SlugField(max_length=60, unique=True)
    area = models.CharField(max_length=120, help_text="The local area it serves.")
    business_manager = models.ForeignKey(
        "Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partnership's business manager: the contact for its board papers.",
    )
    two_factor_for_everyone = models.BooleanField(
        "Everyone must use two-factor authentication",
        default=False,
        help_text="Off: only business managers must. On: agency leads and scrutiny members too.",
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.business_manager_id and self.business_manager.partnership_id != self.pk:
            raise ValidationError({"business_manager": "The business manager must work in this partnership."})


class AgencyQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class Agency(models.Model):
    """An organisation in a partnership: the council, an NHS trust, the police ..."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH_COMMISSIONER = "health_commissioner", "Health commissioner"
        HEALTH_PROVIDER = "health_provider", "Health provider"
        POLICE = "police", "Police"
        EDUCATION = "education", "Education"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, help_text="As the plan writes it, e.g. 'DBC'.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    lead_officer = models.ForeignKey(
        "Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency's lead officer for the partnership's plans.",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "short_name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "short_name"], name="agency_short_name_unique_in_partnership"
            ),
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership"),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})"

    def clean(self):
        if self.lead_officer_id and self.lead_officer.partnership_id != self.partnership_id:
            raise ValidationError({"lead_officer": "The lead officer must work in this partnership."})


class OfficerQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class Officer(models.Model):
    """A named person who leads or monitors actions, or a role that plans name with no person
    ("Director of Nursing", "All Team Managers")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="officers")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text="Empty for the partnership's own staff, such as its business manager.",
    )
    name = models.CharField(max_length=120, blank=True, help_text="Empty when the plan names only a role.")
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        help_text="The login of this person, if they have one.",
    )

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name", "job_title"]
        constraints = [
            models.CheckConstraint(condition=~Q(name="") | ~Q(job_title=""), name="officer_has_name_or_role"),
        ]

    def __str__(self):
        if not self.name:
            return f"{self.job_title} (role)"
        if self.job_title:
            return f"{self.name} ({self.job_title})"
        return self.name

    @property
    def is_role_only(self) -> bool:
        return not self.name

    def clean(self):
        if not self.name and not self.job_title:
            raise ValidationError("Give the officer's name, or the role the plan names.")
        if self.agency_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "The agency must belong to the same partnership."})
        members = Membership.objects.filter(partnership_id=self.partnership_id)
        if self.user_id and not members.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": "The login must be a member of this partnership."})

    @classmethod
    def author_for(cls, user, partnership_id: int):
        """The officer whose work `user` records in the partnership: their linked officer, if it
        is one of that partnership's; None otherwise (a login in several partnerships is linked
        to an officer in one of them at most)."""
        return cls.objects.filter(user_id=user.pk, partnership_id=partnership_id).first() if user else None


class ForumQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class Forum(models.Model):
    """A board, sub-group or committee that plans and actions report to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="forums")
    name = models.CharField(max_length=200)

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="forum_unique_in_partnership")]

    def __str__(self):
        return self.name


def _role_and_agency_problem(row) -> ValidationError | None:
    """The one rule for a role held in a partnership (a membership, or an invitation to one):
    agency leads belong to one of the partnership's agencies, nobody else to any."""
    if row.role not in Role.values:
        return None  # the role field's own error says so
    belongs_to_agency = Role(row.role).belongs_to_agency
    if belongs_to_agency and not row.agency_id:
        return ValidationError({"agency": "Choose the agency this lead updates actions for."})
    if not belongs_to_agency and row.agency_id:
        return ValidationError({"agency": "Only agency leads belong to an agency."})
    if row.agency_id and row.agency.partnership_id != row.partnership_id:
        return ValidationError({"agency": "The agency must belong to the same partnership."})
    return None


def _agency_for_agency_leads_only(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(role=Role.AGENCY_LEAD) & Q(agency__isnull=False))
        | (~Q(role=Role.AGENCY_LEAD) & Q(agency__isnull=True)),
        name=name,
    )


class MembershipQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"

    def with_login_managed_here(self):
        """Annotates `login_managed_here`: whether the partnership's business manager may manage
        the member's login itself (reset its two-factor authentication). Only a login that
        belongs to this partnership alone and is not an Assure operator's: any other login is
        someone else's too, and is managed by the operators, in the admin. Changing a member's
        role in this partnership, or removing them from it, is for the manager either way."""
        elsewhere = Membership.objects.filter(user=OuterRef("user")).exclude(partnership=OuterRef("partnership"))
        rule = Q(user__is_staff=False, user__is_superuser=False) & ~Exists(elsewhere)
        return self.annotate(login_managed_here=ExpressionWrapper(rule, output_field=BooleanField()))

    def needing_two_factor(self):
        """The memberships whose holder must use two-factor authentication: every membership of a
        partnership that asks it of everyone, and business managers' (unless settings say not)."""
        rule = Q(partnership__two_factor_for_everyone=True)
        if settings.TWO_FACTOR_REQUIRED_FOR_MANAGERS:
            rule |= Q(role=Role.BUSINESS_MANAGER)
        return self.filter(rule)


class Membership(models.Model):
    """A user's role in one partnership; agency leads also belong to one agency."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="Agency leads only: the agency whose actions they update.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership"),
            _agency_for_agency_leads_only("agency_set_for_agency_leads_only"),
        ]

    def __str__(self):
        where = f", {self.agency.short_name}" if self.agency_id else ""
        return f"{self.user} – {self.get_role_display()} ({self.partnership.short_name}{where})"

    def clean(self):
        if problem := _role_and_agency_problem(self):
            raise problem


class InvitationQuerySet(ManagersOnlyQuerySet):
    """The business manager's own: the addresses of people who are not members yet."""

    partnership_lookup = "partnership"

    def open(self):
        """Neither accepted nor withdrawn: waiting, or expired and waiting to be sent again."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self, now=None):
        """Invitations that can be accepted now."""
        return self.open().filter(expires_at__gt=now or timezone.now())

    def pending_for_email(self, email: str):
        """The invitations waiting for `email`, for a sign-in that has verified that address."""
        return self.pending().filter(email__iexact=email.strip())

    def with_token(self, token: str):
        return self.filter(token_hash=Invitation.hash_of(token))


class Invitation(models.Model):
    """An invitation to join a partnership with a role, sent by email. Whoever opens the
    emailed link accepts it, once, with their own login or a new one. Only a hash of the link's
    token is stored, so the table (or a backup of it) gives nobody a working link."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        EXPIRED = "expired", "Expired"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address")
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="Agency leads only: the agency whose actions they will update.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(help_text="When the link was last emailed.")
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-sent_at"]
        constraints = [
            _agency_for_agency_leads_only("invitation_agency_set_for_agency_leads_only"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="invitation_not_both_accepted_and_withdrawn",
            ),
        ]

    def __str__(self):
        return f"Invitation to {self.email} ({self.get_role_display()}, {self.partnership.short_name})"

    def clean(self):
        if problem := _role_and_agency_problem(self):
            raise problem

    @staticmethod
    def hash_of(token: str) -> str:
        # The token is 256 random bits, so a fast hash is enough: there is nothing to guess.
        return hashlib.sha256(token.encode()).hexdigest()

    def new_link(self, now=None) -> str:
        """A new token for the emailed link, valid for INVITATION_DAYS from now; any earlier link
        of this invitation stops working. Returns the token, which is not stored."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_of(token)
        self.sent_at = now
        self.expires_at = now + timedelta(days=settings.INVITATION_DAYS)
        return token

    def state(self, now=None) -> State:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.withdrawn_at:
            return self.State.WITHDRAWN
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.WAITING


class SignedInSession(models.Model):
    """A session someone signed in with, so that all of a person's sessions can be ended at once
    (signing out, deactivation, a new password). Not plan data: not audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "signed_in_at"]

    def __str__(self):
        return f"{self.user} signed in at {self.signed_in_at:%Y-%m-%d %H:%M}"
