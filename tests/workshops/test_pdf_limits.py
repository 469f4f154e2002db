"""Every text at the length its model allows renders: in the PDF download, the export command and
the preview page. Rendering these documents takes a while (about 50 pages each)."""

import html
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import KommuneFactory, MembershipFactory
from workshops import pdf
from workshops.models import Kommune

from .max_texts import Markers, build_max_strategy

# The text area of an A4 page (print.css: margins 26 mm top, 20 mm right, 24 mm bottom and
# left), in PDF points.
MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT = 24 * MM, (210 - 20) * MM
TEXT_TOP, TEXT_BOTTOM = 26 * MM, (297 - 24) * MM
PAGE_HEIGHT = 297 * MM


def alnum(text: str) -> str:
    """Only letters and digits, lower case: line breaks, hyphenation and break marks drop out."""
    return re.sub(r"[\W_]+", "", text).lower()


def pdf_text(document: bytes) -> str:
    return alnum(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages))


def assert_has_every_text(document_text: str, texts, edge=60):
    for text in texts:
        assert alnum(text[:edge]) in document_text, text[:edge]
        assert alnum(text[-edge:]) in document_text, text[-edge:]


def words_outside_the_text_area(document: bytes):
    """Words of the page body that leave the text area, from pdftotext's word boxes.

    Headers and footers are left out: they are cut off with an ellipsis, and the PDF still holds
    the clipped rest of the line. The title page has no margins; there the page is the limit.
    """
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=document, capture_output=True, check=True
    ).stdout.decode()
    outside = []
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        if number == 1:
            left, right, top, bottom = 0, 210 * MM, 0, PAGE_HEIGHT
        else:
            left, right, top, bottom = TEXT_LEFT, TEXT_RIGHT, TEXT_TOP, TEXT_BOTTOM
        for x_min, y_min, x_max, y_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            x_min, y_min, x_max, y_max = map(float, (x_min, y_min, x_max, y_max))
            if y_max < top or y_min > bottom:
                continue  # header or footer
            if x_min < left - 1 or x_max > right + 1 or y_min < top - 1 or y_max > bottom + 1:
                outside.append((number, word[:40], round(x_min), round(x_max), round(y_max)))
    return outside


def max_kommune(markers):
    return KommuneFactory(
        name=markers.prose(Kommune._meta.get_field("name").max_length), slug="lange-texte"
    )


@pytest.fixture
def prose_strategy(db):
    """Two fields with two measures each and two plans, every text German prose at its maximum."""
    markers = Markers()
    kommune = max_kommune(markers)
    workshop = build_max_strategy(kommune, text=markers.prose, fields=2, plans=2)
    return workshop, markers.texts


def test_pdf_download_holds_every_text_at_its_maximum(client, prose_strategy, run_pdf_worker):
    workshop, texts = prose_strategy
    user = MembershipFactory(kommune=workshop.kommune, role="viewer").user
    client.force_login(user)
    download = reverse("workshops:strategy_pdf", args=[workshop.pk])
    assert client.get(download).status_code == 302  # to the progress, until the worker ran
    assert run_pdf_worker() == 1
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 30
    # The title page stays one page even with the longest title and Kommune name.
    assert "STAND" in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().startswith("Inhalt")
    assert_has_every_text(pdf_text(response.content), texts)
    assert words_outside_the_text_area(response.content) == []


def test_export_strategy_writes_every_text_at_its_maximum(prose_strategy, tmp_path):
    workshop, texts = prose_strategy
    target = tmp_path / "lang.pdf"
    call_command("export_strategy", workshop.pk, "--format", "pdf", "-o", str(target))
    document = target.read_bytes()
    assert document.startswith(b"%PDF-")
    assert_has_every_text(pdf_text(document), texts)


def test_preview_shows_every_text_at_its_maximum(client, prose_strategy):
    workshop, texts = prose_strategy
    client.force_login(MembershipFactory(kommune=workshop.kommune, role="viewer").user)
    response = client.get(reverse("workshops:strategy", args=[workshop.pk]))
    assert response.status_code == 200
    # Overlong words in the Markdown texts carry invisible break opportunities (U+200B).
    page = response.content.decode().replace("\u200b", "")
    for text in texts:
        first_line, last_line = text.split("\n")[0], text.split("\n")[-1]
        assert html.escape(first_line, quote=False) in page, first_line[:40]
        assert html.escape(last_line, quote=False) in page, last_line[-40:]


def test_words_without_spaces_break_inside_the_text_area(db, tmp_path):
    """The worst case: every text one single word (no space, no hyphen) at its maximum."""
    markers = Markers()
    kommune = KommuneFactory(name=markers.one_word(200), slug="ein-wort")
    workshop = build_max_strategy(
        kommune, text=markers.one_word, fields=1, measures_per_field=1, plans=1
    )
    target = tmp_path / "ein-wort.pdf"
    call_command("export_strategy", workshop.pk, "--format", "pdf", "-o", str(target))
    document = target.read_bytes()
    assert_has_every_text(pdf_text(document), markers.texts)
    assert words_outside_the_text_area(document) == []


def test_overlong_words_get_break_opportunities_and_ordinary_text_stays_as_it_is():
    word = "x" * 125
    assert pdf.breakable(f"Ein {word} Wort") == (
        "Ein " + "\u200b".join(["x" * 40, "x" * 40, "x" * 40, "x" * 5]) + " Wort"
    )
    compound = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    assert pdf.breakable(f"Das {compound}.\n\nNeu") == f"Das {compound}.\n\nNeu"
