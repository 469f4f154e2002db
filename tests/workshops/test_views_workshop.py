import pytest
from django.urls import reverse

from fields.models import FieldCatalogue
from workshops.models import Membership, Workshop


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
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]),
        {"title": "Digitalstrategie Musterstadt", "catalogue": catalogue.pk},
    )
    workshop = Workshop.objects.get(title="Digitalstrategie Musterstadt")
    assert response.status_code == 302
    assert response.url == reverse("workshops:vision", args=[workshop.pk])
    assert workshop.kommune == kommune
    assert workshop.catalogue == catalogue


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
