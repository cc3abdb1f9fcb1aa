"""Who is involved: partnerships, their agencies, named officers, forums and users' roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from assure.text import refuse_control_characters

from .roles import Role
from .scoping import ScopedQuerySet


class PartnershipQuerySet(ScopedQuerySet):
    partnership_lookup = "pk"


class Partnership(models.Model):
    """The safeguarding partnership of one local area (historically its LSCB)."""

    name = models.CharField(max_length=200, unique=True, validators=[refuse_control_characters])
    short_name = models.CharField(
        max_length=60, help_text="As people write it, e.g. 'Darlington LSCB'.", validators=[refuse_control_characters]
    )
    slug = models.SlugField(max_length=60, unique=True, validators=[refuse_control_characters])
    area = models.CharField(
        max_length=120, help_text="The local area it serves.", validators=[refuse_control_characters]
    )
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
    name = models.CharField(max_length=200, validators=[refuse_control_characters])
    short_name = models.CharField(
        max_length=30, help_text="As the plan writes it, e.g. 'DBC'.", validators=[refuse_control_characters]
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, validators=[refuse_control_characters])
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
    name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Empty when the plan names only a role.",
        validators=[refuse_control_characters],
    )
    job_title = models.CharField(max_length=200, blank=True, validators=[refuse_control_characters])
    email = models.EmailField(blank=True, validators=[refuse_control_characters])
    phone = models.CharField(max_length=60, blank=True, validators=[refuse_control_characters])
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


class ForumQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"


class Forum(models.Model):
    """A board, sub-group or committee that plans and actions report to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="forums")
    name = models.CharField(max_length=200, validators=[refuse_control_characters])

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="forum_unique_in_partnership")]

    def __str__(self):
        return self.name


class MembershipQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"

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
    role = models.CharField(max_length=30, choices=Role.choices, validators=[refuse_control_characters])
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
            models.CheckConstraint(
                condition=(Q(role=Role.AGENCY_LEAD) & Q(agency__isnull=False))
                | (~Q(role=Role.AGENCY_LEAD) & Q(agency__isnull=True)),
                name="agency_set_for_agency_leads_only",
            ),
        ]

    def __str__(self):
        where = f", {self.agency.short_name}" if self.agency_id else ""
        return f"{self.user} – {self.get_role_display()} ({self.partnership.short_name}{where})"

    def clean(self):
        if self.role not in Role.values:
            return  # the role field's own error says so
        belongs_to_agency = Role(self.role).belongs_to_agency
        if belongs_to_agency and not self.agency_id:
            raise ValidationError({"agency": "Choose the agency this lead updates actions for."})
        if not belongs_to_agency and self.agency_id:
            raise ValidationError({"agency": "Only agency leads belong to an agency."})
        if self.agency_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "The agency must belong to the same partnership."})


class SignedInSession(models.Model):
    """A session someone signed in with, so that all of a person's sessions can be ended at once
    (signing out, deactivation, a new password). Not plan data: not audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True, validators=[refuse_control_characters])
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "signed_in_at"]

    def __str__(self):
        return f"{self.user} signed in at {self.signed_in_at:%Y-%m-%d %H:%M}"
