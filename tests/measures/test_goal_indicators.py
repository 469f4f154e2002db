"""Indicators per goal (baseline, target, their years, source, responsible) and the monitoring
table of the strategy document."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from fields.models import Goal
from measures.forms import GoalForm
from tests.factories import ActionFieldFactory, GoalFactory
from tests.workshops.test_pdf import text_of
from workshops import pdf
from workshops.strategy import gather


@pytest.fixture
def field(workshop):
    return ActionFieldFactory(workshop=workshop, name="Verwaltung")


def goal_data(**values):
    return {"title": "Alle Anträge online", **values}


@pytest.mark.django_db
def test_the_years_are_checked_and_read_in_any_digits():
    form = GoalForm(goal_data(baseline_year="２０２５", target_year="2030"))
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["baseline_year"], form.cleaned_data["target_year"]) == (2025, 2030)
    form = GoalForm(goal_data(baseline_year="20x5", target_year="1800"))
    assert not form.is_valid()
    assert form.errors["baseline_year"] == [
        "Bitte geben Sie eine Jahreszahl mit vier Ziffern ein, z. B. 2025."
    ]
    assert "target_year" in form.errors
    form = GoalForm(goal_data(baseline_year="2030", target_year="2026"))
    assert form.errors["target_year"] == ["Das Zieljahr liegt vor dem Jahr des Ausgangswerts."]


def test_the_database_refuses_a_target_before_its_baseline(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory(action_field=field, baseline_year=2030, target_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory(action_field=field, target_year=2200)
    GoalFactory(action_field=field, baseline_year=2026, target_year=None)  # one alone is fine


def test_a_goal_is_added_with_its_indicator_and_shown(facilitator_client, field):
    prefix = f"goal-new-{field.pk}"
    response = facilitator_client.post(
        reverse("measures:goal_add", args=[field.workshop.pk, field.pk]),
        {
            f"{prefix}-title": "Alle Anträge online",
            f"{prefix}-indicator": "Online verfügbare Leistungen",
            f"{prefix}-baseline": "9",
            f"{prefix}-baseline_year": "2026",
            f"{prefix}-target_value": "30",
            f"{prefix}-target_year": "2027",
            f"{prefix}-data_source": "OZG-Dashboard",
            f"{prefix}-responsible": "Digitallotsin",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(action_field=field)
    assert (goal.baseline_label, goal.target_label) == ("9 (2026)", "30 (2027)")
    page = facilitator_client.get(response.url).content.decode()
    for shown in ["Ausgangswert:", "9 (2026)", "30 (2027)", "OZG-Dashboard", "Digitallotsin"]:
        assert shown in page


def test_a_wrong_year_is_refused_next_to_the_field_and_kept(facilitator_client, field, htmx):
    prefix = f"goal-new-{field.pk}"
    response = facilitator_client.post(
        reverse("measures:goal_add", args=[field.workshop.pk, field.pk]),
        {f"{prefix}-title": "Ziel", f"{prefix}-baseline_year": "nächstes Jahr"},
        **htmx,
    )
    page = response.content.decode()
    assert f'id="id_{prefix}-baseline_year-error"' in page
    assert 'value="nächstes Jahr"' in page
    assert not Goal.objects.filter(action_field=field).exists()


def test_the_document_has_a_monitoring_table_of_the_goals_with_an_indicator(field):
    GoalFactory(
        action_field=field,
        title="Alle Anträge online",
        indicator="Online verfügbare Leistungen",
        baseline="9 Leistungen",
        baseline_year=2026,
        target_value="30 Leistungen",
        target_year=2027,
        data_source="Dashboard des Landes",
        responsible="Digitallotsin",
    )
    GoalFactory(action_field=field, title="Ein Ziel ohne Messgröße")
    strategy = gather(field.workshop)
    assert [goal.title for _field, goal in strategy.indicators] == ["Alle Anträge online"]
    text = text_of(pdf.render_pdf(strategy))
    # Without a monitoring text of its own, the chapter holds the table, and is listed.
    assert text.count("Monitoring und Fortschreibung") >= 2
    for expected in [
        "Indikatoren der Ziele",
        "1 Verwaltung",
        "Online verfügbare Leistungen",
        "9 Leistungen (2026)",
        "30 Leistungen (2027)",
        "Dashboard des Landes",
        "Digitallotsin",
    ]:
        assert expected in text
    # The goal in its field chapter shows baseline and target as well.
    assert "Ausgangswert: 9 Leistungen (2026) · Zielwert: 30 Leistungen (2027)" in text
