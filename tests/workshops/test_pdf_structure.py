"""The demo strategy's PDF read as assistive technology reads it: its structure tree (pikepdf).

PDF/UA-1 asks for a document language, a title shown instead of the file name, headings without
gaps in their levels, table cells tied to their header cells, and alternative text for every
figure (the logo and each chart)."""

import io
import itertools

import pikepdf
import pytest
from django.core.management import call_command
from django.db import transaction

from workshops import pdf
from workshops.models import Workshop
from workshops.strategy import gather

# The rendering below is shared by the module; marking its tests makes pytest-django set up the
# test database before the module's fixture fills it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        workshop = Workshop.objects.select_related("kommune").get(title="Digitalstrategie 2030")
        data = gather(workshop)
        transaction.set_rollback(True)
    return data, pikepdf.open(io.BytesIO(pdf.render_pdf(data)))


def elements(document):
    """The structure elements in reading order (depth first)."""

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            if "/K" in node:
                yield from walk(node.K)

    yield from walk(document.Root.StructTreeRoot.K)


def test_language_title_and_tagging(demo_pdf):
    data, document = demo_pdf
    assert str(document.Root.Lang) == "de"
    assert document.Root.MarkInfo.Marked
    assert document.Root.ViewerPreferences.DisplayDocTitle
    with document.open_metadata() as meta:
        assert meta["dc:title"] == f"{data.title} – {data.kommune_name}"
        assert "pdfuaid:part" in str(meta) or meta.get("pdfuaid:part") == "1"


def test_headings_start_at_one_and_never_skip_a_level(demo_pdf):
    _data, document = demo_pdf
    levels = [
        int(str(e.S)[2]) for e in elements(document) if str(e.S) in {f"/H{n}" for n in range(1, 7)}
    ]
    assert levels[0] == 1
    assert len(levels) > 40
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert jumps == []


def test_table_cells_name_their_header_cells(demo_pdf):
    _data, document = demo_pdf
    found = list(elements(document))
    header_ids = {str(e.ID) for e in found if str(e.S) == "/TH" and "/ID" in e}
    assert len(header_ids) > 50
    cells = [e for e in found if str(e.S) == "/TD"]
    assert len(cells) > 100
    for cell in cells:
        headers = [str(h) for h in cell.A.get("/Headers", [])]
        assert headers, "a data cell without header cells"
        assert set(headers) <= header_ids


def test_every_figure_has_an_alternative_text(demo_pdf):
    data, document = demo_pdf
    figures = [e for e in elements(document) if str(e.S) == "/Figure"]
    alternatives = [str(e.get("/Alt", "")) for e in figures]
    assert all(alternatives)
    assert f"Logo der {data.kommune_name}" in alternatives
    charts = len(data.roadmap_charts) + 2 + sum(1 for p in data.plans if p.stakeholders)
    assert len(figures) == 1 + charts
