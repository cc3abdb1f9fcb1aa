"""The business manager keeps the partnership's glossary of abbreviations."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from actionplans.models import GlossaryTerm
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def term(partnership, abbreviation="LADO", meaning="Local Authority Designated Officer"):
    return GlossaryTerm.objects.create(partnership=partnership, abbreviation=abbreviation, meaning=meaning)


def test_manager_sees_the_partnerships_glossary(signed_in, partnership):
    term(partnership, "CIN", "Child in need")
    term(PartnershipFactory(), "MASH", "Multi-agency safeguarding hub")

    page = signed_in.get(reverse("manage:glossary_list")).content.decode()

    assert "CIN" in page and "Child in need" in page
    assert "MASH" not in page
    assert 'Remove<span class="govuk-visually-hidden"> CIN</span>' in page


def test_manager_adds_a_term(signed_in, manager, partnership):
    response = signed_in.post(
        reverse("manage:glossary_create"),
        {"abbreviation": "LADO", "meaning": "Local Authority Designated Officer"},
        follow=True,
    )

    added = GlossaryTerm.objects.get(partnership=partnership)
    assert (added.abbreviation, added.meaning) == ("LADO", "Local Authority Designated Officer")
    assert response.redirect_chain == [(reverse("manage:glossary_list"), 302)]
    assert "The abbreviation has been added to the glossary." in response.content.decode()
    assert LogEntry.objects.get_for_object(added).filter(actor=manager.user).exists()


def test_manager_changes_a_term(signed_in, manager, partnership):
    lado = term(partnership)

    form = signed_in.get(reverse("manage:glossary_edit", args=[lado.pk])).content.decode()
    response = signed_in.post(
        reverse("manage:glossary_edit", args=[lado.pk]),
        {"abbreviation": "LADO", "meaning": "Local Authority Designated Officer (allegations)"},
        follow=True,
    )

    assert 'value="Local Authority Designated Officer"' in form
    lado.refresh_from_db()
    assert lado.meaning == "Local Authority Designated Officer (allegations)"
    assert "The abbreviation has been saved." in response.content.decode()
    assert LogEntry.objects.get_for_object(lado).filter(actor=manager.user, changes__icontains="allegations").exists()


def test_manager_removes_a_term(signed_in, manager, partnership):
    lado = term(partnership)
    pk = lado.pk

    response = signed_in.post(reverse("manage:glossary_delete", args=[pk]), follow=True)

    assert not GlossaryTerm.objects.filter(pk=pk).exists()
    assert "The abbreviation has been removed from the glossary." in response.content.decode()
    deletion = LogEntry.objects.get(object_pk=str(pk), action=LogEntry.Action.DELETE)
    assert deletion.actor == manager.user


def test_removing_a_term_needs_a_post(signed_in, partnership):
    lado = term(partnership)

    assert signed_in.get(reverse("manage:glossary_delete", args=[lado.pk])).status_code == 405
    assert GlossaryTerm.objects.filter(pk=lado.pk).exists()


def test_a_term_needs_an_abbreviation_and_a_meaning(signed_in, partnership):
    response = signed_in.post(reverse("manage:glossary_create"), {"abbreviation": "CIN", "meaning": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter what the abbreviation stands for" in page
    assert 'value="CIN"' in page
    assert not GlossaryTerm.objects.exists()


def test_an_abbreviation_already_in_the_glossary_is_refused(signed_in, partnership):
    term(partnership, "LADO")

    response = signed_in.post(reverse("manage:glossary_create"), {"abbreviation": "LADO", "meaning": "Something else"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "The glossary already has this abbreviation" in page
    assert 'value="Something else"' in page
    assert GlossaryTerm.objects.filter(partnership=partnership).count() == 1


def test_changing_a_term_to_another_terms_abbreviation_is_refused(signed_in, partnership):
    term(partnership, "LADO")
    cin = term(partnership, "CIN", "Child in need")

    response = signed_in.post(
        reverse("manage:glossary_edit", args=[cin.pk]), {"abbreviation": "LADO", "meaning": "Child in need"}
    )

    assert response.status_code == 400
    assert "The glossary already has this abbreviation" in response.content.decode()
    cin.refresh_from_db()
    assert cin.abbreviation == "CIN"


def test_another_partnership_may_use_the_same_abbreviation(signed_in, partnership):
    term(PartnershipFactory(), "LADO")

    response = signed_in.post(reverse("manage:glossary_create"), {"abbreviation": "LADO", "meaning": "Ours"})

    assert response.status_code == 302
    assert GlossaryTerm.objects.get(partnership=partnership).meaning == "Ours"


def test_html_in_a_meaning_is_shown_as_text(signed_in, partnership):
    signed_in.post(reverse("manage:glossary_create"), {"abbreviation": "XSS", "meaning": SCRIPT})

    page = signed_in.get(reverse("manage:glossary_list")).content.decode()

    assert GlossaryTerm.objects.get(partnership=partnership).meaning == SCRIPT
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page
