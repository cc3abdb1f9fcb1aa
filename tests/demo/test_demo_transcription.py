"""The demo plans (demo/fixtures/*.yaml) against the published plans they transcribe."""

import re

import pytest

from tests.fixture_plans import actions_of, plan_documents
from tests.seed_text import SEED_OF_PLAN, SEEDS, missing_fragments, seed_words, string_values, words

PLANS = plan_documents()


def seed_lines(plan: str) -> list[str]:
    return (SEEDS / SEED_OF_PLAN[plan]).read_text(encoding="utf-8").split("\n")


def texts_of(document):
    """(where, text) for every piece of plan text the transcription holds."""
    for section in document["plan"]["sections"]:
        for recommendation in section.get("recommendations") or []:
            yield f"recommendation {recommendation.get('reference')}", recommendation["text"]
            for action in recommendation.get("actions") or []:
                key = action["key"]
                for field in (
                    "text",
                    "outcome_measure",
                    "measure_of_success",
                    "evidence_expected",
                    "desired_outcome",
                ):
                    yield f"{key} {field}", action.get(field) or ""
                for measure in action.get("assurance_measures") or []:
                    yield f"{key} assurance measure", measure
                for milestone in action.get("milestones") or []:
                    yield f"{key} milestone", milestone["text"]
                for sub_action in action.get("sub_actions") or []:
                    yield f"{key} sub-action", sub_action["text"]
                for update in action.get("updates") or []:
                    yield f"{key} update note", update.get("note") or ""
                    yield f"{key} evidence of impact", update.get("evidence_of_impact") or ""


# Where the extraction split a word across cells, no run of seed words can match.
SPLIT_BY_THE_EXTRACTION = {("banes", "service management within children s service and across services")}


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_every_text_is_in_the_seed_word_for_word(plan):
    seed = seed_words(plan)
    texts = list(texts_of(PLANS[plan])) + [("section", section["title"]) for section in PLANS[plan]["plan"]["sections"]]

    missing = [
        (where, fragment)
        for where, text in texts
        for fragment in missing_fragments(text, seed)
        if (plan, fragment) not in SPLIT_BY_THE_EXTRACTION
    ]

    assert missing == []


# Words a seed prints only as headings or field labels, and (BANES) the extraction's garbage:
# line 56 overlays two text layers of row 1.14 ("undiversity", "Charrie"), line 67 splits "a|nd".
NOT_PLAN_DATA = {
    "darlington": {
        "theme",
        "responsible",
        "milestones",
        "status",
        "notes",
        "measure",
        "success",
        "summary",
        "background",
        "papers",
        "date",
        "version",
    },
    "sunderland": {"theme", "issue", "ref", "timescale"},
    "banes": {
        "abbreviations",
        "outcome",
        "measures",
        "rag",
        "rating",
        "called",
        "charrie",
        "class",
        "f",
        "ocsga",
        "ocsqa",
        "undiversity",
        "nd",
    },
}


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_every_word_of_the_seed_is_in_the_transcription(plan):
    transcribed = set(words(" ".join(string_values(PLANS[plan]))))
    seed = set(words((SEEDS / SEED_OF_PLAN[plan]).read_text(encoding="utf-8")))

    assert seed - transcribed == NOT_PLAN_DATA[plan]


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_every_named_lead_appears_in_the_seed(plan):
    seed = seed_words(plan)
    named = [officer["name"] for officer in PLANS[plan].get("officers") or [] if officer.get("name")]

    assert [name for name in named if missing_fragments(name, seed)] == []


def test_darlington_has_one_action_per_row_of_the_composite_plan():
    rows = [
        line
        for line in seed_lines("darlington")
        if re.match(r"^(<p>)?<b>(IMMEDIATE|Within \d [Mm]onths) (DBC|CDDFT|PCT)</b>", line)
    ]

    assert len(list(actions_of(PLANS["darlington"]))) == len(rows) == 31


def test_sunderland_has_one_recommendation_and_action_per_numbered_row_in_each_theme():
    numbered = [line.split("\t") for line in seed_lines("sunderland") if re.match(r"^[^\t]*\t\d+\t", line)]
    themes = [cells[0] for cells in numbered if cells[0]]
    document = PLANS["sunderland"]

    assert [section["title"] for section in document["plan"]["sections"]] == themes
    assert [
        (section["title"], recommendation["reference"], action["reference"])
        for section, recommendation, action in actions_of(document)
    ] == [(section, number, number) for section, number in _numbered_rows_by_theme(numbered)]


def _numbered_rows_by_theme(numbered):
    theme = None
    for cells in numbered:
        theme = cells[0] or theme
        yield theme, cells[1]


def test_banes_has_every_area_for_improvement_once_in_order():
    seed = "\n".join(seed_lines("banes"))
    references = list(dict.fromkeys(re.findall(r"^(?:Area for improvement )?(\d\.\d+(?:\.\d)?) ", seed, re.M)))

    assert [action["reference"] for _s, _r, action in actions_of(PLANS["banes"])] == references
    assert len(references) == 32


@pytest.mark.parametrize(
    "plan, rag",
    [("sunderland", "amber"), ("sunderland", "green"), ("banes", "amber"), ("banes", "green")],
)
def test_every_rag_word_in_the_seed_became_a_rated_update(plan, rag):
    in_seed = len(re.findall(rf"\b{rag.upper()}\b", "\n".join(seed_lines(plan))))
    rated = [
        update
        for _s, _r, action in actions_of(PLANS[plan])
        for update in action.get("updates") or []
        if update.get("rag") == rag
    ]

    assert len(rated) == in_seed


def test_banes_glossary_has_every_abbreviation_in_the_plan_order():
    seed = "\n".join(seed_lines("banes"))
    listed = re.findall(r"^([A-Z][A-Z/]+) (.+)$", seed[seed.index("Abbreviations/ Glossary") :], re.M)

    assert [(term["abbreviation"], term["meaning"]) for term in PLANS["banes"]["glossary"]] == listed


def test_dated_status_notes_became_dated_updates():
    darlington = {action["key"]: action for _s, _r, action in actions_of(PLANS["darlington"])}

    supervision_policy = darlington["dar-sg-09"]["updates"]
    assert [(update.get("as_at"), update.get("status")) for update in supervision_policy] == [
        ("", ""),
        ("July 2012", "ongoing"),
    ]
    assert supervision_policy[1]["note"] == "Agreement obtained and recruitment process to commence."
