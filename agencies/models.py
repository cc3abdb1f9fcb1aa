"""Who is involved: partnerships, their agencies, named officers, forums, users' roles and
invitations to join."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django_otp.models import Device

from core.text import refuse_control_characters, refuse_control_characters_in_text

from .roles import Role
from .scoping import ManagersOnlyQuerySet, ScopedQuerySet, is_operator


class PartnershipQuerySet(ScopedQuerySet):
    partnership_lookup = "pk"

    def operated_by(self, user):
        """Every partnership, for an operator's list of them; none for anyone else."""
        return self.all() if is_operator(user) else self.none()

    def with_member_count(self):
        return self.annotate(member_count=Count("memberships"))


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
    name = models.CharField(max_length=200, validators=[refuse_control_characters])

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
            _agency_for_agency_leads_only("agency_set_for_agency_leads_only"),
        ]

    def __str__(self):
        where = f", {self.agency.short_name}" if self.agency_id else ""
        return f"{self.user} – {self.get_role_display()} ({self.partnership.short_name}{where})"

    def clean(self):
        if problem := _role_and_agency_problem(self):
            raise problem

    @property
    def edits_plans(self) -> bool:
        """What the member's role allows, for the shared layer, which knows no roles."""
        return Role(self.role).edits_plans


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

    def operated_by(self, user):
        """For an operator, every partnership's invitations of its business managers (the first
        one is the operator's, from creating the partnership); none for anyone else."""
        return self.filter(role=Role.BUSINESS_MANAGER) if is_operator(user) else self.none()


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
    email = models.EmailField("email address", validators=[refuse_control_characters])
    first_name = models.CharField(max_length=150, validators=[refuse_control_characters])
    last_name = models.CharField(max_length=150, validators=[refuse_control_characters])
    role = models.CharField(max_length=30, choices=Role.choices, validators=[refuse_control_characters])
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="Agency leads only: the agency whose actions they will update.",
    )
    officer = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partnership's officer this person is, if there is one: their login is linked to it when "
        "they accept, unless either is linked already.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(help_text="When the link was last emailed.")
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False, validators=[refuse_control_characters])
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
        if self.officer_id and self.officer.partnership_id != self.partnership_id:
            raise ValidationError({"officer": "The officer must work in this partnership."})

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


SECRET_VARIABLE_PREFIX = "SSO_SECRET_"
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def email_domain(email: str) -> str:
    """The part of an e-mail address after its last @, in lower case."""
    return email.rpartition("@")[2].strip().lower()


class SingleSignOnQuerySet(ScopedQuerySet):
    partnership_lookup = "partnership"

    def for_email(self, email: str) -> list["SingleSignOn"]:
        """The enabled providers that sign people in with this address's domain, with their
        partnerships: one, none, or several when partnerships share an organisation."""
        domain = email_domain(email)
        providers = self.filter(enabled=True).select_related("partnership").order_by("partnership__name", "name")
        return [provider for provider in providers if domain in provider.domains]


class SingleSignOn(models.Model):
    """An organisation's own sign-in (OpenID Connect, e.g. Microsoft Entra ID) that members of
    a partnership with an address at its domains use instead of an Assure password. Set up by
    an operator; the client secret stays in the environment."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="single_sign_ons")
    name = models.CharField(
        max_length=120,
        help_text="The organisation, as its people know it, e.g. 'Darlington Borough Council'.",
        validators=[refuse_control_characters],
    )
    issuer = models.CharField(
        max_length=300,
        validators=[URLValidator(schemes=["https", "http"]), refuse_control_characters],
        help_text="The provider's issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0; its settings are "
        "read from <issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField(
        "Client ID",
        max_length=200,
        help_text="Assure's application (client) ID there.",
        validators=[refuse_control_characters],
    )
    secret_variable = models.CharField(
        max_length=100,
        validators=[
            refuse_control_characters,
            RegexValidator(
                rf"^{SECRET_VARIABLE_PREFIX}[A-Z0-9_]+$",
                f"Name an environment variable that starts with {SECRET_VARIABLE_PREFIX}, in capitals, "
                f"e.g. {SECRET_VARIABLE_PREFIX}DARLINGTON.",
            ),
        ],
        help_text="The environment variable holding the client secret, e.g. SSO_SECRET_DARLINGTON. The secret "
        "itself is never stored in Assure's database.",
    )
    allowed_domains = models.TextField(
        help_text="The e-mail domains this sign-in is for, one per line, e.g. darlington.gov.uk. "
        "An address at any other domain is refused.",
        validators=[refuse_control_characters_in_text],
    )
    trust_email_without_verified_claim = models.BooleanField(
        "Trust the e-mail claim without email_verified",
        default=False,
        help_text="Off: the provider must say the address is verified (email_verified). On, for Microsoft Entra ID, "
        "which often leaves that out: the address is trusted when it is at one of the allowed domains.",
    )
    enabled = models.BooleanField(default=True)

    objects = SingleSignOnQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name = "single sign-on"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="single_sign_on_name_unique_in_partnership")
        ]

    def __str__(self):
        return f"{self.name} ({self.partnership.short_name})"

    @property
    def domains(self) -> list[str]:
        return [line.strip().lower() for line in self.allowed_domains.replace(",", "\n").splitlines() if line.strip()]

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def clean(self):
        domains = self.domains
        wrong = [domain for domain in domains if not _DOMAIN.fullmatch(domain)]
        if not domains or wrong:
            raise ValidationError(
                {"allowed_domains": "Give each e-mail domain on a line of its own, like darlington.gov.uk."}
            )
        self.allowed_domains = "\n".join(dict.fromkeys(domains))
        others = SingleSignOn.objects.filter(partnership_id=self.partnership_id).exclude(pk=self.pk)
        shared = sorted(set(domains) & {domain for other in others for domain in other.domains})
        if shared:
            raise ValidationError(
                {"allowed_domains": f"Another sign-in of this partnership is already for {', '.join(shared)}."}
            )


class SingleSignOnIdentity(Device):
    """A login's account at an organisation's sign-in: the provider's subject (`sub`) at its
    issuer, for Assure's client there. Stored on the first sign-in that matched the member by
    e-mail; later sign-ins match by it first, so a changed address at the provider never moves
    the login to someone else. As a django-otp device it is the session's second factor: the
    organisation's sign-in vouches for it."""

    # django-otp's own field, given the rule every one-line field of Assure's follows.
    name = models.CharField(
        max_length=64, help_text="The human-readable name of this device.", validators=[refuse_control_characters]
    )
    issuer = models.CharField(max_length=300, validators=[refuse_control_characters])
    client_id = models.CharField("Client ID", max_length=200, validators=[refuse_control_characters])
    subject = models.CharField(max_length=255, validators=[refuse_control_characters])
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "issuer"]
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id", "subject"], name="single_sign_on_identity_unique_subject"
            ),
            models.UniqueConstraint(
                fields=["user", "issuer", "client_id"], name="single_sign_on_identity_one_per_login"
            ),
        ]
