"""A leads cell read as the people and posts it names, each with the agency the cell gives them."""

from imports.cells import read_leads


def leads(text: str, agencies=frozenset()) -> list[tuple[str, str, str]]:
    found, _note = read_leads(text, set(agencies))
    return [(lead.name, lead.job_title, lead.agency) for lead in found]


def test_each_agency_labelled_lead_is_a_person_in_that_agency():
    assert leads("PCT Lead: Jane Smith CDDFT Lead: John Brown") == [
        ("Jane Smith", "", "PCT"),
        ("John Brown", "", "CDDFT"),
    ]


def test_an_agency_labelled_lead_may_name_a_known_agency_in_ordinary_capitals():
    assert leads("Council Lead: Jane Smith\nHealth Lead: Designated Nurse") == [
        ("Jane Smith", "", "Council"),
        ("", "Designated Nurse", "Health"),
    ]


def test_a_bare_lead_label_is_not_part_of_the_name():
    assert leads("Lead: Jane Smith") == [("Jane Smith", "", "")]


def test_a_person_and_a_team_joined_by_an_ampersand_are_two_leads():
    assert leads("Jane Smith & Safeguarding Team") == [("Jane Smith", "", ""), ("", "Safeguarding Team", "")]


def test_two_people_joined_by_and_are_two_leads():
    assert leads("Jane Smith and John Brown") == [("Jane Smith", "", ""), ("John Brown", "", "")]


def test_a_team_whose_name_holds_an_ampersand_is_one_lead():
    assert leads("Children & Families Service") == [("", "Children & Families Service", "")]


def test_a_relevant_head_of_service_is_a_post_not_a_person():
    assert leads("Relevant HoS") == [("", "Relevant HoS", "")]


def test_a_post_before_the_label_is_not_taken_for_an_agency():
    assert [agency for _name, _title, agency in leads("Project Lead: Jane Smith")] == [""]


def test_an_agency_in_brackets_after_a_name_is_the_persons_agency():
    assert leads("Jane Smith (LA)\nAnn Lee (DBC)\nJohn Brown (Service Manager)", {"DBC"}) == [
        ("Jane Smith", "", "LA"),
        ("Ann Lee", "", "DBC"),
        ("John Brown", "Service Manager", ""),
    ]


def test_a_name_then_a_job_title_after_a_comma_is_one_person_with_that_title():
    assert leads("Rosalind Achebe, Head of Service MASH") == [("Rosalind Achebe", "Head of Service MASH", "")]


def test_two_names_after_commas_stay_two_people():
    assert leads("Jane Smith, John Brown") == [("Jane Smith", "", ""), ("John Brown", "", "")]


def test_a_person_then_a_post_our_export_wrote_stay_two_leads():
    assert leads("Sandra Martin, Designated Doctor for LAC (role)") == [
        ("Sandra Martin", "", ""),
        ("", "Designated Doctor for LAC", ""),
    ]


def test_a_police_rank_before_a_name_is_the_persons_job_title():
    assert leads("DCI Harriet Solberg") == [("Harriet Solberg", "DCI", "")]
    assert leads("Supt Kwabena Hollis") == [("Kwabena Hollis", "Supt", "")]


def test_an_agency_in_ordinary_words_in_brackets_is_the_persons_agency():
    assert leads("Insp. Gareth Pryce (Police)") == [("Gareth Pryce", "Insp.", "Police")]
    assert leads("Head of Early Help / DI Rhys Carrow (Police)") == [
        ("", "Head of Early Help", ""),
        ("Rhys Carrow", "DI", "Police"),
    ]


def test_a_post_in_brackets_is_not_taken_for_an_agency():
    assert leads("Ann Lee (Health Visitor)") == [("Ann Lee", "Health Visitor", "")]
