"""Writes that span a whole strategy process and all three apps.

They live here, in the top app, because `measures` may import from `fields` and `workshops`
but not the other way round.
"""

import datetime

from django.db import models, transaction

from fields.models import ActionField, Goal
from workshops.models import Leitsatz, NextStep, Workshop, Zielbild

from .models import (
    PLAN_ANSWERS,
    Dependency,
    Measure,
    Milestone,
    ProjectPlan,
    Stakeholder,
    Task,
)


def _clone(obj: models.Model, **changes) -> models.Model:
    """An unsaved copy of `obj` with every concrete column but the primary key.

    `changes` are attribute names (`workshop_id`, not `workshop`). Columns added to a model later
    are copied as well; a new foreign key to rows of the process must be mapped here.
    """
    meta = obj._meta
    values = {f.attname: getattr(obj, f.attname) for f in meta.concrete_fields if not f.primary_key}
    return type(obj)(**{**values, **changes})


def _copy_rows(queryset, parent: str, new_parent_ids: dict[int, int], **maps) -> dict[int, int]:
    """Copy every row of `queryset` under its new parent; returns old pk → new pk.

    `parent` is the attribute naming the parent (`workshop_id`), `new_parent_ids` maps the old
    parents to the copied ones; `maps` maps further foreign keys (`goal_id={old: new}`),
    where None stays None.
    """
    rows = list(queryset.order_by("pk"))
    copies = [
        _clone(
            row,
            **{parent: new_parent_ids[getattr(row, parent)]},
            **{key: mapping.get(getattr(row, key)) for key, mapping in maps.items()},
        )
        for row in rows
    ]
    created = queryset.model.objects.bulk_create(copies)
    return {row.pk: copy.pk for row, copy in zip(rows, created, strict=True)}


@transaction.atomic
def copy_workshop(*, source: Workshop, title: str, user) -> Workshop:
    """A new draft with the whole content of `source`, as the starting point of a new process.

    Vision, Zielbilder, Leitsätze, the Fahrplan, Handlungsfelder with their prompts and goals, measures with
    their ranks, goals and dependencies, project plans with stakeholders, tasks and milestones. The copy is
    not archived, its ranking is not confirmed and it has no Stand of its own yet; its live
    sessions and their votes stay with the source. A fixed
    number of queries, however large the process.
    """
    copy = _clone(
        source,
        title=title,
        status=Workshop.Status.DRAFT,
        ranked_at=None,
        confirmed_order=[],
        confirmed_at=None,
        document_date=None,
        document_version="",
        archived_at=None,
        ranking_vote_id=None,
        updated_by_id=user.pk,
    )
    copy.save()
    workshop = {source.pk: copy.pk}
    _copy_rows(Zielbild.objects.filter(workshop=source), "workshop_id", workshop)
    # Live sessions stay with the source: the copies keep no origin (`origin_id` maps to None).
    _copy_rows(Leitsatz.objects.filter(workshop=source), "workshop_id", workshop, origin_id={})
    _copy_rows(NextStep.objects.filter(workshop=source), "workshop_id", workshop)
    fields = _copy_rows(ActionField.objects.filter(workshop=source), "workshop_id", workshop)
    goals = _copy_rows(
        Goal.objects.filter(action_field__workshop=source), "action_field_id", fields, origin_id={}
    )
    measures = _copy_rows(
        Measure.objects.filter(workshop=source),
        "workshop_id",
        workshop,
        action_field_id=fields,
        goal_id=goals,
        origin_id={},
    )
    _copy_rows(
        Dependency.objects.filter(measure__workshop=source),
        "measure_id",
        measures,
        requires_id=measures,
    )
    plans = _copy_rows(ProjectPlan.objects.filter(measure__workshop=source), "measure_id", measures)
    for row_model in (Stakeholder, Task, Milestone):
        _copy_rows(row_model.objects.filter(plan__measure__workshop=source), "plan_id", plans)
    return copy


def take_profile(workshop: Workshop, profile, field) -> tuple[Measure, bool]:
    """Take the catalogue `profile` into `workshop` as a measure of `field` (an editable copy
    that records where it came from), at the end of the ranking. Taking it twice gives the
    measure taken first (a double click makes one measure): (measure, created)."""
    with transaction.atomic():
        measure = Measure(
            workshop=workshop,
            action_field=field,
            goal=field.only_goal(),
            profile=profile,
            title=profile.title,
            description=profile.summary,
            timeframe=profile.timeframe or Measure.Timeframe.MEDIUM,
            effort=profile.effort,
            impact=profile.impact,
        )
        Measure.objects.lock_ranking(workshop.pk)
        taken = workshop.measures.filter(profile=profile).first()
        if taken is not None:
            return taken, False
        measure.save_as_last()
    return measure, True


# How far the milestones of a profile are spread, by Umsetzungszeit (months from today).
MILESTONE_SPAN_MONTHS = {"short": 12, "medium": 36, "long": 60}


def start_plan_from_profile(measure: Measure, *, today: datetime.date) -> dict[str, int]:
    """Fill what the measure's plan still lacks from the profile it was taken from: empty
    answers, and stakeholders, tasks and milestones where the plan has none. Nothing written
    before is replaced. Milestone dates are spread over the Umsetzungszeit from next month on,
    to be checked. Returns how many answers and rows were added, by kind."""
    profile = measure.profile
    added = {"answers": 0, "stakeholders": 0, "tasks": 0, "milestones": 0}
    with transaction.atomic():
        plan, _created = ProjectPlan.objects.get_or_create(measure=measure)
        plan = ProjectPlan.objects.select_for_update().get(pk=plan.pk)
        changed = [name for name in PLAN_ANSWERS if not getattr(plan, name).strip()]
        changed = [name for name in changed if getattr(profile, name)]
        for name in changed:
            setattr(plan, name, getattr(profile, name))
        if changed:
            plan.save(update_fields=[*changed, "updated_at"])
        added["answers"] = len(changed)
        if not Stakeholder.objects.filter(plan=plan).exists():
            Stakeholder.objects.bulk_create(
                Stakeholder(plan=plan, position=number, **row)
                for number, row in enumerate(profile.stakeholders, start=1)
            )
            added["stakeholders"] = len(profile.stakeholders)
        if not Task.objects.filter(plan=plan).exists():
            Task.objects.bulk_create(
                Task(plan=plan, position=number, title=title)
                for number, title in enumerate(profile.tasks, start=1)
            )
            added["tasks"] = len(profile.tasks)
        if not Milestone.objects.filter(plan=plan).exists() and profile.milestones:
            span = MILESTONE_SPAN_MONTHS.get(measure.timeframe, 36)
            count = len(profile.milestones)
            Milestone.objects.bulk_create(
                Milestone(
                    plan=plan,
                    position=number,
                    title=title,
                    due=_months_ahead(today, round(span * number / count)),
                )
                for number, title in enumerate(profile.milestones, start=1)
            )
            added["milestones"] = count
    return added


def _months_ahead(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` after `day`'s month."""
    year, month = divmod(day.month - 1 + months + 1, 12)
    first_of_next = datetime.date(day.year + year, month + 1, 1)
    return first_of_next - datetime.timedelta(days=1)
