"""Browser tests: Playwright drives Debian's Chromium against a live server with the demo data.

The browser must be installed (`apt-get install -y chromium`); a missing browser fails these
tests, it does not skip them. A screenshot of every step (the window, as the person sees it) is
saved under artifacts/screenshots/.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from demo.logins import DEMO_PASSWORD, demo_code

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    # pytest-django creates the test database only when a collected test is marked as using it;
    # a module whose tests all read the demo loaded by `demo_site_for_reading` is such a module.
    for item in items:
        if "demo_site_for_reading" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium` (CI does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the three demo partnerships loaded, afresh for each test."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture(scope="module")
def demo_site_for_reading(django_db_setup, django_db_blocker):
    """The demo loaded once for a module whose visits only read (or write only what no other
    visit of the module reads), on a server of its own: the shared live server would empty the
    database after every test. Emptied at the end of the module. A module using it overrides
    `demo_site` with `reading_demo_site`, and must not mix in tests that use `demo_site` itself."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def reading_demo_site(demo_site_for_reading, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo_site_for_reading


class Visit:
    """One person's browser session, taking a screenshot of every step."""

    def __init__(self, browser, base_url: str, journey: str, javascript: bool):
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.refused_by_policy: list[str] = []  # anything the Content-Security-Policy blocked
        self.page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and self.refused_by_policy.append(message.text),
        )
        self.base_url = base_url
        self.folder = SCREENSHOTS / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.steps = 0

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def sign_in(self, username: str):
        self.go("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        if "/sign-in/code/" in self.page.url:  # a login that uses two-factor: the demo authenticator's code
            self.page.get_by_label("Code from your authenticator app").fill(demo_code(username))
            self.page.get_by_role("button", name="Continue").click()
        self.snap(f"signed in as {username}")

    def snap(self, step: str):
        self.steps += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        # The window, once the page has loaded (not mid-navigation after a click), and not the
        # full page: a full-page screenshot of a long plan takes seconds.
        self.page.wait_for_load_state()
        self.page.screenshot(path=str(self.folder / f"{self.steps:02d}-{name}.png"))

    def axe_violations(self) -> list[str]:
        """WCAG 2.2 A and AA violations axe-core finds on the current page."""
        # Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no
        # inline script) does not apply to; a <script> tag added to the page would be refused.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
        )
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in result["violations"]
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(chromium, demo_site, request):
    """`visit(javascript=True)` opens a browser session on the demo site."""
    opened = []

    def open_visit(javascript: bool = True):
        journey = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
        opened.append(Visit(chromium, demo_site.url, journey, javascript))
        return opened[-1]

    yield open_visit
    for each in opened:
        each.close()
    assert [refusal for each in opened for refusal in each.refused_by_policy] == []
