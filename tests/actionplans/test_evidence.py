import pytest
from django.core.exceptions import ValidationError

from actionplans.evidence import DOCX, GIF, JPEG, PDF, PNG, XLSX, clean_filename, identify
from tests import evidence_files as files


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("minutes.pdf", files.PDF, PDF),
        ("renamed.bin", files.PDF, PDF),
        ("audit.docx", files.DOCX, DOCX),
        ("scorecard.xlsx", files.XLSX, XLSX),
        ("photo.png", files.PNG, PNG),
        ("scan.jpg", files.JPEG, JPEG),
        ("animation.gif", files.GIF, GIF),
    ],
)
def test_evidence_is_recognised_by_its_content(name, content, kind):
    assert identify(files.upload(name, content)) == kind


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"This is just text pretending to be a PDF"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", files.office_file(["readme.txt"])),
        ("macro.docm.docx", files.office_file(["[Content_Types].xml", "ppt/presentation.xml"])),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_other_content_is_refused_whatever_the_name_says(name, content):
    with pytest.raises(ValidationError) as refused:
        identify(files.upload(name, content))

    assert refused.value.messages == [f"{name} must be a PDF, a Word or Excel document, or a JPG, PNG or GIF image."]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="minutes.pdf is empty"):
        identify(files.upload("minutes.pdf", b""))


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024

    with pytest.raises(ValidationError, match=r"big.pdf is 1.5 MB. Evidence files must be smaller than 1 MB."):
        identify(files.upload("big.pdf", files.PDF + b"0" * (1536 * 1024)))


@pytest.mark.parametrize(
    "name, cleaned",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jo\\minutes.pdf", "minutes.pdf"),
        ("minutes\x00.pdf", "minutes.pdf"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("\u202etxt.exe.pdf", "txt.exe.pdf"),
        ('say "no".pdf', "say no.pdf"),
        ("two\u2028lines\u200b.pdf", "twolines.pdf"),
        ("...", "evidence"),
        (".hidden.pdf", "hidden.pdf"),
        ("", "evidence"),
    ],
)
def test_the_users_file_name_is_kept_only_as_a_clean_label(name, cleaned):
    assert clean_filename(name) == cleaned
