"""The cost and financing plan: each measure's costs spread over the budget years.

The rules, as the document states them:
- A measure's one-off cost falls evenly on the budget years of its implementation period (from
  its start year to its end year; the start year alone when no end is given). Whole euros: the
  first years take the remainder, so the years add up to the cost exactly.
- Funding covers the funding rate of the one-off cost (rounded to whole euros, half up); the
  rest is the Kommune's own share, spread like the cost.
- The running cost is due every year after the end year (after the start year without an end):
  the Folgekosten. The plan shows the years up to the first year of Folgekosten of the measure
  that ends last.
- A measure with costs but no start is listed with its amounts but not spread over years.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from .sdgs import sdg_label


class Costed(Protocol):
    start_year: int | None
    end_year: int | None
    one_off_cost: int | None
    running_cost: int | None
    funding_rate: int | None
    budgeted: bool


@dataclass(frozen=True)
class YearCosts:
    year: int
    one_off: int
    funding: int
    running: int

    @property
    def own(self) -> int:
        return self.one_off - self.funding

    @property
    def total(self) -> int:
        return self.one_off + self.running

    @property
    def own_total(self) -> int:
        """What the Kommune's budget carries in this year: its own share plus running costs."""
        return self.own + self.running


def funding_of(cost: int | None, rate: int | None) -> int:
    if not cost or not rate:
        return 0
    return int((Decimal(cost) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _even(amount: int, parts: int) -> list[int]:
    """`amount` in `parts` whole numbers that add up to it; the first ones take the rest."""
    base, rest = divmod(amount, parts)
    return [base + (1 if n < rest else 0) for n in range(parts)]


def implementation_years(measure: Costed) -> list[int]:
    if measure.start_year is None:
        return []
    end = measure.end_year if measure.end_year is not None else measure.start_year
    return list(range(measure.start_year, end + 1))


def plan_years(measures: Iterable[Costed]) -> range:
    """The plan's budget years: from the first start to the first year of Folgekosten of the
    measure that ends last; empty without any scheduled measure."""
    measures = [m for m in measures if m.start_year is not None]
    if not measures:
        return range(0)
    first = min(m.start_year for m in measures)
    return range(first, max(implementation_years(m)[-1] for m in measures) + 2)


def by_year(measures: Iterable[Costed], years: range | None = None) -> tuple[YearCosts, ...]:
    """The budget years (by default the plan's), each with the sums of the scheduled measures."""
    measures = [m for m in measures if m.start_year is not None]
    years = plan_years(measures) if years is None else years
    if not years:
        return ()
    last = years[-1]
    sums = {year: [0, 0, 0] for year in years}
    for measure in measures:
        cost = measure.one_off_cost or 0
        funding = funding_of(cost, measure.funding_rate)
        own_years = implementation_years(measure)
        for year, part, funded in zip(
            own_years, _even(cost, len(own_years)), _even(funding, len(own_years)), strict=True
        ):
            sums[year][0] += part
            sums[year][1] += funded
        for year in range(own_years[-1] + 1, last + 1):
            sums[year][2] += measure.running_cost or 0
    return tuple(YearCosts(year, *amounts) for year, amounts in sums.items())


def quarter_label(year: int | None, quarter: int | None) -> str:
    return f"Q{quarter}/{year}" if year is not None and quarter is not None else ""


def period_label(measure) -> str:
    """E.g. "Q2/2027 - Q4/2028", "ab Q2/2027" (no end yet), or "" (no dates)."""
    start = quarter_label(measure.start_year, measure.start_quarter)
    end = quarter_label(measure.end_year, measure.end_quarter)
    if start and end:
        return start if start == end else f"{start} – {end}"
    return _("from %(start)s") % {"start": start} if start else ""


class CostFigures:
    """Mixed into `Measure` and the document's `MeasureData`: the figures derived from the
    cost fields (and the SDG's name), the same for the page and the document."""

    @property
    def period_label(self) -> str:
        return period_label(self)

    @property
    def funding_amount(self) -> int:
        return funding_of(self.one_off_cost, self.funding_rate)

    @property
    def own_share(self) -> int:
        return (self.one_off_cost or 0) - self.funding_amount

    @property
    def has_costs(self) -> bool:
        return bool(self.one_off_cost or self.running_cost)

    @property
    def sdg_label(self) -> str:
        return sdg_label(self.sdg)


@dataclass(frozen=True)
class Totals:
    one_off: int
    funding: int
    running: int

    @property
    def own(self) -> int:
        return self.one_off - self.funding


def totals(measures: Iterable[Costed]) -> Totals:
    """The sums over all measures; `running` is the yearly Folgekosten once all have ended."""
    measures = list(measures)
    return Totals(
        one_off=sum(m.one_off_cost or 0 for m in measures),
        funding=sum(funding_of(m.one_off_cost, m.funding_rate) for m in measures),
        running=sum(m.running_cost or 0 for m in measures),
    )


@dataclass(frozen=True)
class BudgetYear:
    """One budget year for the Beschlussvorlage: the costs, and how much of the burden on the
    budget (own share plus running costs) is already planned there."""

    costs: YearCosts
    planned: int

    @property
    def additional(self) -> int:
        return self.costs.own_total - self.planned


def budget_years(measures: Iterable[Costed]) -> tuple[BudgetYear, ...]:
    """The plan's years with the part of the measures marked as already in the budget."""
    measures = list(measures)
    years = plan_years(measures)
    planned = by_year([m for m in measures if m.budgeted], years)
    return tuple(
        BudgetYear(costs=row, planned=done.own_total)
        for row, done in zip(by_year(measures, years), planned, strict=True)
    )
