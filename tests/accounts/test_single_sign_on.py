"""Signing in with an organisation's own account, against a real OpenID Connect provider
(tests/sso: oidc-provider under Node.js), with the test client as the person's browser."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from agencies.models import Membership, SingleSignOn, SingleSignOnIdentity
from agencies.roles import Role
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.sso import CLIENT_ID, CLIENT_SECRET, DOMAIN, SECRET_VARIABLE, path_of, through_provider

pytestmark = [pytest.mark.django_db, pytest.mark.security("single sign-on")]

CALLBACK = "http://testserver/sign-in/organisation/callback/"


@pytest.fixture
def sign_on(small, oidc_provider, monkeypatch):
    """Testshire's own sign-in, at the local provider, with its secret in the environment."""
    monkeypatch.setenv(SECRET_VARIABLE, CLIENT_SECRET)
    cache.clear()
    return SingleSignOn.objects.create(
        partnership=small.partnership,
        name="Testshire Borough Council",
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        secret_variable=SECRET_VARIABLE,
        allowed_domains=DOMAIN,
    )


def member(small, email, role=Role.SCRUTINY, **fields):
    user = UserFactory(email=email, **fields)
    MembershipFactory(user=user, partnership=small.partnership, role=role)
    return user


def provider_url(client, email, **extra):
    response = client.post(reverse("single_sign_on"), {"email": email, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def sign_in(client, email, **extra):
    """Through the whole sign-in: Assure's page, the provider's, and back to Assure."""
    return client.get(path_of(through_provider(provider_url(client, email, **extra), CALLBACK)))


def signed_in_user(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def hostile(security_figure):
    """`hostile(client, response)`: whether a hostile or mismatched sign-in was refused, counted
    for the report; afterwards, that no request of the test created a login or a membership."""
    made_in_requests = []
    in_request = []

    def started(**kwargs):
        in_request.append(True)

    def finished(**kwargs):
        in_request.clear()

    def saved(sender, created, **kwargs):
        if created and in_request:
            made_in_requests.append(sender)

    request_started.connect(started, weak=False, dispatch_uid="hostile-start")
    request_finished.connect(finished, weak=False, dispatch_uid="hostile-finish")
    for model in (get_user_model(), Membership):
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"hostile-{model.__name__}")

    def refused(client, response) -> bool:
        was_refused = response.status_code in (400, 403) and signed_in_user(client) is None
        security_figure.count("hostile or mismatched sign-ins tried", 1)
        security_figure.count("refused", int(was_refused))
        return was_refused

    yield refused
    request_started.disconnect(dispatch_uid="hostile-start")
    request_finished.disconnect(dispatch_uid="hostile-finish")
    for model in (get_user_model(), Membership):
        post_save.disconnect(sender=model, dispatch_uid=f"hostile-{model.__name__}")
    security_figure.count("logins or memberships created", len(made_in_requests))
    assert made_in_requests == []


def test_a_member_signs_in_with_their_organisations_account_and_lands_on_the_start_page(client, small, sign_on):
    jo = member(small, "jo.member@testshire.gov.uk")

    response = sign_in(client, "Jo.Member@Testshire.gov.uk")

    assert response.status_code == 302 and response["Location"] == reverse("start")
    assert signed_in_user(client) == str(jo.pk)
    assert client.get(reverse("start")).status_code == 200
    identity = SingleSignOnIdentity.objects.get(user=jo)
    assert (identity.issuer, identity.client_id, identity.subject) == (sign_on.issuer, CLIENT_ID, "member")


def test_the_provider_is_asked_for_the_code_flow_with_pkce_state_nonce_and_the_address_as_hint(client, small, sign_on):
    url = provider_url(client, "jo.member@testshire.gov.uk")

    assert url.startswith(sign_on.issuer + "/auth?")
    for part in ("response_type=code", "code_challenge_method=S256", "code_challenge=", "state=", "nonce="):
        assert part in url
    assert "login_hint=jo.member%40testshire.gov.uk" in url


def test_a_business_manager_signed_in_by_sso_needs_no_authenticator_and_two_factor_is_the_organisations(
    client, small, sign_on, caplog
):
    manager = small.users["manager"]
    manager.email = "jo.member@testshire.gov.uk"
    manager.save()

    with caplog.at_level("INFO", logger="assure.security"):
        sign_in(client, "Jo.Member@Testshire.gov.uk")

    start = client.get(reverse("start"))
    assert start.status_code == 200  # not sent to set up an authenticator app
    identity = SingleSignOnIdentity.objects.get(user=manager)
    assert client.session[DEVICE_ID_SESSION_KEY] == identity.persistent_id
    account = client.get(reverse("two_factor_account")).content.decode()
    assert "By your organisation's sign-in (Testshire Borough Council)" in account
    lines = [record.getMessage() for record in caplog.records]
    assert any(
        "event=sign_in.succeeded" in line and "method=sso two_factor=identity_provider" in line for line in lines
    )


def test_a_sign_in_by_sso_gets_a_new_session_key_and_the_session_limits_of_any_sign_in(client, small, sign_on):
    from accounts.models import SignedInSession
    from accounts.sessions import SIGNED_IN_AT

    member(small, "jo.member@testshire.gov.uk")
    client.get(reverse("single_sign_on"))
    url = provider_url(client, "jo.member@testshire.gov.uk")
    key_before = client.session.session_key

    client.get(path_of(through_provider(url, CALLBACK)))

    assert client.session.session_key != key_before
    assert SignedInSession.objects.filter(session_key=client.session.session_key).exists()
    assert SIGNED_IN_AT in client.session  # the 12-hour limit counts from here
    assert client.session.get_expiry_age() == 30 * 60


def test_a_later_sign_in_matches_the_linked_account_even_after_the_address_changed(client, small, sign_on):
    jo = member(small, "jo@testshire.gov.uk")
    someone_else = member(small, "new.name@testshire.gov.uk")
    SingleSignOnIdentity.objects.create(
        user=jo, name="Testshire", issuer=sign_on.issuer, client_id=CLIENT_ID, subject="renamed", confirmed=True
    )

    sign_in(client, "new.name@testshire.gov.uk")

    assert signed_in_user(client) == str(jo.pk) != str(someone_else.pk)


def test_entra_style_tokens_without_email_verified_are_trusted_only_when_the_provider_says_so(
    client, small, sign_on, hostile
):
    member(small, "entra@testshire.gov.uk")

    assert hostile(client, sign_in(client, "entra@testshire.gov.uk"))

    sign_on.trust_email_without_verified_claim = True
    sign_on.save()
    sign_in(client, "entra@testshire.gov.uk")
    assert signed_in_user(client) is not None


def test_an_unverified_email_is_refused_even_when_the_provider_is_trusted_without_the_claim(
    client, small, sign_on, hostile
):
    member(small, "unverified@testshire.gov.uk")
    sign_on.trust_email_without_verified_claim = True
    sign_on.save()

    response = sign_in(client, "unverified@testshire.gov.uk")

    assert hostile(client, response)
    assert "has not confirmed that unverified@testshire.gov.uk is your address" in response.content.decode()


def test_an_unknown_email_is_told_to_ask_for_an_invitation_and_nothing_is_created(client, small, sign_on, hostile):
    response = sign_in(client, "nobody@testshire.gov.uk")

    assert hostile(client, response)
    assert (
        f"There is no Assure account for nobody@testshire.gov.uk in {small.partnership.name}. "
        "Ask your business manager to invite you."
    ) in response.content.decode()


def test_a_member_of_another_partnership_is_refused_through_this_partnerships_sign_in(client, small, sign_on, hostile):
    elsewhere = UserFactory(email="outsider@testshire.gov.uk")
    MembershipFactory(user=elsewhere, partnership=PartnershipFactory(), role=Role.BUSINESS_MANAGER)

    response = sign_in(client, "outsider@testshire.gov.uk")

    assert hostile(client, response)
    assert "There is no Assure account for outsider@testshire.gov.uk" in response.content.decode()


def test_a_linked_account_that_is_no_longer_a_member_here_is_refused(client, small, sign_on, hostile):
    elsewhere = UserFactory(email="jo@elsewhere.example")
    MembershipFactory(user=elsewhere, partnership=PartnershipFactory(), role=Role.SCRUTINY)
    SingleSignOnIdentity.objects.create(
        user=elsewhere, name="Testshire", issuer=sign_on.issuer, client_id=CLIENT_ID, subject="member"
    )

    assert hostile(client, sign_in(client, "Jo.Member@Testshire.gov.uk"))


def test_an_address_outside_the_allowed_domains_is_refused(client, small, sign_on, hostile):
    member(small, "someone@elsewhere.org")
    # The provider was for both domains when the person set off, and is for Testshire's alone
    # when the provider's answer comes back.
    sign_on.allowed_domains = f"{DOMAIN}\nelsewhere.org"
    sign_on.save()
    url = provider_url(client, "someone@elsewhere.org")
    sign_on.allowed_domains = DOMAIN
    sign_on.save()

    response = client.get(path_of(through_provider(url, CALLBACK)))

    assert hostile(client, response)
    assert "is not an address that Testshire Borough Council" in response.content.decode()


def test_two_logins_in_the_partnership_with_the_same_address_are_refused_for_the_operator_to_sort_out(
    client, small, sign_on, hostile
):
    member(small, "twin@testshire.gov.uk")
    member(small, "TWIN@testshire.gov.uk")

    response = sign_in(client, "twin@testshire.gov.uk")

    assert hostile(client, response)
    assert "More than one Assure login" in response.content.decode()


def test_an_operator_is_never_signed_in_by_an_organisations_sign_in(client, small, sign_on, hostile):
    member(small, "operator@testshire.gov.uk", is_staff=True, is_superuser=True)

    assert hostile(client, sign_in(client, "operator@testshire.gov.uk"))


def test_a_new_provider_account_with_a_linked_members_address_does_not_take_over_the_login(
    client, small, sign_on, hostile
):
    jo = member(small, "jo.member@testshire.gov.uk")
    SingleSignOnIdentity.objects.create(
        user=jo, name="Testshire", issuer=sign_on.issuer, client_id=CLIENT_ID, subject="member"
    )

    response = sign_in(client, "jo.member@testshire.gov.uk")  # the provider's account "newcomer"

    assert hostile(client, response)
    assert "already linked to a different account" in response.content.decode()


@pytest.mark.parametrize(
    "misbehaviour",
    ["wrong-audience", "extra-audience", "other-azp", "expired", "no-nonce", "forged", "other-issuer"],
)
def test_an_id_token_that_fails_its_checks_is_refused(client, small, sign_on, hostile, misbehaviour):
    member(small, f"{misbehaviour}@testshire.gov.uk")

    response = sign_in(client, f"{misbehaviour}@testshire.gov.uk")

    assert hostile(client, response)
    assert "could not be checked" in response.content.decode()


def test_a_replayed_callback_is_refused(client, small, sign_on, hostile):
    member(small, "jo.member@testshire.gov.uk")
    callback = path_of(through_provider(provider_url(client, "Jo.Member@Testshire.gov.uk"), CALLBACK))
    client.get(callback)
    client.logout()

    response = client.get(callback)

    assert hostile(client, response)
    assert "expired or has already been used" in response.content.decode()


def test_a_used_code_replayed_under_a_fresh_state_is_refused_by_the_provider(client, small, sign_on, hostile):
    from django.test import Client

    member(small, "jo.member@testshire.gov.uk")
    victim = path_of(through_provider(provider_url(client, "Jo.Member@Testshire.gov.uk"), CALLBACK))
    client.get(victim)
    attacker = Client()
    their_state = path_of(provider_url(attacker, "Jo.Member@Testshire.gov.uk")).split("state=")[1].split("&")[0]
    code = victim.split("code=")[1].split("&")[0]

    response = attacker.get(f"{reverse('single_sign_on_callback')}?code={code}&state={their_state}")

    assert hostile(attacker, response)


def test_a_tampered_state_is_refused(client, small, sign_on, hostile):
    member(small, "jo.member@testshire.gov.uk")
    callback = path_of(through_provider(provider_url(client, "Jo.Member@Testshire.gov.uk"), CALLBACK))

    response = client.get(callback.replace("state=", "state=x"))

    assert hostile(client, response)


def test_a_provider_that_does_not_answer_gives_a_plain_english_page_not_an_error(client, small, sign_on, settings):
    sign_on.issuer = "http://127.0.0.1:9"
    sign_on.save()

    response = client.post(reverse("single_sign_on"), {"email": "jo@testshire.gov.uk"})

    assert response.status_code == 503 and response["Retry-After"]
    assert "is not answering at the moment" in response.content.decode()


def test_a_missing_secret_in_the_environment_gives_a_plain_english_page(client, small, sign_on, monkeypatch):
    monkeypatch.delenv(SECRET_VARIABLE)

    response = client.post(reverse("single_sign_on"), {"email": "jo@testshire.gov.uk"})

    assert response.status_code == 503


def test_an_address_with_no_sign_on_is_told_to_use_a_password(client, small, sign_on):
    response = client.post(reverse("single_sign_on"), {"email": "jo@nowhere.example"})

    assert response.status_code == 400
    assert "Assure cannot sign in people at nowhere.example" in response.content.decode()


def test_a_domain_shared_by_two_partnerships_lets_the_person_choose(client, small, sign_on):
    other = PartnershipFactory(name="Otherside Safeguarding Partnership")
    SingleSignOn.objects.create(
        partnership=other,
        name="Testshire Borough Council",
        issuer=sign_on.issuer,
        client_id=CLIENT_ID,
        secret_variable=SECRET_VARIABLE,
        allowed_domains=DOMAIN,
    )
    jo = UserFactory(email="jo.member@testshire.gov.uk")
    MembershipFactory(user=jo, partnership=other, role=Role.SCRUTINY)

    page = client.post(reverse("single_sign_on"), {"email": "Jo.Member@Testshire.gov.uk"}).content.decode()
    assert "Which partnership do you want to sign in to?" in page and "Otherside Safeguarding Partnership" in page

    chosen = SingleSignOn.objects.get(partnership=other)
    sign_in(client, "Jo.Member@Testshire.gov.uk", provider=chosen.pk)
    assert signed_in_user(client) == str(jo.pk)
    assert client.get(reverse("start")).context["membership"].partnership == other


def test_the_secret_variable_must_be_an_sso_secret_so_no_other_secret_can_be_sent_to_a_provider(sign_on):
    from django.core.exceptions import ValidationError

    sign_on.secret_variable = "SECRET_KEY"
    with pytest.raises(ValidationError):
        sign_on.full_clean()


def test_the_sign_in_page_lets_its_form_lead_to_the_providers_and_nowhere_else(client, sign_on):
    policy = client.get(reverse("single_sign_on"))["Content-Security-Policy"]

    form_action = next(part for part in policy.split(";") if part.strip().startswith("form-action"))
    assert form_action.split() == ["form-action", "'self'", sign_on.issuer]


def test_allowed_domains_are_checked_and_one_partnership_cannot_list_a_domain_twice(sign_on, small):
    from django.core.exceptions import ValidationError

    sign_on.allowed_domains = " Testshire.GOV.uk ,\nnhs.net\n"
    sign_on.full_clean()
    assert sign_on.allowed_domains == "testshire.gov.uk\nnhs.net"
    sign_on.save()

    for wrong in ["not a domain", "", "@testshire.gov.uk"]:
        sign_on.allowed_domains = wrong
        with pytest.raises(ValidationError):
            sign_on.full_clean()
    trust = SingleSignOn(
        partnership=small.partnership,
        name="Testshire NHS Trust",
        issuer="https://login.example/trust",
        client_id="assure",
        secret_variable="SSO_SECRET_TRUST",
        allowed_domains="nhs.net",
    )
    with pytest.raises(ValidationError, match="already for nhs.net"):
        trust.full_clean()


def test_a_provider_that_stops_answering_before_the_code_is_exchanged_gives_a_plain_english_page(
    client, small, sign_on, oidc_provider
):
    member(small, "jo.member@testshire.gov.uk")
    callback = path_of(through_provider(provider_url(client, "Jo.Member@Testshire.gov.uk"), CALLBACK))
    cached = cache.get(f"single-sign-on:{sign_on.issuer}")
    cache.set(f"single-sign-on:{sign_on.issuer}", {**cached, "token_endpoint": "http://127.0.0.1:9/token"})

    response = client.get(callback)

    assert response.status_code == 503
    assert "is not answering at the moment" in response.content.decode()
    assert signed_in_user(client) is None


def invitation_to(partnership, email, *, role=Role.SCRUTINY, invited_by=None):
    from agencies.members import invitation_create
    from agencies.models import Invitation

    invitation = Invitation(partnership=partnership, email=email, first_name="Ivy", last_name="Invited", role=role)
    return invitation_create(invitation=invitation, invited_by=invited_by)


def test_an_invited_person_without_a_login_joins_by_their_organisations_sign_in_with_no_password(
    client, small, sign_on
):
    invitation = invitation_to(small.partnership, "Invited@testshire.gov.uk", invited_by=small.users["manager"])

    response = sign_in(client, "invited@testshire.gov.uk")

    assert response.status_code == 302 and response["Location"] == reverse("start")
    ivy = get_user_model().objects.get(pk=signed_in_user(client))
    assert (ivy.email, ivy.get_full_name(), ivy.has_usable_password()) == (
        "Invited@testshire.gov.uk",
        "Ivy Invited",
        False,
    )
    assert Membership.objects.get(user=ivy, partnership=small.partnership).role == Role.SCRUTINY
    invitation.refresh_from_db()
    assert invitation.accepted_by == ivy
    assert SingleSignOnIdentity.objects.get(user=ivy).subject == "invited"


def test_an_invited_member_of_another_partnership_joins_with_the_login_they_have(client, small, sign_on):
    elsewhere = UserFactory(email="outsider@testshire.gov.uk")
    MembershipFactory(user=elsewhere, partnership=PartnershipFactory(), role=Role.SCRUTINY)
    invitation_to(small.partnership, "outsider@testshire.gov.uk", role=Role.SCRUTINY)

    sign_in(client, "outsider@testshire.gov.uk")

    assert signed_in_user(client) == str(elsewhere.pk)
    assert elsewhere.memberships.filter(partnership=small.partnership, role=Role.SCRUTINY).exists()
    assert get_user_model().objects.filter(email__iexact="outsider@testshire.gov.uk").count() == 1


def test_an_invitation_to_another_partnership_lets_no_one_in_through_this_partnerships_sign_in(
    client, small, sign_on, hostile
):
    invitation_to(PartnershipFactory(), "invited@testshire.gov.uk")

    response = sign_in(client, "invited@testshire.gov.uk")

    assert hostile(client, response)
    assert "Ask your business manager to invite you." in response.content.decode()


def test_a_withdrawn_or_expired_invitation_lets_no_one_in(client, small, sign_on, hostile):
    withdrawn = invitation_to(small.partnership, "invited@testshire.gov.uk")
    expired = invitation_to(small.partnership, "invited@testshire.gov.uk")
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    expired.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()

    response = sign_in(client, "invited@testshire.gov.uk")

    assert hostile(client, response)


def test_an_invitation_does_not_let_an_unverified_address_in(client, small, sign_on, hostile):
    invitation_to(small.partnership, "unverified@testshire.gov.uk")

    response = sign_in(client, "unverified@testshire.gov.uk")

    assert hostile(client, response)


def test_an_invitation_for_an_operators_address_does_not_sign_the_operator_in(client, small, sign_on, hostile):
    UserFactory(email="operator@testshire.gov.uk", is_staff=True)
    invitation_to(small.partnership, "operator@testshire.gov.uk")

    response = sign_in(client, "operator@testshire.gov.uk")

    assert hostile(client, response)
