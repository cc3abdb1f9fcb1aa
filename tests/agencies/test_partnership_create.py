"""An operator creates a partnership and its first business manager in one form: the slug is
made from the name, the manager is the partnership's officer and contact and is invited by
email, every row is in the audit history, and nobody else can do it."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from agencies.members import invitation_accept, invitation_create
from agencies.models import Invitation, Membership, Officer, Partnership
from agencies.partnerships import FirstManager, partnership_create, slug_for
from agencies.roles import Role
from imports.mapping import Mapping
from imports.models import ImportBatch
from tests.factories import MembershipFactory, OfficerFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security("operators create partnerships")]

User = get_user_model()
PASSWORD = "seven purple otters queue for tea"
JO = FirstManager(first_name="Jo", last_name="Smith", email="jo.smith@example.org", job_title="LSCB Business Manager")


@pytest.fixture
def operator():
    return UserFactory(username="operator", is_staff=True)


@pytest.fixture
def operating(client, operator):
    client.force_login(operator)
    return client


def new_partnership(**changes):
    data = {
        "name": "Testshire Safeguarding Children Partnership",
        "short_name": "Testshire SCP",
        "area": "Testshire",
        "manager_first_name": "Jo",
        "manager_last_name": "Smith",
        "manager_email": "jo.smith@example.org",
        "manager_job_title": "Partnership Business Manager",
    }
    return data | changes


def create(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("operator:partnership_create"), new_partnership(**changes))


def error_summary(response) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group())).strip() if found else ""


# The service


def test_the_service_creates_the_partnership_its_manager_and_their_invitation(
    operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partnership = partnership_create(
            name="Testshire Safeguarding Children Partnership",
            short_name="Testshire SCP",
            area="Testshire",
            manager=JO,
            created_by=operator,
        )

    assert partnership.slug == "testshire-safeguarding-children-partnership"
    officer = partnership.business_manager
    assert (officer.partnership, officer.name, officer.job_title, officer.email, officer.agency) == (
        partnership,
        "Jo Smith",
        "LSCB Business Manager",
        "jo.smith@example.org",
        None,
    )
    invitation = Invitation.objects.get()
    assert (invitation.partnership, invitation.role, invitation.email, invitation.invited_by) == (
        partnership,
        Role.BUSINESS_MANAGER,
        "jo.smith@example.org",
        operator,
    )
    assert invitation.state() is Invitation.State.WAITING
    assert invitation.officer == officer
    assert not Membership.objects.filter(partnership=partnership).exists()  # until Jo accepts
    [message] = mail.outbox
    assert message.to == ["jo.smith@example.org"]


def test_a_slug_is_made_from_the_name_and_never_taken_twice():
    PartnershipFactory(slug="north-yorkshire-scp")
    PartnershipFactory(slug="north-yorkshire-scp-2")

    assert slug_for("North Yorkshire SCP") == "north-yorkshire-scp-3"
    assert slug_for("Bath & North East Somerset (BaNES)") == "bath-north-east-somerset-banes"
    assert slug_for("!!!") == "partnership"
    long = slug_for("A very long name " * 10)
    assert len(long) <= 60 and not long.endswith("-")


def test_a_name_already_taken_creates_nothing(operator):
    PartnershipFactory(name="Testshire SCP")

    with pytest.raises(ValidationError) as refused:
        partnership_create(name="Testshire SCP", short_name="T", area="T", manager=JO, created_by=operator)

    assert "name" in refused.value.error_dict
    assert (Partnership.objects.count(), Officer.objects.count(), Invitation.objects.count()) == (1, 0, 0)


def test_a_refused_manager_value_is_named_by_its_field_and_creates_nothing(operator):
    with pytest.raises(ValidationError) as refused:
        partnership_create(
            name="Testshire SCP",
            short_name="T",
            area="T",
            manager=FirstManager(first_name="Jo", last_name="Smith", email="not an address"),
            created_by=operator,
        )

    assert set(refused.value.error_dict) == {"manager_email"}
    assert not Partnership.objects.exists()


def test_each_row_created_is_in_the_audit_history_by_the_operator(
    operating, operator, django_capture_on_commit_callbacks
):
    create(operating, django_capture_on_commit_callbacks)

    partnership = Partnership.objects.get()
    for row in (partnership, partnership.business_manager, Invitation.objects.get()):
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(row), object_pk=str(row.pk)
        ).order_by("timestamp")
        assert entries.exists()
        assert {entry.actor for entry in entries} == {operator}
    changes = LogEntry.objects.get_for_object(partnership).filter(action=LogEntry.Action.UPDATE).get().changes_dict
    assert "business_manager" in changes


def test_creating_is_a_security_event(operating, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="assure.security")

    create(operating, django_capture_on_commit_callbacks)

    [event] = [
        r.security
        for r in caplog.records
        if r.name == "assure.security" and r.security["event"] == "partnership.created"
    ]
    assert (event["user"], event["partnership"]) == ("operator", Partnership.objects.get().pk)


# The pages


def test_the_operator_lists_the_partnerships_and_offers_to_create_one(operating):
    PartnershipFactory(name="Darlington Safeguarding Children Partnership", short_name="Darlington LSCB")

    page = operating.get(reverse("operator:partnership_list")).content.decode()

    assert "Darlington Safeguarding Children Partnership" in page and "Darlington LSCB" in page
    assert reverse("operator:partnership_create") in page


def test_the_list_costs_the_same_queries_for_2_and_for_20_partnerships(operating, django_capture_on_commit_callbacks):
    def queries_for(count):
        while Partnership.objects.count() < count:
            number = Partnership.objects.count()
            create(
                operating,
                django_capture_on_commit_callbacks,
                name=f"Area {number}",
                manager_email=f"m{number}@example.org",
            )
        with CaptureQueriesContext(connection) as captured:
            assert operating.get(reverse("operator:partnership_list")).status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(20)


def test_the_form_asks_for_the_partnership_and_its_manager_but_never_a_slug(operating):
    OfficerFactory(name="Another Partnerships Officer")

    page = operating.get(reverse("operator:partnership_create")).content.decode()

    for label in (
        "Name of the partnership",
        "Short name or the board&#x27;s name (optional)",
        "First name",
        "Email address",
    ):
        assert label in page or label.replace("&#x27;", "'") in page
    assert 'name="slug"' not in page
    assert "Another Partnerships Officer" not in page  # nothing of another partnership is offered
    assert 'name="submission"' in page


def test_creating_sends_the_manager_an_invitation_to_be_business_manager(operating, django_capture_on_commit_callbacks):
    response = create(operating, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == reverse("operator:partnership_list")
    listed = operating.get(response["Location"]).content.decode()
    assert "An invitation to join it as its business manager has been sent to jo.smith@example.org." in listed
    [message] = mail.outbox
    assert message.to == ["jo.smith@example.org"]
    assert message.subject == "You are invited to join Testshire SCP on Assure"
    assert "to join Testshire Safeguarding Children Partnership on Assure, as a business manager" in message.body
    assert re.search(settings.SITE_URL + r"/invitations/\S+/", message.body)


def test_the_short_name_and_the_area_default_to_the_name(operating, django_capture_on_commit_callbacks):
    create(operating, django_capture_on_commit_callbacks, name="Testshire LSCB", short_name="", area="")

    partnership = Partnership.objects.get()
    assert (partnership.short_name, partnership.area, partnership.slug) == (
        "Testshire LSCB",
        "Testshire LSCB",
        "testshire-lscb",
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter the partnership's name"),
        ({"name": "x" * 201}, "The partnership's name must be 200 characters or fewer"),
        ({"name": "Testshire\x00 SCP"}, "control character"),
        ({"name": "x" * 61, "short_name": ""}, "The name is longer than 60 characters"),
        ({"manager_first_name": ""}, "Enter the manager's first name"),
        ({"manager_last_name": ""}, "Enter the manager's last name"),
        ({"manager_email": ""}, "Enter the manager's email address"),
        ({"manager_email": "jo.smith"}, "Enter an email address in the correct format, like name@example.com"),
        ({"manager_email": "jo@@example.org"}, "Enter an email address in the correct format"),
        ({"manager_first_name": "J" * 100, "manager_last_name": "S" * 30}, "must be 120 characters or fewer together"),
    ],
)
def test_bad_input_is_refused_in_plain_english_and_creates_nothing(
    operating, django_capture_on_commit_callbacks, changes, message
):
    response = create(operating, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert error_summary(response).startswith("There is a problem")
    assert not Partnership.objects.exists() and not mail.outbox


def test_a_name_already_taken_in_any_case_is_refused(operating, django_capture_on_commit_callbacks):
    PartnershipFactory(name="Testshire Safeguarding Children Partnership")

    response = create(operating, django_capture_on_commit_callbacks, name="testshire safeguarding children partnership")

    assert response.status_code == 400
    assert "There is already a partnership called testshire safeguarding children partnership" in error_summary(
        response
    )
    assert Partnership.objects.count() == 1 and not mail.outbox


def test_an_address_of_an_existing_login_is_refused_until_the_operator_says_it_is_the_same_person(
    operating, django_capture_on_commit_callbacks
):
    MembershipFactory(role=Role.BUSINESS_MANAGER, user__username="jsmith", user__email="Jo.Smith@example.org")

    refused = create(operating, django_capture_on_commit_callbacks, manager_email="jo.smith@EXAMPLE.org")
    page = refused.content.decode()
    confirmed = create(
        operating, django_capture_on_commit_callbacks, manager_email="jo.smith@EXAMPLE.org", existing_login="on"
    )

    assert refused.status_code == 400
    assert "jo.smith@example.org is already the email address of the Assure login jsmith" in error_summary(refused)
    assert 'name="existing_login"' in page
    assert confirmed.status_code == 302
    assert Invitation.objects.get().email == "jo.smith@example.org"
    assert len(mail.outbox) == 1


def test_the_box_for_an_existing_login_is_offered_only_for_such_an_address(
    operating, django_capture_on_commit_callbacks
):
    response = create(operating, django_capture_on_commit_callbacks, name="")

    assert 'name="existing_login"' not in response.content.decode()


def test_the_same_form_sent_twice_creates_one_partnership(operating, django_capture_on_commit_callbacks):
    data = new_partnership(submission="once-only-token")
    url = reverse("operator:partnership_create")
    with django_capture_on_commit_callbacks(execute=True):
        first = operating.post(url, data)
        second = operating.post(url, data)

    assert first.status_code == second.status_code == 302
    assert Partnership.objects.count() == 1 and Invitation.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["business manager", "agency lead", "staff member not active", "signed in elsewhere"])
def test_nobody_but_an_operator_can_create_a_partnership_even_by_posting_directly(
    client, django_capture_on_commit_callbacks, security_figure, who
):
    user = {
        "business manager": lambda: MembershipFactory(role=Role.BUSINESS_MANAGER).user,
        "agency lead": lambda: MembershipFactory(role=Role.SCRUTINY).user,
        "staff member not active": lambda: UserFactory(is_staff=True, is_active=False),
        "signed in elsewhere": lambda: UserFactory(),
    }[who]()
    client.force_login(user)

    listed = client.get(reverse("operator:partnership_list"))
    posted = create(client, django_capture_on_commit_callbacks)

    assert listed.status_code in (302, 403) and posted.status_code in (302, 403)
    if user.is_active:
        assert listed.status_code == posted.status_code == 403
    created = Partnership.objects.filter(name=new_partnership()["name"]).count()
    security_figure.count("non-operators' requests refused", 2)
    security_figure.count("partnerships they created", created)
    assert created == 0 and not mail.outbox


def test_someone_signed_out_is_asked_to_sign_in(client, django_capture_on_commit_callbacks):
    response = create(Client(), django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Partnership.objects.exists()


def test_the_list_shows_the_managers_invitation_waiting_and_sends_it_again_with_a_new_link(
    operating, operator, django_capture_on_commit_callbacks
):
    create(operating, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    old_link = re.findall(r"https?://\S+", mail.outbox[0].body)[0].removeprefix(settings.SITE_URL)
    page = operating.get(reverse("operator:partnership_list")).content.decode()

    with time_machine.travel(invitation.expires_at + timedelta(days=1)):
        operating.force_login(operator)  # a session lasts less than the invitation
        expired = operating.get(reverse("operator:partnership_list")).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            sent = operating.post(reverse("operator:invitation_resend", args=[invitation.pk]))
        new_link = re.findall(r"https?://\S+", mail.outbox[-1].body)[0].removeprefix(settings.SITE_URL)

        assert (
            "jo.smith@example.org: sent" in page and reverse("operator:invitation_resend", args=[invitation.pk]) in page
        )
        assert "Expired" in expired
        assert sent["Location"] == reverse("operator:partnership_list")
        assert len(mail.outbox) == 2 and new_link != old_link
        assert "This invitation link does not work" in Client().get(old_link).content.decode()
        assert Client().get(new_link).status_code == 200


def test_an_operator_sends_again_only_a_business_managers_invitation(operating, django_capture_on_commit_callbacks):
    manager = MembershipFactory(role=Role.BUSINESS_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        scrutiny = invitation_create(
            invitation=Invitation(
                partnership=manager.partnership,
                email="s@example.org",
                first_name="S",
                last_name="M",
                role=Role.SCRUTINY,
            ),
            invited_by=manager.user,
        )

    response = operating.post(reverse("operator:invitation_resend", args=[scrutiny.pk]))

    assert response.status_code == 404 and len(mail.outbox) == 1
    assert "s@example.org" not in operating.get(reverse("operator:partnership_list")).content.decode()


def test_an_accepted_invitation_is_not_sent_again(operating, django_capture_on_commit_callbacks):
    create(operating, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    invitation_accept(invitation=invitation, user=UserFactory(username="jo"))

    response = operating.post(reverse("operator:invitation_resend", args=[invitation.pk]), follow=True)

    assert "The invitation to jo.smith@example.org is accepted: it cannot be sent again." in response.content.decode()
    assert len(mail.outbox) == 1


# The new manager

PLAN_CSV = (
    "Ref,Recommendation,No.,Action,Agency,Lead Officer,Timescale,Progress (RAG)\n"
    "1,Ensure that reviews happen on time,1.1,Audit review dates,DBC,Jenni Cooke,Sept 2012,Ongoing AMBER\n"
    "2,Improve health assessments,2.1,Track health assessments,PCT,DM,December 2012,Not started\n"
)


def test_the_new_manager_accepts_signs_in_and_imports_a_plan_with_nothing_else_set_up(
    client, operating, django_capture_on_commit_callbacks
):
    create(operating, django_capture_on_commit_callbacks)
    (link,) = re.findall(r"https?://\S+", mail.outbox[0].body)
    Client().post(
        link.removeprefix(settings.SITE_URL), {"username": "jo.smith", "password1": PASSWORD, "password2": PASSWORD}
    )
    jo = User.objects.get(username="jo.smith")
    partnership = Partnership.objects.get()
    client.force_login(jo)

    assert partnership.business_manager.user == jo  # their updates are recorded as the officer's
    assert client.get(reverse("manage:import_start")).status_code == 200
    upload = SimpleUploadedFile("plan.csv", PLAN_CSV.encode())
    as_at = {"as_at_0": "31", "as_at_1": "7", "as_at_2": "2012"}
    columns = client.post(reverse("manage:import_start"), {"file": upload, **as_at})["Location"]
    batch = ImportBatch.objects.get(partnership=partnership)
    mapping = Mapping.from_json(batch.mapping)
    choices = {"header_row": mapping.header_row, "default_agency": "", "save_as": ""}
    for column in mapping.columns:
        choices |= {f"target_{column.index}": column.target, f"part_{column.index}": column.part}
    preview = client.post(columns, choices)["Location"]
    assert "New agencies" in client.get(preview).content.decode()
    imported = client.post(preview, {"title": "Composite plan", **as_at})

    assert imported.status_code == 302
    plan = ActionPlan.objects.get(partnership=partnership)
    assert Action.objects.filter(recommendation__section__plan=plan).count() == 2
    assert sorted(partnership.agencies.values_list("short_name", flat=True)) == ["DBC", "PCT"]


def test_a_manager_whose_login_is_an_officer_elsewhere_joins_but_stays_that_officer(
    client, operating, django_capture_on_commit_callbacks
):
    elsewhere = OfficerFactory(name="Jo Smith")
    jo = MembershipFactory(
        partnership=elsewhere.partnership, user__username="jsmith", user__email="jo@example.org"
    ).user
    elsewhere.user = jo
    elsewhere.save()
    create(operating, django_capture_on_commit_callbacks, manager_email="jo@example.org", existing_login="on")
    (link,) = re.findall(r"https?://\S+", mail.outbox[0].body)
    client.force_login(jo)

    client.post(link.removeprefix(settings.SITE_URL))

    partnership = Partnership.objects.get(name=new_partnership()["name"])
    assert Membership.objects.get(user=jo, partnership=partnership).role == Role.BUSINESS_MANAGER
    elsewhere.refresh_from_db()
    assert elsewhere.user == jo and partnership.business_manager.user is None
