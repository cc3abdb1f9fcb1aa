"""The words of one cell, tidied the same way whatever file they came from.

A cell keeps its paragraphs as lines joined by "\\n" (one empty line at most between them, where
the file had one); each bullet or list item is a line starting with "- " ("  - " when it was
indented, a bullet within a bullet). Plans pasted from web pages or exported from other systems
often carry HTML: real HTML tags are removed (a paragraph, line break or list item starts a new
line) and entities decoded, while text that merely contains "<", such as "<5 years", is left
alone. Nothing is ever fetched or run: a tag is only ever deleted.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple


class CleanText(NamedTuple):
    text: str
    bold: bool  # every word of the cell was inside <b> or <strong>


_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i img ins kbd mark o:p q s samp small span strike strong sub sup "
    "tt u var".split()
)
_KNOWN_TAGS = _BLOCK_TAGS | _INLINE_TAGS
_BOLD_TAGS = frozenset({"b", "strong"})
_RAISED_TAGS = frozenset({"sup", "sub"})  # "14 <sup>th</sup>" reads as "14th"

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*(?::[a-z]+)?)(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Glyph bullets may touch their text; "-", "*" and "–" only count when a space follows, so "-5" stays.
# \uf0b7, \uf0a7, \uf0d8, \uf076 and \uf0fc are Word's Symbol and Wingdings bullets pasted as text.
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·➢➤►▶\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s*|[-*–]\s+)+")


def clean_cell_text(raw: str) -> CleanText:
    """The cell text as `Cell.text` holds it, and whether HTML tags made all of it bold."""
    if "<" in raw:
        cleaned, bold = _without_tags(raw)
        if cleaned != raw:  # HTML decides its own lines: its blank lines mean nothing
            cleaned = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", cleaned)
        raw = cleaned
    else:
        raw, bold = _decode_entities(raw), False
    return CleanText(_tidy_lines(raw), bold)


def drop_formula_quote(raw: str) -> str:
    """'=SUM(A1) -> =SUM(A1): spreadsheets export values that look like formulas behind a quote."""
    if len(raw) > 1 and raw[0] == "'" and raw[1] in "=+-@":
        return raw[1:]
    return raw


def _without_tags(raw: str) -> tuple[str, bool]:
    raw = _SCRIPT_OR_STYLE.sub("", _COMMENT.sub("", raw))
    pieces: list[str] = []
    bold_depth = 0
    has_words = False
    all_bold = True
    join_next = bullet_next = False
    position = 0
    for tag in [*_html_tags(raw), None]:
        text = _decode_entities(raw[position : tag.start() if tag else len(raw)])
        if join_next:
            text, join_next = text.lstrip(" \t\xa0"), False
        if text.strip():
            has_words = True
            all_bold = all_bold and bold_depth > 0
            if bullet_next:
                text, bullet_next = "- " + text.lstrip(), False
        pieces.append(text)
        if tag is None:
            break
        position = tag.end()

        name, closing = tag.group(2).lower(), tag.group(1) == "/"
        if name in _BOLD_TAGS:
            bold_depth = max(bold_depth - 1, 0) if closing else bold_depth + 1
        elif name in _RAISED_TAGS and not closing:
            pieces[-1] = pieces[-1].rstrip(" \t\xa0")
            join_next = True
        elif name in _BLOCK_TAGS:
            pieces.append("\n")
            bullet_next = bullet_next or (name == "li" and not closing)
    return "".join(pieces), has_words and all_bold


def _html_tags(raw: str) -> list[re.Match]:
    return [tag for tag in _TAG.finditer(raw) if tag.group(2).lower() in _KNOWN_TAGS]


def _decode_entities(text: str) -> str:
    # Only complete entities ending in ";": html.unescape alone would turn "&para" into "¶".
    return _ENTITY.sub(lambda entity: html.unescape(entity.group()), text) if "&" in text else text


def _tidy_lines(text: str) -> str:
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    lines = []
    for line in text.split("\n"):
        indented = line[:1] in (" ", "\t")
        line = _SPACES.sub(" ", line).strip()
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end() :]
            if not line:
                continue
            line = ("  - " if indented else "- ") + line  # an indented bullet is one level down
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")
