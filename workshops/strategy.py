"""Gather a strategy process into one plain structure for the preview page and the PDF.

This is the document assembly: the only module that imports from all three apps. It reads
everything in a fixed number of queries, whatever the amount of data, and returns frozen
dataclasses that hold only plain values. Labels of choices are properties, so they are
translated when a template renders them (the PDF under German) and stay out of `as_json()`,
whose hash identifies the content for caching the rendered PDF.
"""

import dataclasses
import datetime
import functools
import hashlib
import json
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fields.models import ActionField, Goal, IndicatorFigures
from measures import costs
from measures.models import (
    PLAN_ANSWERS,
    Dependency,
    Level,
    Measure,
    Milestone,
    RankOverride,
    Stakeholder,
    Task,
)
from workshops import charts, live
from workshops.models import (
    DotVote,
    Kommune,
    KommuneLogo,
    LiveSession,
    OfflineParticipation,
    Workshop,
)
from workshops.text import Link, Markdown

STATUS_NOTES = {
    Workshop.Status.DRAFT: _(
        "This is a draft. The editorial team refines it, it is put up for public review, "
        "and then it is presented to the council for a decision."
    ),
    Workshop.Status.PUBLIC_REVIEW: _(
        "This draft is open for public review. Comments are collected and considered "
        "before the council version is prepared."
    ),
    Workshop.Status.COUNCIL: _("This version is presented to the council for a decision."),
    Workshop.Status.ADOPTED: _(
        "The council has adopted this strategy. Its measures are now being implemented."
    ),
}


# Compact labels for table columns; the roadmap's headings carry the full definitions.
TIMEFRAME_SHORT = {
    Measure.Timeframe.SHORT: _("short-term"),
    Measure.Timeframe.MEDIUM: _("medium-term"),
    Measure.Timeframe.LONG: _("long-term"),
}


def _label(choices, value):
    return choices(value).label if value else ""


@dataclasses.dataclass(frozen=True)
class GoalData(IndicatorFigures):
    title: str
    indicator: str
    target_value: str
    baseline: str = ""
    baseline_year: int | None = None
    target_year: int | None = None
    data_source: str = ""
    responsible: str = ""


@dataclasses.dataclass(frozen=True)
class RequirementData:
    """A measure another one builds on (`measures.Dependency`)."""

    pk: int
    rank: int
    title: str

    @property
    def anchor(self):
        return f"massnahme-{self.pk}"


@dataclasses.dataclass(frozen=True)
class MeasureData(costs.CostFigures):
    pk: int
    rank: int
    title: str
    description: str
    timeframe: str
    effort: str
    impact: str
    goal: str
    field_pk: int
    field_name: str
    planned: bool
    lead: str
    start_year: int | None
    start_quarter: int | None
    end_year: int | None
    end_quarter: int | None
    one_off_cost: int | None
    running_cost: int | None
    funding_programme: str
    funding_rate: int | None
    budgeted: bool = False
    sdg: int | None = None
    requires: tuple[RequirementData, ...] = ()
    group: str = ""  # the measure group within its field, e.g. "Digitale Bürgerservices"

    @property
    def anchor(self):
        return f"massnahme-{self.pk}"

    @property
    def field_anchor(self):
        return f"handlungsfeld-{self.field_pk}"

    @property
    def timeframe_label(self):
        return _label(Measure.Timeframe, self.timeframe)

    @property
    def timeframe_short_label(self):
        return TIMEFRAME_SHORT.get(self.timeframe, "")

    @property
    def effort_label(self):
        return _label(Level, self.effort)

    @property
    def impact_label(self):
        return _label(Level, self.impact)


@dataclasses.dataclass(frozen=True)
class FieldData:
    pk: int
    number: int
    name: str
    why: str
    what: str
    who: str
    when_how: str
    goals: tuple[GoalData, ...]
    measures: tuple[MeasureData, ...]

    @property
    def anchor(self):
        return f"handlungsfeld-{self.pk}"

    @property
    def colour_class(self):
        """The CSS class of the field's colour (`charts.FIELD_COLOURS`, print.css)."""
        return f"doc-field--colour-{(self.number - 1) % len(charts.FIELD_COLOURS) + 1}"

    @property
    def has_description(self):
        return any((self.why, self.what, self.who, self.when_how))

    @property
    def measure_groups(self) -> tuple["MeasureGroupData", ...]:
        """The field's measures by group, each group in rank order and the groups in the order
        of their best rank; the ungrouped ones last. Without any group: one unnamed group."""
        groups = {}
        for measure in self.measures:
            groups.setdefault(measure.group, []).append(measure)
        if set(groups) <= {""}:
            return (MeasureGroupData("", self.measures),) if self.measures else ()
        named = [MeasureGroupData(name, tuple(m)) for name, m in groups.items() if name]
        if "" in groups:
            named.append(MeasureGroupData(_("Further measures"), tuple(groups[""])))
        return tuple(named)


@dataclasses.dataclass(frozen=True)
class MeasureGroupData:
    name: str
    measures: tuple


@dataclasses.dataclass(frozen=True)
class PhaseData:
    """One column of the roadmap: all measures of one Umsetzungszeit, in rank order."""

    timeframe: str
    measures: tuple[MeasureData, ...]

    @property
    def label(self):
        return _label(Measure.Timeframe, self.timeframe)


@dataclasses.dataclass(frozen=True)
class StakeholderData:
    name: str
    role: str
    influence: str
    interest: str

    @property
    def influence_label(self):
        return _label(Stakeholder.Level, self.influence)

    @property
    def interest_label(self):
        return _label(Stakeholder.Level, self.interest)


@dataclasses.dataclass(frozen=True)
class MilestoneData:
    title: str
    due: datetime.date
    measure_title: str
    measure_rank: int


@dataclasses.dataclass(frozen=True)
class TaskData:
    title: str
    owner: str
    due: datetime.date | None


@dataclasses.dataclass(frozen=True)
class PlanData:
    """The Steckbrief of a measure planned in depth along the seven core questions."""

    measure: MeasureData
    result: str
    target_group: str
    stakeholders: tuple[StakeholderData, ...]
    responsible: str
    resources_financial: str
    resources_personnel: str
    resources_organisational: str
    tasks: tuple[TaskData, ...]
    milestones: tuple[MilestoneData, ...]

    @property
    def anchor(self):
        return f"steckbrief-{self.measure.pk}"

    @functools.cached_property
    def stakeholder_chart(self) -> "charts.Chart | None":
        return charts.stakeholder_quadrant(self)

    @property
    def tasks_have_details(self):
        """Whether any task names an owner or a due date (then the tasks are a table)."""
        return any(task.owner or task.due for task in self.tasks)

    @property
    def has_resources(self):
        return any(
            (self.resources_financial, self.resources_personnel, self.resources_organisational)
        )


@dataclasses.dataclass(frozen=True)
class OverrideData:
    title: str
    from_rank: int
    to_rank: int
    reason: str
    date: datetime.date


@dataclasses.dataclass(frozen=True)
class RankingVoteData:
    """How the room set the ranking in a dot vote, and the ranks changed since, with reasons."""

    date: datetime.date
    voters: int
    method: str
    overrides: tuple[OverrideData, ...]


@dataclasses.dataclass(frozen=True)
class SessionRecordData:
    """A live workshop held with the app, as the participation record of the strategy."""

    date: datetime.date
    place: str
    items: tuple[str, ...]  # the agenda items taken, as `LiveSession.Item` values
    participants: int
    contributions: int
    accepted: int
    votes: int
    dots: int

    @property
    def agenda(self):
        return [LiveSession.Item(item).label for item in self.items]


@dataclasses.dataclass(frozen=True)
class FormatData:
    """A way of taking part held without the app (survey, interviews, World Café)."""

    date: datetime.date
    format: str
    title: str
    people: int
    summary: str

    @property
    def format_label(self):
        return _label(OfflineParticipation.Format, self.format)


@dataclasses.dataclass(frozen=True)
class ParticipationData:
    sessions: tuple[SessionRecordData, ...]
    formats: tuple[FormatData, ...]

    @property
    def people(self) -> int:
        """Everybody counted in the record (a person at two events counts twice)."""
        return sum(s.participants for s in self.sessions) + sum(f.people for f in self.formats)

    @property
    def events(self) -> int:
        return len(self.sessions) + len(self.formats)


@dataclasses.dataclass(frozen=True)
class ZielbildData:
    title: str
    text: str


@dataclasses.dataclass(frozen=True)
class CostPlanData:
    """The Kosten- und Finanzierungsplan, derived from the measures (see `measures/costs.py`)."""

    measures: tuple[MeasureData, ...]  # those with costs or a start
    years: tuple[costs.YearCosts, ...]
    totals: costs.Totals
    unscheduled: tuple[MeasureData, ...]  # with costs but without a start

    @property
    def has_costs(self) -> bool:
        return bool(self.totals.one_off or self.totals.running)

    @functools.cached_property
    def chart(self) -> "charts.Chart | None":
        return charts.cost_by_year(self.years)


@dataclasses.dataclass(frozen=True)
class ReferenceData:
    title: str
    publisher: str
    year: int | None
    url: Link


@dataclasses.dataclass(frozen=True)
class NextStepData:
    """A step of the Fahrplan."""

    title: str
    owner: str
    due: datetime.date | None


@dataclasses.dataclass(frozen=True)
class TextsData:
    """The document's own texts, in Markdown; an empty text leaves its chapter out."""

    foreword: Markdown
    situation: Markdown
    approach: Markdown
    context: Markdown
    organisation: Markdown
    monitoring: Markdown
    outlook: Markdown

    @property
    def written(self) -> int:
        return sum(bool(getattr(self, f.name).strip()) for f in dataclasses.fields(self))


DOCUMENT_TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(TextsData))


@dataclasses.dataclass(frozen=True)
class StrategyData:
    workshop_pk: int
    kommune_name: str
    kommune_kind: str
    kommune_state: str
    kommune_ags: str
    title: str
    date: datetime.date
    status: str
    vision: str
    zielbilder: tuple[ZielbildData, ...]
    leitsaetze: tuple[str, ...]
    fields: tuple[FieldData, ...]
    measures: tuple[MeasureData, ...]
    roadmap: tuple[PhaseData, ...]
    plans: tuple[PlanData, ...]
    milestones: tuple[MilestoneData, ...]
    deep_plan_count: int
    ranking_vote: RankingVoteData | None = None
    next_steps: tuple[NextStepData, ...] = ()  # the Fahrplan, by date
    participation: ParticipationData | None = None  # None when nothing is recorded
    texts: TextsData | None = None  # None only for data built by hand
    references: tuple[ReferenceData, ...] = ()
    publisher: str = ""  # the imprint; the Kommune's name when empty
    contact: str = ""
    logo: str = ""  # a data: URL of the PNG (`KommuneLogo`) as a `Link`, or empty
    version: str = ""

    @property
    def kommune_kind_label(self):
        return _label(Kommune.Kind, self.kommune_kind)

    @property
    def status_label(self):
        return _label(Workshop.Status, self.status)

    @property
    def status_note(self):
        return STATUS_NOTES.get(self.status, "")

    @functools.cached_property
    def cost_plan(self) -> "CostPlanData":
        costed = tuple(m for m in self.measures if m.has_costs or m.start_year is not None)
        return CostPlanData(
            measures=costed,
            years=costs.by_year(self.measures),
            totals=costs.totals(self.measures),
            unscheduled=tuple(m for m in costed if m.has_costs and m.start_year is None),
        )

    @functools.cached_property
    def roadmap_charts(self) -> tuple["charts.Chart", ...]:
        return charts.roadmap(self)

    @functools.cached_property
    def roadmap_digest(self) -> str:
        """A digest of what the implementation plan shows (its timeline and tables): the
        section is cached under it, so an edit of a description or a Steckbrief does not
        render it again."""
        shown = (
            self.date,
            [
                (m.pk, m.rank, m.title, m.timeframe, m.field_pk, m.field_name, m.period_label)
                for m in self.measures
            ],
            [(f.pk, f.number, f.name) for f in self.fields],
            [(p.measure.pk, [ms.due for ms in p.milestones]) for p in self.plans],
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    @functools.cached_property
    def matrix_chart(self) -> "charts.Chart | None":
        return charts.matrix(self)

    @property
    def indicators(self) -> tuple[tuple[FieldData, GoalData], ...]:
        """The goals with an indicator, by field: the rows of the monitoring table."""
        return tuple((f, g) for f in self.fields for g in f.goals if g.has_indicator)

    @property
    def top_measures(self) -> tuple[MeasureData, ...]:
        """The measures planned in depth first: the top of the ranking, for the Kurzfassung."""
        return self.measures[: self.deep_plan_count]

    def as_json(self) -> str:
        """The content as canonical JSON: equal content gives equal text."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)


def _rows_by(queryset, key, *fields):
    """The rows of `queryset` as tuples of `fields`, grouped by `key`, in the queryset's order.

    Plain rows instead of model instances and prefetches: for a large strategy, building model
    instances and per-row related managers cost more than the queries themselves.
    """
    groups = defaultdict(list)
    for key_value, *values in queryset.values_list(key, *fields):
        groups[key_value].append(values)
    return groups


GOAL_FIELDS = (
    "title",
    "indicator",
    "target_value",
    "baseline",
    "baseline_year",
    "target_year",
    "data_source",
    "responsible",
)

COST_FIELDS = (
    "lead",
    "start_year",
    "start_quarter",
    "end_year",
    "end_quarter",
    "one_off_cost",
    "running_cost",
    "funding_programme",
    "funding_rate",
    "budgeted",
    "sdg",
)


def gather(workshop: Workshop, *, today: datetime.date | None = None) -> StrategyData:
    """Everything the strategy document shows, read once.

    `workshop` should come with its Kommune (`select_related("kommune")`), as
    `permissions.get_workshop` returns it; the remaining reads are thirteen queries, two more for a
    ranking set by a dot vote and two more when live sessions were held.
    """
    date = workshop.document_date or today or timezone.localdate()
    kommune = workshop.kommune
    action_fields = list(
        ActionField.objects.filter(workshop=workshop)
        .order_by("position", "pk")
        .values_list("pk", "name", "why", "what", "who", "when_how")
    )
    goals = _rows_by(
        Goal.objects.filter(action_field__workshop=workshop),
        "action_field_id",
        *GOAL_FIELDS,
    )
    measures = list(
        Measure.objects.filter(workshop=workshop)
        .order_by("rank")
        .values_list(
            "pk",
            "rank",
            "title",
            "description",
            "timeframe",
            "effort",
            "impact",
            "goal__title",
            "action_field_id",
            "group",
            *COST_FIELDS,
            "plan__pk",
            *(f"plan__{answer}" for answer in PLAN_ANSWERS),
        )
    )
    in_workshop = {"plan__measure__workshop": workshop}
    stakeholders = _rows_by(
        Stakeholder.objects.filter(**in_workshop),
        "plan_id",
        "name",
        "role",
        "influence",
        "interest",
    )
    tasks = _rows_by(Task.objects.filter(**in_workshop), "plan_id", "title", "owner", "due")
    milestones = _rows_by(Milestone.objects.filter(**in_workshop), "plan_id", "title", "due")

    def has_content(plan_pk, answers):
        return plan_pk is not None and (
            any(a.strip() for a in answers)
            or plan_pk in stakeholders
            or plan_pk in tasks
            or plan_pk in milestones
        )

    field_names = {pk: name for pk, name, *_ in action_fields}
    ranked = {pk: (rank, title) for pk, rank, title, *_ in measures}
    requires = defaultdict(list)
    for measure_pk, required_pk in Dependency.objects.filter(
        measure__workshop=workshop
    ).values_list("measure_id", "requires_id"):
        requires[measure_pk].append(RequirementData(required_pk, *ranked[required_pk]))
    planned = {}  # measure pk → (plan pk, answers), in rank order
    measure_data = []
    for (
        pk,
        rank,
        title,
        description,
        timeframe,
        effort,
        impact,
        goal,
        field_pk,
        group,
        *rest,
    ) in measures:
        cost_values, (plan_pk, *answers) = rest[: len(COST_FIELDS)], rest[len(COST_FIELDS) :]
        if has_content(plan_pk, answers):
            planned[pk] = (plan_pk, answers)
        measure_data.append(
            MeasureData(
                pk=pk,
                rank=rank,
                title=title,
                description=description,
                timeframe=timeframe,
                effort=effort,
                impact=impact,
                goal=goal or "",
                field_pk=field_pk,
                field_name=field_names[field_pk],
                group=group,
                planned=pk in planned,
                requires=tuple(sorted(requires[pk], key=lambda r: r.rank)),
                **dict(zip(COST_FIELDS, cost_values, strict=True)),
            )
        )
    measure_data = tuple(measure_data)
    by_pk = {m.pk: m for m in measure_data}
    by_field = {pk: [] for pk, *_ in action_fields}
    for m in measure_data:
        by_field[m.field_pk].append(m)

    field_data = tuple(
        FieldData(
            pk=pk,
            number=number,
            name=name,
            why=why,
            what=what,
            who=who,
            when_how=when_how,
            goals=tuple(GoalData(*goal) for goal in goals[pk]),
            measures=tuple(by_field[pk]),
        )
        for number, (pk, name, why, what, who, when_how) in enumerate(action_fields, start=1)
    )

    roadmap = tuple(
        PhaseData(timeframe, tuple(m for m in measure_data if m.timeframe == timeframe))
        for timeframe in Measure.Timeframe.values
    )

    plan_data = tuple(
        PlanData(
            measure=by_pk[measure_pk],
            stakeholders=tuple(StakeholderData(*row) for row in stakeholders[plan_pk]),
            tasks=tuple(TaskData(*row) for row in tasks[plan_pk]),
            milestones=tuple(
                MilestoneData(title, due, by_pk[measure_pk].title, by_pk[measure_pk].rank)
                for title, due in milestones[plan_pk]
            ),
            **dict(zip(PLAN_ANSWERS, answers, strict=True)),
        )
        for measure_pk, (plan_pk, answers) in planned.items()
    )

    logo = KommuneLogo.objects.filter(kommune=kommune).first()
    return StrategyData(
        workshop_pk=workshop.pk,
        kommune_name=kommune.name,
        kommune_kind=kommune.kind,
        kommune_state=kommune.state,
        kommune_ags=kommune.ags,
        publisher=kommune.publisher,
        contact=kommune.contact,
        logo=Link(logo.data_url()) if logo else Link(""),
        title=workshop.title,
        version=workshop.document_version,
        date=date,
        status=workshop.status,
        vision=workshop.vision,
        zielbilder=tuple(
            ZielbildData(*row) for row in workshop.zielbilder.values_list("title", "text")
        ),
        leitsaetze=tuple(workshop.leitsaetze.values_list("text", flat=True)),
        fields=field_data,
        measures=measure_data,
        roadmap=roadmap,
        plans=plan_data,
        milestones=tuple(
            sorted(
                # Only milestones still ahead belong under "Die nächsten Meilensteine".
                (ms for plan in plan_data for ms in plan.milestones if ms.due >= date),
                key=lambda ms: (ms.due, ms.measure_rank),
            )
        ),
        deep_plan_count=workshop.deep_plan_count,
        ranking_vote=_ranking_vote(workshop),
        participation=_participation(workshop),
        texts=TextsData(
            **{name: Markdown(getattr(workshop, name)) for name in DOCUMENT_TEXT_FIELDS}
        ),
        references=tuple(
            ReferenceData(title, publisher, year, Link(url))
            for title, publisher, year, url in workshop.references.values_list(
                "title", "publisher", "year", "url"
            )
        ),
        next_steps=tuple(
            NextStepData(*row) for row in workshop.next_steps.values_list("title", "owner", "due")
        ),
    )


def _ranking_vote(workshop: Workshop) -> RankingVoteData | None:
    """Two more queries, only for a ranking set by a dot vote."""
    if workshop.ranking_vote_id is None:
        return None
    vote = DotVote.objects.filter(pk=workshop.ranking_vote_id).first()
    if vote is None:
        return None
    # Only the changes since this vote: an earlier vote's overrides went with its order.
    overrides = RankOverride.objects.filter(
        workshop=workshop, created_at__gte=vote.closed_at
    ).values_list("measure__title", "from_rank", "to_rank", "reason", "created_at")
    return RankingVoteData(
        date=timezone.localdate(vote.closed_at),
        voters=vote.voter_count or 0,
        method=str(vote.method),
        overrides=tuple(
            OverrideData(title, from_rank, to_rank, reason, timezone.localdate(at))
            for title, from_rank, to_rank, reason, at in overrides
        ),
    )


def _participation(workshop: Workshop) -> ParticipationData | None:
    """The participation record: the ended live sessions and the formats held without the app
    (two more queries, four when live sessions were held)."""
    sessions = tuple(
        SessionRecordData(
            date=timezone.localdate(entry.session.started_at),
            place=entry.session.place,
            items=tuple(entry.session.opened_items),
            participants=entry.participants,
            contributions=entry.contributions,
            accepted=entry.accepted,
            votes=entry.votes,
            dots=entry.dots,
        )
        for entry in live.record(workshop)
        if entry.session.ended_at is not None
    )
    formats = tuple(
        FormatData(*row)
        for row in OfflineParticipation.objects.filter(workshop=workshop).values_list(
            "held_on", "format", "title", "people", "summary"
        )
    )
    if not sessions and not formats:
        return None
    return ParticipationData(sessions, formats)
