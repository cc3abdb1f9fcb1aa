"""Factories that build valid plan data with as little typing as a test needs."""

import factory
from django.contrib.auth import get_user_model

from actionplans.loose_dates import loose_date
from actionplans.models import (
    Action,
    ActionLead,
    ActionPlan,
    EvidenceDocument,
    Inspection,
    Inspectorate,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Section,
    SubAction,
)
from agencies.models import Agency, Forum, Membership, Officer, Partnership
from agencies.roles import Role


def loose_date_declarations(words_param: str):
    """The three fields of a loose date, filled from plan words given as `words_param`."""

    def part(name):
        return factory.LazyAttribute(lambda obj: getattr(loose_date(getattr(obj, words_param)), name))

    return part("text"), part("date"), part("precision")


PASSPHRASE = "a long passphrase of several words"


def with_password(user, password: str = PASSPHRASE):
    """`user`, saved with a password the test knows."""
    user.set_password(password)
    user.save()
    return user


def progress_form(as_at, **fields) -> dict:
    """A progress update form as the browser posts it: `as_at` in its day, month and year boxes;
    a field given as None is left out."""
    data = {"as_at_0": as_at.day, "as_at_1": as_at.month, "as_at_2": as_at.year, **fields}
    return {key: value for key, value in data.items() if value is not None}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Area {n} Safeguarding Children Partnership")
    short_name = factory.Sequence(lambda n: f"Area {n} SCP")
    slug = factory.Sequence(lambda n: f"area-{n}")
    area = factory.Sequence(lambda n: f"Area {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"AG{n}")
    kind = Agency.Kind.LOCAL_AUTHORITY


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    partnership = factory.SubFactory(PartnershipFactory)
    agency = None
    name = factory.Sequence(lambda n: f"Officer {n}")
    job_title = "Service Manager"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Sub-group {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.SCRUTINY
    agency = None


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Inspection of safeguarding and looked after children services"
    inspectorates = Inspectorate.OFSTED_AND_CQC


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    partnership = factory.SubFactory(PartnershipFactory)
    inspection = factory.SubFactory(InspectionFactory, partnership=factory.SelfAttribute("..partnership"))
    title = "Multi-agency action plan"
    owner_body = "The partnership"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Section {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    section = factory.SubFactory(SectionFactory)
    reference = factory.Sequence(lambda n: str(n))
    text = "Ensure that core groups are held regularly"


class ActionFactory(factory.django.DjangoModelFactory):
    """An action; pass target="June 2012" to give it a target date as a plan would write it."""

    class Meta:
        model = Action

    class Params:
        target = ""

    recommendation = factory.SubFactory(RecommendationFactory)
    agency = factory.SubFactory(
        AgencyFactory,
        partnership=factory.SelfAttribute("..recommendation.section.plan.partnership"),
    )
    reference = factory.Sequence(lambda n: f"A{n}")
    text = "Review the core group guidance"
    target_text, target_date, target_precision = loose_date_declarations("target")


class ActionLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLead

    action = factory.SubFactory(ActionFactory)
    officer = factory.SubFactory(OfficerFactory, partnership=factory.SelfAttribute("..action.agency.partnership"))


class SubActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubAction

    action = factory.SubFactory(ActionFactory)
    kind = "underpinned_by"
    text = "Refresher training for social workers"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    text = "Guidance drafted"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A progress update; pass as_at="June 2012" as a plan would write it."""

    class Meta:
        model = ProgressUpdate

    class Params:
        as_at = ""

    action = factory.SubFactory(ActionFactory)
    note = "Work is under way."
    as_at_text, as_at_date, as_at_precision = loose_date_declarations("as_at")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        update = super()._create(model_class, *args, **kwargs)
        Action.objects.filter(pk=update.action_id).refresh_latest_updates()  # as every way of adding one does
        return update


class EvidenceDocumentFactory(factory.django.DjangoModelFactory):
    """The record of a stored evidence file; the file itself is there only if the test saves it."""

    class Meta:
        model = EvidenceDocument

    progress_update = factory.SubFactory(ProgressUpdateFactory)
    file = "evidence/x.pdf"
    original_name = "x.pdf"
    content_type = "application/pdf"
    size = 1
    uploaded_by = factory.SubFactory(UserFactory)
