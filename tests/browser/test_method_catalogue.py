"""Choosing a method in the new-process form preselects its field catalogue."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from fields.models import FieldCatalogue
from workshops.models import Kommune


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Kommune.objects.get(workshops__title="Digitalstrategie 2030")


def test_the_method_preselects_its_catalogue_until_one_is_chosen_by_hand(page, live_server, demo):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/kommunen/{demo.slug}/prozesse/neu/")
    catalogue = page.get_by_role("combobox", name="Feldkatalog")
    werkstatt = FieldCatalogue.objects.get(slug="digital-werkstatt")
    smart_city = FieldCatalogue.objects.get(slug="smart-city")

    page.get_by_role("radio", name="Strategiestarter (ein Tag)").check()
    expect(catalogue).to_have_value("")
    page.get_by_role("radio", name="Digital-Werkstatt").check()
    expect(catalogue).to_have_value(str(werkstatt.pk))

    catalogue.select_option(str(smart_city.pk))
    page.get_by_role("radio", name="Strategiestarter (ein Tag)").check()
    expect(catalogue).to_have_value(str(smart_city.pk))
