"""The scoping rule as a matrix: every kind of user x every scoped model x see / update / edit."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from actionplans.loose_dates import loose_date
from actionplans.models import (
    Action,
    ActionPlan,
    Decision,
    EvidenceDocument,
    GlossaryTerm,
    Inspection,
    Judgement,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Section,
    SignOff,
    Status,
    SubAction,
    TargetChange,
    UpdateRound,
)
from agencies.models import Agency, Forum, Invitation, Membership, Officer, Partnership, SingleSignOn
from agencies.roles import Role
from imports.models import ImportBatch, ImportMapping
from reporting.models import CoverReport, PaperFile, PlanVersion, ReportImplication, VersionFreeze
from reporting.services import version_freeze
from tests.database import rolled_back
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    EvidenceDocumentFactory,
    ForumFactory,
    MembershipFactory,
    MilestoneFactory,
    OfficerFactory,
    PartnershipFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    SectionFactory,
    SubActionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.security("data scoping")]

AGENCY_SCOPED = {Action, SubAction, Milestone, ProgressUpdate, EvidenceDocument, SignOff, TargetChange}
MONITORED = {Action, ProgressUpdate}  # a recommendation's monitoring officer may sign off their completions
SCOPED_MODELS = [
    Partnership,
    Agency,
    Officer,
    Forum,
    Membership,
    Inspection,
    Judgement,
    ActionPlan,
    Section,
    Recommendation,
    GlossaryTerm,
    Action,
    SubAction,
    Milestone,
    ProgressUpdate,
    EvidenceDocument,
    PlanVersion,
    PaperFile,
    VersionFreeze,
    CoverReport,
    ReportImplication,
    SignOff,
    TargetChange,
    UpdateRound,
    ImportBatch,
    ImportMapping,
    Invitation,
    SingleSignOn,
]
MANAGERS_ONLY = {ImportBatch, ImportMapping, Invitation}  # an import under way, saved mappings, invitations


class World:
    """Two partnerships: P1 with agencies A and B, P2 with agency C; a row of every model in
    each agency, and a user of every kind."""

    def __init__(self):
        self.rows = {}  # object -> (partnership key, agency key or None)
        self.users = {}
        for key, agencies in (("P1", ("A", "B")), ("P2", ("C",))):
            partnership = PartnershipFactory()
            self._add(partnership, key)
            section = SectionFactory(plan__partnership=partnership)
            plan = section.plan
            recommendation = RecommendationFactory(section=section)
            self._add_all([plan, plan.inspection, section, recommendation], key)
            self._add(
                plan.inspection.judgements.create(area="Safeguarding services", criterion="Overall", grade="adequate"),
                key,
            )
            self._add(ForumFactory(partnership=partnership), key)
            self._add(
                GlossaryTerm.objects.create(
                    partnership=partnership, abbreviation="LAC", meaning="Looked after children"
                ),
                key,
            )
            someone = UserFactory()
            self._add(UpdateRound.objects.create(plan=plan, deadline=date(2012, 7, 1), opened_by=someone), key)
            self._add(
                ImportBatch.objects.create(partnership=partnership, created_by=someone, file_name="plan.csv"), key
            )
            self._add(
                ImportMapping.objects.create(partnership=partnership, name="Quarterly", mapping={}, created_by=someone),
                key,
            )
            invitation = Invitation(
                partnership=partnership, email="jo@example.org", first_name="Jo", last_name="Smith", role="scrutiny"
            )
            invitation.new_link()
            invitation.save()
            self._add(invitation, key)
            self._add(
                SingleSignOn.objects.create(
                    partnership=partnership,
                    name="Council",
                    issuer="https://login.example.org",
                    client_id="assure",
                    secret_variable="SSO_SECRET_COUNCIL",
                    allowed_domains=f"{key.lower()}.example.org",
                ),
                key,
            )
            version = version_freeze(plan=plan, label="Board", as_at=date(2012, 7, 31))
            self._add(version, key)
            report = CoverReport.objects.create(version=version, title="Report to the board")
            self._add_all([report, report.implications.create(heading="Diversity")], key)
            paper_file = PaperFile.objects.create(
                plan=plan,
                version=version,
                as_at=version.as_at,
                kind="csv",
                options_key="all",
                download_name="board.csv",
            )
            self._add(paper_file, key)
            self._add(VersionFreeze.objects.create(plan=plan, label="Next board", as_at=version.as_at), key)
            for agency_key in agencies:
                agency = AgencyFactory(partnership=partnership)
                setattr(self, agency_key, agency)
                self._add(agency, key)
                self._add(OfficerFactory(partnership=partnership, agency=agency), key)
                action = ActionFactory(recommendation=recommendation, agency=agency)
                self._add(action, key, agency_key)
                self._add(SubActionFactory(action=action), key, agency_key)
                self._add(MilestoneFactory(action=action), key, agency_key)
                update = ProgressUpdateFactory(action=action, status=Status.COMPLETED)
                self._add(update, key, agency_key)
                self._add(
                    SignOff.objects.create(update=update, decision=Decision.ACCEPTED, decided_by=someone),
                    key,
                    agency_key,
                )
                moved = TargetChange(action=action, reason="Staffing")
                moved.before, moved.after = loose_date("June 2012"), loose_date("July 2012")
                moved.save()
                self._add(moved, key, agency_key)
                evidence = EvidenceDocumentFactory(progress_update=update, file="evidence/2026/x.pdf")
                self._add(evidence, key, agency_key)
            setattr(self, key, partnership)

        self._member("manager P1", self.P1, Role.BUSINESS_MANAGER)
        self._member("lead A", self.P1, Role.AGENCY_LEAD, self.A)
        self._member("lead B", self.P1, Role.AGENCY_LEAD, self.B)
        self._member("scrutiny P1", self.P1, Role.SCRUTINY)
        self._member("manager P2", self.P2, Role.BUSINESS_MANAGER)
        self._member("scrutiny P1 and lead C", self.P1, Role.SCRUTINY)
        MembershipFactory(
            user=self.users["scrutiny P1 and lead C"],
            partnership=self.P2,
            role=Role.AGENCY_LEAD,
            agency=self.C,
        )
        self._member("deactivated manager P1", self.P1, Role.BUSINESS_MANAGER)
        self.users["deactivated manager P1"].is_active = False
        self.users["deactivated manager P1"].save(update_fields=["is_active"])
        self._member("monitor P1", self.P1, Role.SCRUTINY)
        self.monitored = Recommendation.objects.get(section__plan__partnership=self.P1)
        self.monitored.monitoring_officer = OfficerFactory(partnership=self.P1, user=self.users["monitor P1"])
        self.monitored.save()
        self._add(self.monitored.monitoring_officer, "P1")
        self.users["outsider"] = UserFactory(username="outsider")
        self.users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.users["anonymous"] = AnonymousUser()
        for membership in Membership.objects.all():
            self._add(membership, "P1" if membership.partnership == self.P1 else "P2")

    def _add(self, obj, partnership_key, agency_key=None):
        self.rows[obj] = (partnership_key, agency_key)

    def _add_all(self, objects, partnership_key):
        for obj in objects:
            self._add(obj, partnership_key)

    def _member(self, name, partnership, role, agency=None):
        user = UserFactory(username=name.replace(" ", "-").lower())
        MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
        self.users[name] = user

    def rows_of(self, model, allowed):
        return {obj.pk for obj, where in self.rows.items() if type(obj) is model and allowed(*where)}


# Who may do what, as (partnership, agency) -> bool. This table is the specification.
SEE = {
    "manager P1": lambda p, a: p == "P1",
    "lead A": lambda p, a: p == "P1",
    "lead B": lambda p, a: p == "P1",
    "scrutiny P1": lambda p, a: p == "P1",
    "manager P2": lambda p, a: p == "P2",
    "scrutiny P1 and lead C": lambda p, a: True,
    "monitor P1": lambda p, a: p == "P1",
    "deactivated manager P1": lambda p, a: False,
    "outsider": lambda p, a: False,
    "superuser": lambda p, a: False,
    "anonymous": lambda p, a: False,
}
EDIT = {
    "manager P1": lambda p, a: p == "P1",
    "manager P2": lambda p, a: p == "P2",
}
UPDATE_PROGRESS = {
    **EDIT,
    "lead A": lambda p, a: a == "A",
    "lead B": lambda p, a: a == "B",
    "scrutiny P1 and lead C": lambda p, a: a == "C",
}
NOTHING = lambda p, a: False  # noqa: E731


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield World()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("who", sorted(SEE))
def test_see(world, who, model):
    visible = model.objects.visible_to(world.users[who])

    rule = EDIT.get(who, NOTHING) if model in MANAGERS_ONLY else SEE[who]
    assert set(visible.values_list("pk", flat=True)) == world.rows_of(model, rule)


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("who", sorted(SEE))
def test_edit(world, who, model):
    editable = model.objects.editable_by(world.users[who])

    assert set(editable.values_list("pk", flat=True)) == world.rows_of(model, EDIT.get(who, NOTHING))


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("who", sorted(SEE))
def test_update_progress(world, who, model):
    updatable = model.objects.updatable_by(world.users[who])

    rule = UPDATE_PROGRESS if model in AGENCY_SCOPED else EDIT
    assert set(updatable.values_list("pk", flat=True)) == world.rows_of(model, rule.get(who, NOTHING))


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("who", sorted(SEE))
def test_assure(world, who, model):
    assurable = model.objects.assurable_by(world.users[who])

    rule = {**EDIT, "monitor P1": lambda p, a: p == "P1"} if model in MONITORED else EDIT
    if model in MANAGERS_ONLY:
        rule = {}  # nothing in them is assured
    assert set(assurable.values_list("pk", flat=True)) == world.rows_of(model, rule.get(who, NOTHING))


def test_every_scoped_model_is_in_the_matrix(security_figure):
    from django.apps import apps

    from agencies.scoping import ScopedQuerySet

    scoped = {model for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)}

    assert scoped == set(SCOPED_MODELS)
    security_figure(f"{len(SCOPED_MODELS)} models x {len(SEE)} people x 4 capabilities (see, edit, update, assure)")


def test_an_agency_lead_sees_the_whole_joint_plan_but_updates_only_their_agency(world):
    lead_a = world.users["lead A"]

    assert set(Action.objects.visible_to(lead_a)) == set(Action.objects.filter(agency__in=[world.A, world.B]))
    assert set(Action.objects.updatable_by(lead_a)) == set(Action.objects.filter(agency=world.A))
    assert not Action.objects.editable_by(lead_a).exists()
