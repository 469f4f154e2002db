"""A measure taken from the Maßnahmenkatalog reaches its field's goal when the field has one."""

import pytest
from django.urls import reverse

from measures.models import Measure, MeasureProfile
from tests.factories import ActionFieldFactory, GoalFactory


@pytest.fixture
def profile(db):
    return MeasureProfile.objects.filter(kommune=None).first()


def take(client, workshop, profile, field):
    url = reverse("measures:catalogue_take", args=[workshop.pk, profile.pk])
    return client.post(url, {"field": field.pk})


def test_a_profile_taken_into_a_field_with_one_goal_gets_that_goal(
    facilitator_client, workshop, profile
):
    field = ActionFieldFactory(workshop=workshop)
    goal = GoalFactory(action_field=field, title="Schnelles Internet überall")
    assert take(facilitator_client, workshop, profile, field).status_code == 302
    assert Measure.objects.get(profile=profile).goal == goal


def test_with_two_goals_the_measure_waits_for_a_choice(facilitator_client, workshop, profile):
    field = ActionFieldFactory(workshop=workshop)
    GoalFactory(action_field=field)
    GoalFactory(action_field=field)
    take(facilitator_client, workshop, profile, field)
    assert Measure.objects.get(profile=profile).goal is None


def test_an_outsider_takes_nothing(client, outsider, workshop, profile):
    field = ActionFieldFactory(workshop=workshop)
    GoalFactory(action_field=field)
    client.force_login(outsider)
    assert take(client, workshop, profile, field).status_code == 404
    assert not Measure.objects.filter(profile=profile).exists()
