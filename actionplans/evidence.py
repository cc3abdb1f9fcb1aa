"""Evidence files: which kinds are accepted, told by their content and never by their name.

A PDF, a Word or Excel document (current or legacy format) or a JPG, PNG or GIF image is
accepted; anything else, an empty file or one over the size limit is refused with a message
that says why. Office files are recognised by what is inside them (the streams of a compound
file, the parts of a zip), and one with macros, ActiveX controls, content linked from elsewhere,
a password, a damaged structure or a zip bomb inside is refused (office_files). An image must
open as the kind its signature claims, so a PNG header in front of a web page is not a PNG. A
PDF may carry script: it is accepted, and it is only ever downloaded as an attachment under a
sandbox policy. Files are stored under generated names; the name the user gave is kept only as
a label, cleaned of path parts, quotes, control characters and direction marks.
"""

from __future__ import annotations

import math
import struct
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from . import office_files


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
WHAT_IS_ACCEPTED = "a PDF, a Word or Excel document, or a JPG, PNG or GIF image"
_IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF"}

# A large workbook unpacks to a few hundred megabytes; past this it is a zip bomb, whichever
# program opens it later.
OFFICE_MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def identify(upload) -> EvidenceKind:
    """The kind of an uploaded file, from its content; ValidationError if it is not accepted."""
    name = clean_filename(getattr(upload, "name", "") or "file")
    if upload.size == 0:
        raise ValidationError(f"{name} is empty. Choose a file with the evidence in it.")
    if upload.size > max_bytes():
        raise ValidationError(
            f"{name} is {size_text(upload.size)}. Evidence files must be smaller than {size_text(max_bytes())}."
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    office = head.startswith((office_files.OLE_SIGNATURE, office_files.ZIP_SIGNATURE))
    kind = _office_file(upload, name, head) if office else _by_signature(head)
    if kind in _IMAGE_FORMATS and not _opens_as(upload, _IMAGE_FORMATS[kind]):
        kind = None
    if kind is None:
        raise ValidationError(f"{name} must be {WHAT_IS_ACCEPTED}.")
    return kind


def _by_signature(head: bytes) -> EvidenceKind | None:
    guess = filetype.guess(head)
    return _BY_MIME.get(guess.mime) if guess else None


def _opens_as(upload, image_format: str) -> bool:
    """Whether the file reads as an image of this format: its header, and for a PNG every
    chunk's checksum. The pixels are never decoded."""
    try:
        with Image.open(upload, formats=[image_format]) as image:
            image.verify()
        return True
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)


def _office_file(upload, name: str, head: bytes) -> EvidenceKind | None:
    """The kind of a compound file or Office package; ValidationError if it holds what Assure
    does not take (see office_files)."""
    try:
        if head.startswith(office_files.OLE_SIGNATURE):
            return _COMPOUND_KINDS.get(office_files.check_compound_file(upload.read()))
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        with archive:
            if "[Content_Types].xml" not in archive.namelist():
                return None
            application = office_files.check_package(archive, max_unpacked_bytes=OFFICE_MAX_UNPACKED_BYTES)
        return _PACKAGE_KINDS.get(application)
    except office_files.Refused as refused:
        raise ValidationError(_refusal(name, refused)) from refused
    finally:
        upload.seek(0)


_COMPOUND_KINDS = {"Word": DOC, "Excel": XLS}
_PACKAGE_KINDS = {"Word": DOCX, "Excel": XLSX}
_SAVE_WITHOUT_MACROS_AS = {"Word": "a Word document (.docx)", "Excel": "an Excel workbook (.xlsx)"}


def _refusal(name: str, refused: office_files.Refused) -> str:
    application = refused.application if refused.application in _SAVE_WITHOUT_MACROS_AS else "Word or Excel"
    problem = office_files.Problem
    if refused.problem is problem.MACROS:
        save_as = _SAVE_WITHOUT_MACROS_AS.get(refused.application)
        return (
            f"{name} contains macros. Save it as {save_as} without macros, or as a PDF, and upload that."
            if save_as
            else f"{name} contains macros. Save it as a PDF and upload that."
        )
    if refused.problem is problem.ACTIVEX:
        return f"{name} contains ActiveX controls, which can run programs. Save it as a PDF and upload that."
    if refused.problem is problem.LINKED_CONTENT:
        return (
            f"{name} loads content from another place when it is opened: a template, frame, picture or object "
            "linked from a web address or a network drive. Save it as a PDF, or save a copy without the linked "
            "content, and upload that."
        )
    if refused.problem is problem.PASSWORD:
        return (
            f"{name} is protected with a password, so Assure cannot check what is in it. Remove the password "
            f"(in {application}: File, Info, Protect), save it and upload it again."
        )
    if refused.problem is problem.UNPACKS_TOO_FAR:
        return f"{name} unpacks to far more than a real document does. Save it again from {application} and try again."
    return (
        f"{name} is damaged, or is not really a Word or Excel file. Open it in {application} to check it, "
        "save it again and upload that."
    )


# Control characters (Cc), invisible format characters such as direction overrides (Cf), line
# and paragraph separators; and double quotes, which would end the name in a Content-Disposition
# header.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def clean_filename(name: str) -> str:
    """The user's file name as a label: no folders, quotes, control characters or direction marks."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        character
        for character in name
        if unicodedata.category(character) not in _UNSAFE_CATEGORIES and character != '"'
    )
    name = name.strip().lstrip(".").strip() or "evidence"
    return name[-150:]


def storage_name(kind: EvidenceKind) -> str:
    """Where a file is stored: a generated name under evidence/<year>/, never the user's."""
    return f"evidence/{timezone.now():%Y}/{uuid.uuid4().hex}.{kind.extension}"


def download_name(original: str, kind: EvidenceKind) -> str:
    """The name a download is saved under: the cleaned label with the extension of what the file
    really is, so `report.exe` that is a PDF downloads as `report.pdf`."""
    original = clean_filename(original)
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem or 'evidence'}.{kind.extension}"


def kind_for(content_type: str) -> EvidenceKind:
    return _BY_MIME[content_type]


def size_text(size: int) -> str:
    """A size as people read it: 41 KB (rounded up), 1.5 MB, 4.98 GB."""
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} KB"
    if size < 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{size / (1024 * 1024 * 1024):.2f} GB".replace(".00 GB", " GB")
