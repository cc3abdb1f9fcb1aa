"""Who may use the business manager's pages for agencies, officers, forums, the glossary and
members: the partnership's business manager only. Everyone else is refused, and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.models import GlossaryTerm
from agencies.models import Agency, Forum, Membership, Officer
from agencies.roles import Role
from tests.factories import AgencyFactory, ForumFactory, MembershipFactory, OfficerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Tangerine-lighthouse-42"


class World:
    """Partnership P with a manager, an agency lead, a scrutiny member and one row of each kind;
    partnership Q with its own manager and rows."""

    def __init__(self):
        self.agency = AgencyFactory(name="Darlington Borough Council", short_name="DBC")
        self.partnership = self.agency.partnership
        self.manager = MembershipFactory(partnership=self.partnership, role=Role.BUSINESS_MANAGER).user
        self.lead = MembershipFactory(partnership=self.partnership, role=Role.AGENCY_LEAD, agency=self.agency).user
        self.scrutiny = MembershipFactory(partnership=self.partnership, role=Role.SCRUTINY).user
        self.officer = OfficerFactory(partnership=self.partnership, agency=self.agency, name="Jenni Cooke")
        self.forum = ForumFactory(partnership=self.partnership, name="Quality Assurance Sub-group")
        self.term = GlossaryTerm.objects.create(partnership=self.partnership, abbreviation="LADO", meaning="Local")
        self.member = Membership.objects.get(user=self.scrutiny)

        self.other_agency = AgencyFactory()
        self.other_partnership = self.other_agency.partnership
        self.other_manager = MembershipFactory(partnership=self.other_partnership, role=Role.BUSINESS_MANAGER).user
        self.other_officer = OfficerFactory(partnership=self.other_partnership)


@pytest.fixture
def world():
    return World()


def change_urls(world):
    """Every create, edit and remove URL with a POST that a manager could make successfully."""
    return [
        ("manage:agency_create", [], {"name": "Durham Constabulary", "short_name": "DC", "kind": "police"}),
        (
            "manage:agency_edit",
            [world.agency.pk],
            {"name": "Renamed", "short_name": "REN", "kind": "police", "lead_officer": world.officer.pk},
        ),
        ("manage:officer_create", [], {"name": "Kath Vasey", "job_title": "", "agency": world.agency.pk}),
        ("manage:officer_edit", [world.officer.pk], {"name": "Renamed", "job_title": "Director", "user": ""}),
        ("manage:forum_create", [], {"name": "Board"}),
        ("manage:forum_edit", [world.forum.pk], {"name": "Renamed"}),
        ("manage:glossary_create", [], {"abbreviation": "CIN", "meaning": "Child in need"}),
        ("manage:glossary_edit", [world.term.pk], {"abbreviation": "LAD", "meaning": "Renamed"}),
        ("manage:glossary_delete", [world.term.pk], {}),
        (
            "manage:member_create",
            [],
            {
                "username": "newperson",
                "first_name": "New",
                "last_name": "Person",
                "email": "new.person@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "role": Role.SCRUTINY,
            },
        ),
        ("manage:member_edit", [world.member.pk], {"role": Role.AGENCY_LEAD, "agency": world.agency.pk}),
        ("manage:member_remove", [world.member.pk], {}),
    ]


LIST_URLS = [
    "manage:agency_list",
    "manage:officer_list",
    "manage:forum_list",
    "manage:glossary_list",
    "manage:member_list",
]
CHANGE_URL_NAMES = [
    "manage:agency_create",
    "manage:agency_edit",
    "manage:officer_create",
    "manage:officer_edit",
    "manage:forum_create",
    "manage:forum_edit",
    "manage:glossary_create",
    "manage:glossary_edit",
    "manage:glossary_delete",
    "manage:member_create",
    "manage:member_edit",
    "manage:member_remove",
]
OBJECT_URL_NAMES = [name for name in CHANGE_URL_NAMES if not name.endswith("_create")]


def snapshot():
    """Everything the pages could change."""
    return {
        model.__name__: sorted(model.objects.values_list())
        for model in (Agency, Officer, Forum, GlossaryTerm, Membership, get_user_model())
    }


def request_for(world, name):
    url_name, args, data = next(entry for entry in change_urls(world) if entry[0] == name)
    return reverse(url_name, args=args), data


def test_the_change_urls_work_for_the_business_manager(client, world):
    """The requests the refusals below make would succeed for the manager: the refusals are real."""
    client.force_login(world.manager)
    for url_name, args, data in change_urls(world):
        response = client.post(reverse(url_name, args=args), data)
        assert response.status_code == 302, (url_name, response.content.decode()[:2000])


@pytest.mark.parametrize("who", ["lead", "scrutiny"])
@pytest.mark.parametrize("url_name", CHANGE_URL_NAMES)
def test_agency_leads_and_scrutiny_members_are_refused_every_change(client, world, who, url_name):
    url, data = request_for(world, url_name)
    client.force_login(getattr(world, who))
    before = snapshot()

    assert client.get(url).status_code in (403, 405)  # 405: removals are POST only
    assert client.post(url, data).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["lead", "scrutiny"])
@pytest.mark.parametrize("url_name", LIST_URLS)
def test_agency_leads_and_scrutiny_members_cannot_see_the_lists(client, world, who, url_name):
    client.force_login(getattr(world, who))

    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", OBJECT_URL_NAMES)
def test_another_partnerships_manager_cannot_find_this_partnerships_rows(client, world, url_name):
    url, data = request_for(world, url_name)
    client.force_login(world.other_manager)
    before = snapshot()

    if not url_name.endswith(("_delete", "_remove")):
        assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("url_name", LIST_URLS)
def test_another_partnerships_manager_sees_only_their_own_rows_in_lists(client, world, url_name):
    client.force_login(world.other_manager)

    page = client.get(reverse(url_name)).content.decode()

    for name in ("Darlington Borough Council", "Jenni Cooke", "Quality Assurance Sub-group", "LADO"):
        assert name not in page
    assert world.scrutiny.username not in page


@pytest.mark.parametrize("url_name", LIST_URLS + CHANGE_URL_NAMES)
def test_anonymous_users_are_sent_to_sign_in(client, world, url_name):
    url = reverse(url_name) if url_name in LIST_URLS else request_for(world, url_name)[0]
    before = snapshot()

    for response in (client.get(url), client.post(url, {})):
        if response.status_code != 405:
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
    assert snapshot() == before


def test_a_manager_who_is_only_a_scrutiny_member_where_they_are_working_is_refused(client, world):
    """Permission follows the partnership being worked in, not a role held elsewhere."""
    MembershipFactory(user=world.other_manager, partnership=world.partnership, role=Role.SCRUTINY)
    client.force_login(world.other_manager)
    session = client.session
    session["partnership_id"] = world.partnership.pk
    session.save()

    assert client.get(reverse("manage:agency_list")).status_code == 403
    assert client.post(reverse("manage:forum_create"), {"name": "Board"}).status_code == 403
    assert not Forum.objects.filter(name="Board").exists()
