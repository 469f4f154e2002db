"""The strategy document's charts, drawn as SVG on our server.

Each chart is computed here as plain shapes in a fixed coordinate system (`Chart`) and written
out as inline SVG (`Chart.svg`, placed by `charts/chart.html`) in the page and in the PDF, where WeasyPrint
tags it as a figure with the chart's `title` as its alternative text. The rules for every chart:
- colour is never the only carrier: fields are grouped and named, ranks are written in the
  marks, and the colours differ in lightness as well as hue, so they survive greyscale printing;
- the `title` says in words what the chart shows, and the chapter beside it holds the same
  figures as a table;
- user text is cut to the room there is (the table carries it in full), and only ever reaches
  the SVG escaped.

Field colours come in dark/light pairs of the same hue, so neighbouring fields differ in
lightness; `FIELD_COLOURS` is the one place that assigns them.
"""

import dataclasses
import datetime
from collections import defaultdict
from typing import ClassVar

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.models import Level, Stakeholder

from .text import euro as euros

# (fill, text on it): one per Handlungsfeld in field order, repeated after eight.
FIELD_COLOURS = (
    ("#1d3f66", "#ffffff"),
    ("#9cc0e4", "#000000"),
    ("#7a4a00", "#ffffff"),
    ("#e7bf6a", "#000000"),
    ("#275e33", "#ffffff"),
    ("#a6d49f", "#000000"),
    ("#6b2d5c", "#ffffff"),
    ("#dcaad0", "#000000"),
)
INK = "#1a1a1a"
MUTED = "#5c5c5c"
RULE = "#b8b8b8"
SHADE = "#eeeeee"
WIDTH = 680  # the viewBox width: 4 units per millimetre at the print width of 170 mm


def field_colour(number: int) -> tuple[str, str]:
    return FIELD_COLOURS[(number - 1) % len(FIELD_COLOURS)]


def clip(text: str, chars: int) -> str:
    """`text` cut to `chars` characters with an ellipsis (SVG text does not wrap)."""
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


@dataclasses.dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"
    x: float
    y: float
    width: float
    height: float
    fill: str = "none"
    stroke: str = "none"
    dashed: bool = False

    def svg(self) -> str:
        dash = ' stroke-dasharray="4 3"' if self.dashed else ""
        return (
            f'<rect x="{self.x}" y="{self.y}" width="{self.width}" height="{self.height}" '
            f'fill="{self.fill}" stroke="{self.stroke}"{dash}/>'
        )


@dataclasses.dataclass(frozen=True)
class Line:
    kind: ClassVar[str] = "line"
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = RULE

    def svg(self) -> str:
        return (
            f'<line x1="{self.x1}" y1="{self.y1}" x2="{self.x2}" y2="{self.y2}" '
            f'stroke="{self.stroke}"/>'
        )


@dataclasses.dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    x: float
    y: float
    text: str
    size: int = 11
    bold: bool = False
    anchor: str = "start"  # start, middle or end
    fill: str = INK

    def svg(self) -> str:
        bold = ' font-weight="bold"' if self.bold else ""
        return (
            f'<text x="{self.x}" y="{self.y}" font-size="{self.size}"{bold} '
            f'text-anchor="{self.anchor}" fill="{self.fill}">{escape(self.text)}</text>'
        )


@dataclasses.dataclass(frozen=True)
class Circle:
    kind: ClassVar[str] = "circle"
    cx: float
    cy: float
    r: float
    fill: str

    def svg(self) -> str:
        return (
            f'<circle cx="{self.cx}" cy="{self.cy}" r="{self.r}" fill="{self.fill}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )


@dataclasses.dataclass(frozen=True)
class Diamond:
    kind: ClassVar[str] = "diamond"
    cx: float
    cy: float
    r: float = 6

    def svg(self) -> str:
        x, y, r = self.cx, self.cy, self.r
        points = f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"
        return f'<polygon points="{points}" fill="{INK}" stroke="#ffffff"/>'


@dataclasses.dataclass(frozen=True)
class Chart:
    slug: str  # unique in the document, for the title's id
    title: str  # the text alternative
    height: float
    shapes: tuple
    width: int = WIDTH

    def svg(self) -> str:
        """The chart as inline SVG: a figure whose <title> is its text alternative. Written
        here rather than by a template loop: a large roadmap has hundreds of shapes. The only
        text from users (names in labels and the title) is escaped."""
        title_id = f"chart-{self.slug}"
        shapes = "\n".join(shape.svg() for shape in self.shapes)
        # Every value is a number, one of our colours or words, or escaped.
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="doc-chart" '
            f'viewBox="0 0 {self.width} {self.height}" width="100%" role="img" '
            f'aria-labelledby="{title_id}" font-family="Fira Sans, sans-serif" font-size="11">'
            f'<title id="{title_id}">{escape(self.title)}</title>\n{shapes}</svg>'
        )


def _r(value: float) -> float:
    return round(value, 1)


# --- Roadmap ------------------------------------------------------------------------------

ROW = 20
BAR = 10
LABEL_W = 262
PLOT_X = LABEL_W + 8
PLOT_W = WIDTH - PLOT_X - 4
AXIS_H = 34
ROWS_PER_CHART = 26
MAX_QUARTERS = 40  # ten years; later dates are cut at the edge (the tables hold them)
# Where a measure without dates lies, in quarters from the document's date (Umsetzungszeit).
BUCKET_QUARTERS = {"short": (0, 4), "medium": (4, 12), "long": (12, 20)}


def _quarter(year: int, quarter: int | None, *, end: bool = False) -> int:
    return year * 4 + ((quarter or (4 if end else 1)) - 1)


def _span(measure, today_q: int) -> tuple[int, int, bool] | None:
    """The quarters a measure covers (first, last) and whether they are dated."""
    if measure.start_year is not None:
        first = _quarter(measure.start_year, measure.start_quarter)
        if measure.end_year is not None:
            last = _quarter(measure.end_year, measure.end_quarter, end=True)
        else:
            last = first
        return first, max(first, last), True
    if measure.timeframe in BUCKET_QUARTERS:
        begin, stop = BUCKET_QUARTERS[measure.timeframe]
        return today_q + begin, today_q + stop - 1, False
    return None


def _date_position(day: datetime.date) -> float:
    """A date in quarters, with the fraction of its quarter."""
    quarter_start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.year * 4 + (day.month - 1) // 3 + (day - quarter_start).days / 92


def roadmap(strategy) -> tuple[Chart, ...]:
    """The implementation plan as a timeline: one bar per measure, grouped by field, in charts
    of at most `ROWS_PER_CHART` rows (one per page)."""
    today_q = _quarter(strategy.date.year, (strategy.date.month - 1) // 3 + 1)
    spans = {m.pk: _span(m, today_q) for m in strategy.measures}
    shown = [s for s in spans.values() if s]
    if not shown:
        return ()
    milestones = defaultdict(list)
    for plan in strategy.plans:
        milestones[plan.measure.pk].extend(ms.due for ms in plan.milestones)
    first = min([s[0] for s in shown] + [today_q])
    last = max([s[1] for s in shown] + [first + 7])
    for dues in milestones.values():
        last = max([last] + [int(_date_position(d)) for d in dues])
    last = min(last, first + MAX_QUARTERS - 1)
    first -= first % 4  # whole years on the axis
    last += 3 - last % 4
    quarters = last - first + 1
    unit = PLOT_W / quarters

    rows = []  # (field, measure or None for the field's heading)
    for field in strategy.fields:
        members = [m for m in field.measures if spans[m.pk]]
        if members:
            rows.append((field, None))
            rows.extend((field, m) for m in members)
    chunks = [rows[i : i + ROWS_PER_CHART] for i in range(0, len(rows), ROWS_PER_CHART)]
    charts = []
    for number, chunk in enumerate(chunks, start=1):
        if chunk[0][1] is not None:  # a field continued from the previous chart
            chunk.insert(0, (chunk[0][0], None))
        shapes = list(_roadmap_axis(first, quarters, unit, len(chunk)))
        for index, (field, measure) in enumerate(chunk):
            y = AXIS_H + index * ROW
            if measure is None:
                shapes.append(Rect(0, y + 1, WIDTH, ROW - 2, fill=SHADE))
                name = _("Field of action %(number)s: %(name)s") % {
                    "number": field.number,
                    "name": field.name,
                }
                shapes.append(Text(4, y + 14, clip(name, 95), bold=True))
                continue
            fill, _text_colour = field_colour(field.number)
            begin, end, dated = spans[measure.pk]
            x0 = PLOT_X + max(0, begin - first) * unit
            x1 = PLOT_X + (min(end, last) - first + 1) * unit
            shapes.append(Text(4, y + 14, f"{measure.rank}  {clip(measure.title, 44)}"))
            bar = Rect(_r(x0), y + (ROW - BAR) / 2, _r(max(x1 - x0, 2)), BAR)
            if dated:
                shapes.append(dataclasses.replace(bar, fill=fill, stroke=INK))
            else:
                shapes.append(dataclasses.replace(bar, fill="#ffffff", stroke=INK, dashed=True))
            for due in milestones.get(measure.pk, ()):
                position = _date_position(due)
                if first <= position < last + 1:
                    x = _r(PLOT_X + (position - first) * unit)
                    shapes.append(Diamond(x, y + ROW / 2))
        height = AXIS_H + len(chunk) * ROW
        shapes.extend(_roadmap_legend(height + 8))
        title = _(
            "Timeline of the measures as a bar chart, from %(first)s to %(last)s, grouped by "
            "field of action. Solid bars are dated periods, dashed bars the rough "
            "implementation period of measures without dates, diamonds are milestones. The "
            "tables of the implementation plan list the same periods."
        ) % {"first": f"Q1/{first // 4}", "last": f"Q4/{last // 4}"}
        if len(chunks) > 1:
            title = (
                _("Part %(part)s of %(parts)s: ")
                % {
                    "part": number,
                    "parts": len(chunks),
                }
                + title
            )
        charts.append(Chart(f"roadmap-{number}", title, height + 30, tuple(shapes)))
    return tuple(charts)


def _roadmap_axis(first: int, quarters: int, unit: float, rows: int):
    bottom = AXIS_H + rows * ROW
    for q in range(quarters + 1):
        x = _r(PLOT_X + q * unit)
        year_start = (first + q) % 4 == 0
        if year_start or quarters <= 24:
            yield Line(
                x, 16 if not year_start else 0, x, bottom, stroke=RULE if year_start else SHADE
            )
        if q < quarters and year_start:
            yield Text(_r(x + 2 * unit), 12, str((first + q) // 4), bold=True, anchor="middle")
        if q < quarters and quarters <= 24:
            yield Text(
                _r(x + unit / 2), 28, f"Q{(first + q) % 4 + 1}", size=9, anchor="middle", fill=MUTED
            )
    yield Line(0, AXIS_H, WIDTH, AXIS_H, stroke=INK)


def _roadmap_legend(y: float):
    yield Rect(4, y + 1, 24, BAR - 2, fill=FIELD_COLOURS[0][0], stroke=INK)
    yield Text(34, y + 9, _("dated period"), size=10)
    yield Rect(184, y + 1, 24, BAR - 2, fill="#ffffff", stroke=INK, dashed=True)
    yield Text(214, y + 9, _("rough implementation period"), size=10)
    yield Diamond(414, y + 5)
    yield Text(426, y + 9, _("milestone"), size=10)


# --- Effort and impact matrix ----------------------------------------------------------------

CELL_W = 190
CELL_H = 118
MATRIX_X = 90
DOT_R = 11
DOTS_PER_LINE = 7
DOT_LINES = 4
LEVELS = (Level.LOW, Level.MEDIUM, Level.HIGH)


def matrix(strategy) -> Chart | None:
    """All measures by effort (across) and impact (up), each a dot with its rank."""
    placed = [m for m in strategy.measures if m.effort and m.impact]
    if not placed:
        return None
    numbers = {f.pk: f.number for f in strategy.fields}
    cells = defaultdict(list)
    for measure in placed:
        cells[(measure.impact, measure.effort)].append(measure)
    shapes = [
        Text(4, 12, _("Impact"), bold=True),
        Text(WIDTH - 4, 3 * CELL_H + 50, _("Effort"), bold=True, anchor="end"),
    ]
    words = []
    for row, impact in enumerate(reversed(LEVELS)):
        y = 20 + row * CELL_H
        shapes.append(
            Text(MATRIX_X - 8, _r(y + CELL_H / 2 + 4), str(Level(impact).label), anchor="end")
        )
        for col, effort in enumerate(LEVELS):
            x = MATRIX_X + col * CELL_W
            quick = impact == Level.HIGH and effort == Level.LOW
            shapes.append(
                Rect(x, y, CELL_W, CELL_H, fill=SHADE if quick else "#ffffff", stroke=RULE)
            )
            if quick:
                shapes.append(
                    Text(
                        x + CELL_W - 6,
                        y + 14,
                        _("Quick wins"),
                        size=10,
                        bold=True,
                        anchor="end",
                        fill=MUTED,
                    )
                )
            members = cells.get((impact, effort), [])
            for index, measure in enumerate(members[: DOTS_PER_LINE * DOT_LINES]):
                line, place = divmod(index, DOTS_PER_LINE)
                if index == DOTS_PER_LINE * DOT_LINES - 1 and len(members) > index + 1:
                    shapes.append(
                        Text(
                            x + 14 + place * 25,
                            y + 34 + line * 26,
                            f"+{len(members) - index}",
                            size=10,
                            bold=True,
                            anchor="middle",
                        )
                    )
                    break
                fill, ink = field_colour(numbers[measure.field_pk])
                cx, cy = x + 16 + place * 25, y + 30 + line * 26
                shapes.append(Circle(cx, cy, DOT_R, fill))
                shapes.append(
                    Text(
                        cx, cy + 4, str(measure.rank), size=10, bold=True, anchor="middle", fill=ink
                    )
                )
            if members:
                words.append(
                    _("impact %(impact)s and effort %(effort)s: rank %(ranks)s")
                    % {
                        "impact": Level(impact).label,
                        "effort": Level(effort).label,
                        "ranks": ", ".join(str(m.rank) for m in members),
                    }
                )
    bottom = 20 + 3 * CELL_H
    for col, effort in enumerate(LEVELS):
        shapes.append(
            Text(
                _r(MATRIX_X + col * CELL_W + CELL_W / 2),
                bottom + 16,
                str(Level(effort).label),
                anchor="middle",
            )
        )
    legend_y = bottom + 64
    for index, field in enumerate(f for f in strategy.fields if f.measures):
        line, column = divmod(index, 2)
        fill, _ink = field_colour(field.number)
        x, y = 4 + column * 340, legend_y + line * 20
        shapes.append(Circle(x + 7, y - 4, 7, fill))
        shapes.append(Text(x + 20, y, clip(f"{field.number} {field.name}", 50), size=10))
        height = y + 12
    title = ngettext(
        "Effort and impact of %(count)s measure in a 3 × 3 matrix; each dot carries the "
        "measure's rank and the colour of its field of action.",
        "Effort and impact of %(count)s measures in a 3 × 3 matrix; each dot carries the "
        "measure's rank and the colour of its field of action.",
        len(placed),
    ) % {"count": len(placed)}
    title += " " + "; ".join(words) + "."
    return Chart("matrix", title, height, tuple(shapes))


# --- Cost by budget year --------------------------------------------------------------------

COST_PLOT_X = 96
COST_PLOT_H = 220
COST_TOP = 24


def _nice_step(top: int) -> int:
    """A round step for about four gridlines up to `top`."""
    raw = max(top / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return 10 * magnitude


def cost_by_year(years) -> Chart | None:
    """Each budget year's costs as a stacked column: own share, funding and running costs."""
    years = [y for y in years]
    if not years or not any(y.total for y in years):
        return None
    top = max(y.total for y in years)
    step = _nice_step(top)
    scale_top = step * -(-top // step)
    scale = COST_PLOT_H / scale_top
    base = COST_TOP + COST_PLOT_H
    shapes = []
    for value in range(0, scale_top + 1, step):
        y = _r(base - value * scale)
        shapes.append(Line(COST_PLOT_X, y, WIDTH - 4, y, stroke=RULE if value else INK))
        shapes.append(Text(COST_PLOT_X - 6, y + 4, euros(value), size=9, anchor="end", fill=MUTED))
    slot = (WIDTH - 4 - COST_PLOT_X) / len(years)
    bar = min(56, slot * 0.6)
    parts = (
        ("own", _("own share of one-off costs"), "#1d3f66"),
        ("funding", _("funding"), "#9cc0e4"),
        ("running", _("running costs"), "#c98a1c"),
    )
    for index, year in enumerate(years):
        x = _r(COST_PLOT_X + index * slot + (slot - bar) / 2)
        y = base
        for attribute, _label, colour in parts:
            amount = getattr(year, attribute)
            if amount:
                height = amount * scale
                y -= height
                shapes.append(Rect(x, _r(y), _r(bar), _r(height), fill=colour, stroke=INK))
        if year.total:
            shapes.append(
                Text(_r(x + bar / 2), _r(y - 4), euros(year.total), size=9, anchor="middle")
            )
        shapes.append(Text(_r(x + bar / 2), base + 16, str(year.year), size=10, anchor="middle"))
    legend_y = base + 36
    for index, (_attribute, label, colour) in enumerate(parts):
        x = 4 + index * 210
        shapes.append(Rect(x, legend_y - 9, 14, 10, fill=colour, stroke=INK))
        shapes.append(Text(x + 20, legend_y, label, size=10))
    described = "; ".join(
        _("%(year)s: %(total)s (own share %(own)s, funding %(funding)s, running %(running)s)")
        % {
            "year": y.year,
            "total": euros(y.total),
            "own": euros(y.own),
            "funding": euros(y.funding),
            "running": euros(y.running),
        }
        for y in years
    )
    title = _("Costs per budget year as stacked columns: %(years)s.") % {"years": described}
    return Chart("costs", title, legend_y + 10, tuple(shapes))


# --- Stakeholders ---------------------------------------------------------------------------

QUADRANT_WIDTH = 218  # drawn 50 mm wide beside the stakeholder table
QUADRANT_W = 90
QUADRANT_H = 62
QUADRANT_X = 36
STAKE_R = 8
STAKES_PER_LINE = 4
STAKES_SHOWN = 2 * STAKES_PER_LINE


def stakeholder_quadrant(plan) -> Chart | None:
    """The stakeholders of one Steckbrief by influence (up) and interest (across), each a dot
    with its number in the stakeholder table."""
    if not plan.stakeholders:
        return None
    high, low = Stakeholder.Level.HIGH, Stakeholder.Level.LOW
    quadrants = (
        # (influence, interest, column, row, what to do with them)
        (high, low, 0, 0, _("keep satisfied")),
        (high, high, 1, 0, _("manage closely")),
        (low, low, 0, 1, _("monitor")),
        (low, high, 1, 1, _("keep informed")),
    )
    numbered = list(enumerate(plan.stakeholders, start=1))
    shapes = [Text(0, 11, _("Influence"), size=10, bold=True)]
    words = []
    for influence, interest, column, row, advice in quadrants:
        x, y = QUADRANT_X + column * QUADRANT_W, 18 + row * QUADRANT_H
        shaded = (column, row) == (1, 0)
        shapes.append(
            Rect(x, y, QUADRANT_W, QUADRANT_H, fill=SHADE if shaded else "#ffffff", stroke=RULE)
        )
        shapes.append(Text(x + 4, y + 12, advice, size=9, bold=True, fill=MUTED))
        members = [
            (n, s) for n, s in numbered if (s.influence, s.interest) == (influence, interest)
        ]
        for index, (number, _stakeholder) in enumerate(members[:STAKES_SHOWN]):
            line, place = divmod(index, STAKES_PER_LINE)
            cx, cy = x + 13 + place * 21, y + 29 + line * 20
            if index == STAKES_SHOWN - 1 and len(members) > STAKES_SHOWN:
                shapes.append(
                    Text(cx, cy + 4, f"+{len(members) - index}", size=9, bold=True, anchor="middle")
                )
                break
            shapes.append(Circle(cx, cy, STAKE_R, "#ffffff"))
            shapes.append(Text(cx, cy + 3.5, str(number), size=9, bold=True, anchor="middle"))
        if members:
            words.append(f"{advice}: {', '.join(f'{n} {s.name}' for n, s in members)}")
    bottom = 18 + 2 * QUADRANT_H
    for label, y in ((high.label, 18 + QUADRANT_H / 2), (low.label, 18 + 1.5 * QUADRANT_H)):
        shapes.append(Text(QUADRANT_X - 4, y + 3, str(label), size=9, anchor="end"))
    for label, x in (
        (low.label, QUADRANT_X + QUADRANT_W / 2),
        (high.label, QUADRANT_X + 1.5 * QUADRANT_W),
    ):
        shapes.append(Text(x, bottom + 12, str(label), size=9, anchor="middle"))
    shapes.append(
        Text(QUADRANT_WIDTH, bottom + 26, _("Interest"), size=10, bold=True, anchor="end")
    )
    title = _("Stakeholders by influence and interest, numbered as in the table: %(groups)s.") % {
        "groups": "; ".join(words)
    }
    return Chart(
        f"stakeholders-{plan.measure.pk}", title, bottom + 30, tuple(shapes), QUADRANT_WIDTH
    )
