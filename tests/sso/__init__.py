"""A real OpenID Connect provider for the single sign-on tests (provider.mjs: panva's certified
oidc-provider under Node.js), its test accounts, and a helper that goes through its sign-in
the way a browser would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
CLIENT_ID = "assure-testshire"
CLIENT_SECRET = "testshire-client-secret"
SECRET_VARIABLE = "SSO_SECRET_TESTSHIRE"
DOMAIN = "testshire.gov.uk"

# The provider's people. `misbehave` makes the provider spoil that person's ID token.
ACCOUNTS = [
    {"sub": "member", "email": "Jo.Member@Testshire.gov.uk"},
    {"sub": "unverified", "email": "unverified@testshire.gov.uk", "email_verified": False},
    {"sub": "no-claim", "email": "entra@testshire.gov.uk", "email_verified": None},
    {"sub": "outsider", "email": "outsider@testshire.gov.uk"},
    {"sub": "unknown", "email": "nobody@testshire.gov.uk"},
    {"sub": "invited", "email": "invited@testshire.gov.uk"},
    {"sub": "twin", "email": "twin@testshire.gov.uk"},
    {"sub": "operator", "email": "operator@testshire.gov.uk"},
    {"sub": "renamed", "email": "new.name@testshire.gov.uk"},
    {"sub": "newcomer", "email": "jo.member@testshire.gov.uk"},
    {"sub": "foreign", "email": "someone@elsewhere.org"},
    {"sub": "wrong-audience", "email": "wrong-audience@testshire.gov.uk", "misbehave": "wrong-audience"},
    {"sub": "extra-audience", "email": "extra-audience@testshire.gov.uk", "misbehave": "extra-audience"},
    {"sub": "other-azp", "email": "other-azp@testshire.gov.uk", "misbehave": "other-azp"},
    {"sub": "expired", "email": "expired@testshire.gov.uk", "misbehave": "expired"},
    {"sub": "no-nonce", "email": "no-nonce@testshire.gov.uk", "misbehave": "no-nonce"},
    {"sub": "forged", "email": "forged@testshire.gov.uk", "misbehave": "forged"},
    {"sub": "other-issuer", "email": "other-issuer@testshire.gov.uk", "misbehave": "other-issuer"},
]


class LocalProvider:
    """oidc-provider in a Node.js subprocess on a free 127.0.0.1 port. Starting it fails the
    test (never skips it) when Node.js or the npm package is missing."""

    def __init__(self, redirect_uris: list[str], accounts: list[dict] = ACCOUNTS):
        node = shutil.which("node")
        if node is None:
            pytest.fail("Node.js is not installed: the single sign-on tests need it (CI installs it).")
        config = {
            "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris}],
            "accounts": accounts,
        }
        self.process = subprocess.Popen(
            [node, str(SCRIPT), json.dumps(config)],
            cwd=SCRIPT.parent.parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first_line = self.process.stdout.readline()
        if not first_line:
            self.process.wait(timeout=10)
            pytest.fail(f"The OpenID Connect provider did not start: {self.process.stderr.read()[-2000:]}")
        self.issuer = json.loads(first_line)["issuer"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


def through_provider(authorization_url: str, stop_at: str) -> str:
    """Go through the provider's sign-in from its authorization URL, as a browser would, and
    return the address it sends the person back to (which starts with `stop_at`)."""
    session = requests.Session()
    url = authorization_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        location = response.headers.get("Location")
        assert location, f"the provider answered {response.status_code} at {url}: {response.text[:500]}"
        url = urljoin(url, location)
        if url.startswith(stop_at):
            return url
    raise AssertionError("the provider never sent the person back")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
