"""Small real files of each kind, made by the tests themselves."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, image_format)
    return buffer.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")
GIF = image("GIF")


def office_file(parts: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in parts:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = office_file(["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml"])
XLSX = office_file(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bomb(parts: list[str], *, copies: int, megabytes_each: int = 100) -> bytes:
    """An Office-looking zip whose `copies` padding parts each unpack to `megabytes_each` MB of
    zeros, built by hand so that the zeros are compressed once and never held many times over."""
    zeros = bytes(megabytes_each * 1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    squeezed = compressor.compress(zeros) + compressor.flush()
    crc = zlib.crc32(zeros)
    members = [(name, b"<xml/>", zlib.crc32(b"<xml/>"), 6, 0) for name in parts]
    members += [(f"word/media/padding{n}.bin", squeezed, crc, len(zeros), 8) for n in range(copies)]
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, checksum, size, method in members:
        encoded = name.encode()
        offset = body.tell()
        body.write(
            struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, checksum, len(data), size, len(encoded), 0)
        )
        body.write(encoded + data)
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                checksum,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(encoded)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), directory.tell(), body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def crowded_zip(parts: list[str], *, extra: int) -> bytes:
    """An Office-looking zip with `extra` empty parts besides `parts`."""
    return office_file(parts + [f"customXml/item{n}.xml" for n in range(extra)])


# --- Compound files (Word 97-2003 and Excel 97-2003) and Office packages with things inside ---

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SECTOR = 512
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
# Streams shorter than this belong in a "mini stream" the writer does not make; they are padded.
_MINI_STREAM_CUTOFF = 4096

# What Word and Excel put at the start of their main streams, which is where filetype looks.
WORD_STREAM = b"\xec\xa5\xc1\x00" + bytes(_MINI_STREAM_CUTOFF)
BIFF_BOF = struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005) + bytes(12)
BIFF_EOF = struct.pack("<HH", 0x000A, 0)


def excel_stream(*sheets: tuple[str, int]) -> bytes:
    """A workbook stream's globals: BOF, a BOUNDSHEET record for each (name, sheet type), EOF.
    Sheet type 0 is a worksheet, 1 an Excel 4 macro sheet."""
    records = BIFF_BOF
    for name, sheet_type in sheets:
        body = struct.pack("<LBBBB", 0, 0, sheet_type, len(name), 0) + name.encode("latin-1")
        records += struct.pack("<HH", 0x0085, len(body)) + body
    return records + BIFF_EOF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File (version 3) holding `streams`, by path ("Macros/VBA/dir"); storages are
    made for the folders. The first stream starts in the first sector, as Word and Excel write
    theirs. Built by hand because olefile reads these files but cannot write new ones."""
    entries = [{"name": "Root Entry", "type": 5, "children": {}, "data": b""}]
    for path, data in streams.items():
        parent = entries[0]
        *folders, leaf = path.split("/")
        for folder in folders:
            if folder not in parent["children"]:
                entries.append({"name": folder, "type": 1, "children": {}, "data": b""})
                parent["children"][folder] = len(entries) - 1
            parent = entries[parent["children"][folder]]
        entries.append({"name": leaf, "type": 2, "children": {}, "data": data.ljust(_MINI_STREAM_CUTOFF, b"\0")})
        parent["children"][leaf] = len(entries) - 1

    body, fat = b"", []
    for entry in entries:
        data = entry["data"]
        entry["start"], entry["size"] = (len(fat), len(data)) if data else (_END_OF_CHAIN, 0)
        sectors = -(-len(data) // _SECTOR)
        fat += [len(fat) + n + 1 for n in range(sectors - 1)] + [_END_OF_CHAIN] * (sectors > 0)
        body += data.ljust(sectors * _SECTOR, b"\0")
    directory = b"".join(_directory_entry(entry, entries) for entry in entries)
    directory = directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\0")
    directory_start, directory_sectors = len(fat), len(directory) // _SECTOR
    fat += [directory_start + n + 1 for n in range(directory_sectors - 1)] + [_END_OF_CHAIN]
    fat_sectors = 1
    while fat_sectors * (_SECTOR // 4) < len(fat) + fat_sectors:
        fat_sectors += 1
    fat_start = len(fat)
    fat += [_FAT_SECTOR] * fat_sectors
    fat += [_FREE] * (fat_sectors * (_SECTOR // 4) - len(fat))
    difat = [fat_start + n for n in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sLLLLLLLLL",
        OLE_SIGNATURE,
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        fat_sectors,
        directory_start,
        0,
        _MINI_STREAM_CUTOFF,
        _END_OF_CHAIN,
        0,
        _END_OF_CHAIN,
        0,
    ) + struct.pack("<109L", *difat)
    return header + body + directory + struct.pack(f"<{len(fat)}L", *fat)


def _directory_entry(entry: dict, entries: list[dict]) -> bytes:
    name = entry["name"].encode("utf-16-le") + b"\0\0"
    child = _sibling_tree(entry, entries)
    return struct.pack(
        "<64sHBBLLL16sL8s8sLQ",
        name,
        len(name),
        entry["type"],
        1,  # black: a tree of black nodes, each the right sibling of the one before, is valid
        _NO_STREAM,
        entry.get("right", _NO_STREAM),
        child,
        bytes(16),
        0,
        bytes(8),
        bytes(8),
        entry["start"],
        entry["size"],
    )


def _sibling_tree(entry: dict, entries: list[dict]) -> int:
    """The first of the entry's children in the order the format sorts names (shorter first, then
    by upper case), each child's right sibling set to the next."""
    ordered = sorted(entry["children"].items(), key=lambda item: (len(item[0]), item[0].upper()))
    for (_, number), (_, following) in zip(ordered, ordered[1:], strict=False):
        entries[number]["right"] = following
    return ordered[0][1] if ordered else _NO_STREAM


# The VBA project of a document whose macro runs when it is opened; only the names matter here.
VBA_MODULE = b'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n  Shell "calc.exe"\r\nEnd Sub\r\n'
WORD_WITH_MACROS = {
    "WordDocument": WORD_STREAM,
    "1Table": bytes(16),
    "Macros/PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\n',
    "Macros/VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00",
    "Macros/VBA/dir": b"\x01",
    "Macros/VBA/ThisDocument": VBA_MODULE,
}
EXCEL_WITH_MACROS = {
    "Workbook": excel_stream(("Sheet1", 0)),
    "_VBA_PROJECT_CUR/PROJECT": b"Document=ThisWorkbook/&H00000000\r\n",
    "_VBA_PROJECT_CUR/VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00",
    "_VBA_PROJECT_CUR/VBA/dir": b"\x01",
    "_VBA_PROJECT_CUR/VBA/ThisWorkbook": VBA_MODULE.replace(b"AutoOpen", b"Auto_Open"),
}
DOC = compound_file({"WordDocument": WORD_STREAM, "1Table": bytes(16), "\x01CompObj": b"Word.Document.8"})
XLS = compound_file({"Workbook": excel_stream(("Sheet1", 0), ("Sheet2", 0))})

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{}</Types>'
)
RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MICROSOFT_RELATIONSHIP_TYPES = "http://schemas.microsoft.com/office/2006/relationships/"
EXTERNAL = ' TargetMode="External"'


def content_types(*overrides: tuple[str, str]) -> str:
    return CONTENT_TYPES.format(
        "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    )


def relationships(*targets: tuple[str, str, bool]) -> str:
    """A .rels part: (type, target, external) for each relationship; a type without a "/" is
    one of the standard Office types."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{number}" Type="{kind if "/" in kind else RELATIONSHIP_TYPES + kind}"'
            f' Target="{target}"{EXTERNAL if external else ""}/>'
            for number, (kind, target, external) in enumerate(targets, start=1)
        )
        + "</Relationships>"
    )


def package(parts: dict[str, str | bytes]) -> bytes:
    """An Office package (a zip) with these parts, compressed as Word compresses them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def word_package(extra: dict[str, str | bytes] = None, *, main: str = WORD_MAIN, document_links=()) -> bytes:
    """A Word document package, with `extra` parts and the document's relationships."""
    return package(
        {
            "[Content_Types].xml": content_types(("/word/document.xml", main)),
            "_rels/.rels": relationships(("officeDocument", "word/document.xml", False)),
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Audit of case files, March 2026</w:t></w:r></w:p></w:body></w:document>",
            "word/_rels/document.xml.rels": relationships(*document_links),
            **(extra or {}),
        }
    )


def excel_package(extra: dict[str, str | bytes] = None, *, main: str = EXCEL_MAIN, workbook_links=()) -> bytes:
    return package(
        {
            "[Content_Types].xml": content_types(("/xl/workbook.xml", main)),
            "_rels/.rels": relationships(("officeDocument", "xl/workbook.xml", False)),
            "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheets><sheet name="Scores" sheetId="1" r:id="rId1" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": relationships(("worksheet", "worksheets/sheet1.xml", False), *workbook_links),
            "xl/worksheets/sheet1.xml": "<worksheet/>",
            **(extra or {}),
        }
    )


def with_parts(data: bytes, extra: dict[str, str | bytes]) -> bytes:
    """The zip `data` with `extra` parts added, or put in place of parts of the same name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename not in extra:
                target.writestr(member.filename, source.read(member))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()
