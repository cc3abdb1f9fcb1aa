"""Every response carries the browser protections an information governance team expects, and
signed-in pages are never stored by the browser or a proxy."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.security("security headers")]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/sign-in/", "/accessibility/"])
def test_public_pages_carry_the_protections(client, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval, nothing from elsewhere
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_never_stored(client, small):
    client.force_login(small.users["scrutiny"])

    response = client.get(reverse("actionplans:plan_detail", args=[small.plan.pk]))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_evidence_download_keeps_its_own_stricter_policy(client, small, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.evidence_files import PDF
    from tests.factories import EvidenceDocumentFactory

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("evidence/2026/x.pdf", ContentFile(PDF))
    evidence = EvidenceDocumentFactory(
        progress_update__action=small.dbc_action, file=name, size=len(PDF), uploaded_by=small.users["lead_dbc"]
    )
    client.force_login(small.users["scrutiny"])

    response = client.get(reverse("actionplans:evidence_download", args=[evidence.pk]))

    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_no_page_template_has_inline_script_or_event_handlers():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in templates.rglob("*.html"):
        if template.parts[-2] == "emails":
            continue  # emails are read in mail programs, never served as pages
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(template.name)

    assert offenders == []
