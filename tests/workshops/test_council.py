"""The Beschlussvorlage: header and Beratungsfolge on its page, the paper as DOCX and PDF."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from measures.models import Measure
from tests.factories import ActionFieldFactory, MeasureFactory
from workshops import council, council_docx, pdf, views_council
from workshops.models import TEXT_MAX, TITLE_MAX, CouncilStep, DocumentRender, Workshop

from .test_pdf import text_of


@pytest.fixture
def costed(workshop):
    """Two measures with costs, the first already in the budget, and one without an estimate."""
    field = ActionFieldFactory(workshop=workshop, name="Verwaltung")
    first = MeasureFactory(action_field=field, title="E-Akte")
    second = MeasureFactory(action_field=field, title="WLAN im Rathaus")
    MeasureFactory(action_field=field, title="Makerspace")
    Measure.objects.filter(pk=first.pk).update(
        start_year=2027, start_quarter=1, end_year=2028, end_quarter=4,
        one_off_cost=100_000, running_cost=10_000, funding_programme="OZG", funding_rate=50,
        budgeted=True,
    )  # fmt: skip
    Measure.objects.filter(pk=second.pk).update(
        start_year=2028, start_quarter=2, end_year=2028, end_quarter=3,
        one_off_cost=30_000, running_cost=2_000,
    )  # fmt: skip
    return workshop


def page_url(workshop):
    return reverse("workshops:council_paper", args=[workshop.pk])


def paper_of(workshop):
    return council.gather_paper(Workshop.objects.select_related("kommune").get(pk=workshop.pk))


def test_the_financial_effects_come_from_the_cost_plan(costed):
    paper = paper_of(costed)
    rows = [(y.costs.year, y.costs.own_total, y.planned, y.additional) for y in paper.budget_years]
    # E-Akte: 100,000 over 2027-28, half funded, then 10,000 a year; WLAN: 30,000 in 2028.
    assert rows == [
        (2027, 25_000, 25_000, 0),
        (2028, 55_000, 25_000, 30_000),
        (2029, 12_000, 10_000, 2_000),
    ]
    total = paper.budget_totals
    assert (total.costs.one_off, total.costs.funding, total.planned) == (130_000, 50_000, 60_000)
    assert paper.has_financial_effects
    assert paper.estimate_note == "Für 1 Maßnahme liegt noch keine Kostenschätzung vor."
    assert "3 Maßnahmen in 1 Handlungsfeldern" in paper.proposals[1]


def test_the_editor_fills_in_the_header_once(facilitator_client, costed):
    page = facilitator_client.get(page_url(costed))
    assert page.status_code == 200
    version = page.context["paper_form"]["version"].value()
    response = facilitator_client.post(
        reverse("workshops:council_paper_save", args=[costed.pk]),
        {
            "paper_number": "GR/17/2027",
            "paper_subject": "",
            "paper_lead": "Hauptamt",
            "paper_date": "01.02.2027",
            "paper_public": "on",
            "paper_coverage": "Produkt 1.1.4",
            "version": version,
        },
    )
    assert response.status_code == 302
    costed.refresh_from_db()
    assert (costed.paper_number, costed.paper_date) == ("GR/17/2027", datetime.date(2027, 2, 1))
    page = facilitator_client.get(page_url(costed)).content.decode()
    assert "GR/17/2027" in page
    assert "Beschluss der „Digitalstrategie 2030“" in page  # the subject left empty
    assert 'Deckung: </strong><span class="preserve-lines">Produkt 1.1.4' in page


def test_a_wrong_date_is_refused_next_to_the_field_and_kept(facilitator_client, workshop, htmx):
    version = facilitator_client.get(page_url(workshop)).context["paper_form"]["version"].value()
    data = {"paper_number": "Nr. ４２", "paper_date": "31.02.2027", "version": version}
    url = reverse("workshops:council_paper_save", args=[workshop.pk])
    response = facilitator_client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_paper_date-error"' in page
    assert 'value="Nr. ４２"' in page  # nothing typed is lost
    partial = facilitator_client.post(url, data, **htmx)
    assert partial.status_code == 200
    assert partial.content.decode().lstrip().startswith('<section id="header"')
    workshop.refresh_from_db()
    assert workshop.paper_number == ""


def test_a_concurrent_header_edit_is_not_overwritten(facilitator_client, workshop):
    version = facilitator_client.get(page_url(workshop)).context["paper_form"]["version"].value()
    Workshop.objects.filter(pk=workshop.pk).update(paper_number="VON/KOLLEGIN")
    response = facilitator_client.post(
        reverse("workshops:council_paper_save", args=[workshop.pk]),
        {"paper_number": "MEINE/NR", "paper_public": "on", "version": version},
    )
    assert response.status_code == 422
    assert [c.label for c in response.context["paper_form"].conflicts] == ["Vorlagen-Nr."]
    page = response.content.decode()
    assert "VON/KOLLEGIN" in page and 'value="MEINE/NR"' in page  # both versions shown
    workshop.refresh_from_db()
    assert workshop.paper_number == "VON/KOLLEGIN"


def test_the_order_of_deliberation_is_added_edited_and_deleted(facilitator_client, workshop, htmx):
    add = reverse("workshops:council_step_add", args=[workshop.pk])
    refused = facilitator_client.post(add, {"body": "", "role": "decision"}, **htmx)
    assert 'id="id_step_body-error"' in refused.content.decode()
    for body, date, role in [
        ("Hauptausschuss", "2027-02-09", "preliminary"),
        ("Gemeinderat", "", "decision"),
    ]:
        response = facilitator_client.post(add, {"body": body, "date": date, "role": role}, **htmx)
        assert response.status_code == 200
        assert "HX-Trigger" in response
    steps = list(workshop.council_steps.all())
    assert [s.body for s in steps] == ["Hauptausschuss", "Gemeinderat"]
    edit = facilitator_client.get(page_url(workshop), {"step": steps[1].pk})
    version = edit.context["editing"][1]["version"].value()
    prefix = f"step-{steps[1].pk}"
    facilitator_client.post(
        reverse("workshops:council_step_update", args=[workshop.pk, steps[1].pk]),
        {
            f"{prefix}-body": "Gemeinderat",
            f"{prefix}-date": "25.02.2027",
            f"{prefix}-role": "decision",
            f"{prefix}-version": version,
        },
    )
    steps[1].refresh_from_db()
    assert steps[1].date == datetime.date(2027, 2, 25)
    delete = reverse("workshops:council_step_delete", args=[workshop.pk, steps[0].pk])
    assert "Hauptausschuss" in facilitator_client.get(delete).content.decode()  # asks first
    assert CouncilStep.objects.filter(pk=steps[0].pk).exists()
    facilitator_client.post(delete)
    assert not CouncilStep.objects.filter(pk=steps[0].pk).exists()


def test_readers_download_but_cannot_change(client, viewer, costed):
    client.force_login(viewer)
    page = client.get(page_url(costed)).content.decode()
    assert "Beschlussvorschlag" in page
    assert 'name="paper_number"' not in page
    save = reverse("workshops:council_paper_save", args=[costed.pk])
    assert client.post(save, {"paper_number": "x"}).status_code == 403
    add = reverse("workshops:council_step_add", args=[costed.pk])
    assert client.post(add, {"body": "x", "role": "decision"}).status_code == 403
    docx = client.get(reverse("workshops:council_paper_docx", args=[costed.pk]))
    assert docx.status_code == 200
    assert docx["Content-Type"] == views_council.DOCX_TYPE
    assert (
        'filename="Beschlussvorlage-Digitalstrategie-2030-Musterstadt-'
        in (docx["Content-Disposition"])
    )


def test_other_kommunen_get_nothing(client, outsider, costed):
    client.force_login(outsider)
    step = CouncilStep.objects.create(workshop=costed, body="Rat")
    for url in [
        page_url(costed),
        reverse("workshops:council_paper_docx", args=[costed.pk]),
        reverse("workshops:council_paper_pdf", args=[costed.pk]),
        reverse("workshops:council_step_delete", args=[costed.pk, step.pk]),
    ]:
        assert client.get(url).status_code == 404
    save = reverse("workshops:council_paper_save", args=[costed.pk])
    assert client.post(save, {"paper_number": "x"}).status_code == 404


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_docx_holds_header_proposals_and_financial_effects(costed):
    Workshop.objects.filter(pk=costed.pk).update(
        paper_number="GR/17/2027",
        situation="# Stärken\n\nStand: **40 %** Glasfaser, siehe "
        "[Breitbandatlas](https://example.de/atlas).",
    )
    CouncilStep.objects.create(workshop=costed, body="Gemeinderat", role="decision", position=1)
    document = Document(io.BytesIO(council_docx.render_docx(paper_of(costed))))
    text = docx_text(document)
    for expected in [
        "Beschlussvorlage",
        "GR/17/2027",
        "Beratungsfolge",
        "Gemeinderat",
        "Entscheidung",
        "Beschluss der „Digitalstrategie 2030“",
        "Finanzielle Auswirkungen: Ja",
        "Anlage 1: Digitalstrategie 2030",
    ]:
        assert expected in text
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 4
    assert numbered[0].startswith("Die „Digitalstrategie 2030“ wird")
    money = document.tables[-1]
    assert [c.text for c in money.rows[2].cells] == [
        "2028", "80.000\xa0€", "25.000\xa0€", "0\xa0€", "55.000\xa0€", "25.000\xa0€", "30.000\xa0€",
    ]  # fmt: skip
    assert money.rows[-1].cells[0].text == "Summe"
    # A header row repeats on every page; the language is German; the link stays a link.
    assert money.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "de-DE"
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert links == ["https://example.de/atlas"]
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold and "40" in r.text]
    assert bold == ["40 %"]
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name[:7] == "Heading"
    ]
    assert ("Heading 3", "Ausgangslage") in headings
    assert headings[headings.index(("Heading 3", "Ausgangslage")) + 1] == ("Heading 4", "Stärken")


def test_without_costs_the_paper_says_so(workshop):
    document = Document(io.BytesIO(council_docx.render_docx(paper_of(workshop))))
    text = docx_text(document)
    assert "Finanzielle Auswirkungen: Nein" in text
    assert "Für keine Maßnahme der Strategie liegt bisher eine Kostenschätzung vor." in text


def test_the_pdf_is_tagged_german_and_holds_the_paper(costed):
    document = pdf.render_council_pdf(paper_of(costed))
    reader = PdfReader(io.BytesIO(document))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Beschluss der „Digitalstrategie 2030“")
    text = text_of(document)
    for expected in [
        "Beschlussvorschlag",
        "Sachverhalt und Begründung",
        "Finanzielle Auswirkungen je Haushaltsjahr",
        "55.000 €",
        "Seite 1 von",
    ]:
        assert expected in text


def test_every_field_at_its_maximum_and_hostile_still_renders(workshop, caplog):
    hostile = '<script>alert(1)</script><img src="file:///etc/passwd"> ' + "x" * 300
    Workshop.objects.filter(pk=workshop.pk).update(
        paper_number="N" * 50,
        paper_subject=(hostile + "y" * TITLE_MAX)[:TITLE_MAX],
        paper_lead="F" * TITLE_MAX,
        paper_coverage=(hostile + " Deckung ") * (TEXT_MAX // 320),
        situation=f"[x](file:///etc/passwd) {hostile}",
    )
    CouncilStep.objects.create(workshop=workshop, body="G" * TITLE_MAX, position=1)
    paper = paper_of(workshop)
    document = pdf.render_council_pdf(paper)
    text = text_of(document)
    assert "<script>alert(1)</script>" in text  # shown as text, never run or fetched
    assert "file:///etc/passwd" in text
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    docx = Document(io.BytesIO(council_docx.render_docx(paper)))
    assert "G" * TITLE_MAX in docx_text(docx)
    assert not [r for r in docx.part.rels.values() if r.is_external]


def test_the_command_line_writes_docx_and_pdf(costed, tmp_path):
    target = tmp_path / "vorlage.docx"
    call_command("export_strategy", costed.pk, format="beschlussvorlage", output=str(target))
    assert "Beschlussvorschlag" in docx_text(Document(str(target)))
    target_pdf = tmp_path / "vorlage.pdf"
    call_command(
        "export_strategy", costed.pk, format="beschlussvorlage-pdf", output=str(target_pdf)
    )
    assert "Finanzielle Auswirkungen" in text_of(target_pdf.read_bytes())


def test_the_pdf_is_typeset_in_the_background_and_then_downloaded(
    client, viewer, costed, run_pdf_worker
):
    client.force_login(viewer)
    download = reverse("workshops:council_paper_pdf", args=[costed.pk])
    status = reverse("workshops:council_pdf_status", args=[costed.pk])
    response = client.get(download)
    assert (response.status_code, response.url) == (302, status)
    page = client.get(status).content.decode()
    assert "PDF der Beschlussvorlage" in page
    assert "Zurück zur Beschlussvorlage" in page
    assert run_pdf_worker() == 1
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="Beschlussvorlage-Digitalstrategie-2030-Musterstadt-'
        in (response["Content-Disposition"])
    )
    assert "Beschlussvorschlag" in text_of(response.content)
    # The strategy's own PDF is a rendering of its own.
    assert client.get(reverse("workshops:strategy_pdf", args=[costed.pk])).status_code == 302
    assert DocumentRender.objects.filter(workshop=costed).count() == 2


def test_the_annex_names_the_version_of_the_strategy(costed):
    Workshop.objects.filter(pk=costed.pk).update(document_date=datetime.date(2027, 1, 15))
    assert paper_of(costed).annex == (
        "Anlage 1: Digitalstrategie 2030, Stand 15. Januar 2027 (Strategiedokument, PDF)"
    )
    Workshop.objects.filter(pk=costed.pk).update(document_version="1.0")
    assert paper_of(costed).annex == (
        "Anlage 1: Digitalstrategie 2030, Version 1.0, Stand 15. Januar 2027 "
        "(Strategiedokument, PDF)"
    )
