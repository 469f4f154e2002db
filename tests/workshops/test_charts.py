"""The document's charts (workshops/charts.py): what they draw, their text alternatives, and
that they reach the page and the tagged PDF as figures with alternative text."""

import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from pypdf import PdfReader

from measures.costs import YearCosts
from tests.factories import (
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
)
from workshops import charts, pdf
from workshops.strategy import gather

from .test_strategy_data import TODAY, build_strategy

HOSTILE = '</text><image href="file:///etc/passwd"/><text>'


def measure(pk, rank, field_pk=1, **values):
    defaults = {
        "pk": pk,
        "rank": rank,
        "title": f"Maßnahme {rank}",
        "field_pk": field_pk,
        "timeframe": "short",
        "effort": "",
        "impact": "",
        "start_year": None,
        "start_quarter": None,
        "end_year": None,
        "end_quarter": None,
    }
    return SimpleNamespace(**(defaults | values))


def strategy_of(measures, plans=(), date=datetime.date(2027, 2, 1)):
    by_field = {}
    for m in measures:
        by_field.setdefault(m.field_pk, []).append(m)
    fields = tuple(
        SimpleNamespace(pk=pk, number=pk, name=f"Feld {pk}", measures=tuple(ms))
        for pk, ms in sorted(by_field.items())
    )
    return SimpleNamespace(date=date, measures=tuple(measures), fields=fields, plans=plans)


def shapes(chart, kind):
    return [s for s in chart.shapes if s.kind == kind]


def plotted(chart, kind):
    """The shapes of `kind` above a roadmap's legend."""
    legend = chart.height - 30
    return [s for s in shapes(chart, kind) if getattr(s, "y", getattr(s, "cy", 0)) < legend]


def texts(chart):
    return [s.text for s in shapes(chart, "text")]


def test_roadmap_draws_dated_periods_solid_and_rough_periods_dashed():
    dated = measure(1, 1, start_year=2027, start_quarter=1, end_year=2027, end_quarter=4)
    rough = measure(2, 2, timeframe="medium")
    (chart,) = charts.roadmap(strategy_of([dated, rough]))
    bars = [r for r in shapes(chart, "rect") if r.height == charts.BAR]
    solid, dashed = bars
    assert not solid.dashed and dashed.dashed
    # The axis starts in Q1 2027 (the document's date) and covers whole years.
    assert "2027" in texts(chart)
    unit = charts.PLOT_W / 12  # 2027..2029: medium-term reaches 12 quarters ahead
    assert solid.x == pytest.approx(charts.PLOT_X, abs=0.1)
    assert solid.width == pytest.approx(4 * unit, abs=0.2)  # four quarters of 2027
    assert dashed.x == pytest.approx(charts.PLOT_X + 4 * unit, abs=0.2)  # a year from now
    assert "1  Maßnahme 1" in texts(chart)
    assert "Q1/2027" in chart.title and "Q4/2029" in chart.title


def test_roadmap_marks_milestones_on_their_measures_row():
    dated = measure(1, 1, start_year=2027, start_quarter=1, end_year=2028, end_quarter=4)
    plan = SimpleNamespace(
        measure=dated, milestones=(SimpleNamespace(due=datetime.date(2027, 7, 1)),)
    )
    (chart,) = charts.roadmap(strategy_of([dated], plans=(plan,)))
    (diamond,) = plotted(chart, "diamond")
    (bar,) = [r for r in plotted(chart, "rect") if r.height == charts.BAR]
    assert diamond.cy == pytest.approx(bar.y + charts.BAR / 2)
    unit = charts.PLOT_W / 8
    assert diamond.cx == pytest.approx(charts.PLOT_X + 2 * unit, abs=0.2)  # start of Q3 2027


def test_roadmap_splits_into_parts_and_repeats_the_field_heading():
    many = [measure(n, n, start_year=2027, start_quarter=1) for n in range(1, 41)]
    parts = charts.roadmap(strategy_of(many))
    assert len(parts) == 2
    assert parts[0].title.startswith("Teil 1 von 2")
    headings = [t for t in texts(parts[1]) if t.startswith("Handlungsfeld 1")]
    assert headings  # the field continues under its heading
    rows = [t for p in parts for t in texts(p) if "  Maßnahme " in t]
    assert len(rows) == 40


def test_roadmap_is_empty_without_measures():
    assert charts.roadmap(strategy_of([])) == ()


def test_matrix_places_each_measure_in_its_cell_and_names_the_cells():
    quick = measure(1, 1, effort="low", impact="high")
    heavy = measure(2, 2, field_pk=2, effort="high", impact="low")
    unrated = measure(3, 3)
    chart = charts.matrix(strategy_of([quick, heavy, unrated]))
    circles = [c for c in shapes(chart, "circle") if c.r == charts.DOT_R]
    assert len(circles) == 2
    first, second = circles
    assert first.cx < charts.MATRIX_X + charts.CELL_W  # low effort: first column
    assert first.cy < 20 + charts.CELL_H  # high impact: top row
    assert second.cx > charts.MATRIX_X + 2 * charts.CELL_W
    assert second.cy > 20 + 2 * charts.CELL_H
    assert first.fill != second.fill  # two fields, two colours …
    assert {"1", "2"} <= set(texts(chart))  # … and the ranks written in the dots
    assert "Wirkung hoch und Aufwand niedrig: Rang 1" in chart.title
    assert "2 Maßnahmen" in chart.title


def test_matrix_counts_what_does_not_fit_in_a_cell():
    crowd = [measure(n, n, effort="low", impact="low") for n in range(1, 41)]
    chart = charts.matrix(strategy_of(crowd))
    assert "+13" in texts(chart)  # 27 dots and the rest as a number
    assert ", ".join(str(n) for n in range(1, 41)) in chart.title


def test_cost_chart_stacks_the_parts_to_scale():
    years = (YearCosts(2027, 100_000, 40_000, 0), YearCosts(2028, 0, 0, 20_000))
    chart = charts.cost_by_year(years)
    bars = [r for r in shapes(chart, "rect") if r.width > 20]
    heights = [r.height for r in bars]
    own, funding, running = heights
    assert own / funding == pytest.approx(60 / 40, rel=0.01)
    assert own / running == pytest.approx(60 / 20, rel=0.01)
    assert "100.000\u00a0€" in texts(chart)
    assert "2027: 100.000\u00a0€ (Eigenanteil 60.000\u00a0€" in chart.title


def test_cost_chart_is_left_out_without_costs():
    assert charts.cost_by_year(()) is None
    assert charts.cost_by_year((YearCosts(2027, 0, 0, 0),)) is None


def test_stakeholder_quadrant_numbers_as_in_the_table():
    plan = SimpleNamespace(
        measure=SimpleNamespace(pk=7),
        stakeholders=(
            SimpleNamespace(name="Bürgermeister", influence="high", interest="high"),
            SimpleNamespace(name="Personalrat", influence="high", interest="low"),
            SimpleNamespace(name="Seniorenbeirat", influence="low", interest="high"),
        ),
    )
    chart = charts.stakeholder_quadrant(plan)
    numbers = {t.text: (t.x, t.y) for t in shapes(chart, "text") if t.text in {"1", "2", "3"}}
    right = charts.QUADRANT_X + charts.QUADRANT_W
    assert numbers["1"][0] > right and numbers["2"][0] < right  # interest high / low
    assert numbers["3"][1] > numbers["1"][1]  # low influence: lower row
    assert "eng einbinden: 1 Bürgermeister" in chart.title
    assert "zufriedenstellen: 2 Personalrat" in chart.title


@pytest.mark.django_db
def test_the_document_shows_the_charts_as_figures_with_text_alternatives(workshop):
    build_strategy(workshop)
    field = workshop.action_fields.first()
    hostile = MeasureFactory(
        action_field=field, title=HOSTILE, start_year=2027, start_quarter=2, one_off_cost=5000
    )
    plan = ProjectPlanFactory(measure=hostile)
    StakeholderFactory(plan=plan, name=HOSTILE)
    MilestoneFactory(plan=plan, due=datetime.date(2027, 6, 1))
    data = gather(workshop, today=TODAY)
    html = pdf.render_html(data)
    quadrants = sum(1 for plan in data.plans if plan.stakeholders)
    assert quadrants == 2
    # The roadmap, the matrix, the costs and a quadrant on each Steckbrief with stakeholders.
    assert html.count('role="img"') == len(data.roadmap_charts) + 2 + quadrants
    assert "<image" not in html
    assert "&lt;/text&gt;&lt;image href=&quot;file:///etc/passwd&quot;/&gt;" in html

    document = pdf.render_pdf(data)
    alternatives = figure_alternatives(document)
    assert any(a.startswith("Zeitplan der Maßnahmen als Balkendiagramm") for a in alternatives)
    assert any(a.startswith("Aufwand und Wirkung von 5 Maßnahmen") for a in alternatives)
    assert any(a.startswith("Kosten je Haushaltsjahr") for a in alternatives)
    assert any(a.startswith("Beteiligte nach Einfluss und Interesse") for a in alternatives)
    assert b"root:x:0:0" not in document


@pytest.mark.django_db
def test_the_strategy_page_shows_the_charts(facilitator_client, workshop):
    build_strategy(workshop)
    response = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk]))
    body = response.content.decode()
    assert '<title id="chart-matrix">Aufwand und Wirkung von 5 Maßnahmen' in body
    assert 'id="chart-roadmap-1"' in body


def figure_alternatives(document: bytes) -> list[str]:
    """The /Alt texts of all /Figure elements in the PDF's structure tree."""
    root = PdfReader(io.BytesIO(document)).trailer["/Root"]["/StructTreeRoot"]
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return found


@pytest.mark.parametrize("stylesheet", ["css/print.css", "css/app.css"])
def test_the_stylesheets_colour_each_field_as_the_charts_do(stylesheet):
    css = Path(finders.find(stylesheet)).read_text()
    found = dict(
        re.findall(r"\.doc-field--colour-(\d+) [^{]*\{ border-left-color: (#\w+); \}", css)
    )
    assert found == {str(n): fill for n, (fill, _text) in enumerate(charts.FIELD_COLOURS, start=1)}


@pytest.mark.django_db
def test_each_field_chapter_carries_its_colour(workshop):
    build_strategy(workshop)
    data = gather(workshop)
    html = pdf.render_html(data)
    for field in data.fields:
        assert f'class="doc-chapter doc-field {field.colour_class}" id="{field.anchor}"' in html
    assert [f.colour_class for f in data.fields] == ["doc-field--colour-1", "doc-field--colour-2"]


@pytest.mark.django_db
def test_the_roadmap_is_rendered_again_only_when_what_it_shows_changes(workshop):
    build_strategy(workshop)
    measure = workshop.measures.get(title="Glasfaser")
    before = gather(workshop, today=TODAY).roadmap_digest
    measure.description = "Eine neue Beschreibung, die der Zeitplan nicht zeigt."
    measure.save()
    assert gather(workshop, today=TODAY).roadmap_digest == before
    measure.start_year, measure.start_quarter = 2028, 3
    measure.save()
    assert gather(workshop, today=TODAY).roadmap_digest != before
