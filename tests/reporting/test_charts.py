"""The server-drawn SVG stacked bar charts: structure, text alternative, links, scale, legend,
escaping, colours and contrast. No database needed."""

import logging
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from reporting.charts import (
    PATTERNS,
    RAG_STYLES,
    STATUS_STYLES,
    Bar,
    Segment,
    Style,
    safe_href,
    stacked_bar_chart,
)

NS = "{http://www.w3.org/2000/svg}"
WHITE = "#ffffff"
RAG_WORDS = {
    "red": "Red: off track",
    "amber": "Amber: at risk",
    "green": "Green: on track",
    "blue": "Blue: complete and assured",
    "": "Not rated",
}


# WCAG 2.2 relative luminance and contrast ratio.


def luminance(colour: str) -> float:
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), colour
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# Helpers.


def rag_bar(label, red=0, amber=0, green=0, blue=0, not_rated=0, *, href="", linked=True):
    counts = {"red": red, "amber": amber, "green": green, "blue": blue, "": not_rated}
    return Bar(
        label,
        tuple(
            Segment(key, RAG_WORDS[key], value, f"/actions/?agency={label}&rag={key}" if linked else "")
            for key, value in counts.items()
        ),
        href=href,
    )


def chart(bars, *, links=True, chart_id="rag", styles=RAG_STYLES, title="Actions by RAG", description="By agency."):
    return stacked_bar_chart(
        chart_id=chart_id, title=title, description=description, bars=bars, styles=styles, links=links
    )


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def tag(element) -> str:
    return element.tag.removeprefix(NS)


def with_class(root, css):
    return [element for element in root.iter() if css in element.get("class", "").split()]


def segments(root):
    return with_class(root, "app-chart__segment")


def segment_titles(root):
    return [rect.find(f"{NS}title").text for rect in segments(root)]


def segment_widths(root) -> dict[str, float]:
    return {rect.find(f"{NS}title").text: float(rect.get("width")) for rect in segments(root)}


def links(root):
    return list(root.iter(f"{NS}a"))


def legend_words(root):
    return [text.text for text in with_class(root, "app-chart__legend-label")]


def visible_text(element) -> str:
    """The text an element draws: its own and its children's, but not its <title>."""
    parts = [element.text or ""]
    for child in element:
        if tag(child) != "title":
            parts.append(visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def desc(root) -> str:
    return root.find(f"{NS}desc").text


def parents(root) -> dict:
    return {child: parent for parent in root.iter() for child in parent}


TWO_AGENCIES = [
    rag_bar("DBC", red=3, green=5, href="/actions/?agency=DBC"),
    rag_bar("PCT", amber=1, green=9, blue=6, not_rated=0),
]


# Structure and the text alternative.


@pytest.mark.parametrize("linked", [True, False])
def test_root_svg_has_title_and_desc_first_and_is_labelled_by_them(linked):
    svg = chart(TWO_AGENCIES, links=linked)
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert str(svg).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("aria-labelledby") == "rag-title rag-desc"
    first, second = list(root)[:2]
    assert (tag(first), first.get("id"), first.text) == ("title", "rag-title", "Actions by RAG")
    assert (tag(second), second.get("id")) == ("desc", "rag-desc")


def test_role_is_group_with_links_and_img_without():
    assert parse(chart(TWO_AGENCIES, links=True)).get("role") == "group"
    assert parse(chart(TWO_AGENCIES, links=False)).get("role") == "img"


def test_description_is_the_summary_then_a_sentence_per_bar_in_words():
    bars = [*TWO_AGENCIES, rag_bar("Police")]
    assert desc(parse(chart(bars))) == (
        "By agency. "
        "DBC: 3 Red: off track, 5 Green: on track. "
        "PCT: 1 Amber: at risk, 9 Green: on track, 6 Blue: complete and assured. "
        "Police: no actions."
    )


def test_description_lists_segments_in_style_order_whatever_order_they_come_in():
    bar = Bar("DBC", (Segment("green", "Green: on track", 2), Segment("red", "Red: off track", 1)))
    assert desc(parse(chart([bar]))) == "By agency. DBC: 1 Red: off track, 2 Green: on track."


@pytest.mark.parametrize("bars", [[], [rag_bar("DBC"), rag_bar("PCT")]], ids=["no bars", "all zero"])
@pytest.mark.parametrize("linked", [True, False])
def test_empty_charts_are_valid_svg_saying_there_is_nothing_to_show(bars, linked):
    root = parse(chart(bars, links=linked))
    assert root.tag == f"{NS}svg"
    assert desc(root).startswith("By agency. ")
    assert desc(root).endswith("There are no actions to show.")
    assert segments(root) == []
    assert links(root) == [] or all(a.get("aria-label") in ("DBC", "PCT") for a in links(root))
    assert legend_words(root) == []
    assert root.find(f"{NS}defs").findall(f"{NS}pattern") == []
    if not bars:
        assert "There are no actions to show." in [text.text for text in root.iter(f"{NS}text")]
    else:
        assert "DBC: no actions. PCT: no actions." in desc(root)
        assert [visible_text(total) for total in with_class(root, "app-chart__total")] == ["0", "0"]


def test_height_grows_with_the_number_of_bars():
    heights = [int(parse(chart([rag_bar(f"A{i}", red=1) for i in range(n)])).get("height")) for n in (1, 2, 5)]
    assert heights[0] < heights[1] < heights[2]
    view_box = parse(chart(TWO_AGENCIES)).get("viewBox").split()
    assert view_box[2:] == [str(640), parse(chart(TWO_AGENCIES)).get("height")]


def test_output_is_deterministic():
    assert str(chart(TWO_AGENCIES)) == str(chart(list(TWO_AGENCIES)))


# Rows: labels, segments, totals.


def test_one_row_per_bar_with_its_label_and_total():
    root = parse(chart([*TWO_AGENCIES, rag_bar("Police")]))
    rows = with_class(root, "app-chart__row")
    assert len(rows) == 3
    labels = with_class(root, "app-chart__label")
    assert [label.find(f"{NS}title").text for label in labels] == ["DBC", "PCT", "Police"]
    assert [visible_text(total) for total in with_class(root, "app-chart__total")] == ["8", "16", "0"]


def test_every_segment_has_a_title_in_words_with_singular_and_plural():
    root = parse(chart(TWO_AGENCIES))
    assert segment_titles(root) == [
        "DBC, Red: off track: 3 actions",
        "DBC, Green: on track: 5 actions",
        "PCT, Amber: at risk: 1 action",
        "PCT, Green: on track: 9 actions",
        "PCT, Blue: complete and assured: 6 actions",
    ]


def test_zero_segments_are_not_drawn():
    root = parse(chart(TWO_AGENCIES))
    assert not [title for title in segment_titles(root) if ": 0 action" in title]
    assert not [a for a in links(root) if ": 0 action" in a.get("aria-label")]
    assert len(segments(root)) == 5


def test_segments_are_filled_with_their_style_and_the_pattern_drawn_over_them():
    root = parse(chart(TWO_AGENCIES))
    parent = parents(root)
    for rect in segments(root):
        key = next(key for key, words in RAG_WORDS.items() if f", {words}:" in rect.find(f"{NS}title").text)
        assert rect.get("fill") == RAG_STYLES[key].fill
        siblings = list(parent[rect])
        overlay = siblings[siblings.index(rect) + 1]
        assert overlay.get("fill") == f"url(#rag-pattern-{key})"
        assert (overlay.get("x"), overlay.get("width")) == (rect.get("x"), rect.get("width"))


def test_widths_share_one_scale_proportional_to_value_over_the_largest_total():
    root = parse(chart([rag_bar("Small", red=2, green=3), rag_bar("Big", red=4, green=6), rag_bar("Odd", amber=7)]))
    widths = segment_widths(root)
    small = widths["Small, Red: off track: 2 actions"] + widths["Small, Green: on track: 3 actions"]
    big = widths["Big, Red: off track: 4 actions"] + widths["Big, Green: on track: 6 actions"]
    assert big == pytest.approx(2 * small, abs=0.05)
    per_action = big / 10
    for title, width in widths.items():
        count = int(re.search(r": (\d+) actions?$", title).group(1))
        assert width == pytest.approx(count * per_action, abs=0.05)
    # Segments of a bar sit end to end from the same start.
    rects = segments(root)
    starts = {
        float(rect.get("x")) for rect in rects if rect.find(f"{NS}title").text.startswith(("Small, Red", "Big, Red"))
    }
    assert len(starts) == 1
    big_rects = [rect for rect in rects if rect.find(f"{NS}title").text.startswith("Big")]
    assert float(big_rects[1].get("x")) == pytest.approx(
        float(big_rects[0].get("x")) + float(big_rects[0].get("width"))
    )


def test_counts_are_written_inside_wide_segments_in_the_style_text_colour_only():
    root = parse(chart([rag_bar("DBC", red=1, green=200), rag_bar("PCT", amber=50)]))
    counts = with_class(root, "app-chart__count")
    assert [(count.text, count.get("fill")) for count in counts] == [
        ("200", RAG_STYLES["green"].text),
        ("50", RAG_STYLES["amber"].text),
    ]
    assert segment_widths(root)["DBC, Red: off track: 1 action"] < 18
    # Each count sits on a plain plate of its segment's fill, so the pattern never lowers its contrast.
    parent = parents(root)
    for count, key in zip(counts, ["green", "amber"], strict=True):
        siblings = list(parent[count])
        plate = siblings[siblings.index(count) - 1]
        assert plate.get("fill") == RAG_STYLES[key].fill
        assert float(plate.get("x")) < float(count.get("x")) < float(plate.get("x")) + float(plate.get("width"))


def test_long_labels_wrap_to_two_lines_ending_in_an_ellipsis_with_the_whole_label_in_a_title():
    long = "LSCB Composite Plan July 2012 with a very long additional title that goes on and on"
    root = parse(chart([rag_bar(long, red=1), rag_bar("LSCB Composite Plan July 2012", red=1)]))
    first, second = with_class(root, "app-chart__label")
    assert first.find(f"{NS}title").text == long
    lines = [tspan.text for tspan in first.iter(f"{NS}tspan")]
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert long.startswith("".join(lines).removesuffix("…").rstrip())
    assert "".join(tspan.text for tspan in second.iter(f"{NS}tspan")) == "LSCB Composite Plan July 2012"
    assert segment_titles(root)[0] == f"{long}, Red: off track: 1 action"


def test_an_unbroken_long_label_is_cut_rather_than_overflowing():
    label = "X" * 80
    root = parse(chart([rag_bar(label, red=1)]))
    lines = [tspan.text for tspan in with_class(root, "app-chart__label")[0].iter(f"{NS}tspan")]
    assert len(lines) == 2
    assert all(len(line) < 40 for line in lines)
    assert lines[-1].endswith("…")


# Links.


def test_one_link_per_non_zero_linked_segment_with_its_href_and_words():
    root = parse(chart(TWO_AGENCIES))
    segment_links = [a for a in links(root) if a.find(f"{NS}rect[@class='app-chart__segment']") is not None]
    assert [(a.get("href"), a.get("aria-label")) for a in segment_links] == [
        ("/actions/?agency=DBC&rag=red", "DBC, Red: off track: 3 actions"),
        ("/actions/?agency=DBC&rag=green", "DBC, Green: on track: 5 actions"),
        ("/actions/?agency=PCT&rag=amber", "PCT, Amber: at risk: 1 action"),
        ("/actions/?agency=PCT&rag=green", "PCT, Green: on track: 9 actions"),
        ("/actions/?agency=PCT&rag=blue", "PCT, Blue: complete and assured: 6 actions"),
    ]
    # SVG 2 href, never xlink.
    assert "xlink" not in str(chart(TWO_AGENCIES))


def test_bar_labels_link_to_the_bar_href():
    root = parse(chart(TWO_AGENCIES))
    label_links = with_class(root, "app-chart__label-link")
    assert [(a.get("href"), a.get("aria-label")) for a in label_links] == [("/actions/?agency=DBC", "DBC")]
    assert label_links[0].find(f"{NS}text").get("text-decoration") == "underline"


def test_segments_without_an_href_are_drawn_but_not_linked():
    root = parse(chart([rag_bar("DBC", red=3, green=5, linked=False)]))
    assert len(segments(root)) == 2
    assert links(root) == []


def test_no_links_at_all_when_links_is_false():
    svg = chart(TWO_AGENCIES, links=False)
    root = parse(svg)
    assert links(root) == []
    assert "href" not in str(svg)
    assert "<style" not in str(svg)
    assert len(segments(root)) == 5


def test_a_chart_carries_no_inline_style_so_the_content_security_policy_allows_it():
    svg = str(chart(TWO_AGENCIES, chart_id="by-agency"))

    assert "<style" not in svg
    assert " style=" not in svg
    assert 'class="app-chart"' in svg


def test_the_focus_style_of_linked_segments_is_in_the_sites_stylesheet():
    stylesheet = (settings.BASE_DIR / "static" / "scss" / "assure.scss").read_text(encoding="utf-8")

    assert ".app-chart a:focus .app-chart__focus-ring { stroke: $govuk-focus-colour; }" in stylesheet


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "actions/",
        "",
    ],
)
def test_hrefs_other_than_site_paths_and_queries_are_dropped(href):
    assert safe_href(href) == ""
    bar = Bar("DBC", (Segment("red", "Red: off track", 3, href),), href=href)
    svg = str(chart([bar]))
    root = parse(svg)
    assert links(root) == []
    assert "javascript" not in svg.lower()
    assert "evil" not in svg
    assert len(segments(root)) == 1


@pytest.mark.parametrize("href", ["/actions/?rag=red&agency=1", "?rag=red", "/"])
def test_site_paths_and_queries_are_kept(href):
    assert safe_href(href) == href
    root = parse(chart([Bar("DBC", (Segment("red", "Red: off track", 3, href),))]))
    assert [a.get("href") for a in links(root)] == [href]


# Escaping.

HOSTILE = "<script>alert(1)</script> & \"x\" 'y'"


def test_hostile_text_is_escaped_everywhere_and_never_markup():
    bar = Bar(
        HOSTILE,
        (Segment("red", HOSTILE, 3, '/x"onclick="alert(1)'),),
        href="/a?b=<script>",
    )
    svg = str(
        stacked_bar_chart(
            chart_id="hostile", title=HOSTILE, description=HOSTILE, bars=[bar], styles=RAG_STYLES, links=True
        )
    )
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == HOSTILE
    assert desc(root).startswith(f"{HOSTILE} {HOSTILE}: 3 {HOSTILE}.")
    assert list(root.iter(f"{NS}script")) == []
    assert not [element for element in root.iter() if "onclick" in element.attrib]
    assert {a.get("href") for a in links(root)} == {'/x"onclick="alert(1)', "/a?b=<script>"}
    assert segment_titles(root) == [f"{HOSTILE}, {HOSTILE}: 3 actions"]
    assert legend_words(root) == [HOSTILE]
    assert with_class(root, "app-chart__label")[0].find(f"{NS}title").text == HOSTILE


def test_characters_xml_forbids_are_dropped_so_the_svg_stays_well_formed():
    bar = Bar("DBC\x00\x0b\x1f", (Segment("red", "Red\x08: off track", 3),))
    root = parse(chart([bar], title="Ti\x0ctle"))
    assert root.find(f"{NS}title").text == "Title"
    assert segment_titles(root) == ["DBC, Red: off track: 3 actions"]


def test_bad_chart_ids_and_negative_counts_are_refused():
    with pytest.raises(ValueError):
        chart(TWO_AGENCIES, chart_id='x" onload="alert(1)')
    with pytest.raises(ValueError):
        chart(TWO_AGENCIES, chart_id="two words")
    with pytest.raises(ValueError):
        chart([Bar("DBC", (Segment("red", "Red: off track", -1),))])
    with pytest.raises(ValueError):
        chart(TWO_AGENCIES, styles={**RAG_STYLES, "red": Style("#d4351c", WHITE, "zigzag")})


# Legend, patterns and ids.


def test_legend_lists_the_words_of_the_series_present_in_style_order():
    bars = [rag_bar("DBC", green=1, not_rated=2), rag_bar("PCT", red=1, blue=4)]
    root = parse(chart(bars))
    assert legend_words(root) == ["Red: off track", "Green: on track", "Blue: complete and assured", "Not rated"]


def test_legend_swatches_show_fill_and_pattern():
    root = parse(chart(TWO_AGENCIES))
    legend = with_class(root, "app-chart__legend")[0]
    fills = [rect.get("fill") for rect in legend.iter(f"{NS}rect")]
    assert fills == [
        RAG_STYLES["red"].fill,
        "url(#rag-pattern-red)",
        RAG_STYLES["amber"].fill,
        "url(#rag-pattern-amber)",
        RAG_STYLES["green"].fill,
        "url(#rag-pattern-green)",
        RAG_STYLES["blue"].fill,
        "url(#rag-pattern-blue)",
    ]


def test_status_legend_in_status_order():
    words = {key: key.replace("_", " ").capitalize() or "No status" for key in STATUS_STYLES}
    bar = Bar("Safeguarding", tuple(Segment(key, words[key], 1) for key in reversed(list(STATUS_STYLES))))
    root = parse(chart([bar], styles=STATUS_STYLES, chart_id="status"))
    assert legend_words(root) == list(words.values())


def test_series_not_in_styles_are_drawn_grey_and_listed_last():
    bar = Bar("DBC", (Segment("mystery", "Mystery", 2), Segment("red", "Red: off track", 1)))
    root = parse(chart([bar]))
    assert legend_words(root) == ["Red: off track", "Mystery"]
    assert segments(root)[1].get("fill") == RAG_STYLES[""].fill


def test_all_ids_are_prefixed_by_the_chart_id_and_unique_so_charts_can_share_a_page():
    page = f"<div>{chart(TWO_AGENCIES, chart_id='one')}{chart(TWO_AGENCIES, chart_id='two')}</div>"
    root = ET.fromstring(page)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for svg in root:
        chart_id = svg.get("id")
        inner = [element.get("id") for element in svg.iter() if element.get("id") and element is not svg]
        assert inner and all(id_.startswith(f"{chart_id}-") for id_ in inner)
        patterns = {pattern.get("id") for pattern in svg.iter(f"{NS}pattern")}
        assert patterns == {f"{chart_id}-pattern-{key}" for key in ("red", "amber", "green", "blue")}
        references = {
            match
            for element in svg.iter()
            for value in element.attrib.values()
            for match in re.findall(r"url\(#([^)]+)\)", value)
        }
        assert references == patterns


def test_no_external_references_or_scripts():
    svg = str(chart(TWO_AGENCIES))
    assert "xlink" not in svg
    assert "@import" not in svg
    assert "@font-face" not in svg
    assert "<script" not in svg and "<image" not in svg and "<foreignObject" not in svg
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
    assert set(re.findall(r"url\(([^)]*)\)", svg)) <= {f"#rag-pattern-{key}" for key in RAG_STYLES}
    assert not [element for element in parse(svg).iter() if any(name.startswith("on") for name in element.attrib)]


# Text size, font and contrast.


@pytest.mark.parametrize("linked", [True, False])
def test_all_text_is_at_least_14px_in_the_chart_font(linked):
    texts = list(parse(chart([*TWO_AGENCIES, rag_bar("Police")], links=linked)).iter(f"{NS}text"))
    assert texts
    for text in texts:
        assert text.get("font-family") == "Arial, 'Liberation Sans', sans-serif"
        assert float(text.get("font-size")) >= 14


def test_text_on_the_white_background_has_at_least_4_5_to_1_contrast():
    root = parse(chart([*TWO_AGENCIES, rag_bar("Police")]))
    outside = [text for text in root.iter(f"{NS}text") if "app-chart__count" not in text.get("class", "")]
    assert {"app-chart__label", "app-chart__total", "app-chart__legend-label"} <= {
        text.get("class") for text in outside
    }
    for text in outside:
        assert contrast(text.get("fill"), WHITE) >= 4.5, text.get("fill")
    assert with_class(root, "app-chart__label")[-1].get("fill") == "#0b0c0c"


def test_counts_have_at_least_4_5_to_1_contrast_with_their_segment():
    bars = [rag_bar("DBC", red=50, amber=50, green=50, blue=50, not_rated=50)]
    root = parse(chart(bars))
    parent = parents(root)
    counts = with_class(root, "app-chart__count")
    assert len(counts) == 5
    for count in counts:
        siblings = list(parent[count])
        plate = siblings[siblings.index(count) - 1]
        assert contrast(count.get("fill"), plate.get("fill")) >= 4.5


@pytest.mark.parametrize("styles", [RAG_STYLES, STATUS_STYLES], ids=["rag", "status"])
def test_style_text_colours_have_at_least_4_5_to_1_contrast_with_their_fill(styles):
    for key, style in styles.items():
        assert contrast(style.text, style.fill) >= 4.5, (key, style)
        assert style.pattern in PATTERNS


def test_rag_styles_are_the_gov_uk_colours_each_with_a_distinct_pattern():
    assert {key: (style.fill, style.text) for key, style in RAG_STYLES.items()} == {
        "red": ("#d4351c", WHITE),
        "amber": ("#ffdd00", "#0b0c0c"),
        "green": ("#00703c", WHITE),
        "blue": ("#1d70b8", WHITE),
        "": ("#b1b4b6", "#0b0c0c"),
    }
    patterns = [style.pattern for style in RAG_STYLES.values()]
    assert len(set(patterns)) == len(patterns)


def test_status_styles_cover_every_status_and_differ_from_each_other():
    assert list(STATUS_STYLES) == [
        "not_started",
        "not_yet_due",
        "underway",
        "ongoing",
        "completed",
        "evidence_not_yet_reported",
        "deferred",
        "",
    ]
    styles = list(STATUS_STYLES.values())
    assert len({style.fill for style in styles}) == len(styles)
    # Series sharing a pattern must differ in lightness, so they stay apart in black and white.
    for one in styles:
        for other in styles:
            if one is not other and one.pattern == other.pattern:
                assert contrast(one.fill, other.fill) >= 2, (one, other)


# Drawn offline by WeasyPrint.


def test_weasyprint_draws_the_chart_offline(caplog):
    from weasyprint import HTML

    def no_fetching(url, *args, **kwargs):
        raise AssertionError(f"the chart asked for {url}")

    bars = [*TWO_AGENCIES, rag_bar("LSCB Composite Plan July 2012 with a long name", red=2, not_rated=4)]
    page = f"<html><body>{chart(bars, links=True)}{chart(bars, links=False, chart_id='again')}</body></html>"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=page, url_fetcher=no_fetching, base_url="/").write_pdf()
    assert pdf.startswith(b"%PDF")
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []
