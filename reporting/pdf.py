"""The board paper as a PDF: HTML from the paper template, laid out by WeasyPrint as a tagged
PDF (PDF/UA-1) with the document's title and language.

The renderer fetches nothing but the paper's own stylesheet under static/paper/: any other URL
(file://, http://, data:) that plan text could smuggle in is refused and logged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .papers import Paper

PAPER_ASSETS = (Path(settings.BASE_DIR) / "static" / "paper").resolve()
logger = logging.getLogger(__name__)


class PaperAssetsOnly(URLFetcher):
    """Fetches files under static/paper/ and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(PAPER_ASSETS):
            self.refused.append(url)
            logger.warning("Board paper: refused to fetch %s", url[:200])
            raise ValueError("Only the paper's own assets are fetched.")
        self.fetched.append(url)
        return super().fetch(url, headers)


def paper_html(paper: Paper) -> str:
    return render_to_string("reporting/paper.html", {"paper": paper})


def html_to_pdf(html: str, fetcher: PaperAssetsOnly | None = None) -> bytes:
    document = HTML(string=html, base_url=PAPER_ASSETS.as_uri() + "/", url_fetcher=fetcher or PaperAssetsOnly())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def paper_pdf(paper: Paper) -> bytes:
    return html_to_pdf(paper_html(paper))
