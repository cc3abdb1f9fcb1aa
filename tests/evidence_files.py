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
