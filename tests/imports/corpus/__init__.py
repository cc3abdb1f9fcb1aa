"""The import corpus: plan layouts unlike the demo's, each built by a script into a file, with the
outcome a careful person would enter written by hand (see docs/development.md, "The import
corpus"). `make import-report` imports each as a new user would and prints how much came out right.
"""

from importlib import import_module

from .expected import Layout, plan

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
    "council_health_csv",
    "bulleted_steps",
]


def layouts() -> list[Layout]:
    """Every layout of the corpus, in the report's order; a module that cannot be loaded is a
    layout whose file cannot be built, so the report shows it failing and goes on."""
    found = []
    for module in MODULES:
        try:
            found.append(import_module(f"{__name__}.{module}").LAYOUT)
        except Exception as error:  # noqa: BLE001 - one broken layout must not stop the report
            found.append(_broken(module, error))
    return found


def _broken(module: str, error: Exception) -> Layout:
    def build() -> bytes:
        raise RuntimeError(f"the layout's module could not be loaded: {type(error).__name__}: {error}")

    return Layout(module, f"{module}.docx", "(not loaded)", build, plan(""))
