"""The document's own texts (Vorwort … Ausblick) in Markdown, and the references (Einordnung)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import WorkshopFactory
from workshops import markdown, pdf
from workshops.forms import DOCUMENT_TEXTS
from workshops.models import DOC_TEXT_MAX, Reference, Workshop
from workshops.strategy import gather

from .test_pdf import text_of


def test_markdown_renders_paragraphs_lists_emphasis_and_links():
    html = markdown.render(
        "Erster Absatz mit *Betonung* und **Gewicht**.\nNeue Zeile.\n\n"
        "- Glasfaser\n- WLAN\n\n1. eins\n2. zwei\n\n"
        "> Zitat\n\n[Landesstrategie](https://www.example.de/strategie.pdf)"
    )
    assert "<p>Erster Absatz mit <em>Betonung</em> und <strong>Gewicht</strong>.<br>" in html
    assert "<ul>\n<li>Glasfaser</li>\n<li>WLAN</li>\n</ul>" in html
    assert "<ol>\n<li>eins</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://www.example.de/strategie.pdf" rel="noopener noreferrer">' in html


def test_markdown_headings_of_every_level_sit_below_the_chapter_heading():
    html = markdown.render("# Stärken\n\n## Schwächen\n\n### Chancen")
    assert html.count("<h3>") == 3
    assert "<h1" not in html and "<h2" not in html and "<h4" not in html


@pytest.mark.parametrize(
    "text, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="file:///etc/passwd">', "<img"),
        ("![Wappen](file:///etc/passwd)", "<img"),
        ("[klick](javascript:alert(1))", 'href="javascript:'),
        ("[Datei](file:///etc/passwd)", 'href="file:'),
        ("[relativ](/admin/)", 'href="/admin/'),
        ('<a href="https://example.org" onclick="x()">a</a>', "<a "),
        ("    eingerückt <b>fett</b>", "<pre"),
        ("`<b>` ```<i>```", "<code"),
        ("|a|b|\n|-|-|\n|1|2|", "<table"),
    ],
)
def test_markdown_never_lets_markup_or_foreign_urls_through(text, forbidden):
    html = markdown.render(text)
    assert forbidden not in html
    assert "<b>" not in html and "<i>" not in html


def test_markdown_keeps_link_targets_whole_and_breaks_overlong_words():
    url = "https://www.example.de/" + "abschnitt/" * 20
    word = "x" * 300
    html = markdown.render(f"[Quelle]({url}) und {word}")
    assert f'href="{url}"' in html
    assert "\u200b" in html.split("</a>")[1]
    assert word not in html


@pytest.fixture
def texts_url(workshop):
    return reverse("workshops:document_texts", args=[workshop.pk])


def save_url(workshop, name):
    return reverse("workshops:document_text_save", args=[workshop.pk, name])


def test_every_text_has_a_form_and_saves_on_its_own(facilitator_client, workshop, texts_url):
    page = facilitator_client.get(texts_url).content.decode()
    for name in DOCUMENT_TEXTS:
        assert f'action="{save_url(workshop, name)}"' in page
    form_page = facilitator_client.get(texts_url)
    version = form_page.context["sections"][0]["form"]["version"].value()
    response = facilitator_client.post(
        save_url(workshop, "foreword"),
        {
            "foreword-foreword": "Liebe Bürgerinnen und Bürger,\n\n**willkommen**.",
            "foreword-version": version,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#text-foreword")
    workshop.refresh_from_db()
    assert workshop.foreword.startswith("Liebe Bürgerinnen")
    assert workshop.situation == ""  # the other texts are untouched
    shown = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk]))
    assert "<strong>willkommen</strong>" in shown.content.decode()


def test_saving_as_htmx_answers_with_the_section(facilitator_client, workshop, htmx):
    form_page = facilitator_client.get(reverse("workshops:document_texts", args=[workshop.pk]))
    version = form_page.context["sections"][1]["form"]["version"].value()
    response = facilitator_client.post(
        save_url(workshop, "situation"),
        {"situation-situation": "Glasfaser in 40 % der Haushalte.", "situation-version": version},
        **htmx,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="text-situation"')
    assert "Gespeichert" in page
    assert "HX-Trigger" in response


def test_a_too_long_text_is_refused_next_to_the_field_and_kept(facilitator_client, workshop):
    too_long = "a" * (DOC_TEXT_MAX + 1)
    response = facilitator_client.post(
        save_url(workshop, "outlook"), {"outlook-outlook": too_long, "outlook-version": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_outlook-outlook-error"' in page
    assert too_long in page  # nothing typed is lost
    workshop.refresh_from_db()
    assert workshop.outlook == ""


def test_a_concurrent_edit_is_not_overwritten(facilitator_client, workshop, texts_url):
    version = facilitator_client.get(texts_url).context["sections"][0]["form"]["version"].value()
    Workshop.objects.filter(pk=workshop.pk).update(foreword="Text der Kollegin")
    response = facilitator_client.post(
        save_url(workshop, "foreword"),
        {"foreword-foreword": "Mein Text", "foreword-version": version},
    )
    assert response.status_code == 422
    conflict = response.context["sections"][0]["form"].conflicts[0]
    assert "".join(part.text for part in conflict.stored) == "Text der Kollegin"
    assert "".join(part.text for part in conflict.typed) == "Mein Text"
    assert "Mein Text</textarea>" in response.content.decode()  # the input is kept
    workshop.refresh_from_db()
    assert workshop.foreword == "Text der Kollegin"


def test_an_unknown_text_is_not_found(facilitator_client, workshop):
    response = facilitator_client.post(save_url(workshop, "title"), {"title-title": "x"})
    assert response.status_code == 404


def test_readers_see_the_texts_but_cannot_save(client, viewer, workshop, texts_url):
    Workshop.objects.filter(pk=workshop.pk).update(monitoring="Jährlicher *Bericht*")
    client.force_login(viewer)
    page = client.get(texts_url).content.decode()
    assert "Jährlicher <em>Bericht</em>" in page
    assert "<textarea" not in page
    response = client.post(save_url(workshop, "monitoring"), {"monitoring-monitoring": "x"})
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.monitoring == "Jährlicher *Bericht*"


def test_other_kommunen_cannot_read_or_write(client, outsider, workshop, texts_url):
    client.force_login(outsider)
    assert client.get(texts_url).status_code == 404
    assert (
        client.post(save_url(workshop, "foreword"), {"foreword-foreword": "x"}).status_code == 404
    )


def test_references_are_added_checked_edited_and_deleted(facilitator_client, workshop):
    add = reverse("workshops:reference_add", args=[workshop.pk])
    response = facilitator_client.post(
        add, {"title": "", "year": "1800", "url": "javascript:alert(1)"}
    )
    assert response.status_code == 422
    errors = response.context["reference_form"].errors
    assert set(errors) == {"title", "year", "url"}
    assert "Bitte geben Sie den Titel der Planung ein." in response.content.decode()

    response = facilitator_client.post(
        add,
        {
            "title": "Digitalstrategie des Landes",
            "publisher": "Land Brandenburg",
            "year": "２０２５",  # full-width digits, as some keyboards type them
            "url": "www.brandenburg.de/digital",
        },
    )
    assert response.status_code == 302
    reference = Reference.objects.get(workshop=workshop)
    assert (reference.year, reference.url) == (2025, "https://www.brandenburg.de/digital")

    edit = reverse("workshops:reference_update", args=[workshop.pk, reference.pk])
    version = (
        facilitator_client.get(
            reverse("workshops:document_texts", args=[workshop.pk]) + f"?reference={reference.pk}"
        )
        .context["editing"][1]["version"]
        .value()
    )
    response = facilitator_client.post(
        edit,
        {
            f"ref-{reference.pk}-title": "OZG 2.0",
            f"ref-{reference.pk}-year": "2024",
            f"ref-{reference.pk}-version": version,
        },
    )
    assert response.status_code == 302
    reference.refresh_from_db()
    assert (reference.title, reference.url) == ("OZG 2.0", "")

    delete = reverse("workshops:reference_delete", args=[workshop.pk, reference.pk])
    confirm = facilitator_client.get(delete)
    assert confirm.status_code == 200 and "OZG 2.0" in confirm.content.decode()
    assert Reference.objects.filter(pk=reference.pk).exists()
    assert facilitator_client.post(delete).status_code == 302
    assert not Reference.objects.filter(pk=reference.pk).exists()


def test_another_kommunes_reference_cannot_be_touched(facilitator_client, kommune):
    foreign = Reference.objects.create(workshop=WorkshopFactory(), title="Fremd")
    mine = WorkshopFactory(kommune=kommune)
    for name in ("reference_update", "reference_delete"):
        url = reverse(f"workshops:{name}", args=[mine.pk, foreign.pk])
        assert facilitator_client.post(url, {"ref-1-title": "x"}).status_code == 404
    assert Reference.objects.get(pk=foreign.pk).title == "Fremd"


HOSTILE = (
    '<img src="file:///etc/passwd"> ![x](file:///etc/passwd) [y](file:///etc/passwd) '
    '<link rel="stylesheet" href="https://example.org/x.css"> <style>@import "file:///etc/passwd";</style>'
)


def test_hostile_text_in_every_new_field_fetches_nothing(workshop, caplog):
    Workshop.objects.filter(pk=workshop.pk).update(**{name: HOSTILE for name in DOCUMENT_TEXTS})
    Reference.objects.create(
        workshop=workshop, title=HOSTILE[:200], publisher=HOSTILE[:200], url="https://example.org/x"
    )
    workshop.refresh_from_db()
    data = gather(workshop)
    html = pdf.render_html(data)
    # Typed markup stays visible text: escaped, never an element.
    assert "&lt;img src=" in html
    assert "<img" not in html and 'href="file:' not in html
    assert (
        "<style>@import" not in html
        and '<link rel="stylesheet" href="https://example.org' not in html
    )
    document = pdf.render_pdf(data)
    assert b"root:x:0:0" not in document
    for page in PdfReader(io.BytesIO(document)).pages:
        for annotation in page.get("/Annots") or []:
            uri = str((annotation.get_object().get("/A") or {}).get("/URI", ""))
            assert not uri.startswith("file:")
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_the_document_has_a_chapter_for_every_written_text(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        foreword="Ein Wort der Bürgermeisterin.",
        situation="# Stärken\n\n- Glasfaser im Kernort",
        approach="Wir haben drei Wege gewählt.",
        context="Die Strategie folgt dem Land.",
        organisation="Die **Steuerungsgruppe** tagt vierteljährlich.",
        monitoring="Der Rat erhält jährlich einen Bericht.",
        outlook="Nach dem Beschluss beginnt die Umsetzung.",
    )
    Reference.objects.create(workshop=workshop, title="Digitalstrategie Brandenburg", year=2025)
    workshop.refresh_from_db()
    text = text_of(pdf.render_pdf(gather(workshop)))
    contents = text[: text.index("Ein Wort der Bürgermeisterin")]
    for heading in (
        "Vorwort",
        "Ausgangslage",
        "Vorgehen und Beteiligung",
        "Einordnung",
        "Organisation",
        "Monitoring und Fortschreibung",
        "Ausblick und nächste Schritte",
    ):
        assert heading in contents  # listed in the table of contents
    for body in (
        "Stärken Glasfaser im Kernort",
        "Wir haben drei Wege gewählt.",
        "Digitalstrategie Brandenburg (2025)",
        "Steuerungsgruppe tagt vierteljährlich",
        "Der Rat erhält jährlich einen Bericht.",
        "Nach dem Beschluss beginnt die Umsetzung.",
    ):
        assert body in text
    # With its own Organisation chapter, the generic implementation steps are left out.
    assert "Wie die Strategie umgesetzt wird" not in text


def test_empty_texts_leave_their_chapters_out(workshop):
    html = pdf.render_html(gather(workshop))
    for anchor in ("vorwort", "ausgangslage", "einordnung", "organisation", "monitoring"):
        assert f'id="{anchor}"' not in html
