"""The seven core questions: what counts as answered, and when the planning step is complete."""

import datetime

import pytest

from measures.models import Measure, ProjectPlan, Stakeholder
from measures.plan_forms import DeepPlanCountForm, MilestoneForm, answer_form
from tests.factories import (
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
    TaskFactory,
)
from workshops.process import completion


def test_an_unsaved_plan_answers_nothing():
    assert ProjectPlan().answered_questions() == [False] * 7


def test_each_question_counts_once_it_has_an_answer(db):
    plan = ProjectPlanFactory(result="", target_group="Schulen")
    assert plan.answered_questions() == [False, True, False, False, False, False, False]
    StakeholderFactory(plan=plan)
    plan.resources_organisational = "Ratsbeschluss"
    plan.responsible = "Fachbereich 2"
    plan.result = "Jede Schule hat WLAN."
    TaskFactory(plan=plan)
    MilestoneFactory(plan=plan)
    assert plan.answered_questions() == [True] * 7
    assert plan.answered_count == 7


def test_blank_text_does_not_count_as_an_answer(db):
    plan = ProjectPlanFactory(result="   ", resources_financial="\n")
    assert plan.answered_count == 0


def test_progress_of_many_measures_costs_a_fixed_number_of_queries(
    workshop, django_assert_num_queries
):
    for _ in range(6):
        plan = ProjectPlanFactory(measure=MeasureFactory(action_field__workshop=workshop))
        StakeholderFactory(plan=plan)
        TaskFactory(plan=plan)
    MeasureFactory(action_field__workshop=workshop)  # no plan yet
    with django_assert_num_queries(2):
        counts = [
            (m.plan_answered_count, m.plan_has_result, m.action_field.name)
            for m in Measure.objects.filter(workshop=workshop).with_plan_progress()
        ]
    assert [c[:2] for c in counts] == [(3, True)] * 6 + [(0, False)]


@pytest.mark.parametrize(
    ("influence", "interest", "engagement"),
    [
        ("high", "high", "eng einbinden"),
        ("high", "low", "zufriedenstellen"),
        ("low", "high", "informieren"),
        ("low", "low", "beobachten"),
    ],
)
def test_stakeholder_engagement_follows_influence_and_interest(influence, interest, engagement):
    assert str(Stakeholder(influence=influence, interest=interest).engagement) == engagement


# --- Completion of the step ------------------------------------------------------------------


def _top_measures(workshop, count):
    return [MeasureFactory(action_field__workshop=workshop) for _ in range(count)]


def test_planning_is_not_complete_without_measures(workshop):
    assert completion(workshop)["planning"] is False


def test_planning_is_complete_when_every_top_measure_has_a_result(workshop):
    workshop.deep_plan_count = 2
    first, second, _third = _top_measures(workshop, 3)
    ProjectPlanFactory(measure=first, result="Ergebnis A")
    assert completion(workshop)["planning"] is False
    plan = ProjectPlanFactory(measure=second, result="")
    assert completion(workshop)["planning"] is False
    plan.result = "Ergebnis B"
    plan.save()
    assert completion(workshop)["planning"] is True  # the third is below the top 2


def test_planning_with_fewer_measures_than_the_top_count(workshop):
    (only,) = _top_measures(workshop, 1)
    assert workshop.deep_plan_count == 5
    ProjectPlanFactory(measure=only, result="Ergebnis")
    assert completion(workshop)["planning"] is True


def test_rows_alone_do_not_complete_planning(workshop):
    (only,) = _top_measures(workshop, 1)
    plan = ProjectPlanFactory(measure=only, result="")
    StakeholderFactory(plan=plan)
    assert completion(workshop)["planning"] is False


# --- Forms -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "51", "-3", "abc", "2.5", ""])
def test_count_form_rejects_values_outside_1_to_50(value):
    form = DeepPlanCountForm({"deep_plan_count": value})
    assert form.errors["deep_plan_count"] == ["Bitte geben Sie eine Zahl zwischen 1 und 50 ein."]


@pytest.mark.parametrize("value", ["2027-03-01", "01.03.2027", "1.3.2027"])
def test_milestone_dates_are_read_as_iso_or_german(value):
    form = MilestoneForm({"title": "Start", "due": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == datetime.date(2027, 3, 1)


@pytest.mark.parametrize("value", ["morgen", "2027-02-30", "32.01.2027"])
def test_milestone_rejects_what_is_not_a_date(value):
    form = MilestoneForm({"title": "Start", "due": value})
    assert form.errors["due"] == ["Bitte geben Sie ein gültiges Datum ein."]


def test_answer_form_notices_an_answer_changed_by_someone_else(db):
    plan = ProjectPlanFactory(result="Alt")
    version = _version(plan)
    ProjectPlan.objects.filter(pk=plan.pk).update(result="Von jemand anderem")
    form = answer_form("result", {"result": "Meins", "version": version}, instance=plan)
    assert form.is_valid()
    assert form.save_if_unchanged() is None
    assert "inzwischen geändert" in form.non_field_errors()[0]
    plan.refresh_from_db()
    assert plan.result == "Von jemand anderem"
    # Saving once more with the fingerprint shown now overwrites on purpose.
    again = answer_form("result", {"result": "Meins", "version": _version(plan)}, instance=plan)
    assert again.is_valid()
    assert again.save_if_unchanged() is not None
    plan.refresh_from_db()
    assert plan.result == "Meins"


def _version(plan):
    return answer_form("result", instance=plan).saved_version()
