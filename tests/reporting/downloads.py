"""Asking for a board paper or spreadsheet as a reader does: the paper's link, the "Preparing your
board paper" page it leads to, and the file that page offers once it is ready."""

import re

from django.http import HttpResponse


def download(client, url: str) -> tuple[HttpResponse, bytes]:
    asked = client.get(url)
    assert asked.status_code == 302, asked
    page = client.get(asked["Location"])
    assert page.status_code == 200
    link = re.search(r'href="([^"]+/file/)"', page.content.decode())
    assert link, "The paper is not ready: " + re.sub(r"\s+", " ", page.content.decode())[-600:]
    response = client.get(link.group(1))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)
