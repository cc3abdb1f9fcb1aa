"""Evidence files: which kinds are accepted, told by their content and never by their name.

A PDF, a Word or Excel document (current or legacy format) or a JPG, PNG or GIF image is
accepted; anything else, an empty file or one over the size limit is refused with a message
that says why. Office Open XML files are recognised by the parts inside the zip (read as a list
of names, never extracted). Files are stored under generated names; the name the user gave is
kept only as a label, cleaned of path parts and control characters.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


@dataclass(frozen=True)
class EvidenceKind:
    label: str
    content_type: str
    extension: str


PDF = EvidenceKind("PDF", "application/pdf", "pdf")
DOCX = EvidenceKind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
XLSX = EvidenceKind("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
DOC = EvidenceKind("Word 97-2003 document", "application/msword", "doc")
XLS = EvidenceKind("Excel 97-2003 spreadsheet", "application/vnd.ms-excel", "xls")
JPEG = EvidenceKind("JPG image", "image/jpeg", "jpg")
PNG = EvidenceKind("PNG image", "image/png", "png")
GIF = EvidenceKind("GIF image", "image/gif", "gif")

KINDS = (PDF, DOCX, XLSX, DOC, XLS, JPEG, PNG, GIF)
_BY_MIME = {kind.content_type: kind for kind in KINDS}
_ZIP_SIGNATURE = b"PK\x03\x04"
WHAT_IS_ACCEPTED = "a PDF, a Word or Excel document, or a JPG, PNG or GIF image"


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def identify(upload) -> EvidenceKind:
    """The kind of an uploaded file, from its content; ValidationError if it is not accepted."""
    name = clean_filename(getattr(upload, "name", "") or "file")
    if upload.size == 0:
        raise ValidationError(f"{name} is empty. Choose a file with the evidence in it.")
    if upload.size > max_bytes():
        raise ValidationError(
            f"{name} is {_megabytes(upload.size)}. Evidence files must be smaller than {_megabytes(max_bytes())}."
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = _office_open_xml(upload) if head.startswith(_ZIP_SIGNATURE) else _by_signature(head)
    if kind is None:
        raise ValidationError(f"{name} must be {WHAT_IS_ACCEPTED}.")
    return kind


def _by_signature(head: bytes) -> EvidenceKind | None:
    guess = filetype.guess(head)
    return _BY_MIME.get(guess.mime) if guess else None


def _office_open_xml(upload) -> EvidenceKind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in parts:
        return None
    if "word/document.xml" in parts:
        return DOCX
    if "xl/workbook.xml" in parts:
        return XLSX
    return None


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_filename(name: str) -> str:
    """The user's file name as a label: no folders, control characters or direction marks."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".") or "evidence"
    return name[-150:]


def storage_name(kind: EvidenceKind) -> str:
    """Where a file is stored: a generated name under evidence/<year>/, never the user's."""
    return f"evidence/{timezone.now():%Y}/{uuid.uuid4().hex}.{kind.extension}"


def download_name(original: str, kind: EvidenceKind) -> str:
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem}.{kind.extension}"


def kind_for(content_type: str) -> EvidenceKind:
    return _BY_MIME[content_type]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
