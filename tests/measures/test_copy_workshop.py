"""Copying a whole strategy process as the starting point of a new one."""

import datetime
import itertools
import uuid

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fields.models import ActionField, Goal
from measures.models import Dependency, Measure, Milestone, ProjectPlan, Stakeholder, Task
from measures.services import copy_workshop
from tests.factories import (
    ActionFieldFactory,
    CatalogueFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
    TaskFactory,
    ZielbildFactory,
)
from workshops import live, voting
from workshops.models import Participant, Workshop


def fill(workshop, *, fields=2):
    """A process with content in every step; `fields` Handlungsfelder of the same shape."""
    workshop.vision = "Musterstadt ist digital und nah."
    workshop.status = Workshop.Status.ADOPTED
    workshop.document_date = datetime.date(2026, 6, 1)
    workshop.ranked_at = timezone.now()
    workshop.archived_at = timezone.now()
    workshop.deep_plan_count = 3
    workshop.save()
    ZielbildFactory.create_batch(2, workshop=workshop, text="Ein Bild")
    LeitsatzFactory.create_batch(3, workshop=workshop)
    for number in range(fields):
        field = ActionFieldFactory(
            workshop=workshop,
            source=CatalogueFieldFactory(),
            why=f"Warum {number}",
            what="Was",
            who="Wer",
            when_how="Wann und wie",
        )
        goals = GoalFactory.create_batch(
            2, action_field=field, indicator="Anteil", target_value="80 %"
        )
        for goal in [*goals, None]:
            measure = MeasureFactory(
                action_field=field, goal=goal, description="Beschreibung", effort="low"
            )
            plan = ProjectPlanFactory(measure=measure, target_group="Alle", responsible="Amt")
            StakeholderFactory(plan=plan, role="Partner")
            TaskFactory(plan=plan, owner="Amt 10", due=datetime.date(2027, 2, 1))
            MilestoneFactory(plan=plan)
    ranked = list(Measure.objects.filter(workshop=workshop).order_by("rank"))
    Dependency.objects.bulk_create(
        Dependency(measure=later, requires=earlier) for earlier, later in itertools.pairwise(ranked)
    )
    workshop.confirmed_order = list(
        Measure.objects.filter(workshop=workshop).values_list("pk", flat=True)
    )
    workshop.confirmed_at = workshop.ranked_at
    workshop.save()
    return workshop


def content(workshop):
    """Everything a process holds, without its row ids."""
    measures = Measure.objects.filter(workshop=workshop)
    plans = ProjectPlan.objects.filter(measure__workshop=workshop)
    return {
        "workshop": (workshop.vision, workshop.deep_plan_count, workshop.catalogue_id),
        "zielbilder": list(workshop.zielbilder.values_list("title", "text", "position")),
        "leitsaetze": list(workshop.leitsaetze.values_list("text", "position")),
        "fields": list(
            workshop.action_fields.order_by("position").values_list(
                "name", "why", "what", "who", "when_how", "position", "source_id"
            )
        ),
        "goals": list(
            Goal.objects.filter(action_field__workshop=workshop)
            .order_by("action_field__position", "position")
            .values_list("action_field__name", "title", "indicator", "target_value", "position")
        ),
        "measures": list(
            measures.order_by("rank").values_list(
                "rank",
                "title",
                "description",
                "timeframe",
                "effort",
                "impact",
                "action_field__name",
                "goal__title",
            )
        ),
        "plans": list(
            plans.order_by("measure__rank").values_list(
                "measure__rank", "result", "target_group", "responsible"
            )
        ),
        "stakeholders": list(
            Stakeholder.objects.filter(plan__in=plans)
            .order_by("plan__measure__rank", "position")
            .values_list("plan__measure__rank", "name", "role", "influence", "interest")
        ),
        "tasks": list(
            Task.objects.filter(plan__in=plans)
            .order_by("plan__measure__rank", "position")
            .values_list("plan__measure__rank", "title", "owner", "due", "position")
        ),
        "dependencies": list(
            Dependency.objects.filter(measure__workshop=workshop)
            .order_by("measure__rank", "requires__rank")
            .values_list("measure__rank", "requires__rank")
        ),
        "milestones": list(
            Milestone.objects.filter(plan__in=plans)
            .order_by("plan__measure__rank", "position")
            .values_list("plan__measure__rank", "title", "due", "position")
        ),
    }


def test_copy_has_the_same_content(workshop, facilitator):
    source = fill(workshop)
    copy = copy_workshop(source=source, title="Kopie", user=facilitator)
    assert content(copy) == content(source)
    assert len(content(copy)["milestones"]) == 6


def test_copy_is_a_fresh_draft_of_the_same_kommune(workshop, facilitator):
    source = fill(workshop)
    copy = copy_workshop(source=source, title="Digitalstrategie 2035", user=facilitator)
    assert copy.pk != source.pk
    assert copy.kommune_id == source.kommune_id
    assert copy.title == "Digitalstrategie 2035"
    assert copy.status == Workshop.Status.DRAFT
    assert copy.archived_at is None
    assert copy.ranked_at is None
    assert copy.confirmed_order == []
    assert copy.confirmed_at is None
    assert copy.document_date is None
    assert copy.updated_by == facilitator


def test_copy_links_measures_to_the_copied_goals_and_fields(workshop, facilitator):
    source = fill(workshop)
    copy = copy_workshop(source=source, title="Kopie", user=facilitator)
    measures = Measure.objects.filter(workshop=copy)
    assert measures.filter(goal__isnull=False).count() == 4
    assert not measures.exclude(action_field__workshop=copy).exists()
    linked = measures.filter(goal__isnull=False)
    assert not linked.exclude(goal__action_field__workshop=copy).exists()
    # Each goal still belongs to the field of its measure.
    assert not linked.exclude(goal__action_field=F("action_field")).exists()


def test_changing_the_copy_leaves_the_source_unchanged(workshop, facilitator):
    source = fill(workshop)
    before = content(source)
    copy = copy_workshop(source=source, title="Kopie", user=facilitator)
    copy.vision = "Anders"
    copy.save()
    copy.leitsaetze.update(text="Geändert")
    ActionField.objects.filter(workshop=copy).update(why="Geändert")
    Goal.objects.filter(action_field__workshop=copy).update(title="Geändert")
    Measure.objects.filter(workshop=copy).update(title="Geändert")
    ProjectPlan.objects.filter(measure__workshop=copy).update(result="Geändert")
    Task.objects.filter(plan__measure__workshop=copy).update(title="Geändert")
    Milestone.objects.filter(plan__measure__workshop=copy).delete()
    Measure.objects.filter(workshop=copy).first().delete()
    source.refresh_from_db()
    assert content(source) == before


def test_content_from_a_live_session_is_copied_without_its_origin(workshop, facilitator):
    field = ActionFieldFactory(workshop=workshop)
    first = MeasureFactory(action_field=field)
    MeasureFactory(action_field=field)
    session = live.start(workshop, facilitator)
    person = Participant.objects.create(session=session, display_name="Ada")
    for kind in ("leitsatz", "goal", "measure"):
        contribution, _ = live.contribute(
            session, person, kind, f"Idee {kind}", uuid.uuid4(), field
        )
        live.accept(
            session, contribution.pk, facilitator, text=contribution.text, action_field=field
        )
    vote = voting.open_vote(session, "measures", dots=1, per_item=1)
    voting.set_dots(vote.pk, person, first.pk, 1)
    voting.close(vote.pk, session)
    workshop.refresh_from_db()

    copy = copy_workshop(source=workshop, title="Kopie", user=facilitator)
    assert copy.leitsaetze.get().text == "Idee leitsatz" and copy.leitsaetze.get().origin is None
    assert Goal.objects.get(action_field__workshop=copy).origin is None
    assert not copy.measures.filter(origin__isnull=False).exists()
    assert copy.ranking_vote is None and copy.live_sessions.count() == 0
    # The source keeps its origins and its vote.
    assert workshop.measures.filter(origin__isnull=False).count() == 1
    assert workshop.ranking_vote == vote


def test_deleting_the_source_keeps_the_copy(workshop, facilitator):
    source = fill(workshop)
    copy = copy_workshop(source=source, title="Kopie", user=facilitator)
    expected = content(source)
    source.delete()
    assert content(copy) == expected


def test_copy_costs_the_same_queries_however_large_the_process(kommune, facilitator):
    def queries(fields):
        source = fill(Workshop.objects.create(kommune=kommune, title="Quelle"), fields=fields)
        with CaptureQueriesContext(connection) as captured:
            copy_workshop(source=source, title="Kopie", user=facilitator)
        return len(captured)

    small, large = queries(1), queries(6)
    assert small == large
    # One read and one bulk insert for each of the eleven kinds of rows (dependencies between
    # measures and the Fahrplan included), the new process, and the transaction around it.
    assert large <= 2 * 11 + 3


def test_copy_of_an_empty_process(workshop, facilitator):
    copy = copy_workshop(source=workshop, title="Kopie", user=facilitator)
    assert content(copy) == content(workshop)


# --- View ----------------------------------------------------------------------------------


def copy_url(workshop):
    return reverse("measures:workshop_copy", args=[workshop.pk])


def test_facilitator_copies_and_lands_on_the_copys_settings(facilitator_client, workshop):
    fill(workshop)
    response = facilitator_client.post(copy_url(workshop), follow=True)
    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert response.redirect_chain == [
        (reverse("workshops:workshop_settings", args=[copy.pk]), 302)
    ]
    assert copy.title == "Kopie von Digitalstrategie 2030"
    page = response.content.decode()
    assert "Kopie angelegt." in page
    assert 'value="Kopie von Digitalstrategie 2030"' in page


def test_copy_of_a_long_title_fits_the_title_field(facilitator_client, workshop):
    workshop.title = "x" * 200
    workshop.save()
    facilitator_client.post(copy_url(workshop))
    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert copy.title.startswith("Kopie von xxx")
    assert len(copy.title) == 200


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_facilitators_may_copy(client, workshop, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(copy_url(workshop)).status_code == 403
    assert Workshop.objects.count() == 1


def test_outsider_gets_404_when_copying(client, outsider, workshop):
    client.force_login(outsider)
    assert client.post(copy_url(workshop)).status_code == 404
    assert Workshop.objects.count() == 1


def test_copy_needs_post(facilitator_client, workshop):
    assert facilitator_client.get(copy_url(workshop)).status_code == 405
    assert Workshop.objects.count() == 1
