"""A new process takes its method's field catalogue unless another one is chosen."""

import pytest
from django.urls import reverse

from fields.models import FieldCatalogue
from workshops.models import Method, Workshop


def create_url(kommune):
    return reverse("workshops:workshop_create", args=[kommune.slug])


def method(slug):
    return Method.objects.get(slug=slug, kommune=None)


def create(client, kommune, method_slug, catalogue=""):
    data = {"title": "Neu", "method": method(method_slug).pk, "catalogue": catalogue}
    response = client.post(create_url(kommune), data)
    assert response.status_code == 302
    return Workshop.objects.get(title="Neu")


def test_the_digital_werkstatt_brings_its_nine_fields(facilitator_client, kommune):
    workshop = create(facilitator_client, kommune, "digital-werkstatt")
    assert workshop.catalogue.slug == "digital-werkstatt"
    assert workshop.catalogue.entries.count() == 9


def test_a_catalogue_chosen_by_hand_wins(facilitator_client, kommune):
    smart_city = FieldCatalogue.objects.get(slug="smart-city")
    workshop = create(facilitator_client, kommune, "digital-werkstatt", smart_city.pk)
    assert workshop.catalogue == smart_city


@pytest.mark.parametrize("slug", ["strategiestarter", "loeffingen"])
def test_a_method_without_a_catalogue_leaves_the_fields_to_the_process(
    facilitator_client, kommune, slug
):
    assert create(facilitator_client, kommune, slug).catalogue is None


def test_the_form_tells_each_method_its_catalogue_for_preselecting(facilitator_client, kommune):
    page = facilitator_client.get(create_url(kommune)).content.decode()
    catalogue = FieldCatalogue.objects.get(slug="digital-werkstatt")
    assert f'value="{method("digital-werkstatt").pk}" data-field-catalogue="{catalogue.pk}"' in page
    assert f'value="{method("strategiestarter").pk}" data-field-catalogue=""' in page
    assert "js/method_catalogue.js" in page
    assert "Feldkatalog der Methode (ohne Katalog: nur eigene Felder)" in page


def test_an_outsider_creates_nothing(client, outsider, kommune):
    client.force_login(outsider)
    data = {"title": "Neu", "method": method("digital-werkstatt").pk}
    assert client.post(create_url(kommune), data).status_code == 404
    assert not Workshop.objects.filter(title="Neu").exists()
