import io
import logging
import re

import pytest
import weasyprint
from django.db import transaction
from pypdf import PdfReader

from tests.factories import KommuneFactory, MeasureFactory, WorkshopFactory
from workshops import pdf
from workshops.strategy import gather

from .test_strategy_data import TODAY, build_strategy

INJECTION = '<img src="file:///etc/passwd"> <a rel="attachment" href="file:///etc/passwd">x</a>'


def text_of(document: bytes) -> str:
    """The PDF's text with line breaks, hyphenation and soft hyphens evened out."""
    reader = PdfReader(io.BytesIO(document))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = text.replace("\xad", "")
    text = re.sub(r"(\w)- ?\n(\w)", r"\1\2", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """One rendering shared by the read-only tests below (rendering takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        workshop = WorkshopFactory(
            kommune=KommuneFactory(name="Musterstadt", slug="musterstadt"),
            title="Digitalstrategie 2030",
        )
        build_strategy(workshop)
        data = gather(workshop, today=TODAY)
        transaction.set_rollback(True)
    return data, pdf.render_pdf(data)


def test_pdf_holds_the_strategy(rendered):
    _data, document = rendered
    assert document.startswith(b"%PDF-")
    text = text_of(document)
    for expected in [
        "Musterstadt",
        "Digitalstrategie 2030",
        "Musterstadt ist digital und menschlich.",
        "Vernetzte Stadt",
        "Digital für alle",
        "Offen und sicher",
        "Infrastruktur",
        "Verwaltung",
        "Ohne Netz keine Teilhabe.",
        "Netz für alle",
        "Anschlussquote",
        # Steckbrief answers
        "Dreißig Leistungen online",
        "Alle Einwohner",
        "Personalrat",
        "Hauptamt",
        "60.000 Euro",
        "Lenkungsgruppe",
        "Leistungen priorisieren",
        "Portal online",
        "01.07.2027",
        "Entwurf",
        "21. November 2026",
    ]:
        assert expected in text, expected


def test_pdf_lists_the_measures_in_rank_order(rendered):
    data, document = rendered
    text = text_of(document)
    # The ranking chapter: its heading appears in the table of contents first.
    chapter = text.split("Rangfolge der Maßnahmen")[2]
    positions = [chapter.index(m.title) for m in data.measures]
    assert positions == sorted(positions)
    assert [m.title for m in data.measures][:2] == ["Bürgerportal", "Dorf-WLAN"]


def test_pdf_has_pages_numbers_and_a_table_of_contents(rendered):
    _data, document = rendered
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) > 1
    last = len(reader.pages)
    assert f"Seite 2 von {last}" in reader.pages[1].extract_text()
    assert "Inhalt" in reader.pages[1].extract_text()
    assert [item.title for item in reader.outline][:4] == [
        "Inhalt",
        "Kurzfassung",
        "Vision",
        "Leitsätze",
    ]


def test_pdf_is_tagged_and_german(rendered):
    _data, document = rendered
    root = PdfReader(io.BytesIO(document)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "de"


def test_user_text_cannot_inject_markup_or_fetch_files(workshop, caplog):
    build_strategy(workshop)
    MeasureFactory(action_field=workshop.action_fields.first(), title=INJECTION)
    data = gather(workshop, today=TODAY)
    html = pdf.render_html(data)
    assert 'src="file:' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html

    document = pdf.render_pdf(data)
    reader = PdfReader(io.BytesIO(document))
    assert not reader.attachments
    assert b"root:x:0:0" not in document
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert not str(action.get("/URI", "")).startswith("file:")
    flat = "".join(text_of(document).split())
    assert '<imgsrc="file:///etc/passwd"><arel="attachment"href="file:///etc/passwd">x</a>' in flat
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://pdf.invalid/static/css/print.css",
        "https://example.org/static/css/print.css",
        "https://127.0.0.1:8000/static/css/print.css",
        "https://pdf.invalid/etc/passwd",
        "https://pdf.invalid/static/../../etc/passwd.css",
        "https://pdf.invalid/static/%2e%2e/%2e%2e/etc/passwd.css",
        "https://pdf.invalid/static/css/..%2f..%2fsettings.css",
        "https://pdf.invalid/static//etc/passwd.css",
        "https://pdf.invalid/static/css/print.css?x=1",
        "https://pdf.invalid/static/css/missing.css",
        "https://pdf.invalid/static/js/app.js",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticFilesFetcher().fetch(url)


def test_fetcher_serves_our_stylesheet_and_fonts(settings, tmp_path):
    settings.PDF_FONT_CACHE_DIR = tmp_path / "fonts"
    pdf.decompressed_font.cache_clear()
    fetcher = pdf.StaticFilesFetcher()
    css = fetcher.fetch(f"{pdf.BASE_URL}css/print.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    url = f"{pdf.BASE_URL}vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2"
    font = fetcher.fetch(url)
    # Served decompressed (TrueType), so WeasyPrint does not decompress it on every render.
    assert font.content_type == "font/ttf"
    body = font.read()
    assert body[:4] == b"\x00\x01\x00\x00"
    assert len(body) > 2 * len(pdf.static_file_for(url)[0].read_bytes())
    pdf.decompressed_font.cache_clear()
    fetcher.fetch(url)
    fetcher.fetch(url)
    assert pdf.decompressed_font.cache_info().hits == 1  # once per process …
    # … and once per installation: the next process reads the file the first one wrote.
    (cached,) = (tmp_path / "fonts").glob("*.ttf")
    assert cached.read_bytes() == body
    cached.write_bytes(b"\x00\x01\x00\x00 from the cache")
    pdf.decompressed_font.cache_clear()
    assert fetcher.fetch(url).read() == b"\x00\x01\x00\x00 from the cache"
    pdf.decompressed_font.cache_clear()


def test_weasyprint_with_our_fetcher_embeds_no_local_file(caplog):
    """Even markup written straight into the document cannot read files or other hosts."""
    html = (
        '<html lang="de"><head><title>t</title>'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css"></head><body>'
        '<img src="file:///etc/passwd" alt="x">'
        '<a rel="attachment" href="file:///etc/passwd">x</a>'
        '<a rel="attachment" href="../../../../etc/passwd">y</a></body></html>'
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        document = weasyprint.HTML(
            string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticFilesFetcher()
        ).write_pdf()
    assert not PdfReader(io.BytesIO(document)).attachments
    assert b"root:x:0:0" not in document
    refused = [r for r in caplog.records if r.name == "weasyprint"]
    assert refused  # WeasyPrint reports each refused resource ...
    caplog.clear()  # ... as an error, which is expected here and only here.


def test_filename_is_ascii_and_dated(workshop):
    workshop.kommune.name = "Bad Dürkheim-Süd"
    workshop.title = "Smart-City-Strategie 2035"
    data = gather(workshop, today=TODAY)
    assert pdf.filename(data) == "Smart-City-Strategie-2035-Bad-Duerkheim-Sued-2026-11-21.pdf"
    assert pdf.filename(data, "html").endswith("2026-11-21.html")
