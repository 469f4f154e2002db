"""The site administration: every domain model is there, lists cost no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fields.models import ActionField, FieldCatalogue
from measures.models import Measure, MeasureProfile, ProjectPlan
from tests.factories import (
    CatalogueFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    MilestoneFactory,
    StakeholderFactory,
    TaskFactory,
    UserFactory,
    WorkshopFactory,
    ZielbildFactory,
)
from workshops.models import Kommune, Membership, Method, TextModule, Workshop

MODELS = [
    Kommune,
    Membership,
    Workshop,
    FieldCatalogue,
    ActionField,
    Measure,
    ProjectPlan,
    Method,
    MeasureProfile,
    TextModule,
]


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def fill(kommune):
    """A process with a row of every kind, for the change pages and lists."""
    workshop = WorkshopFactory(kommune=kommune)
    LeitsatzFactory(workshop=workshop)
    ZielbildFactory(workshop=workshop)
    goal = GoalFactory(action_field__workshop=workshop)
    measure = MeasureFactory(action_field=goal.action_field, goal=goal)
    plan = ProjectPlan.objects.create(measure=measure, result="Ergebnis")
    StakeholderFactory(plan=plan)
    TaskFactory(plan=plan)
    MilestoneFactory(plan=plan)
    field = CatalogueFieldFactory()
    # A Kommune's own catalogue entries beside the shipped ones.
    Method.objects.create(slug="eigen", name="Eigener Ablauf", kommune=kommune).steps.create(
        position=1, title="Start", page="vision"
    )
    MeasureProfile.objects.create(
        slug="eigen", field=field, title="Eigene Maßnahme", kommune=kommune
    )
    TextModule.objects.create(
        slug="eigen", title="Eigener Baustein", target="outlook", body="Text", kommune=kommune
    )
    return workshop


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_superuser_opens_the_list_add_and_change_page_of_every_domain_model(
    admin_client, kommune, facilitator, model
):
    fill(kommune)
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist") + "?q=Muster").status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_lists_cost_no_query_per_row(admin_client, kommune, facilitator, model):
    fill(kommune)
    url = admin_url(model, "changelist")
    admin_client.get(url)  # warm the session

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for number in range(4):
        fill(Kommune.objects.create(name=f"Weitere {number}", slug=f"weitere-{number}"))
        UserFactory()
    assert queries() == few


def test_admin_creates_a_kommune_with_its_first_facilitator(admin_client):
    user = UserFactory(username="neue-moderation")
    response = admin_client.post(
        admin_url(Kommune, "add"),
        {
            "name": "Neustadt an der Weinstraße",
            "slug": "neustadt",
            "kind": "stadt",
            "state": "Rheinland-Pfalz",
            "ags": "07316000",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": str(user.pk),
            "memberships-0-role": "facilitator",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kommune = Kommune.objects.get(slug="neustadt")
    membership = kommune.memberships.get()
    assert (membership.user, membership.role) == (user, Membership.Role.FACILITATOR)
    assert membership.can_manage


def test_admin_finds_a_kommune_by_its_municipality_key(admin_client, kommune):
    kommune.ags = "07111000"
    kommune.save()
    Kommune.objects.create(name="Anderswo", slug="anderswo", ags="09162000")
    page = admin_client.get(admin_url(Kommune, "changelist") + "?q=07111000").content.decode()
    assert "Musterstadt" in page
    assert "Anderswo" not in page


def test_staff_without_rights_and_members_cannot_use_the_admin(client, facilitator):
    client.force_login(facilitator)
    response = client.get(admin_url(Kommune, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
