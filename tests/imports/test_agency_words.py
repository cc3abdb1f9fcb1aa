"""The kind of agency a name says, and the agencies a recommendation's wording asks to act."""

import pytest

from imports.agency_words import addressed_in, kind_of, owner_in


@pytest.mark.parametrize(
    "name, kind",
    [
        ("LA", "local_authority"),
        ("Darlington Borough Council", "local_authority"),
        ("NHS County Durham and Darlington PCT", "health_commissioner"),
        ("CDDFT", "health_provider"),
        ("Tees, Esk and Wear Valleys NHS Foundation Trust", "health_provider"),
        ("Durham Constabulary", "police"),
        ("LSCB", "other"),
    ],
)
def test_a_name_says_the_kind_of_agency(name, kind):
    assert kind_of(name) == kind


@pytest.mark.parametrize(
    "text, agencies",
    [
        ("NHS Darlington should ensure that health assessments are timely.", ["NHS Darlington"]),
        (
            "The Council and NHS County Durham and Darlington should agree a protocol.",
            ["Council", "NHS County Durham and Darlington"],
        ),
        ("The LSCB must monitor the use of thresholds.", ["LSCB"]),
        ("Managers should ensure that supervision is recorded.", []),
        ("Health visitors should record the views of fathers.", []),
        ("Ensure that assessments are timely.", []),
    ],
)
def test_the_agencies_a_recommendation_asks_to_act(text, agencies):
    assert addressed_in(text) == agencies


def test_the_organisation_a_plans_title_opens_with_owns_the_plan():
    assert owner_in("Kestrelford Borough Council: ILACS Improvement Plan") == "Kestrelford Borough Council"
    assert owner_in("Wyvern Vale Council - Response to the Ofsted Inspection") == "Wyvern Vale Council"
    assert owner_in("Fenwick Cross Safeguarding Partnership: Neglect Strategy 2025") == (
        "Fenwick Cross Safeguarding Partnership"
    )


def test_a_title_that_opens_with_no_organisation_names_no_owner():
    assert owner_in("Brackenmoor Local Area SEND Written Statement of Action") == ""
    assert owner_in("Council action plan") == ""
