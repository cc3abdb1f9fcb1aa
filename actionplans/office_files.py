"""What an Office file holds that Assure will not take: macros, ActiveX controls, content it loads
from another place when it is opened, a password that hides what is inside, a damaged structure,
or far more data than it looks (a zip bomb).

Nothing is run, fetched or unpacked to disk. A compound file (Word and Excel 97-2003) is read
with olefile, by the names of its streams. An Office package (a zip: .docx, .xlsx) is read by the
list of its parts, its content types and relationships (parsed with defusedxml, no DTDs or
entities), and the objects embedded in it, which are checked in turn. Links to web pages are
normal in evidence and are kept: a hyperlink opens only when someone clicks it. Any other
relationship pointing outside the file loads something when the file is opened (a template, a
frame, a picture, an object, another workbook, a subdocument), and is refused.
"""

from __future__ import annotations

import enum
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable

import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# A large workbook has a few hundred parts. Real parts pack at most some tens to one; deflate
# manages about a thousand to one only on repeated bytes, the stuff of zip bombs.
MAX_PARTS = 2000
MAX_COMPRESSION_RATIO = 100
# A small part can pack very tightly (a run of spaces) and still unpack to little: the ratio is
# judged only from this size up, for each part and for the whole package.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# What is read to check a package (content types, relationships, embedded objects) in all, and
# how deep objects may be embedded in objects; a zip that contains itself goes no further.
MAX_INSPECTED_BYTES = 64 * 1024 * 1024
MAX_NESTING = 3


class Problem(enum.Enum):
    MACROS = "macros"
    ACTIVEX = "ActiveX controls"
    LINKED_CONTENT = "content linked from another place"
    PASSWORD = "a password"
    DAMAGED = "a damaged structure"
    UNPACKS_TOO_FAR = "far more data than it looks"


class Refused(Exception):
    """The file holds something Assure does not take. `application` is "Word", "Excel" or
    "PowerPoint" when the file says which it is, else ""."""

    def __init__(self, problem: Problem, application: str = ""):
        super().__init__(f"The file holds {problem.value}")
        self.problem = problem
        self.application = application


# --- Compound files ------------------------------------------------------------------------------

# A VBA project is a storage (Word: "Macros", Excel: "_VBA_PROJECT_CUR") holding a "PROJECT"
# stream and a "VBA" storage with "_VBA_PROJECT" and "dir"; any one of the names is enough. Objects
# embedded in a document are storages inside it, so their macros are found the same way.
_VBA_ENTRIES = frozenset({"macros", "_vba_project_cur", "vba", "_vba_project", "project", "projectwm"})
_APPLICATION_STREAMS = {
    "worddocument": "Word",
    "workbook": "Excel",
    "book": "Excel",
    "powerpoint document": "PowerPoint",
}
_BIFF_BOUNDSHEET, _BIFF_EOF = 0x0085, 0x000A
# Sheet types in a BOUNDSHEET record that hold code: an Excel 4 macro sheet, a VBA module.
_CODE_SHEETS = frozenset({0x01, 0x06})


def check_compound_file(data: bytes) -> str:
    """The application a compound file is for ("Word", "Excel", "PowerPoint" or ""); Refused if
    it holds macros or a password-protected package, or does not parse."""
    try:
        # Given bytes shorter than a compound file can be, olefile opens them as a file name.
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entries = ole.listdir(streams=True, storages=True)
            top = {path[0].lower() for path in entries if len(path) == 1}
            application = next((_APPLICATION_STREAMS[name] for name in top if name in _APPLICATION_STREAMS), "")
            if "encryptedpackage" in top:
                raise Refused(Problem.PASSWORD, application)
            if any(name.lower() in _VBA_ENTRIES for path in entries for name in path):
                raise Refused(Problem.MACROS, application)
            workbook = next(
                (path for path in entries if len(path) == 1 and path[0].lower() in ("workbook", "book")), None
            )
            if workbook and _has_code_sheets(ole.openstream(workbook).read()):
                raise Refused(Problem.MACROS, application)
    except Refused:
        raise
    except Exception as error:  # olefile fails on a damaged file in many different ways
        raise Refused(Problem.DAMAGED) from error
    return application


def _has_code_sheets(workbook: bytes) -> bool:
    """Whether the workbook's sheet list (its first records, up to the first EOF) names a macro
    sheet or a VBA module."""
    offset = 0
    while offset + 4 <= len(workbook):
        record, length = struct.unpack_from("<HH", workbook, offset)
        body = workbook[offset + 4 : offset + 4 + length]
        if record == _BIFF_EOF:
            return False
        if record == _BIFF_BOUNDSHEET and len(body) >= 6 and body[5] in _CODE_SHEETS:
            return True
        offset += 4 + length
    return False


# --- Office packages -----------------------------------------------------------------------------

_MACRO_PART_ENDINGS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
_MACRO_FOLDERS = ("xl/macrosheets/", "xl/intlmacrosheets/")
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet")
_MACRO_RELATIONSHIPS = frozenset(
    {"vbaproject", "vbaprojectsignature", "wordvbadata", "xlmacrosheet", "xlintlmacrosheet"}
)
_ACTIVEX_RELATIONSHIPS = frozenset({"control", "activexcontrol", "activexcontrolbinary"})
# The one kind of relationship that may point outside the file: it is followed only on a click.
_LINKS_FOLLOWED_ON_CLICK = frozenset({"hyperlink"})
# A target with a scheme (https:, file:, C:) or a network path (\\server) is outside the file,
# whatever its TargetMode says.
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})", re.IGNORECASE)
_APPLICATION_PARTS = {"word/document.xml": "Word", "xl/workbook.xml": "Excel", "ppt/presentation.xml": "PowerPoint"}


def unpacks_too_far(members: Iterable[zipfile.ZipInfo], *, max_unpacked_bytes: int) -> bool:
    """Whether a zip's parts, by the sizes it declares, unpack to more than `max_unpacked_bytes`
    in all, or past MAX_COMPRESSION_RATIO in one large part or in the whole."""
    members = list(members)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    return (
        len(members) > MAX_PARTS
        or unpacked > max_unpacked_bytes
        or _past_ratio(unpacked, packed)
        or any(_past_ratio(member.file_size, member.compress_size) for member in members)
    )


def _past_ratio(unpacked: int, packed: int) -> bool:
    return unpacked > RATIO_CHECKED_FROM_BYTES and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)


def check_package(archive: zipfile.ZipFile, *, max_unpacked_bytes: int) -> str:
    """The application an Office package is for ("Word", "Excel", "PowerPoint" or ""); Refused
    if it or an object embedded in it holds macros, ActiveX controls or linked content, is
    damaged or unpacks too far."""
    return _Inspection(max_unpacked_bytes).package(archive, depth=0)


class _Inspection:
    """One check of a package and the objects inside it, sharing one budget of bytes read."""

    def __init__(self, max_unpacked_bytes: int):
        self.max_unpacked_bytes = max_unpacked_bytes
        self.budget = MAX_INSPECTED_BYTES

    def package(self, archive: zipfile.ZipFile, *, depth: int) -> str:
        members = archive.infolist()
        names = {member.filename.lower(): member for member in members}
        application = next((_APPLICATION_PARTS[name] for name in names if name in _APPLICATION_PARTS), "")
        if depth > MAX_NESTING or unpacks_too_far(members, max_unpacked_bytes=self.max_unpacked_bytes):
            raise Refused(Problem.UNPACKS_TOO_FAR, application)
        if any(name.endswith(_MACRO_PART_ENDINGS) or name.startswith(_MACRO_FOLDERS) for name in names):
            raise Refused(Problem.MACROS, application)
        if any("/activex/" in f"/{name}" for name in names):
            raise Refused(Problem.ACTIVEX, application)
        for member in members:
            name = member.filename.lower()
            if name == "[content_types].xml":
                self._check_content_types(self._xml(archive, member, application), application)
            elif name.endswith(".rels"):
                self._check_relationships(self._xml(archive, member, application), application)
            elif "/embeddings/" in f"/{name}":
                self._check_embedded(self._read(archive, member, application), application, depth)
        return application

    def _read(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo, application: str) -> bytes:
        if member.file_size > self.budget:
            raise Refused(Problem.UNPACKS_TOO_FAR, application)
        try:
            # zipfile stops at the size the zip declares, and refuses a part whose checksum is wrong.
            with archive.open(member) as part:
                data = part.read()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as error:
            raise Refused(Problem.DAMAGED, application) from error
        self.budget -= len(data)
        return data

    def _xml(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo, application: str):
        try:
            return fromstring(self._read(archive, member, application), forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError) as error:
            raise Refused(Problem.DAMAGED, application) from error

    def _check_content_types(self, types, application: str) -> None:
        for element in types.iter():
            declared = (element.get("ContentType") or "").lower()
            if any(word in declared for word in _MACRO_CONTENT_TYPES):
                raise Refused(Problem.MACROS, application)
            if "activex" in declared:
                raise Refused(Problem.ACTIVEX, application)

    def _check_relationships(self, relationships, application: str) -> None:
        for element in relationships.iter():
            if _local_name(element.tag) != "Relationship":
                continue
            kind = (element.get("Type") or "").rstrip("/").rsplit("/", 1)[-1].lower()
            if kind in _MACRO_RELATIONSHIPS:
                raise Refused(Problem.MACROS, application)
            if kind in _ACTIVEX_RELATIONSHIPS:
                raise Refused(Problem.ACTIVEX, application)
            outside = element.get("TargetMode") == "External" or _OUTSIDE.match(element.get("Target") or "")
            if outside and kind not in _LINKS_FOLLOWED_ON_CLICK:
                raise Refused(Problem.LINKED_CONTENT, application)

    def _check_embedded(self, data: bytes, application: str, depth: int) -> None:
        """An object embedded in the package: a compound file or a package of its own is checked
        like an upload; anything else (a picture, a PDF) holds no macros Office would run."""
        try:
            if data.startswith(OLE_SIGNATURE):
                check_compound_file(data)
            elif data.startswith(ZIP_SIGNATURE):
                try:
                    inner = zipfile.ZipFile(io.BytesIO(data))
                except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                    raise Refused(Problem.DAMAGED) from error
                with inner:
                    self.package(inner, depth=depth + 1)
        except Refused as refused:
            raise Refused(refused.problem, application) from refused


def _local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
