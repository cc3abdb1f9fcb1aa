"""Office files with macros, ActiveX controls, content linked from elsewhere, a password, a
damaged structure or a zip bomb inside, uploaded as evidence through the progress update page;
and ordinary Office files, which are accepted. Every file is built here from scratch."""

import io
import zipfile
from dataclasses import dataclass
from functools import partial

import pytest
from django.urls import reverse

from actionplans import office_files
from actionplans.models import EvidenceDocument
from tests import evidence_files as files
from tests.actionplans.test_progress_updates import update_data

pytestmark = [pytest.mark.django_db, pytest.mark.security("macro and linked documents")]

MS = files.MICROSOFT_RELATIONSHIP_TYPES
MACROS = "contains macros. Save it as"
LINKED = "loads content from another place when it is opened"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def remote_template(target: str, *, external: bool = True) -> bytes:
    return files.word_package(
        {
            "word/settings.xml": "<w:settings/>",
            "word/_rels/settings.xml.rels": files.relationships(("attachedTemplate", target, external)),
        },
        document_links=[("settings", "settings.xml", False)],
    )


@dataclass(frozen=True)
class Upload:
    name: str
    filename: str
    content: object  # bytes, or a function that builds them when the test runs
    refusal: str = ""  # what the error message says; empty if the file is accepted
    accepted_as: str = ""

    def body(self) -> bytes:
        return self.content() if callable(self.content) else self.content


HOSTILE = [
    Upload(
        "Word 97-2003 document with an AutoOpen macro",
        "minutes.doc",
        files.compound_file(files.WORD_WITH_MACROS),
        "minutes.doc contains macros. Save it as a Word document (.docx) without macros, or as a PDF, and upload that.",
    ),
    Upload(
        "Excel 97-2003 workbook with an Auto_Open macro",
        "scores.xls",
        files.compound_file(files.EXCEL_WITH_MACROS),
        "scores.xls contains macros. Save it as an Excel workbook (.xlsx) without macros, or as a PDF,",
    ),
    Upload(
        "Excel 97-2003 workbook with an Excel 4 macro sheet",
        "scores.xls",
        files.compound_file({"Workbook": files.excel_stream(("Scores", 0), ("Auto_Open", 1))}),
        MACROS,
    ),
    Upload(
        "Word 97-2003 document holding an object with macros",
        "minutes.doc",
        files.compound_file(
            {
                "WordDocument": files.WORD_STREAM,
                **{f"ObjectPool/_1/{path}": data for path, data in files.EXCEL_WITH_MACROS.items()},
            }
        ),
        MACROS,
    ),
    Upload(
        "compound file that does not parse",
        "minutes.doc",
        files.OLE_SIGNATURE + b"\xff" * 2000,
        "minutes.doc is damaged, or is not really a Word or Excel file",
    ),
    Upload(
        "password-protected Word document",
        "minutes.docx",
        files.compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(5000)}),
        "minutes.docx is protected with a password, so Assure cannot check what is in it",
    ),
    Upload(
        "Word document renamed from .docm, its macros under another name",
        "minutes.docx",
        files.word_package(
            {"word/macros.dat": b"\xcc\x61"},
            main=DOCM_MAIN,
            document_links=[(MS + "vbaProject", "macros.dat", False)],
        ),
        MACROS,
    ),
    Upload(
        "Word document with vbaProject.bin",
        "minutes.docx",
        files.word_package({"word/vbaProject.bin": b"\xcc\x61"}),
        MACROS,
    ),
    Upload(
        "Excel workbook renamed from .xlsm",
        "scores.xlsx",
        files.excel_package({"xl/vbaProject.bin": b"\xcc\x61"}, main=XLSM_MAIN),
        MACROS,
    ),
    Upload(
        "Excel workbook with an Excel 4 macro sheet",
        "scores.xlsx",
        files.excel_package(
            {"xl/macrosheets/sheet2.xml": "<xm:macrosheet/>"},
            workbook_links=[(MS + "xlMacrosheet", "macrosheets/sheet2.xml", False)],
        ),
        MACROS,
    ),
    Upload(
        "Word document with an ActiveX control",
        "minutes.docx",
        files.word_package(
            {
                "word/activeX/activeX1.xml": "<ax:ocx/>",
                "word/activeX/_rels/activeX1.xml.rels": files.relationships(
                    (MS + "activeXControlBinary", "activeX1.bin", False)
                ),
                "word/activeX/activeX1.bin": b"\x00" * 16,
            },
            document_links=[("control", "activeX/activeX1.xml", False)],
        ),
        "minutes.docx contains ActiveX controls",
    ),
    Upload(
        "Word document embedding a workbook with macros",
        "minutes.docx",
        files.word_package(
            {"word/embeddings/oleObject1.bin": files.compound_file(files.EXCEL_WITH_MACROS)},
            document_links=[("oleObject", "embeddings/oleObject1.bin", False)],
        ),
        MACROS,
    ),
    Upload(
        "Word document embedding a macro-enabled workbook (.xlsm)",
        "minutes.docx",
        files.word_package(
            {
                "word/embeddings/Microsoft_Excel_Worksheet.xlsx": files.excel_package(
                    {"xl/vbaProject.bin": b"\xcc\x61"}, main=XLSM_MAIN
                )
            },
            document_links=[("package", "embeddings/Microsoft_Excel_Worksheet.xlsx", False)],
        ),
        MACROS,
    ),
    Upload(
        "Word document whose template is on a web server",
        "minutes.docx",
        remote_template("https://templates.example.invalid/letter.dotm"),
        f"minutes.docx {LINKED}",
    ),
    Upload(
        "Word document whose template is on a network share",
        "minutes.docx",
        remote_template("file://fileserver.example.invalid/templates/letter.dotm"),
        LINKED,
    ),
    Upload(
        "Word document whose template is a web address not marked as external",
        "minutes.docx",
        remote_template("https://templates.example.invalid/letter.dotm", external=False),
        LINKED,
    ),
    Upload(
        "Word document with a frame from a web address",
        "minutes.docx",
        files.word_package(
            {
                "word/webSettings.xml": "<w:webSettings/>",
                "word/_rels/webSettings.xml.rels": files.relationships(
                    ("frame", "https://frames.example.invalid/page", True)
                ),
            }
        ),
        LINKED,
    ),
    Upload(
        "Word document with a picture linked from a network share",
        "minutes.docx",
        files.word_package(document_links=[("image", "\\\\fileserver.example.invalid\\share\\logo.png", True)]),
        LINKED,
    ),
    Upload(
        "Word document with a linked object",
        "minutes.docx",
        files.word_package(document_links=[("oleObject", "https://objects.example.invalid/sheet.xlsx", True)]),
        LINKED,
    ),
    Upload(
        "Word document with a linked subdocument",
        "minutes.docx",
        files.word_package(document_links=[("subDocument", "https://docs.example.invalid/part2.docx", True)]),
        LINKED,
    ),
    Upload(
        "Excel workbook linked to another workbook",
        "scores.xlsx",
        files.excel_package(
            {
                "xl/externalLinks/externalLink1.xml": "<externalLink/>",
                "xl/externalLinks/_rels/externalLink1.xml.rels": files.relationships(
                    ("externalLinkPath", "https://books.example.invalid/scores.xlsx", True)
                ),
            },
            workbook_links=[("externalLink", "externalLinks/externalLink1.xml", False)],
        ),
        f"scores.xlsx {LINKED}",
    ),
    Upload(
        "Word document declaring 200 MB unpacked (1,000:1)",
        "minutes.docx",
        partial(
            files.zip_bomb,
            ["[Content_Types].xml", "_rels/.rels", "word/document.xml"],
            copies=1,
            megabytes_each=200,
        ),
        "minutes.docx unpacks to far more than a real document does",
    ),
    Upload(
        "Word document whose relationships are not XML",
        "minutes.docx",
        files.word_package({"word/_rels/document.xml.rels": b"\x00\x01 not xml"}),
        "minutes.docx is damaged, or is not really a Word or Excel file",
    ),
    Upload(
        "Word document whose relationships declare an entity",
        "minutes.docx",
        files.word_package(
            {
                "word/_rels/document.xml.rels": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'
                "<Relationships>&e;</Relationships>"
            }
        ),
        "minutes.docx is damaged",
    ),
]

CLEAN = [
    Upload("Word 97-2003 document", "minutes.doc", files.DOC, accepted_as="doc"),
    Upload("Excel 97-2003 workbook", "scores.xls", files.XLS, accepted_as="xls"),
    Upload(
        "Word document with links to web pages and an embedded workbook",
        "minutes.docx",
        files.word_package(
            {"word/embeddings/oleObject1.bin": files.XLS, "word/embeddings/Sheet.xlsx": files.excel_package()},
            document_links=[
                ("hyperlink", "https://www.gov.uk/government/publications/working-together", True),
                ("hyperlink", "mailto:board@example.invalid", True),
                ("oleObject", "embeddings/oleObject1.bin", False),
                ("package", "embeddings/Sheet.xlsx", False),
            ],
        ),
        accepted_as="docx",
    ),
    Upload(
        "Excel workbook with a link to a web page",
        "scores.xlsx",
        files.excel_package(
            {
                "xl/worksheets/_rels/sheet1.xml.rels": files.relationships(
                    ("hyperlink", "https://www.example.invalid/scores", True)
                )
            }
        ),
        accepted_as="xlsx",
    ),
]


def test_office_files_with_macros_controls_links_or_bombs_are_refused_and_ordinary_ones_accepted(
    as_user, small, settings, tmp_path, security_figure
):
    settings.MEDIA_ROOT = tmp_path
    lead = as_user(small.users["lead_dbc"])
    url = reverse("actionplans:progress_update_create", args=[small.dbc_action.pk])
    failures, refused, accepted = [], 0, 0

    for upload in HOSTILE + CLEAN:
        before = EvidenceDocument.objects.count()
        response = lead.post(url, update_data(evidence_files=[files.upload(upload.filename, upload.body())]))
        stored = EvidenceDocument.objects.count() - before
        if upload.refusal:
            if response.status_code != 400 or stored:
                failures.append(f"{upload.name}: answered {response.status_code}, should be refused")
            elif upload.refusal not in response.content.decode():
                failures.append(f"{upload.name}: refused without saying '{upload.refusal}'")
            else:
                refused += 1
        elif response.status_code != 302 or stored != 1:
            failures.append(f"{upload.name}: answered {response.status_code}, should be accepted")
        elif not EvidenceDocument.objects.latest("pk").file.name.endswith(f".{upload.accepted_as}"):
            failures.append(f"{upload.name}: stored as {EvidenceDocument.objects.latest('pk').file.name}")
        else:
            accepted += 1

    assert not failures, "\n".join(failures)
    security_figure(
        f"{refused} of {len(HOSTILE)} hostile documents refused, {accepted} of {len(CLEAN)} clean documents accepted"
    )


def member(size: int, compressed: int, name: str = "word/media/image1.png") -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size = size, compressed
    return info


MB = 1024 * 1024
GIB = 1024 * MB


@pytest.mark.parametrize(
    "members, too_far",
    [
        ([member(100 * MB, MB)], False),
        ([member(100 * MB + 1, MB)], True),
        ([member(MB, 1)], False),  # a small part may pack tightly: it cannot unpack to much
        ([member(60 * 1024, 60)] * 10, False),
        ([member(100 * 1024, 1024)] * 100, False),
        ([member(80 * 1024, 80)] * 1000, True),
        ([member(GIB // 4, 4 * MB)] * 4, False),
        ([member(GIB // 4, 4 * MB)] * 4 + [member(1, 1)], True),
    ],
    ids=[
        "100 to 1",
        "just over 100 to 1",
        "a small part packed tightly",
        "small parts, 600 KB at 1,000 to 1 in all",
        "small parts, 10 MB at 100 to 1 in all",
        "small parts, 80 MB at 1,000 to 1 in all",
        "1 GiB in all",
        "a byte over 1 GiB",
    ],
)
def test_a_package_unpacks_too_far_over_100_to_1_overall_or_in_one_part_or_over_the_absolute_limit(members, too_far):
    assert office_files.unpacks_too_far(members, max_unpacked_bytes=GIB) is too_far


def test_a_package_with_more_parts_than_a_real_document_is_refused():
    archive = zipfile.ZipFile(io.BytesIO(files.crowded_zip(["[Content_Types].xml", "word/document.xml"], extra=2000)))

    with pytest.raises(office_files.Refused) as refused:
        office_files.check_package(archive, max_unpacked_bytes=GIB)

    assert refused.value.problem is office_files.Problem.UNPACKS_TOO_FAR
