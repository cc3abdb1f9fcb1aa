"""Signing in with an organisation's own account, end to end in Chromium, against a real
OpenID Connect provider (tests/sso), with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from agencies.models import Partnership, SingleSignOn
from tests.sso import CLIENT_ID, CLIENT_SECRET, SECRET_VARIABLE, LocalProvider

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
MANAGER_EMAIL = "business.manager@darlington.gov.uk"


@pytest.fixture(scope="session")
def provider_for_live_server(live_server):
    provider = LocalProvider(
        [f"{live_server.url}/sign-in/organisation/callback/"],
        accounts=[{"sub": "darlington-manager", "email": MANAGER_EMAIL}],
    )
    yield provider
    provider.stop()


@pytest.fixture
def darlington_sign_on(demo_site, provider_for_live_server, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv(SECRET_VARIABLE, CLIENT_SECRET)
    get_user_model().objects.filter(username="darlington-manager").update(email=MANAGER_EMAIL)
    return SingleSignOn.objects.create(
        partnership=Partnership.objects.get(slug="darlington"),
        name="Darlington Borough Council",
        issuer=provider_for_live_server.issuer,
        client_id=CLIENT_ID,
        secret_variable=SECRET_VARIABLE,
        allowed_domains="darlington.gov.uk",
    )


@JAVASCRIPT
def test_the_business_manager_signs_in_with_the_councils_account_and_lands_on_the_start_page(
    visit, darlington_sign_on, javascript
):
    manager = visit(javascript)
    page = manager.go("/sign-in/")
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    expect(page.get_by_role("heading", name="Sign in with your organisation's account")).to_be_visible()
    page.get_by_label("Work email address").fill(MANAGER_EMAIL)
    manager.snap("the work email address")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("link", name="Two-factor")).to_be_visible()
    assert page.url == manager.base_url + "/"
    manager.snap("signed in by the council's sign-in")
    page.get_by_role("link", name="Two-factor").click()
    expect(page.get_by_text("By your organisation's sign-in (Darlington Borough Council)")).to_be_visible()
    manager.snap("two-factor by the organisation's sign-in")
