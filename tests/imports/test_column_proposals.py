"""Which field each column is proposed for: from its heading words and from what its cells hold
(status and RAG words, dates, names, numbering, one long text repeated down the column), each
proposal with the reason the columns page shows beside it."""

from imports.fields import Target
from imports.interpret import read_plan
from imports.mapping import propose_mapping
from imports.table import Cell, Table

STATUS_WORDS = ["Completed", "Underway", "Evidence not yet reported", "Not yet due", "Completed"]
RECOMMENDATION = (
    "Ensure that the quality of assessments is consistently good, with the views of children recorded in each one."
)
OTHER_RECOMMENDATION = "Ensure that supervision is regular, recorded and challenges drift in children's plans."


def table(headings: list[str], *rows: list[str]) -> Table:
    return Table(
        "Plan",
        [[Cell(text) for text in headings], *[[Cell(text) for text in row] for row in rows]],
        [f"row {number}" for number in range(1, len(rows) + 2)],
    )


def proposed(headings: list[str], *rows: list[str]) -> dict[str, tuple[str, str]]:
    mapping = propose_mapping(table(headings, *rows), [])
    return {column.heading: (column.target, column.reason) for column in mapping.columns}


def actions_with(heading: str, cells: list[str]) -> dict[str, tuple[str, str]]:
    return proposed(["Action", heading], *[[f"Action {number}", cell] for number, cell in enumerate(cells)])


def test_a_column_of_status_words_is_the_status_whatever_its_heading_says():
    found = actions_with("Progress note / Evidence", STATUS_WORDS)

    assert found["Progress note / Evidence"] == (
        Target.STATUS,
        "5 of 5 cells are status words; the heading alone suggests 'Evidence expected'",
    )


def test_a_column_of_rag_ratings_is_the_rag_rating():
    found = actions_with("Comments", ["Red", "Amber", "Green", "Amber: at risk"])

    assert found["Comments"][0] == Target.RAG
    assert found["Comments"][1].startswith("4 of 4 cells are RAG ratings")


def test_progress_notes_that_open_with_a_status_are_progress_not_status():
    found = actions_with(
        "Status",
        [
            "Completed. The audit was reported to the board in May.",
            "Underway: training dates are set for the autumn and invitations sent.",
            "Not started. Waiting for the new case recording system to go live.",
        ],
    )

    assert found["Status"] == (
        Target.PROGRESS,
        "3 of 3 cells are progress notes with a status or a dated update; the heading alone suggests 'Status'",
    )


def test_long_texts_repeated_down_a_column_headed_as_actions_are_the_recommendations():
    rows = [
        ["1", RECOMMENDATION, "Audit twenty assessments each quarter."],
        ["2", RECOMMENDATION, "Train all social workers in the assessment framework."],
        ["3", RECOMMENDATION, "Add the child's views to the assessment template."],
        ["4", OTHER_RECOMMENDATION, "Introduce a supervision policy."],
        ["5", OTHER_RECOMMENDATION, "Audit supervision records monthly."],
    ]

    found = proposed(["No.", "OFSTED recommended actions", "Action to be taken"], *rows)

    target, reason = found["OFSTED recommended actions"]
    assert target == Target.RECOMMENDATION
    assert "the same long text runs on over several rows (3 of 5 cells repeat the one above)" in reason


def test_a_repeated_column_stays_the_action_when_no_other_column_holds_actions():
    rows = [[RECOMMENDATION, "Service Manager"]] * 3 + [[OTHER_RECOMMENDATION, "Head of Service"]] * 2

    found = proposed(["Recommended actions", "Lead officer"], *rows)

    assert found["Recommended actions"] == (Target.ACTION, "the heading says 'actions'")


def test_numbers_like_1_1_number_the_actions_even_before_the_recommendation():
    found = proposed(
        ["Ref", "Recommendation", "Action"],
        ["1.1", RECOMMENDATION, "Audit assessments."],
        ["1.2", RECOMMENDATION, "Train social workers."],
        ["2.1", OTHER_RECOMMENDATION, "Introduce a policy."],
    )

    assert found["Ref"] == (Target.ACTION_REFERENCE, "the heading says 'ref', and 3 of 3 cells are numbered like '1.1'")


def test_a_column_of_dates_with_a_heading_assure_does_not_know_is_the_target_date():
    found = actions_with("When", ["14th June 2012", "Sept 2012", "31/10/2012", "March 2013"])

    assert found["When"] == (Target.TARGET, "4 of 4 cells are dates")


def test_a_target_date_column_written_as_ongoing_stays_the_target_date():
    found = actions_with("Target date", ["Ongoing", "Completed", "Ongoing", "June 2013"])

    assert found["Target date"][0] == Target.TARGET


def test_people_under_a_monitoring_officer_heading_are_the_monitoring_officer_not_progress():
    found = actions_with("Monitoring Officer", ["Jane Smith", "John Brown", "Head of Service", "Ann Lee"])

    assert found["Monitoring Officer"] == (Target.MONITORING_OFFICER, "the heading says 'monitoring officer'")


def test_names_under_a_heading_assure_does_not_know_are_the_leads():
    found = actions_with("Who is accountable", ["Jane Smith", "John Brown", "Head of Service"])

    assert found["Who is accountable"][0] == Target.LEADS


def test_a_heading_alone_gives_the_words_it_matched_as_its_reason():
    found = proposed(["Action", "Lead officer", "Risk"], ["Audit", "Jane Smith", "High"])

    assert found["Lead officer"] == (Target.LEADS, "the heading says 'lead officer'")
    assert found["Risk"] == (Target.EXTRA, "no heading word Assure knows: kept as extra text")


def test_a_few_cells_say_too_little_to_go_against_the_heading():
    found = actions_with("Evidence", ["Completed", "Underway"])

    assert found["Evidence"] == (Target.EVIDENCE_EXPECTED, "the heading says 'evidence'")


class TestSplitPlans:
    HEADINGS = [
        "Recommendation",
        "Outcome LA",
        "Action LA",
        "Evidence LA",
        "Lead Officer",
        "Outcome Health",
        "Actions Health",
        "Evidence Health",
        "Health Lead",
        "Health Reference",
    ]

    def mapping(self, agencies=()):
        row = [RECOMMENDATION, "Fewer re-referrals", "Audit", "Audit report", "Jane Smith"]
        row += ["Timely health checks", "Track checks", "Tracker", "Ann Lee", "H1"]
        return propose_mapping(table(self.HEADINGS, row), list(agencies))

    def test_a_part_keeps_the_capitals_of_its_name(self):
        assert self.mapping().parts == ["LA", "Health"]

    def test_a_column_with_no_part_among_a_parts_columns_belongs_to_that_part(self):
        parts = {column.heading: (column.target, column.part) for column in self.mapping().columns}

        assert parts["Lead Officer"] == (Target.LEADS, "LA")
        assert parts["Health Lead"] == (Target.LEADS, "Health")
        assert parts["Health Reference"] == (Target.ACTION_REFERENCE, "Health")

    def test_the_reason_says_which_part_a_column_joined(self):
        reasons = {column.heading: column.reason for column in self.mapping().columns}

        assert reasons["Lead Officer"] == "the heading says 'lead officer'; it sits among the LA columns"

    def test_parts_no_agency_matches_propose_new_agencies_by_their_names(self):
        assert self.mapping().part_agencies == {"LA": "LA", "Health": "Health"}

    def test_a_column_between_the_parts_that_neither_part_has_of_its_own_serves_both(self):
        mapping = propose_mapping(
            table(
                ["Recommendation", "Council action", "Council lead", "Target date", "Health action", "Health lead"],
                [RECOMMENDATION, "Audit", "Jane Smith", "June 2013", "Track checks", "Ann Lee"],
            ),
            [],
        )

        assert [(column.heading, column.part) for column in mapping.columns][3] == ("Target date", "")


def test_a_column_of_statuses_with_a_note_among_them_is_progress_so_the_note_is_kept():
    found = actions_with("Status", ["Completed", "Underway", "Completed: report to the board in May, then close"])

    assert found["Status"][0] == Target.PROGRESS


def test_with_no_heading_naming_the_actions_the_column_of_most_different_texts_is_proposed():
    found = proposed(
        ["Area for development", "What we will do", "Notes"],
        ["Identification of needs", "Publish the local offer on the website", "Agreed"],
        ["Identification of needs", "Train every school's SENCO in the new guidance", "Agreed"],
        ["Joint commissioning", "Agree a joint commissioning strategy", "Agreed"],
    )

    assert found["What we will do"] == (
        Target.ACTION,
        "no heading names the actions, and this column holds the most different texts (3 of 3 cells)",
    )
    assert found["Notes"][0] == Target.EXTRA


def test_a_trackers_one_letter_ratings_are_its_rag_ratings():
    found = actions_with("Current position", ["G", "A", "R", "a", "G"])

    assert found["Current position"] == (Target.RAG, "5 of 5 cells are RAG ratings")


def test_one_letter_ratings_are_read_as_the_actions_ratings():
    rows = table(["Action", "RAG"], ["Audit", "G"], ["Train", "A"], ["Publish", "R"])
    mapping = propose_mapping(rows, [])
    mapping.default_agency = "LA"

    proposal = read_plan(rows, mapping, agencies=[], officers=[], forums=[])

    assert [action["updates"][0]["rag"] for _s, _r, action in proposal.actions()] == ["green", "amber", "red"]


def test_headings_naming_a_workstream_a_partner_and_how_we_will_know_are_those_fields():
    found = proposed(
        ["Workstream", "Action", "Partner", "How we will know", "Commentary"],
        ["Missing children", "Share each episode.", "Police", "All shared in a day.", "In place."],
    )

    assert {heading: target for heading, (target, _reason) in found.items()} == {
        "Workstream": Target.SECTION,
        "Action": Target.ACTION,
        "Partner": Target.AGENCY,
        "How we will know": Target.MEASURE_OF_SUCCESS,
        "Commentary": Target.PROGRESS,
    }


def test_recommended_actions_are_the_inspectors_recommendations_and_the_response_the_actions():
    found = proposed(
        ["OFSTED recommended actions", "Our response"],
        [RECOMMENDATION, "Introduce a supervision audit tool."],
        [OTHER_RECOMMENDATION, "Run reflective supervision training."],
    )

    assert found["OFSTED recommended actions"][0] == Target.RECOMMENDATION
    assert found["Our response"][0] == Target.ACTION


def test_a_date_in_a_progress_heading_is_the_date_of_the_progress_not_a_column_of_dates():
    found = actions_with("Progress as at 30/04/2025", ["In place since March.", "In draft.", "Delayed."])

    assert found["Progress as at 30/04/2025"] == (Target.PROGRESS, "the heading says 'progress'")


def test_people_with_their_agency_under_a_lead_and_agency_heading_are_the_leads():
    found = actions_with("Lead (agency)", ["Insp. Gareth Pryce (Police)", "Sally Ndlovu (ICB)", "Ann Lee (Council)"])

    assert found["Lead (agency)"][0] == Target.LEADS
    assert found["Lead (agency)"][1].startswith("3 of 3 cells name people or posts")


def test_a_column_of_organisations_is_not_taken_for_people():
    found = actions_with("Organisation", ["Elmsworth Council", "Elmsworth Council", "Elmsworth Police"])

    assert found["Organisation"][0] == Target.AGENCY
