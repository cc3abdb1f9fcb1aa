"""Random form submissions for the fuzz tests: a page's own form fields, read from its HTML, and
hypothesis strategies filling them (and extra keys) with hostile text, numbers, dates and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# What must never come back unescaped; `&lt;script&gt;` is how an escaped echo looks.
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\ufeff\u200b",
    "\r\n",
    "/x\r\nSet-Cookie: a=b",
    "31/02/2026",
    "0000-00-00",
    "99999-12-31",
    "31 12 99999",
    "1 1 0",
    "30 February 2026",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "javascript:alert(1)",
    "//evil.example/",
    "../../etc/passwd",
    "%00",
    "null",
    "[]",
    "{'a': 1}",
]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%B %Y", "%d %m %Y"]


def _huge(length: int) -> str:
    return (SCRIPT * (length // len(SCRIPT) + 1))[:length]


text_values = st.one_of(
    st.sampled_from([SCRIPT, IMAGE, *ODD_VALUES]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),  # control characters and NUL included
    st.tuples(st.text(max_size=8), st.sampled_from([SCRIPT, IMAGE])).map(lambda parts: parts[0] + parts[1] + parts[0]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.tuples(st.dates(), st.sampled_from(DATE_FORMATS)).map(lambda parts: parts[0].strftime(parts[1])),
    st.integers(min_value=1_000, max_value=100_000).map(_huge),
)

uploads = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.one_of(
        st.sampled_from(
            [f"{SCRIPT}.pdf", "../../evidence.pdf", "report.pdf.exe", "x" * 300 + ".pdf", "a\x01b.csv", "a\x00b.pdf"]
        ),
        # Names the test client can send; a name with a path in it is tried above.
        st.text(
            st.characters(exclude_categories=("Cs",), exclude_characters='\x00\r\n"\\/'), min_size=1, max_size=40
        ).filter(lambda name: name not in (".", "..")),
    ),
    st.one_of(
        st.binary(max_size=2_000),
        st.sampled_from([b"%PDF-1.4\n%%EOF", b"PK\x03\x04" + bytes(40), b"Action,Lead\n\x00,\xff\xfe"]),
    ),
)

# Keys a form never shows but an attacker would try: the owning and ownership fields of the models.
EXTRA_KEYS = [
    "agency",
    "agency_id",
    "owner",
    "partnership",
    "partnership_id",
    "author",
    "recorded_by",
    "uploaded_by",
    "decided_by",
    "opened_by",
    "created_by",
    "user",
    "role",
    "id",
    "pk",
    "action",
    "update",
    "plan",
    "status",
    "accepted",
    "decision",
    "version",
    "on_behalf",
    "is_staff",
    "is_superuser",
]


@dataclass
class FormField:
    name: str
    kind: str = "text"  # text, choice or file
    current: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)


class _PostForm(HTMLParser):
    """The fields of the page's own POST form(s): those posting back to the page itself."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.fields: dict[str, FormField] = {}
        self.inside = False
        self.select: FormField | None = None
        self.textarea: FormField | None = None

    def _field(self, name: str, kind: str) -> FormField:
        return self.fields.setdefault(name, FormField(name, kind))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            posts = (attributes.get("method") or "get").lower() == "post"
            self.inside = posts and attributes.get("action") in (None, "", self.path)
            return
        name = attributes.get("name")
        if not self.inside:
            return
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                choice = self._field(name, "choice")
                choice.options.append(attributes.get("value") or "on")
                if "checked" in attributes:
                    choice.current.append(attributes.get("value") or "on")
            elif kind == "file":
                self._field(name, "file")
            else:
                self._field(name, "text").current = [attributes.get("value") or ""]
        elif tag == "textarea" and name:
            self.textarea = self._field(name, "text")
            self.textarea.current = [""]
        elif tag == "select" and name:
            self.select = self._field(name, "choice")
        elif tag == "option" and self.select is not None:
            self.select.options.append(attributes.get("value") or "")
            if "selected" in attributes:
                self.select.current.append(attributes.get("value") or "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.current = [self.textarea.current[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_fields(html: str, path: str) -> list[FormField]:
    reader = _PostForm(path)
    reader.feed(html)
    return list(reader.fields.values())


def _values_for(form_field: FormField):
    """Mostly what the page would send (so that some submissions save and show again what they
    stored), else one of its choices, hostile text, several values, or nothing."""
    if form_field.kind == "file":
        return st.one_of(st.none(), uploads, st.lists(uploads, min_size=2, max_size=3))
    typical = form_field.current if any(form_field.current) or form_field.kind == "choice" else [f"Plan {SCRIPT}"]
    modes = {
        "typical": st.just(typical),
        "choice": st.sampled_from(form_field.options or [""]).map(lambda option: [option]),
        "hostile": text_values.map(lambda value: [value]),
        "several": st.lists(text_values, min_size=2, max_size=3),
        "missing": st.none(),
    }
    return st.sampled_from(["typical", "typical", "typical", *modes]).flatmap(modes.__getitem__)


def submissions(fields: list[FormField], ids: list[str]):
    """POST data: the form's fields, each filled somehow, plus extra keys holding hostile text or
    the ids of real objects (of this partnership and others)."""
    extra_value = st.one_of(text_values, st.sampled_from(ids), st.sampled_from(["true", "accepted", "on", "1"]))
    extras = st.dictionaries(st.sampled_from(EXTRA_KEYS), extra_value, max_size=4)
    own = st.fixed_dictionaries({form_field.name: _values_for(form_field) for form_field in fields})
    return st.tuples(extras, own).map(
        lambda parts: {**parts[0], **{name: value for name, value in parts[1].items() if value is not None}}
    )


def unescaped_markers(content: str) -> list[str]:
    return [marker for marker in RAW_MARKERS if marker in content]
