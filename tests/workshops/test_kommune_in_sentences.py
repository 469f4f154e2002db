"""The Kommune inside a sentence of a text module: with its article and case, by its kind."""

import pytest
from django.urls import reverse

from tests.factories import KommuneFactory, WorkshopFactory
from workshops import textmodules
from workshops.models import Kommune, TextModule

SENTENCE = "{Die Kommune} plant. Die Verwaltung {der Kommune} hilft {der Kommune (Dativ)} und {die Kommune (Akkusativ)}."


def filled(kind, name, body=SENTENCE):
    kommune = KommuneFactory(kind=kind, name=name, state="Rheinland-Pfalz")
    return textmodules.fill(body, textmodules.values(WorkshopFactory(kommune=kommune)))


@pytest.mark.parametrize(
    ("kind", "name", "text"),
    [
        (
            Kommune.Kind.VERBANDSGEMEINDE,
            "Verbandsgemeinde Musterland",
            "Die Verbandsgemeinde Musterland plant. Die Verwaltung der Verbandsgemeinde Musterland "
            "hilft der Verbandsgemeinde Musterland und die Verbandsgemeinde Musterland.",
        ),
        (
            Kommune.Kind.LANDKREIS,
            "Landkreis Musterkreis",
            "Der Landkreis Musterkreis plant. Die Verwaltung des Landkreises Musterkreis hilft "
            "dem Landkreis Musterkreis und den Landkreis Musterkreis.",
        ),
        (
            Kommune.Kind.LANDKREIS,
            "Rhein-Sieg-Kreis",
            "Der Rhein-Sieg-Kreis plant. Die Verwaltung des Rhein-Sieg-Kreises hilft "
            "dem Rhein-Sieg-Kreis und den Rhein-Sieg-Kreis.",
        ),
        (
            Kommune.Kind.STADT,
            "Darmstadt",
            "Die Stadt Darmstadt plant. Die Verwaltung der Stadt Darmstadt hilft "
            "der Stadt Darmstadt und die Stadt Darmstadt.",
        ),
        (
            Kommune.Kind.GEMEINDE,
            "Musterdorf",
            "Die Gemeinde Musterdorf plant. Die Verwaltung der Gemeinde Musterdorf hilft "
            "der Gemeinde Musterdorf und die Gemeinde Musterdorf.",
        ),
    ],
)
def test_the_kommune_takes_the_article_and_case_of_its_kind(db, kind, name, text):
    assert filled(kind, name) == text


@pytest.mark.parametrize(
    ("kind", "council"),
    [
        (Kommune.Kind.GEMEINDE, "Gemeinderat"),
        (Kommune.Kind.STADT, "Stadtrat"),
        (Kommune.Kind.VERBANDSGEMEINDE, "Verbandsgemeinderat"),
        (Kommune.Kind.LANDKREIS, "Kreistag"),
    ],
)
def test_the_council_placeholder_names_the_kommunes_own_council(db, kind, council):
    assert filled(kind, "Beispiel", "dem {Rat} vorlegen") == f"dem {council} vorlegen"


def test_the_shipped_foreword_puts_the_article_before_a_verbandsgemeinde(db):
    body = TextModule.objects.get(slug="vorwort-ausfuehrlich", kommune=None).body
    text = filled(Kommune.Kind.VERBANDSGEMEINDE, "Verbandsgemeinde Musterland", body)
    assert "Zugleich steht die Verbandsgemeinde Musterland vor Aufgaben" in text


def test_no_shipped_text_module_puts_the_bare_name_into_a_sentence(db):
    bare = TextModule.objects.filter(kommune=None, body__contains="{Kommune}")
    assert list(bare.values_list("slug", flat=True)) == []


def test_the_grammatical_placeholders_pass_the_import_check():
    assert textmodules.unknown_names(SENTENCE + " {Rat}") == []


@pytest.mark.parametrize("slug", ["naechste-schritte-gemeinde", "naechste-schritte-landkreis"])
def test_typical_next_steps_name_a_verbandsgemeinde_as_what_it_is(client, facilitator, slug):
    kommune = facilitator.memberships.get().kommune
    Kommune.objects.filter(pk=kommune.pk).update(
        kind=Kommune.Kind.VERBANDSGEMEINDE, name="Verbandsgemeinde Musterland"
    )
    workshop = WorkshopFactory(kommune=kommune)
    module = TextModule.objects.get(slug=slug, kommune=None)
    client.force_login(facilitator)
    url = reverse("workshops:next_steps_from_module", args=[workshop.pk])
    assert client.post(url, {"module": module.pk}).status_code == 302
    steps = " / ".join(workshop.next_steps.values_list("title", flat=True))
    assert "Verbandsgemeinderat" in steps
    assert "Kreis" not in steps and "Landkreis" not in module.title
