"""Every write path leaves an audit record: who, when, and what it changed."""

from dataclasses import dataclass
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.models import Judgement, Milestone, Status, SubAction, UpdateRound
from agencies.members import invitation_create
from agencies.models import Forum, Invitation, Membership
from agencies.roles import Role
from imports.services import batch_create
from reporting.services import version_freeze
from tests.actionplans.test_signoff import action_edit
from tests.assure.test_permission_matrix import RULES
from tests.evidence_files import PDF
from tests.factories import ProgressUpdateFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Write:
    who: str
    kwargs: callable
    data: callable
    records: str  # the model whose change must be recorded, as "app_label.model"


TODAY = date.today()
WRITES = {
    "actionplans:progress_update_create": Write(
        "lead_dbc",
        lambda s: {"pk": s.dbc_action.pk},
        lambda s: {
            "as_at_0": 1,
            "as_at_1": 6,
            "as_at_2": 2012,
            "status": "ongoing",
            "note": "Progress",
            "evidence_files": [SimpleUploadedFile("m.pdf", PDF)],
        },
        "actionplans.evidencedocument",
    ),
    "actionplans:accept_target": Write(
        "manager",
        lambda s: {
            "pk": ProgressUpdateFactory(
                action=s.dbc_action,
                proposed_target_text="July 2013",
                proposed_target_date=date(2013, 7, 31),
                proposed_target_precision="month",
                target_change_reason="Staffing",
            ).pk
        },
        lambda s: {},
        "actionplans.action",
    ),
    "manage:inspection_create": Write(
        "manager", lambda s: {}, lambda s: {"title": "Inspection", "inspectorates": "ofsted"}, "actionplans.inspection"
    ),
    "manage:inspection_edit": Write(
        "manager",
        lambda s: {"pk": s.plan.inspection_id},
        lambda s: {"title": "Renamed", "inspectorates": "cqc"},
        "actionplans.inspection",
    ),
    "manage:judgement_create": Write(
        "manager",
        lambda s: {"inspection_pk": s.plan.inspection_id},
        lambda s: {"area": "LAC", "criterion": "Overall", "grade": "good"},
        "actionplans.judgement",
    ),
    "manage:judgement_edit": Write(
        "manager",
        lambda s: {
            "pk": Judgement.objects.create(inspection=s.plan.inspection, area="A", criterion="B", grade="good").pk
        },
        lambda s: {"area": "A", "criterion": "B", "grade": "adequate"},
        "actionplans.judgement",
    ),
    "manage:judgement_delete": Write(
        "manager",
        lambda s: {
            "pk": Judgement.objects.create(inspection=s.plan.inspection, area="A", criterion="B", grade="good").pk
        },
        lambda s: {},
        "actionplans.judgement",
    ),
    "manage:plan_create": Write(
        "manager", lambda s: {}, lambda s: {"title": "New plan", "owner_body": "LSCB"}, "actionplans.actionplan"
    ),
    "manage:plan_details_edit": Write(
        "manager",
        lambda s: {"pk": s.plan.pk},
        lambda s: {"title": "Renamed plan", "owner_body": "LSCB"},
        "actionplans.actionplan",
    ),
    "manage:section_create": Write(
        "manager", lambda s: {"plan_pk": s.plan.pk}, lambda s: {"title": "New section"}, "actionplans.section"
    ),
    "manage:section_edit": Write(
        "manager", lambda s: {"pk": s.section.pk}, lambda s: {"title": "Renamed section"}, "actionplans.section"
    ),
    "manage:recommendation_create": Write(
        "manager",
        lambda s: {"section_pk": s.section.pk},
        lambda s: {"text": "Ensure", "version": 1},
        "actionplans.recommendation",
    ),
    "manage:recommendation_edit": Write(
        "manager",
        lambda s: {"pk": s.recommendation.pk},
        lambda s: {"text": "Ensure more", "version": 1},
        "actionplans.recommendation",
    ),
    "manage:action_create": Write(
        "manager",
        lambda s: {"recommendation_pk": s.recommendation.pk},
        lambda s: action_edit(s, version=1),
        "actionplans.actionlead",
    ),
    "manage:action_edit": Write(
        "manager",
        lambda s: {"pk": s.dbc_action.pk},
        lambda s: action_edit(s, target="July 2012", target_change_reason="The panel moved to July."),
        "actionplans.action",
    ),
    "manage:action_relocate": Write(
        "manager",
        lambda s: {"pk": s.dbc_action.pk},
        lambda s: {"recommendation": RecommendationFactory(section=s.section).pk},
        "actionplans.action",
    ),
    "manage:move": Write(
        "manager",
        lambda s: {"kind": "action", "pk": s.pct_action.pk, "direction": "up"},
        lambda s: {},
        "actionplans.action",
    ),
    "manage:sub_action_create": Write(
        "manager",
        lambda s: {"action_pk": s.dbc_action.pk},
        lambda s: {"kind": "part", "text": "Step"},
        "actionplans.subaction",
    ),
    "manage:sub_action_edit": Write(
        "manager",
        lambda s: {"pk": SubAction.objects.create(action=s.dbc_action, kind="part", text="x").pk},
        lambda s: {"kind": "part", "text": "Changed step", "leads": [s.lead_officer.pk]},
        "actionplans.subactionlead",
    ),
    "manage:sub_action_delete": Write(
        "manager",
        lambda s: {"pk": SubAction.objects.create(action=s.dbc_action, kind="part", text="x").pk},
        lambda s: {},
        "actionplans.subaction",
    ),
    "manage:milestone_create": Write(
        "manager", lambda s: {"action_pk": s.dbc_action.pk}, lambda s: {"text": "Milestone"}, "actionplans.milestone"
    ),
    "manage:milestone_edit": Write(
        "manager",
        lambda s: {"pk": s.milestone.pk},
        lambda s: {"text": "Renamed", "done_0": 1, "done_1": 6, "done_2": 2012},
        "actionplans.milestone",
    ),
    "manage:milestone_delete": Write(
        "manager",
        lambda s: {"pk": Milestone.objects.create(action=s.dbc_action, text="x").pk},
        lambda s: {},
        "actionplans.milestone",
    ),
    "manage:agency_create": Write(
        "manager", lambda s: {}, lambda s: {"name": "Police", "short_name": "POL", "kind": "police"}, "agencies.agency"
    ),
    "manage:agency_edit": Write(
        "manager",
        lambda s: {"pk": s.dbc.pk},
        lambda s: {"name": "Renamed Council", "short_name": "DBC", "kind": "local_authority"},
        "agencies.agency",
    ),
    "manage:officer_create": Write(
        "manager", lambda s: {}, lambda s: {"name": "Kath Vasey", "agency": s.dbc.pk}, "agencies.officer"
    ),
    "manage:officer_edit": Write(
        "manager",
        lambda s: {"pk": s.lead_officer.pk},
        lambda s: {"name": "Jenni Cooke", "job_title": "Director", "agency": s.dbc.pk},
        "agencies.officer",
    ),
    "manage:forum_create": Write("manager", lambda s: {}, lambda s: {"name": "LSCB Executive"}, "agencies.forum"),
    "manage:forum_edit": Write(
        "manager",
        lambda s: {"pk": Forum.objects.create(partnership=s.partnership, name="Board").pk},
        lambda s: {"name": "Renamed board"},
        "agencies.forum",
    ),
    "manage:glossary_create": Write(
        "manager",
        lambda s: {},
        lambda s: {"abbreviation": "IRO", "meaning": "Independent Reviewing Officer"},
        "actionplans.glossaryterm",
    ),
    "manage:glossary_edit": Write(
        "manager",
        lambda s: {"pk": s.partnership.glossary.get().pk},
        lambda s: {"abbreviation": "LAC", "meaning": "Looked after children"},
        "actionplans.glossaryterm",
    ),
    "manage:glossary_delete": Write(
        "manager", lambda s: {"pk": s.partnership.glossary.get().pk}, lambda s: {}, "actionplans.glossaryterm"
    ),
    "manage:member_create": Write(
        "manager",
        lambda s: {},
        lambda s: {"first_name": "New", "last_name": "Person", "email": "new@example.org", "role": Role.SCRUTINY},
        "agencies.invitation",
    ),
    "manage:invitation_resend": Write("manager", lambda s: {"pk": invited(s).pk}, lambda s: {}, "agencies.invitation"),
    "manage:invitation_withdraw": Write(
        "manager", lambda s: {"pk": invited(s).pk}, lambda s: {}, "agencies.invitation"
    ),
    "manage:member_edit": Write(
        "manager",
        lambda s: {"pk": Membership.objects.get(user=s.users["scrutiny"]).pk},
        lambda s: {"role": Role.AGENCY_LEAD, "agency": s.pct.pk},
        "agencies.membership",
    ),
    "manage:member_remove": Write(
        "manager",
        lambda s: {
            "pk": Membership.objects.create(user=UserFactory(), partnership=s.partnership, role=Role.SCRUTINY).pk
        },
        lambda s: {},
        "agencies.membership",
    ),
    "manage:member_two_factor_reset": Write(
        "manager",
        lambda s: {"pk": with_authenticator(s.users["lead_dbc"]).memberships.get().pk},
        lambda s: {},
        "otp_totp.totpdevice",
    ),
    "manage:two_factor_rule": Write(
        "manager", lambda s: {}, lambda s: {"two_factor_for_everyone": "True"}, "agencies.partnership"
    ),
    "operator:partnership_create": Write(
        "operator",
        lambda s: {},
        lambda s: {
            "name": "Newshire Safeguarding Children Partnership",
            "manager_first_name": "Jo",
            "manager_last_name": "Smith",
            "manager_email": "jo.smith@example.org",
        },
        "agencies.partnership",
    ),
    "operator:invitation_resend": Write(
        "operator", lambda s: {"pk": invited(s, role=Role.BUSINESS_MANAGER).pk}, lambda s: {}, "agencies.invitation"
    ),
    "reporting:version_create": Write(
        "manager",
        lambda s: {"plan_pk": s.plan.pk},
        lambda s: {"label": "July board", "as_at_0": 31, "as_at_1": 7, "as_at_2": 2012},
        "reporting.planversion",
    ),
    "reporting:cover_report_edit": Write(
        "manager",
        lambda s: {"pk": version_freeze(plan=s.plan, label="July", as_at=date(2012, 7, 31)).pk},
        lambda s: {"title": "Report to the scrutiny committee"},
        "reporting.coverreport",
    ),
    "actionplans:round_open": Write(
        "manager",
        lambda s: {"plan_pk": s.plan.pk},
        lambda s: {"deadline_0": TODAY.day, "deadline_1": TODAY.month, "deadline_2": TODAY.year},
        "actionplans.updateround",
    ),
    "actionplans:round_close": Write(
        "manager",
        lambda s: {"pk": UpdateRound.objects.create(plan=s.plan, deadline=TODAY, opened_by=s.users["manager"]).pk},
        lambda s: {"freeze": "no"},
        "actionplans.updateround",
    ),
    "actionplans:completion_accept": Write(
        "manager", lambda s: {"pk": completed(s).pk}, lambda s: {}, "actionplans.signoff"
    ),
    "actionplans:completion_return": Write(
        "manager",
        lambda s: {"pk": completed(s).pk},
        lambda s: {"reason": "Attach the audit report."},
        "actionplans.signoff",
    ),
    "manage:import_preview": Write(
        "manager",
        lambda s: {"pk": import_batch(s).pk},
        lambda s: {"title": "Imported plan"},
        "actionplans.action",
    ),
}
# POSTs that change the session or a password, send or queue emails, or move an import along (the
# business manager's working papers: the plan data it creates is audited at the last step, above).
NOT_PLAN_DATA = {
    "login",
    "single_sign_on",  # only sends the person to their organisation's sign-in
    "sign_in_with_code",
    "logout",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "agencies:switch_partnership",
    "actionplans:round_remind",
    "manage:import_start",
    "manage:import_table",
    "manage:import_columns",
    "manage:import_saved_mapping",
    # A person's own second factor: the sign-in step and their own settings. Setting up, replacing
    # and resetting an authenticator is audited all the same (tests/agencies/test_two_factor.py).
    "two_factor_verify",
    "two_factor_recovery",
    "two_factor_setup",
    "two_factor_replace",
    "two_factor_recovery_codes",
}


def invited(small, role=Role.SCRUTINY):
    invitation = Invitation(
        partnership=small.partnership, email="new@example.org", first_name="New", last_name="Person", role=role
    )
    return invitation_create(invitation=invitation, invited_by=small.users["manager"])


def with_authenticator(user):
    TOTPDevice.objects.create(user=user, name="Authenticator app")
    return user


def import_batch(small):
    """A CSV of one action read and mapped, ready to import."""
    return batch_create(
        partnership=small.partnership,
        user=small.users["manager"],
        upload=SimpleUploadedFile(
            "plan.csv", b"Recommendation,Action,Lead officer\nAudit,Audit case files,Jenni Cooke\n"
        ),
        into=None,
    )


def writer(small, who: str):
    """The small partnership's user `who`, or an operator, who is a member of no partnership."""
    return UserFactory(username="operator", is_staff=True) if who == "operator" else small.users[who]


def completed(small):
    """An update by DBC's lead reporting their action completed, awaiting assurance."""
    return ProgressUpdateFactory(
        action=small.dbc_action, status=Status.COMPLETED, recorded_by=small.users["lead_dbc"], as_at="July 2012"
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_every_write_path_is_walked():
    writes = {name for name, rule in RULES.items() if "POST" in rule.methods and rule.access != "public"}

    assert writes - NOT_PLAN_DATA == set(WRITES)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_write_leaves_a_record_of_who_changed_what(client, small, name):
    write = WRITES[name]
    user = writer(small, write.who)
    client.force_login(user)
    url = reverse(name, kwargs=write.kwargs(small))
    app_label, model = write.records.split(".")
    data = write.data(small)
    last_before = LogEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    new = LogEntry.objects.filter(pk__gt=last_before)
    assert new, "no audit record"
    assert {entry.actor for entry in new} == {user}
    assert new.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model)).exists()
