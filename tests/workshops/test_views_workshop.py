import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fields.models import FieldCatalogue
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    KommuneFactory,
    LeitsatzFactory,
    MeasureFactory,
    MembershipFactory,
    WorkshopFactory,
)
from workshops.models import Membership, Method, Workshop


def test_login_page_is_german(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, workshop):
    response = client.get(reverse("workshops:vision", args=[workshop.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_lists_only_own_kommunen(client, facilitator, outsider, workshop):
    client.force_login(facilitator)
    page = client.get(reverse("workshops:dashboard")).content.decode()
    assert "Musterstadt" in page
    assert "Andersdorf" not in page


def test_facilitator_creates_process_with_catalogue(facilitator_client, kommune):
    catalogue = FieldCatalogue.objects.get(slug="digital-werkstatt")
    method = Method.objects.get(slug="digital-werkstatt")
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]),
        {"title": "Digitalstrategie Musterstadt", "catalogue": catalogue.pk, "method": method.pk},
    )
    workshop = Workshop.objects.get(title="Digitalstrategie Musterstadt")
    assert response.status_code == 302
    # The Digital-Werkstatt starts with the fields of action; it has no vision step.
    assert response.url == reverse("fields:field_list", args=[workshop.pk])
    assert workshop.kommune == kommune
    assert workshop.catalogue == catalogue
    assert workshop.method == method


def test_create_without_a_method_says_why(facilitator_client, kommune):
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]), {"title": "Strategie"}
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Methode." in response.content.decode()
    assert not Workshop.objects.exists()


def test_create_with_too_long_title_keeps_input_and_says_why(facilitator_client, kommune):
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]), {"title": "x" * 201}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in page
    assert "x" * 201 in page
    assert not Workshop.objects.exists()


def test_create_with_another_kommunes_catalogue_id_is_rejected(facilitator_client, kommune):
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]),
        {"title": "Strategie", "catalogue": 999999},
    )
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()


def test_editor_may_not_create_processes(client, editor, kommune):
    client.force_login(editor)
    url = reverse("workshops:workshop_create", args=[kommune.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "X"}).status_code == 403


def test_outsider_gets_404_for_kommune_pages(client, outsider, kommune, facilitator):
    client.force_login(outsider)
    member = Membership.objects.get(user=facilitator)
    for url in (
        reverse("workshops:kommune_detail", args=[kommune.slug]),
        reverse("workshops:workshop_create", args=[kommune.slug]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("workshops:membership_add", args=[kommune.slug]),
        reverse("workshops:membership_update", args=[kommune.slug, member.pk]),
        reverse("workshops:membership_delete", args=[kommune.slug, member.pk]),
    ):
        assert client.post(url, {"username": "fremd", "role": "viewer"}).status_code == 404
    assert Membership.objects.get(pk=member.pk).role == "facilitator"


def test_workshop_detail_opens_first_unfinished_step(facilitator_client, workshop):
    response = facilitator_client.get(reverse("workshops:workshop_detail", args=[workshop.pk]))
    assert response.url == reverse("workshops:vision", args=[workshop.pk])


def test_step_nav_partial_marks_current_step(facilitator_client, workshop):
    response = facilitator_client.get(
        reverse("workshops:step_nav", args=[workshop.pk]), {"current": "vision"}
    )
    page = response.content.decode()
    assert 'aria-current="step"' in page
    assert "<html" not in page
    # The refreshed navigation asks for the same current step again next time.
    assert "?current=vision" in page


@pytest.mark.parametrize("name", ["workshop_detail", "step_nav", "vision", "strategy"])
def test_outsider_gets_404_for_workshop_pages(client, outsider, workshop, name):
    client.force_login(outsider)
    assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 404


# --- Dashboard: progress, last change, archive ---------------------------------------------


def _process_with_two_steps_done(kommune, title):
    """Vision with a Leitsatz, and a field: steps 1 and 2 of 7 are done."""
    workshop = WorkshopFactory(kommune=kommune, title=title, vision="Eine Vision")
    LeitsatzFactory(workshop=workshop)
    field = ActionFieldFactory(workshop=workshop)
    MeasureFactory(action_field=field, goal=GoalFactory(action_field=field))
    return workshop


def test_dashboard_shows_progress_per_process(facilitator_client, kommune):
    _process_with_two_steps_done(kommune, "Weit")
    WorkshopFactory(kommune=kommune, title="Leer")
    page = facilitator_client.get(reverse("workshops:dashboard")).content.decode()
    # Vision, fields, and goals & measures are done in "Weit"; nothing in "Leer".
    assert "3 von 7 Schritten" in page
    assert "0 von 7 Schritten" in page


def test_dashboard_lists_archived_processes_apart(facilitator_client, kommune):
    WorkshopFactory(kommune=kommune, title="Laufend")
    WorkshopFactory.create_batch(2, kommune=kommune, archived_at=timezone.now())
    page = facilitator_client.get(reverse("workshops:dashboard")).content.decode()
    active, archive = page.split('<details class="process-archive">')
    assert "Laufend" in active
    assert "Archiv (2)" in archive
    assert "Laufend" not in archive
    assert archive.count("archiviert am") == 2


def test_dashboard_without_active_processes_says_so(facilitator_client, kommune):
    WorkshopFactory(kommune=kommune, archived_at=timezone.now())
    page = facilitator_client.get(reverse("workshops:dashboard")).content.decode()
    assert "Kein aktiver Strategieprozess." in page


def test_dashboard_links_settings_for_editors_but_not_viewers(client, editor, viewer, workshop):
    url = reverse("workshops:workshop_settings", args=[workshop.pk])
    client.force_login(editor)
    assert url in client.get(reverse("workshops:dashboard")).content.decode()
    client.force_login(viewer)
    assert url not in client.get(reverse("workshops:dashboard")).content.decode()


def _dashboard_queries(client, user, kommune, count):
    for number in range(count):
        workshop = _process_with_two_steps_done(kommune, f"Prozess {number}")
        Workshop.objects.filter(pk=workshop.pk).update(updated_by=user)
    WorkshopFactory(kommune=kommune, archived_at=timezone.now())
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workshops:dashboard"))
    assert response.content.decode().count("3 von 7 Schritten") == count
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_processes(client, db):
    small = KommuneFactory()
    large = KommuneFactory()
    few = _dashboard_queries(client, MembershipFactory(kommune=small).user, small, 2)
    many = _dashboard_queries(client, MembershipFactory(kommune=large).user, large, 10)
    assert few == many
