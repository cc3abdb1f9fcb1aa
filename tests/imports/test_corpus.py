"""The import corpus: every layout builds a file the import can read, the report runs over all of
them without failing, and the measuring itself is right (a proposal that is exactly the expected
plan measures 100% right; a damaged file is one failed file, not an error). Whether the import
gets the corpus right, field by field, is what `make import-report` prints; that each layout comes out
all right as proposed is asserted last, so that no change to the import undoes it."""

import io
from dataclasses import replace

import pytest

from imports.interpret import NO_RECOMMENDATION, Proposal
from imports.readers import read_upload
from tests.imports.corpus import layouts
from tests.imports.corpus.measure import measure, measure_proposal
from tests.imports.corpus.report import rehearsal_for_new_partnership, report

LAYOUTS = layouts()


def test_the_corpus_has_at_least_twelve_layouts_each_with_its_own_file_name():
    assert len(LAYOUTS) >= 12
    assert len({layout.name for layout in LAYOUTS}) == len(LAYOUTS)
    assert len({layout.file_name for layout in LAYOUTS}) == len(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_each_layout_builds_a_file_the_import_reads(layout):
    read = read_upload(io.BytesIO(layout.build()), layout.file_name)

    assert read.tables
    assert any(len(table.rows) > 1 for table in read.tables)
    assert any(True for section in layout.expected.sections for r in section.recommendations for _ in r.actions)
    assert len(layout.choices) <= 3


@pytest.mark.django_db
def test_the_report_runs_over_the_whole_corpus_and_prints_a_line_for_each_file():
    printed = report(LAYOUTS, rehearse=rehearsal_for_new_partnership(), brief=True)

    for layout in LAYOUTS:
        assert layout.name in printed
    assert "as proposed:" in printed and "with the choices:" in printed
    assert "FAILED" not in printed


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_proposal_that_is_the_expected_plan_measures_all_right(layout):
    proposal = _proposal_of(layout.expected)

    measured = measure_proposal(layout, proposal, layout.expected.title)

    assert measured.all_right, (measured.tallies, measured.unexpected)


def test_a_proposal_missing_an_action_loses_its_cells_and_one_with_an_extra_action_says_so():
    layout = LAYOUTS[0]
    proposal = _proposal_of(layout.expected)
    first = proposal.plan["sections"][0]["recommendations"][0]
    removed = first["actions"].pop()
    first["actions"].append({**removed, "key": "extra", "text": "A fragment after a page break"})

    measured = measure_proposal(layout, proposal, layout.expected.title)

    assert measured.tally("action text").lost == 1
    assert measured.unexpected == ["action 'A fragment after a page break'"]
    assert not measured.all_right


def test_a_file_the_import_cannot_read_is_that_file_failing_not_an_error():
    damaged = replace(LAYOUTS[0], build=lambda: b"PK\x03\x04 not really a Word document")

    measured = measure(damaged)

    assert measured.failure
    assert not measured.all_right


def _proposal_of(expected) -> Proposal:
    """The proposal a perfect import of `expected` would make."""
    officers, agencies = {}, {}

    def agency(names):
        names = names if isinstance(names, tuple) else (names,)
        if names[0] and names[0] not in agencies:
            agencies[names[0]] = {"short_name": names[0], "name": names[-1], "kind": "other"}
        return names[0]

    def officer(lead):
        key = f"new-{len(officers) + 1}"
        officers[key] = {"key": key, "name": lead.name, "job_title": lead.role, "agency": agency(lead.agency)}
        return key

    sections, references = [], {}
    for number, section in enumerate(expected.sections):
        recommendations = []
        for recommendation in section.recommendations:
            actions = []
            for position, action in enumerate(recommendation.actions):
                key = f"row-{number}-{len(recommendations)}-{position}"
                references[action.reference] = key
                update = {
                    "as_at": action.progress_as_at or expected.as_at,
                    "status": action.status.value if action.status else "",
                    "rag": action.rag.value if action.rag else "",
                    "note": action.progress,
                    "evidence_of_impact": "",
                }
                actions.append(
                    {
                        "key": key,
                        "reference": action.reference,
                        "text": action.text,
                        "agency": agency(action.agency) if action.agency else "",
                        "leads": [officer(lead) for lead in action.leads],
                        "target_date": action.target,
                        "updates": [update],
                        "see_also": list(action.see_also),
                        "extra": dict(action.extra),
                        **action.details,
                    }
                )
            recommendations.append(
                {
                    "reference": recommendation.reference,
                    "text": NO_RECOMMENDATION if recommendation.text is None else recommendation.text,
                    "timeframe": recommendation.timeframe,
                    "agencies": [agency(name) for name in recommendation.agencies],
                    "practice_standards": [],
                    "monitoring_officer": officer(recommendation.monitoring_officer)
                    if recommendation.monitoring_officer
                    else "",
                    "actions": actions,
                }
            )
        sections.append(
            {"number": section.number, "title": section.title or "Actions", "recommendations": recommendations}
        )
    for section in sections:
        for recommendation in section["recommendations"]:
            for action in recommendation["actions"]:
                action["see_also"] = [references[reference] for reference in action["see_also"]]
    return Proposal(
        plan={"sections": sections, "description": expected.description, "as_at": expected.as_at},
        new_agencies=list(agencies.values()),
        new_officers=list(officers.values()),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_each_layout_imports_all_right_as_proposed_into_a_new_partnership(layout):
    measured = measure(layout, rehearse=rehearsal_for_new_partnership())

    assert measured.all_right, (measured.failure, measured.unfinished, measured.unexpected, measured.tallies)
