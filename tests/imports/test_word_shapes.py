"""Word plans in the shapes real partnerships write them, read, previewed and imported: every word
lands in the right place, and the reader says how it read each awkward cell."""

import io

import pytest

from actionplans.models import Action, Status, SubActionKind
from agencies.models import Agency, Officer
from imports.apply import import_plan
from imports.interpret import NO_RECOMMENDATION, read_plan
from imports.mapping import propose_mapping
from imports.readers import read_upload
from imports.titles import title_from
from tests.factories import AgencyFactory, OfficerFactory, PartnershipFactory
from tests.imports import docx_shapes as shapes

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    """Darlington's partnership before its plan is imported: two agencies and one officer."""
    partnership = PartnershipFactory(short_name="LSCB")
    dbc = AgencyFactory(partnership=partnership, short_name="DBC", name="Darlington Borough Council")
    AgencyFactory(partnership=partnership, short_name="PCT", name="NHS County Durham and Darlington PCT")
    OfficerFactory(partnership=partnership, agency=dbc, name="Nik Flavell", job_title="Service Manager")
    return partnership


def read(document: bytes, partnership, **choices):
    table = read_upload(io.BytesIO(document), "plan.docx").tables[0]
    mapping = propose_mapping(table, partnership.agencies.all())
    for name, value in choices.items():
        setattr(mapping, name, value)
    return read_plan(
        table,
        mapping,
        agencies=partnership.agencies.all(),
        officers=Officer.objects.filter(partnership=partnership).select_related("agency"),
        forums=partnership.forums.all(),
    )


def imported(proposal, partnership):
    report = import_plan(partnership=partnership, proposal=proposal, user=None, source="plan.docx", title="Plan")
    return report.plan


def messages(findings) -> list[str]:
    return [str(finding) for finding in findings]


def actions_of(plan) -> list[Action]:
    return list(Action.objects.filter(recommendation__section__plan=plan).in_plan_order())


class TestDarlingtonStyle:
    def test_section_rows_spanning_the_table_become_sections(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        assert [section["title"] for section in proposal.plan["sections"]] == [
            "SAFEGUARDING",
            "LOOKED AFTER CHILDREN",
        ]
        assert "table 1, row 2: 'SAFEGUARDING' read as a section heading" in messages(proposal.readings)

    def test_timeframe_and_agencies_are_read_from_the_start_of_the_recommendation(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        first, second, third = proposal.plan["sections"][0]["recommendations"]
        assert (first["timeframe"], first["agencies"], first["text"]) == (
            "IMMEDIATE",
            ["DBC"],
            "The council should ensure that core group meetings are held regularly.",
        )
        assert (second["timeframe"], second["agencies"]) == ("WITHIN 3 MONTHS", ["DBC", "PCT"])
        assert second["text"] == "Ensure that children subject to a child protection plan have a health assessment."
        assert (third["timeframe"], third["agencies"]) == ("WITHIN 6 MONTHS", ["LSCB"])

    def test_a_row_with_a_blank_first_cell_continues_the_recommendation_above(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        second = proposal.plan["sections"][0]["recommendations"][1]
        assert [action["text"] for action in second["actions"]] == [
            "Health assessments to be tracked at each review.",
            "Results of the audit to be reported to the LSCB.",
        ]

    def test_aligned_paragraphs_are_an_action_and_its_parts_each_with_its_own_lead_and_date(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        (action,) = proposal.plan["sections"][0]["recommendations"][2]["actions"]
        assert action["text"] == "Review the LSCB threshold document."
        assert action["target_date"] == "30th September 2012"
        assert [proposal.officer_labels[key] for key in action["leads"]] == ["LSCB Business Manager"]
        (part,) = action["sub_actions"]
        assert (part["kind"], part["text"], part["target_date"]) == (
            SubActionKind.PART.value,
            "Deliver multi-agency training on thresholds.",
            "31st December 2012",
        )
        assert [proposal.officer_labels[key] for key in part["leads"]] == ["LSCB Training Officer"]

    def test_dated_updates_inside_a_status_cell_become_separate_updates(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        (action,) = proposal.plan["sections"][0]["recommendations"][2]["actions"]
        assert [(u["as_at"], u["status"], u["rag"], u["note"]) for u in action["updates"]] == [
            ("June 12", "", "", "Threshold document revised and agreed by the Board."),
            ("July 2012", "", "amber", "Training dates set for the autumn."),
        ]
        assert (
            "table 1, row 6: update date 'June 12': Read as June 2012 (month only: due by the end of the month)."
            in messages(proposal.readings)
        )

    def test_a_status_word_at_the_start_of_a_progress_cell_is_the_status(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        first = proposal.plan["sections"][0]["recommendations"][0]["actions"][0]
        assert [(u["status"], u["note"]) for u in first["updates"]] == [
            (Status.COMPLETED, "Future monitoring via internal performance clinic.")
        ]

    def test_html_typed_into_a_cell_is_read_as_its_words(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        action = proposal.plan["sections"][0]["recommendations"][1]["actions"][0]
        assert action["milestones"] == [{"text": "A&E audit 14th June", "due": "", "done_on": None}]

    def test_bullets_stay_bullets(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        action = proposal.plan["sections"][1]["recommendations"][0]["actions"][0]
        assert action["text"] == "- Placement stability reported quarterly\n- Care plans reviewed at every LAC review"

    def test_leads_match_existing_officers_by_initials_and_new_ones_are_listed(self, partnership):
        proposal = read(shapes.darlington_style(), partnership, default_agency="DBC")

        assert "table 1, row 3: lead 'DBC – NF (Service Manager)' read as Nik Flavell (initials)" in messages(
            proposal.readings
        )
        assert "table 1, row 4: lead 'PCT – Named Nurse' matches no officer: will be created" in messages(
            proposal.readings
        )
        assert [officer["job_title"] for officer in proposal.new_officers] == [
            "Named Nurse",
            "LSCB Business Manager",
            "LSCB Training Officer",
            "Head of Children's Services",
            "Named Nurse LAC",
        ]
        assert [agency["short_name"] for agency in proposal.new_agencies] == ["LSCB"]

    def test_an_action_naming_no_agency_needs_the_default_agency(self, partnership):
        without_default = read(shapes.darlington_style(), partnership)

        assert (
            "table 1, row 5: no agency is named for this action: choose the agency for actions that name none"
            in messages(without_default.problems)
        )
        assert not without_default.can_import
        assert read(shapes.darlington_style(), partnership, default_agency="DBC").can_import

    def test_the_imported_plan_holds_every_word_in_its_place(self, partnership):
        plan = imported(read(shapes.darlington_style(), partnership, default_agency="DBC"), partnership)

        actions = actions_of(plan)
        assert [action.text for action in actions] == [
            "Core group meetings to be scheduled at every initial child protection conference.",
            "Health assessments to be tracked at each review.",
            "Results of the audit to be reported to the LSCB.",
            "Review the LSCB threshold document.",
            "- Placement stability reported quarterly\n- Care plans reviewed at every LAC review",
            "Named nurse to monitor timeliness monthly.",
        ]
        assert [action.agency.short_name for action in actions] == ["DBC", "PCT", "DBC", "LSCB", "DBC", "PCT"]
        assert [str(action.target) for action in actions][0] == "14th June 2012"
        assert actions[0].target_date.isoformat() == "2012-06-14"
        assert [lead.name for lead in actions[0].leads.all()] == ["Nik Flavell"]
        assert Officer.objects.filter(partnership=partnership, name="Nik Flavell").count() == 1
        threshold = actions[3]
        assert [(u.status, u.rag, u.note) for u in threshold.progress_updates.order_by("pk")] == [
            ("", "", "Threshold document revised and agreed by the Board."),
            ("", "amber", "Training dates set for the autumn."),
        ]
        assert [part.text for part in threshold.sub_actions.all()] == ["Deliver multi-agency training on thresholds."]
        assert Agency.objects.filter(partnership=partnership, short_name="LSCB").exists()


class TestSplitAcrossPages:
    def test_tables_continued_across_pages_are_joined_and_their_repeated_headers_dropped(self, partnership):
        upload = read_upload(io.BytesIO(shapes.split_across_pages()), "plan.docx")

        assert len(upload.tables) == 1
        proposal = read(shapes.split_across_pages(), partnership, default_agency="DBC")
        recommendations = proposal.plan["sections"][0]["recommendations"]
        assert [(r["reference"], len(r["actions"])) for r in recommendations] == [
            ("1", 1),
            ("2", 2),
            ("3", 1),
            ("4", 1),
            ("5", 1),
        ]
        assert not any("Actions Required" in action["text"] for _s, _r, action in proposal.actions())

    def test_a_recommendation_broken_by_the_page_keeps_its_second_action(self, partnership):
        proposal = read(shapes.split_across_pages(), partnership, default_agency="DBC")

        thresholds = proposal.plan["sections"][0]["recommendations"][1]
        assert thresholds["text"] == "Ensure that thresholds are understood by all partner agencies."
        assert [action["text"] for action in thresholds["actions"]] == [
            "Review the LSCB threshold document.",
            "Deliver multi-agency training on thresholds.",
        ]
        assert thresholds["actions"][1]["updates"][0]["rag"] == "amber"

    def test_the_joined_plan_imports(self, partnership):
        plan = imported(read(shapes.split_across_pages(), partnership, default_agency="DBC"), partnership)

        assert len(actions_of(plan)) == 6
        assert [r.reference for r in plan.sections.get().recommendations.all()] == ["1", "2", "3", "4", "5"]


class TestCouncilAndHealth:
    def test_the_headings_name_two_parts_of_each_row(self, partnership):
        table = read_upload(io.BytesIO(shapes.council_and_health()), "plan.docx").tables[0]

        mapping = propose_mapping(table, partnership.agencies.all())

        assert mapping.parts == ["Council", "Health"]
        assert [(column.heading, column.target, column.part) for column in mapping.columns][2:4] == [
            ("Council action", "action", "Council"),
            ("Council lead", "leads", "Council"),
        ]

    def test_each_part_is_an_action_of_its_agency_with_its_own_lead_outcome_and_evidence(self, partnership):
        proposal = read(shapes.council_and_health(), partnership, part_agencies={"Council": "DBC", "Health": "PCT"})

        assert proposal.can_import, messages(proposal.problems)
        first = proposal.plan["sections"][0]["recommendations"][0]
        assert first["reference"] == "1"
        council, health = first["actions"]
        assert (council["agency"], council["text"], council["outcome_measure"], council["evidence_expected"]) == (
            "DBC",
            "Introduce a referral tracking log.",
            "All referrals acknowledged on time",
            "Monthly tracking report",
        )
        assert (health["agency"], health["text"], health["outcome_measure"], health["evidence_expected"]) == (
            "PCT",
            "Health referrals sent through the single point of contact.",
            "Referrals from health reach the front door",
            "Audit of health referrals",
        )
        assert [proposal.officer_labels[key] for key in health["leads"]] == ["Designated Nurse"]
        assert council["target_date"] == health["target_date"] == "3 months"

    def test_an_empty_part_makes_no_action(self, partnership):
        proposal = read(shapes.council_and_health(), partnership, part_agencies={"Council": "DBC", "Health": "PCT"})

        second = proposal.plan["sections"][0]["recommendations"][1]
        assert [action["agency"] for action in second["actions"]] == ["DBC"]

    def test_progress_shared_by_both_parts_goes_to_both(self, partnership):
        proposal = read(shapes.council_and_health(), partnership, part_agencies={"Council": "DBC", "Health": "PCT"})

        third = proposal.plan["sections"][0]["recommendations"][2]
        assert [(u["status"], u["rag"]) for action in third["actions"] for u in action["updates"]] == [
            (Status.ONGOING, "amber"),
            (Status.ONGOING, "amber"),
        ]

    def test_a_part_naming_no_agency_of_the_partnership_proposes_a_new_agency_by_its_name(self, partnership):
        proposal = read(shapes.council_and_health(), partnership)

        assert proposal.can_import, messages(proposal.problems)
        assert [(agency["short_name"], agency["kind"]) for agency in proposal.new_agencies] == [
            ("Health", "health_commissioner")
        ]
        first = proposal.plan["sections"][0]["recommendations"][0]
        assert [action["agency"] for action in first["actions"]] == ["DBC", "Health"]

    def test_the_two_part_plan_imports(self, partnership):
        proposal = read(shapes.council_and_health(), partnership, part_agencies={"Council": "DBC", "Health": "PCT"})

        plan = imported(proposal, partnership)

        assert [(action.recommendation.reference, action.agency.short_name) for action in actions_of(plan)] == [
            ("1", "DBC"),
            ("1", "PCT"),
            ("2", "DBC"),
            ("3", "DBC"),
            ("3", "PCT"),
        ]


class TestNumberedAreas:
    def test_numbered_areas_are_sections_and_numbered_actions_keep_their_numbers(self, partnership):
        proposal = read(shapes.numbered_areas(), partnership, default_agency="DBC")

        assert [(s["number"], s["title"]) for s in proposal.plan["sections"]] == [
            ("1", "Leadership"),
            ("2", "Assessment"),
        ]
        assert [action["reference"] for _s, _r, action in proposal.actions()] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
        assert {r["text"] for s in proposal.plan["sections"] for r in s["recommendations"]} == {NO_RECOMMENDATION}

    def test_reported_to_names_forums_which_are_created(self, partnership):
        proposal = read(shapes.numbered_areas(), partnership, default_agency="DBC")

        assert proposal.new_forums == ["LSCB", "HWB", "Performance sub-group"]

    def test_a_see_action_above_cross_reference_is_linked(self, partnership):
        plan = imported(read(shapes.numbered_areas(), partnership, default_agency="DBC"), partnership)

        by_reference = {action.reference: action for action in actions_of(plan)}
        assert by_reference["1.3"].text == "[See action 1.1 above]"
        assert list(by_reference["1.3"].cross_references.all()) == [by_reference["1.1"]]

    def test_status_and_rag_words_in_the_progress_cell(self, partnership):
        proposal = read(shapes.numbered_areas(), partnership, default_agency="DBC")

        assert [(u["status"], u["rag"]) for _s, _r, action in proposal.actions() for u in action["updates"]] == [
            (Status.COMPLETED, "green"),
            (Status.ONGOING, "amber"),
            (Status.COMPLETED, "green"),
            (Status.ONGOING, "amber"),
            (Status.NOT_STARTED, "red"),
        ]


class TestVerticallyMerged:
    def test_a_recommendation_merged_down_several_rows_holds_each_rows_action(self, partnership):
        proposal = read(shapes.vertically_merged(), partnership, default_agency="DBC")

        first, second = proposal.plan["sections"][0]["recommendations"]
        assert first["text"] == "Improve the quality of assessments of children in need."
        assert [(a["text"], a["target_date"]) for a in first["actions"]] == [
            ("Introduce a quality assurance checklist.", "30th June 2013"),
            ("Train all social workers in the new assessment framework.", "30th September 2013"),
            ("Audit twenty assessments each quarter.", "31st December 2013"),
        ]
        assert [a["text"] for a in second["actions"]] == ["Monthly supervision audit."]


def recommendations_by_section(proposal) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    return [
        (
            section["title"],
            [(r["reference"], r["text"], [a["text"] for a in r["actions"]]) for r in section["recommendations"]],
        )
        for section in proposal.plan["sections"]
    ]


def title_and_description(document: bytes, proposal) -> tuple[str, str]:
    read_file = read_upload(io.BytesIO(document), "wessex plan.docx")
    return title_from([*read_file.heading_lines, *proposal.title_lines], "wessex plan.docx"), proposal.plan[
        "description"
    ]


def read_with_headings(document: bytes, partnership, **choices):
    """As `read`, with the document's words above its tables, as the upload passes them."""
    read_file = read_upload(io.BytesIO(document), "plan.docx")
    table = read_file.tables[0]
    mapping = propose_mapping(table, partnership.agencies.all())
    for name, value in choices.items():
        setattr(mapping, name, value)
    return read_plan(
        table,
        mapping,
        agencies=partnership.agencies.all(),
        officers=Officer.objects.filter(partnership=partnership).select_related("agency"),
        forums=partnership.forums.all(),
        heading_lines=read_file.heading_lines,
    )


SECTIONED_PLAN = [
    (
        "Safeguarding",
        [
            (
                "1",
                "Ensure that referrals are acknowledged within one working day.",
                ["Introduce a referral tracking log.", "Report the tracking log to the Board each quarter."],
            ),
            ("2", "Improve the recording of the child's voice in assessments.", ["Revise the assessment template."]),
        ],
    ),
    (
        "Looked After Children",
        [
            (
                "1",
                "Improve the stability of placements for looked after children.",
                ["Report placement stability each quarter."],
            ),
            (
                "2",
                "Ensure that health assessments of looked after children are timely.",
                ["Named nurse to monitor timeliness each month."],
            ),
        ],
    ),
]


class TestSectionsBetweenTables:
    @pytest.mark.parametrize("heading", ["heading", "bold", "caption"])
    def test_a_heading_above_each_table_names_its_section_and_numbers_starting_again_stay_apart(
        self, partnership, heading
    ):
        proposal = read(shapes.sections_between_tables(heading), partnership, default_agency="DBC")

        assert recommendations_by_section(proposal) == SECTIONED_PLAN
        assert "above table 2, row 1: 'Looked After Children' read as a section heading" in messages(proposal.readings)
        assert proposal.can_import, messages(proposal.problems)

    def test_the_tables_of_one_layout_are_read_as_one_plan(self):
        upload = read_upload(io.BytesIO(shapes.sections_between_tables()), "plan.docx")

        (table,) = upload.tables
        assert table.headings == [(0, "Safeguarding"), (4, "Looked After Children")]

    def test_the_section_headings_are_not_the_plans_title(self, partnership):
        document = shapes.sections_between_tables()
        proposal = read_with_headings(document, partnership, default_agency="DBC")

        assert title_and_description(document, proposal) == (
            shapes.SECTIONED_TITLE,
            "\n".join(shapes.SECTIONED_SUBTITLE),
        )

    def test_the_imported_plan_has_each_section_with_its_own_recommendations_and_actions(self, partnership):
        document = shapes.sections_between_tables("bold")
        plan = imported(read_with_headings(document, partnership, default_agency="DBC"), partnership)

        assert plan.description == "\n".join(shapes.SECTIONED_SUBTITLE)
        assert [
            (action.recommendation.section.title, action.recommendation.reference, action.text)
            for action in actions_of(plan)
        ] == [
            (title, reference, text)
            for title, recommendations in SECTIONED_PLAN
            for reference, _words, texts in recommendations
            for text in texts
        ]

    def test_a_heading_repeated_on_the_next_page_carries_on_its_section(self, partnership):
        header = ("Recommendation", "Action", "Lead")
        document = shapes.docx_under_headings(
            header,
            ("Safeguarding", (("1. Improve assessments.", "Introduce a checklist.", "Service Manager"),)),
            ("Safeguarding (continued)", (("2. Improve supervision.", "Audit supervision.", "Head of Service"),)),
        )
        proposal = read(document, partnership, default_agency="DBC")

        assert [(s["title"], len(s["recommendations"])) for s in proposal.plan["sections"]] == [("Safeguarding", 2)]

    def test_a_plain_paragraph_between_the_tables_is_not_a_section(self, partnership):
        proposal = read(shapes.split_across_pages(), partnership, default_agency="DBC")

        assert [section["title"] for section in proposal.plan["sections"]] == ["SAFEGUARDING"]

    def test_a_recommendation_numbered_again_in_the_same_section_is_another_recommendation(self, partnership):
        document = shapes.docx_with_tables(
            (
                ("Recommendation", "Action", "Lead"),
                ("1. Improve assessments.", "Introduce a checklist.", "Service Manager"),
                ("2. Improve supervision.", "Audit supervision.", "Head of Service"),
                ("1. Improve placement stability.", "Report stability quarterly.", "Head of Service"),
            )
        )
        proposal = read(document, partnership, default_agency="DBC")

        (section,) = proposal.plan["sections"]
        assert [(r["reference"], r["text"]) for r in section["recommendations"]] == [
            ("1", "Improve assessments."),
            ("2", "Improve supervision."),
            ("1", "Improve placement stability."),
        ]
        assert (
            "table 1, row 4: recommendation 1 is numbered again, with other words: read as another "
            "recommendation; check the plan's sections were read" in messages(proposal.problems)
        )


class TestCutByAPageBreak:
    @pytest.mark.parametrize("repeat_header", [True, False])
    def test_a_row_finishing_the_cells_above_it_is_joined_to_them(self, partnership, repeat_header):
        proposal = read(shapes.cut_by_a_page_break(repeat_header=repeat_header), partnership, default_agency="DBC")

        (section,) = proposal.plan["sections"]
        assert [(r["reference"], r["text"], [a["text"] for a in r["actions"]]) for r in section["recommendations"]] == [
            (
                "1",
                "Ensure that referrals are acknowledged within one working day.",
                ["Introduce a referral tracking log."],
            ),
            (
                "2",
                "Ensure that the voice of the child is recorded in every assessment.",
                ["Revise the assessment template so that the child's views are written in their own words."],
            ),
            ("3", "Strengthen the supervision of new staff.", ["Audit supervision monthly."]),
        ]
        fragment = "table 2, row 2" if repeat_header else "table 2, row 1"
        assert f"{fragment}: finishes the words of table 1, row 3, cut by a page break: joined to that row" in messages(
            proposal.readings
        )

    def test_the_joined_action_keeps_its_lead(self, partnership):
        proposal = read(shapes.cut_by_a_page_break(), partnership, default_agency="DBC")

        leads = [[proposal.officer_labels[key] for key in action["leads"]] for _s, _r, action in proposal.actions()]
        assert leads == [["Head of Service"], ["Principal Social Worker"], ["Head of Service"]]

    def test_a_new_pages_first_row_with_a_lead_of_its_own_is_an_action_of_its_own(self, partnership):
        proposal = read(shapes.split_across_pages(), partnership, default_agency="DBC")

        assert not any("finishes the words" in message for message in messages(proposal.readings))

    def test_a_new_pages_first_row_starting_afresh_is_not_joined_though_it_has_no_lead(self, partnership):
        header = ("Recommendation", "Action", "Lead")
        document = shapes.docx_under_headings(
            header,
            ("", (("1. Improve assessments.", "Introduce a quality checklist for every team", "Service Manager"),)),
            ("", (("", "Train all staff in using the checklist", ""),)),
        )
        proposal = read(document, partnership, default_agency="DBC")

        assert [action["text"] for _s, _r, action in proposal.actions()] == [
            "Introduce a quality checklist for every team",
            "Train all staff in using the checklist",
        ]

    def test_a_parts_words_with_no_action_to_hold_them_are_reported(self, partnership):
        health_evidence_only = (
            "4",
            "Improve referrals.",
            "Revise the form.",
            "Head of Service",
            "",
            "",
            "",
            "",
            "",
            "Audit",
        )
        document = shapes.docx_with_tables(
            (shapes.COUNCIL_AND_HEALTH_HEADER, (*health_evidence_only, "3 months", "Ongoing"))
        )
        proposal = read(document, partnership, part_agencies={"Council": "DBC", "Health": "PCT"})

        assert "table 1, row 2: Health evidence has words but the row has no Health action: not imported" in messages(
            proposal.problems
        )

    def test_a_recommendation_left_with_no_action_is_reported(self, partnership):
        document = shapes.docx_with_tables(
            (
                ("Recommendation", "Action", "Lead"),
                ("1. Improve assessments.", "Introduce a checklist.", "Service Manager"),
                ("2. Improve supervision.", "", ""),
            )
        )
        proposal = read(document, partnership, default_agency="DBC")

        assert "Actions: recommendation 2 has no action in the file: it is imported without one" in messages(
            proposal.problems
        )

    def test_a_second_target_date_for_an_action_is_reported_not_lost_silently(self, partnership):
        document = shapes.docx_with_tables(
            (
                ("Recommendation", "Action", "Lead", "Target date"),
                ("Improve assessments.", "Introduce a checklist.", "Service Manager", "June 2019"),
                ("", "", "", "July 2019"),
            )
        )
        proposal = read(document, partnership, default_agency="DBC")

        assert (
            "table 1, row 3: the target date 'July 2019' differs from 'June 2019' given above: only the first is kept"
            in messages(proposal.problems)
        )


class TestNumberedActions:
    def test_the_number_at_the_start_of_an_action_is_its_reference(self, partnership):
        proposal = read(shapes.numbered_actions(), partnership, default_agency="DBC")

        assert [(action["reference"], action["text"]) for _s, _r, action in proposal.actions()] == [
            ("1.1", "Introduce a quality assurance checklist."),
            ("1.2", "Train all social workers in the assessment framework."),
            ("1.3", "Audit twenty assessments each quarter."),
            ("2.1", "Actions in 1.1 - 1.3 reported to the Board each quarter."),
            ("", "1.5 million pounds to be found for extra assessment staff."),
        ]

    def test_actions_in_a_range_are_linked_as_cross_references(self, partnership):
        plan = imported(read(shapes.numbered_actions(), partnership, default_agency="DBC"), partnership)

        by_reference = {action.reference: action for action in actions_of(plan)}
        assert list(by_reference["2.1"].cross_references.order_by("pk")) == [
            by_reference["1.1"],
            by_reference["1.2"],
            by_reference["1.3"],
        ]


class TestRecommendationsWrittenAboveEachTable:
    """Each section a numbered heading, its recommendation a paragraph under it, then its table."""

    @staticmethod
    def document(*, recommendation_column=False) -> bytes:
        from tests.imports.corpus.files import WordDocument

        header = ("Recommendation", "Action", "Lead") if recommendation_column else ("Action", "Lead")
        document = WordDocument()
        document.title("Harrowgate Vale LSCB: Post-Inspection Action Plan")
        for number, (heading, paragraph, action) in enumerate(
            [
                ("Leadership", "Recommendation 1: The LSCB should monitor its training.", "Evaluate each course."),
                ("Early help", "Recommendation 2: Partners should offer early help sooner.", "Publish the offer."),
            ],
            start=1,
        ):
            document.heading(f"{number}. {heading}", level=1)
            document.paragraph(paragraph)
            row = ("Audit the courses.", action, "Jane Smith") if recommendation_column else (action, "Jane Smith")
            document.table(header, [row])
        return document.saved()

    def test_the_paragraph_under_each_heading_is_the_recommendation_of_its_table(self, partnership):
        proposal = read(self.document(), partnership, default_agency="DBC")

        assert [
            (section["number"], section["title"], [(r["reference"], r["text"]) for r in section["recommendations"]])
            for section in proposal.plan["sections"]
        ] == [
            ("1", "Leadership", [("1", "The LSCB should monitor its training.")]),
            ("2", "Early help", [("2", "Partners should offer early help sooner.")]),
        ]
        assert proposal.plan["sections"][0]["recommendations"][0]["agencies"] == ["LSCB"]

    def test_the_paragraphs_are_not_the_plans_description(self, partnership):
        read_file = read_upload(io.BytesIO(self.document()), "plan.docx")

        assert read_file.heading_lines == ["Harrowgate Vale LSCB: Post-Inspection Action Plan"]

    def test_with_a_recommendation_column_the_paragraphs_are_listed_as_not_imported(self, partnership):
        proposal = read(self.document(recommendation_column=True), partnership, default_agency="DBC")

        assert "above table 1, row 1: the paragraph 'Recommendation 1: The LSCB should monitor its training.' " + (
            "is not imported"
        ) in messages(proposal.skipped)
