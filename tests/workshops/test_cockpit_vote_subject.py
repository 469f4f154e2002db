"""The cockpit offers a new dot vote on something the process has items for."""

from django.urls import reverse

from tests.factories import ActionFieldFactory, LeitsatzFactory, MeasureFactory
from workshops import live


def vote_form_of(client, workshop):
    page = client.get(reverse("live:cockpit", args=[workshop.pk])).content.decode()
    return page[page.index('name="subject"') :]


def selected(subject):
    return f'<option value="{subject}" selected>'


def test_with_leitsaetze_and_no_measures_the_vote_is_on_the_leitsaetze(
    facilitator_client, workshop, facilitator
):
    LeitsatzFactory(workshop=workshop)
    LeitsatzFactory(workshop=workshop)
    live.start(workshop, facilitator)
    form = vote_form_of(facilitator_client, workshop)
    assert selected("leitsaetze") in form
    assert selected("measures") not in form


def test_with_measures_the_vote_is_on_the_measures(facilitator_client, workshop, facilitator):
    field = ActionFieldFactory(workshop=workshop)
    MeasureFactory(action_field=field)
    MeasureFactory(action_field=field)
    LeitsatzFactory(workshop=workshop)
    LeitsatzFactory(workshop=workshop)
    live.start(workshop, facilitator)
    assert selected("measures") in vote_form_of(facilitator_client, workshop)


def test_without_items_no_subject_is_offered_first(facilitator_client, workshop, facilitator):
    live.start(workshop, facilitator)
    form = vote_form_of(facilitator_client, workshop)
    assert selected("measures") not in form and selected("leitsaetze") not in form


def test_an_outsider_sees_no_cockpit(client, outsider, workshop, facilitator):
    live.start(workshop, facilitator)
    client.force_login(outsider)
    assert client.get(reverse("live:cockpit", args=[workshop.pk])).status_code == 404
