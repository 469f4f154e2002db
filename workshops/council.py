"""The Beschlussvorlage: the council paper that puts the strategy before the council.

The editor fills its header once (number, subject, lead, the Beratungsfolge, how the costs are
covered); everything else comes from the strategy (`strategy.gather`): the numbered
Beschlussvorschlag, the Sachverhalt from the Ausgangslage and the approach, and the Finanzielle
Auswirkungen from the cost plan (`measures/costs.py`). `council_docx` writes it as DOCX for the
Ratsinformationssystem; `pdf.render_council_pdf` as a tagged PDF.
"""

import dataclasses
import datetime
import functools

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures import costs

from .models import CouncilStep, Workshop
from .pdf import filename as pdf_filename
from .strategy import StrategyData, gather
from .text import Markdown, euro


@dataclasses.dataclass(frozen=True)
class StepData:
    body: str
    date: datetime.date | None
    role: str

    @property
    def role_label(self) -> str:
        return str(CouncilStep.Role(self.role).label)


@dataclasses.dataclass(frozen=True)
class CouncilPaperData:
    strategy: StrategyData
    number: str
    subject: str
    public: bool
    lead: str
    date: datetime.date
    steps: tuple[StepData, ...]
    coverage: str

    @property
    def proposals(self) -> tuple[str, ...]:
        """The Beschlussvorschlag, one numbered point each (passive voice: it reads the same
        whichever body decides)."""
        strategy = self.strategy
        count, fields = len(strategy.measures), len(strategy.fields)
        return (
            _("The “%(title)s” is adopted in the present version (Annex 1).")
            % {"title": strategy.title},
            ngettext(
                "The list of measures is adopted in the order of the strategy: %(count)s "
                "measure in %(fields)s fields of action.",
                "The list of measures is adopted in the order of the strategy: %(count)s "
                "measures in %(fields)s fields of action.",
                count,
            )
            % {"count": count, "fields": fields},
            _(
                "The cost and financing plan is taken note of. The funds are provided in the "
                "budget deliberations of each year."
            ),
            _(
                "The administration is instructed to steer the implementation and to report on "
                "its progress once a year."
            ),
        )

    @property
    def occasion(self) -> str:
        """The first paragraph of the Sachverhalt: what was done and what the strategy holds."""
        strategy = self.strategy
        # Public participation is claimed only where the participation record shows some.
        if strategy.participation is not None and strategy.participation.people:
            text = _(
                "In a strategy process the administration, together with the public, has drawn "
                "up the “%(title)s” of %(kommune)s."
            )
        else:
            text = _(
                "In a strategy process the administration has drawn up the “%(title)s” of %(kommune)s."
            )
        text %= {"title": strategy.title, "kommune": strategy.kommune_name}
        text += " " + ngettext(
            "It describes %(count)s measure in %(fields)s fields of action.",
            "It describes %(count)s measures in %(fields)s fields of action.",
            len(strategy.measures),
        ) % {"count": len(strategy.measures), "fields": len(strategy.fields)}
        planned = sum(m.planned for m in strategy.measures)
        if planned:
            text += " " + ngettext(
                "%(count)s measure at the top of the ranking is worked out as a project plan.",
                "The %(count)s measures at the top of the ranking are worked out as project plans.",
                planned,
            ) % {"count": planned}
        return text

    @property
    def participation_summary(self) -> str:
        record = self.strategy.participation
        if record is None:
            return ""
        return ngettext(
            "%(people)s participations were recorded in %(events)s event or format.",
            "%(people)s participations were recorded in %(events)s events and formats.",
            record.events,
        ) % {"people": record.people, "events": record.events}

    @property
    def situation(self) -> Markdown:
        return self.strategy.texts.situation if self.strategy.texts else Markdown("")

    @property
    def approach(self) -> Markdown:
        return self.strategy.texts.approach if self.strategy.texts else Markdown("")

    @property
    def plan(self):
        return self.strategy.cost_plan

    @property
    def has_financial_effects(self) -> bool:
        return self.plan.has_costs

    @functools.cached_property
    def budget_years(self) -> tuple[costs.BudgetYear, ...]:
        return costs.budget_years(self.strategy.measures)

    @functools.cached_property
    def budget_totals(self) -> costs.BudgetYear | None:
        """The sum row of the per-year table; None without scheduled measures."""
        years = self.budget_years
        if not years:
            return None
        summed = costs.YearCosts(
            year=0,
            one_off=sum(y.costs.one_off for y in years),
            funding=sum(y.costs.funding for y in years),
            running=sum(y.costs.running for y in years),
        )
        return costs.BudgetYear(costs=summed, planned=sum(y.planned for y in years))

    @property
    def unscheduled_note(self) -> str:
        """Measures with costs but without a start: in no budget year yet."""
        unscheduled = self.plan.unscheduled
        if not unscheduled:
            return ""
        return ngettext(
            "Not yet assigned to a budget year (no start set): %(count)s measure with one-off "
            "costs of %(cost)s.",
            "Not yet assigned to a budget year (no start set): %(count)s measures with one-off "
            "costs of %(cost)s.",
            len(unscheduled),
        ) % {
            "count": len(unscheduled),
            "cost": euro(sum(m.one_off_cost or 0 for m in unscheduled)),
        }

    @property
    def estimate_note(self) -> str:
        missing = sum(not m.has_costs for m in self.strategy.measures)
        if not missing:
            return ""
        return ngettext(
            "There is no cost estimate yet for %(count)s measure.",
            "There is no cost estimate yet for %(count)s measures.",
            missing,
        ) % {"count": missing}

    @property
    def finance_summary(self) -> str:
        totals = self.plan.totals
        return _(
            "One-off costs of %(one_off)s in total, of which %(funding)s are expected from "
            "funding programmes and %(own)s are the Kommune's own share. Once all measures are "
            "implemented, running costs of %(running)s a year remain (Folgekosten)."
        ) % {
            "one_off": euro(totals.one_off),
            "funding": euro(totals.funding),
            "own": euro(totals.own),
            "running": euro(totals.running),
        }

    @property
    def coverage_text(self) -> str:
        return self.coverage or _(
            "The funds are to be provided in the budgets of the years concerned; funding is "
            "applied for before each measure starts."
        )

    @property
    def title_line(self) -> str:
        return self.subject or _("Adoption of the “%(title)s”") % {"title": self.strategy.title}

    @property
    def annex(self) -> str:
        values = {
            "title": self.strategy.title,
            "date": date_format(self.strategy.date, "DATE_FORMAT"),
            "version": self.strategy.version,
        }
        if self.strategy.version:
            return (
                _("Annex 1: %(title)s, version %(version)s as of %(date)s (strategy document, PDF)")
                % values
            )
        return _("Annex 1: %(title)s, as of %(date)s (strategy document, PDF)") % values


def gather_paper(workshop: Workshop, *, today: datetime.date | None = None) -> CouncilPaperData:
    strategy = gather(workshop, today=today)
    steps = tuple(
        StepData(body=body, date=date, role=role)
        for body, date, role in workshop.council_steps.values_list("body", "date", "role")
    )
    return CouncilPaperData(
        strategy=strategy,
        number=workshop.paper_number,
        subject=workshop.paper_subject,
        public=workshop.paper_public,
        lead=workshop.paper_lead,
        date=workshop.paper_date or strategy.date,
        steps=steps,
        coverage=workshop.paper_coverage,
    )


def filename(paper: CouncilPaperData, extension: str) -> str:
    """E.g. `Beschlussvorlage-Digitalstrategie-2030-Musterstadt-2027-02-01.docx`."""
    return f"Beschlussvorlage-{pdf_filename(paper.strategy, extension)}"
