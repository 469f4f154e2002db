import importlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

# Browser tests use live_server, whose transactional database is flushed between tests; the field
# catalogues shipped by a data migration are therefore put back before each test.
_ship = importlib.import_module("fields.migrations.0003_ship_catalogues")

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def catalogues(transactional_db):
    from django.apps import apps

    _ship.ship(apps, None)


@pytest.fixture
def login(page, live_server):
    """Log in through the German login form, as a person would."""

    def _login(username):
        page.goto(f"{live_server.url}/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def axe_violations():
    """WCAG 2.1 AA violations axe-core finds on the page as it is now."""
    axe = Axe()

    def _check(page):
        results = axe.run(page, options=WCAG_AA)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]

    return _check
