"""The whole journey a new facilitator walks, in a real browser, from login to the PDF."""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import KommuneFactory, MembershipFactory, UserFactory

FIELDS = ["Digitale Infrastruktur", "Kommunale Verwaltung", "Bildung und Jugend"]
GOALS = {
    "Digitale Infrastruktur": "Bis 2028 haben alle Haushalte Glasfaser.",
    "Kommunale Verwaltung": "Die wichtigsten Leistungen sind online verfügbar.",
    "Bildung und Jugend": "Alle Schulen nutzen digitale Medien im Unterricht.",
}
MEASURES = {
    "Digitale Infrastruktur": ["Freies WLAN im Rathaus", "Glasfaser für Gewerbegebiete"],
    "Kommunale Verwaltung": ["Online-Terminvergabe im Bürgerbüro", "E-Akte in allen Ämtern"],
    "Bildung und Jugend": ["Tablets für die Grundschule", "Makerspace im Jugendzentrum"],
}


def section(page, field_name):
    return page.locator("section.field-section").filter(
        has=page.get_by_role("heading", name=field_name, exact=True)
    )


def open_add_form(box, label):
    """Open the "add" form with its link, unless it is open already (it stays open after adding)."""
    link = box.get_by_role("link", name=label)
    button = box.get_by_role("button", name=label, exact=True)
    expect(link.or_(button)).to_be_visible()
    if link.count():
        link.click()
    expect(button).to_be_visible()


def test_new_facilitator_walks_from_login_to_the_pdf(
    page, live_server, catalogues, login, run_pdf_worker
):
    kommune = KommuneFactory(name="Gemeinde Lindenau", slug="lindenau")
    MembershipFactory(user=UserFactory(username="neu"), kommune=kommune, role="facilitator")
    page.set_default_timeout(10_000)
    login("neu")

    # Create the strategy process with the Digital-Werkstatt catalogue and all steps.
    page.get_by_role("link", name="Neuer Strategieprozess").first.click()
    page.get_by_label("Titel").fill("Digitalstrategie Lindenau 2030")
    page.get_by_label("Feldkatalog").select_option(label="Digital-Werkstatt (9 Handlungsfelder)")
    # Every step, from the vision on: the Digital-Werkstatt method alone starts with the fields.
    page.get_by_role("radio", name="Eigener Ablauf (alle Schritte)").check()
    page.get_by_role("button", name="Strategieprozess anlegen").click()
    expect(page.get_by_role("heading", name="Vision & Leitbild", level=1)).to_be_visible()

    # Vision and two Leitsätze, saved in place.
    page.locator("#id_vision").fill("Lindenau ist digital, offen und nah.")
    page.get_by_role("button", name="Vision speichern").click()
    expect(page.locator("#vision").get_by_text("Gespeichert")).to_be_visible()
    for text in ["Digital für alle Generationen.", "Wir gestalten gemeinsam."]:
        page.get_by_label("Leitsatz").fill(text)
        page.get_by_role("button", name="Leitsatz hinzufügen").click()
        expect(page.locator("#leitsaetze").get_by_text(text, exact=True)).to_be_visible()
    expect(page.locator(".step-nav__item--current.step-nav__item--complete")).to_be_visible()

    # Three fields of action from the catalogue.
    page.get_by_role("link", name="Weiter: Handlungsfelder").click()
    for name in FIELDS:
        page.locator(".catalogue-toggle", has_text=name).click()
        expect(page.locator(".catalogue-toggle", has_text=name)).to_have_attribute(
            "aria-pressed", "true"
        )

    # A goal and two measures per field.
    page.get_by_role("link", name="Weiter: Ziele & Maßnahmen").click()
    for field_name in FIELDS:
        box = section(page, field_name)
        open_add_form(box, "Ziel hinzufügen")
        box.get_by_label("Ziel", exact=True).fill(GOALS[field_name])
        box.get_by_role("button", name="Ziel hinzufügen", exact=True).click()
        expect(
            section(page, field_name).locator(".goal__title", has_text=GOALS[field_name])
        ).to_be_visible()
        for title in MEASURES[field_name]:
            box = section(page, field_name)
            open_add_form(box, "Maßnahme hinzufügen")
            box.get_by_label("Titel").fill(title)
            box.get_by_label("Umsetzungszeit").select_option("short")
            box.get_by_role("button", name="Maßnahme hinzufügen", exact=True).click()
            expect(section(page, field_name).get_by_role("heading", name=title)).to_be_visible()

    # Rank: the last measure to the top with the keyboard-operable controls, then confirm.
    page.get_by_role("link", name="Weiter: Priorisierung").click()
    last = "Makerspace im Jugendzentrum"
    page.get_by_label(re.compile(f"auf Rang\\s*: {last}")).fill("1")
    page.get_by_role("button", name=re.compile(f"Verschieben\\s*: {last}")).click()
    expect(page.locator("#ranking tbody tr").first).to_contain_text(last)
    page.get_by_role("button", name=re.compile("nach unten\\s*: Online-Terminvergabe")).click()
    expect(
        page.get_by_text("„Online-Terminvergabe im Bürgerbüro“ steht jetzt auf Rang 5.")
    ).to_be_visible()
    page.get_by_role("button", name="Rangfolge festlegen").click()
    expect(page.get_by_text(re.compile("Festgelegt am"))).to_be_visible()
    ranked = [
        name.strip() for name in page.locator("#ranking .ranking-table__name").all_inner_texts()
    ]
    assert sorted(ranked) == sorted(t for titles in MEASURES.values() for t in titles)

    # Plan the top two measures.
    page.get_by_role("link", name="Weiter: Vertiefung").click()
    page.get_by_label("Anzahl der Maßnahmen für die Vertiefung").fill("2")
    page.get_by_role("button", name="Übernehmen").click()
    # Leaving while the number is still being saved would (rightly) ask about unsaved input.
    expect(page.locator("#planning-overview").get_by_text("Gespeichert")).to_be_visible()
    for number, title in enumerate(ranked[:2], start=1):
        link = page.get_by_role(
            "link", name=re.compile(f"Projektplan bearbeiten.*{re.escape(title)}")
        )
        link.click()
        page.get_by_label("Was soll das Ergebnis des Projektes sein?").fill(
            f"Ergebnis {number}: {title}"
        )
        page.get_by_label("Wer ist die Zielgruppe?").fill("Alle Bürgerinnen und Bürger")
        page.keyboard.press("Tab")  # the answers save themselves on leaving the field
        expect(page.locator("#answer-result-state")).to_contain_text("Gespeichert")
        expect(page.locator("#answer-target_group-state")).to_contain_text("Gespeichert")
        # The saves refresh the step navigation (workshopChanged); a click that lands on the
        # old navigation just as it is swapped is lost, as a person's would be: click again.
        steps = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
        for _attempt in range(3):
            steps.get_by_role("link", name=re.compile("^Vertiefung")).click()
            try:
                expect(page.locator("#planning-overview")).to_be_visible(timeout=3_000)
                break
            except AssertionError:
                continue

    # The Fahrplan: the next step, who takes it and by when.
    steps = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
    steps.get_by_role("link", name=re.compile("^Fahrplan")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fahrplan")
    page.get_by_label("Nächster Schritt", exact=True).fill("Ergebnisse im Gemeinderat vorstellen")
    page.get_by_label("Wer").fill("Bürgermeister")
    page.get_by_label("Bis wann").fill("2027-02-15")
    page.get_by_role("button", name="Schritt hinzufügen").click()
    expect(page.locator("#steps")).to_contain_text("Bürgermeister · bis 15.02.2027")

    # The strategy step: preview, then the PDF download.
    steps.get_by_role("link", name=re.compile("^Strategie")).click()
    expect(page.get_by_role("heading", name="Strategie", level=1)).to_be_visible()
    expect(steps.locator(".step-nav__item--complete")).to_have_count(7)
    # The vision chapter; the Kurzfassung repeats the vision above it.
    expect(
        page.locator("#vision").get_by_text("Lindenau ist digital, offen und nah.")
    ).to_be_visible()
    # The PDF is typeset in the background: the progress page waits for the worker.
    page.get_by_role("link", name="PDF herunterladen").click()
    expect(page.get_by_role("heading", name="PDF der Strategie", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("wartet auf einen freien Rechenprozess")
    assert run_pdf_worker() == 1
    expect(page.get_by_role("status")).to_contain_text("Das PDF ist fertig.")
    with page.expect_download() as download_info:
        page.locator("#pdf-status").get_by_role("link", name="PDF herunterladen").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    text = re.sub(r"\s+", " ", text)

    for expected in [
        "Gemeinde Lindenau",
        "Lindenau ist digital, offen und nah.",
        "Digital für alle Generationen.",
        "Wir gestalten gemeinsam.",
        *FIELDS,
        *GOALS.values(),
        f"Ergebnis 1: {ranked[0]}",
        f"Ergebnis 2: {ranked[1]}",
    ]:
        assert expected in text, expected
    assert ranked[0] == last
    # The ranking chapter lists all six measures in rank order.
    chapter = text[
        text.index("Rangfolge der Maßnahmen", text.index("Rangfolge der Maßnahmen") + 1) :
    ]
    positions = [chapter.index(title) for title in ranked]
    assert positions == sorted(positions), ranked
