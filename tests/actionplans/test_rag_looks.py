"""Each rating shows as RAG_LOOKS declares it, on pages, charts, spreadsheets and the paper."""

from actionplans.models import RAG_KEYS, RAG_LOOKS, Rag
from actionplans.templatetags.plans import reported_rag_tag
from reporting.charts import RAG_STYLES
from reporting.exports import RAG_STYLES as SHEET_STYLES
from reporting.templatetags.papers import rag_rules


def test_every_rating_and_no_rating_has_a_look_worst_first():
    assert RAG_KEYS == [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, ""]
    assert list(RAG_LOOKS) == [str(key) for key in RAG_KEYS]


def test_tags_charts_spreadsheets_and_the_paper_take_their_colours_from_the_declaration():
    rules = rag_rules()
    for key, look in RAG_LOOKS.items():
        assert reported_rag_tag(key)["colour"] == look.tag
        assert (RAG_STYLES[key].fill, RAG_STYLES[key].pattern) == (look.fill, look.pattern)
        assert f".rag-{key or 'none'} {{ {look.paper} }}" in rules
        if key:
            assert SHEET_STYLES[key][0] == "FF" + look.fill.removeprefix("#").upper()
