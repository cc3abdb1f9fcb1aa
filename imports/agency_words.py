"""Agencies as plans name them in words: the kind of agency a name says ("NHS ..." is health,
"LA" a local authority), and the agencies a recommendation is addressed to by its own wording
("NHS Darlington should ensure ...", "The Council and NHS ... should ...")."""

from __future__ import annotations

import re

from agencies.models import Agency

_KINDS = (
    (Agency.Kind.POLICE, ("police", "constabulary")),
    (Agency.Kind.HEALTH_PROVIDER, ("trust", "ft", "nhsft", "hospital", "hospitals", "provider", "providers")),
    (Agency.Kind.HEALTH_COMMISSIONER, ("nhs", "pct", "ccg", "icb", "health", "commissioner", "commissioners")),
    (Agency.Kind.LOCAL_AUTHORITY, ("la", "council", "authority", "borough", "county", "local")),
    (Agency.Kind.EDUCATION, ("school", "schools", "education", "college", "academy")),
)
_ORGANISATION_WORDS = {word for _kind, words in _KINDS for word in words} | {
    "lscb",
    "lscp",
    "partnership",
    "board",
    "foundation",
}
_SUBJECT = re.compile(r"^(?P<subject>[^.;:\n]{2,160}?)\s+(?:should|must|will need to|needs to|is to|are to)\b")
# "and" or "," starts a new agency only before a word that starts one: "The Council and NHS
# Durham", but not "NHS County Durham and Darlington".
_NEXT_AGENCY = re.compile(r"\s*(?:,|\band\b|&)\s*(?=(?:the\s+)?(?:[A-Z]{2,}\b|[A-Z][a-z]+\s+(?:council|police|trust)))")


def kind_of(words: str) -> str:
    """The kind of agency a name suggests, or 'other'."""
    found = set(re.findall(r"[a-z]+", words.lower()))
    if re.search(r"\b[A-Z]{2,}FT\b", words):  # "CDDFT": a foundation trust
        return Agency.Kind.HEALTH_PROVIDER.value
    for kind, kind_words in _KINDS:
        if found & set(kind_words):
            return kind.value
    return Agency.Kind.OTHER.value


# "Kestrelford Borough Council: ILACS Improvement Plan", "Wyvern Vale Council - Response to ...":
# the organisation a plan's title opens with, up to the word that names it an organisation.
_OWNER = re.compile(
    r"^(?:the\s+)?(?P<owner>(?:[A-Z][\w'&-]*\s+){0,7}?(?:Council|Board|Partnership|Trust|Police|Constabulary|"
    r"ICB|CCG|Authority|LSCB|LSCP|SCP))(?=\s*(?::|\s[-\u2013\u2014]\s|$|'s\b))"
)


def owner_in(title: str) -> str:
    """The organisation whose plan the title says it is, or ''."""
    found = _OWNER.match((title or "").strip())
    return found.group("owner") if found else ""


def addressed_in(text: str) -> list[str]:
    """The agencies a recommendation's first sentence asks to act, as it names them."""
    found = _SUBJECT.match(text.strip())
    if not found:
        return []
    names = []
    for piece in _NEXT_AGENCY.split(found.group("subject")):
        name = re.sub(r"^(?:the|that|all)\s+", "", piece.strip(" ,"), flags=re.IGNORECASE)
        if _names_an_agency(name):
            names.append(name[0].upper() + name[1:])
    return names


_PEOPLE = {
    "visitors",
    "workers",
    "staff",
    "managers",
    "practitioners",
    "professionals",
    "leaders",
    "nurses",
    "members",
    "partners",
}


def _names_an_agency(name: str) -> bool:
    """'NHS Darlington', 'the Council', 'LSCB'; not 'Health visitors' or 'Managers'."""
    words = re.findall(r"[A-Za-z]+", name)
    return (
        bool(words)
        and words[-1].lower() not in _PEOPLE
        and (any(word.lower() in _ORGANISATION_WORDS for word in words) or (words[0].isupper() and len(words[0]) > 1))
    )
