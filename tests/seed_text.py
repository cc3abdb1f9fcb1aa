"""Compare transcribed text with the published seed plans (demo/fixtures/seeds/), word for word."""

import html
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "demo" / "fixtures" / "seeds"
SEED_OF_PLAN = {
    "darlington": "000_3b83382102255cb6.txt",
    "sunderland": "003_b4cbf1c82bf9c3b1.txt",
    "banes": "004_93871fd4ab8d0ecd.txt",
}
_LOST = "[…]"


def words(text: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]*>", " ", text)).lower()
    # Superscript ordinals were split by the extraction ("14 <sup>th</sup>"): join them.
    text = re.sub(r"\b(\d+)\s+(st|nd|rd|th)\b", r"\1\2", text)
    return re.findall(r"[a-z0-9]+", text)


def seed_words(plan: str) -> str:
    """The seed's words as one space-separated string, for substring search."""
    return " " + " ".join(words((SEEDS / SEED_OF_PLAN[plan]).read_text(encoding="utf-8"))) + " "


def fragments(text: str) -> list[str]:
    """Runs of words that must stand together in the seed: paragraphs and list items, split
    where the transcription marks lost words."""
    pieces = []
    for paragraph in re.split(r"\n\s*\n|\n\s*- |^- |" + re.escape(_LOST), text or "", flags=re.M):
        found = words(paragraph)
        if found:
            pieces.append(" " + " ".join(found) + " ")
    return pieces


def missing_fragments(text: str, seed: str, *, max_pieces: int = 3) -> list[str]:
    """Fragments of `text` that are not in the seed as at most `max_pieces` runs in order (a row
    the extraction broke across a page is joined in the transcription)."""
    return [fragment.strip() for fragment in fragments(text) if not _in_order(fragment, seed, max_pieces)]


def _in_order(fragment: str, seed: str, max_pieces: int) -> bool:
    remaining = fragment.split()
    start = 0
    for _ in range(max_pieces):
        if not remaining:
            return True
        for length in range(len(remaining), 0, -1):
            piece = " " + " ".join(remaining[:length]) + " "
            found = seed.find(piece, start)
            if found >= 0:
                remaining = remaining[length:]
                start = found + len(piece) - 1
                break
        else:
            return False
    return not remaining


def string_values(data) -> list[str]:
    """Every string in a parsed YAML document (values only, never comments)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in string_values(value)]
    if isinstance(data, list):
        return [text for value in data for text in string_values(value)]
    return []
