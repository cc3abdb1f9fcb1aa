"""The import corpus: plan layouts unlike the demo's, each built by a script into a file, with the
outcome a careful person would enter written by hand (see docs/development.md, "The import
corpus"). `make import-report` imports each as a new user would and prints how much came out right.
"""

from importlib import import_module

MODULES = [
    "ilacs_headings",
    "jtai_bold_sections",
    "send_wsoa",
    "cspr_page_break",
    "split_la_health",
    "rag_tracker",
    "ofsted_recommended_actions",
    "pct_trust_leads",
    "improvement_board_csv",
    "cover_sheet_workbook",
    "numbered_headings",
    "dated_cells_tracker",
]


def layouts():
    """Every layout of the corpus, in the report's order."""
    return [import_module(f"{__name__}.{module}").LAYOUT for module in MODULES]
