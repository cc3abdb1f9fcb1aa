"""Abbreviations in plan text, explained with <abbr> from the partnership's glossary."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import GlossaryTerm


class Glossary:
    """Marks up abbreviations in text. The first time a page uses a term it can also be
    reached with the keyboard; later uses explain themselves on hover only."""

    def __init__(self, terms: dict[str, str]):
        self.terms = terms
        self._seen: set[str] = set()
        names = sorted(terms, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w/])(" + "|".join(map(re.escape, names)) + r")(?![\w/])") if names else None

    @classmethod
    def of(cls, partnership) -> Glossary:
        return cls(dict(GlossaryTerm.objects.filter(partnership=partnership).values_list("abbreviation", "meaning")))

    def mark_up(self, text: str) -> SafeString:
        if not text or self._pattern is None:
            return escape(text or "")
        parts, last = [], 0
        for match in self._pattern.finditer(text):
            term = match.group(1)
            parts.append(escape(text[last : match.start()]))
            parts.append(self._abbr(term))
            last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))  # every piece above is escaped or built by format_html

    def _abbr(self, term: str) -> SafeString:
        focusable = term not in self._seen
        self._seen.add(term)
        if focusable:
            return format_html('<abbr title="{}" tabindex="0">{}</abbr>', self.terms[term], term)
        return format_html('<abbr title="{}">{}</abbr>', self.terms[term], term)
