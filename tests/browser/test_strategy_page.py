"""The strategy page in a real browser: target sizes, the named gaps, and axe."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from fields.models import ActionField
from tests.factories import PASSWORD, KommuneFactory, MembershipFactory, UserFactory
from tests.workshops.max_texts import Markers, build_max_strategy
from workshops.models import Workshop

TARGETS = "a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex='-1'])"


@pytest.fixture
def demo_with_gaps(catalogues):
    """The demo strategy with three steps reopened: a field without goal and measure, an
    unconfirmed ranking, and a fourth top measure without a plan."""
    call_command("seed_demo", verbosity=0)
    workshop = Workshop.objects.get(title="Digitalstrategie 2030")
    workshop.ranked_at = None
    workshop.deep_plan_count = 4
    workshop.save()
    ActionField.objects.create(workshop=workshop, name="Tourismus", position=6)
    return workshop


def _demo_login(page, live_server):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_target_on_the_strategy_page_is_at_least_24_px(
    page, live_server, demo_with_gaps, axe_violations, width
):
    page.set_viewport_size({"width": width, "height": 900})
    _demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo_with_gaps.pk}/strategie/")

    warning = page.locator(".strategy-notice")
    expect(warning.get_by_role("link", name="„Tourismus“ hat noch kein Ziel.")).to_be_visible()
    expect(
        warning.get_by_role("link", name="Die Rangfolge ist noch nicht festgelegt.")
    ).to_be_visible()
    expect(warning.get_by_role("link", name="Rang 4, „Dorf-App")).to_be_visible()
    toc_links = page.locator(".doc-toc a")
    assert toc_links.count() >= 12

    too_small = []
    checked = 0
    for target in page.locator(TARGETS).all():
        if not target.is_visible():
            continue
        box = target.bounding_box()
        checked += 1
        if box["width"] < 24 or box["height"] < 24:
            label = target.inner_text().strip()[:40] or target.get_attribute("class")
            too_small.append((label, round(box["width"], 1), round(box["height"], 1)))
    assert checked > 30
    assert too_small == []
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_gap_link_leads_to_the_place_to_fill_it(page, live_server, demo_with_gaps):
    _demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo_with_gaps.pk}/strategie/")
    page.get_by_role("link", name="„Tourismus“ hat noch keine Maßnahme.").click()
    field = ActionField.objects.get(name="Tourismus")
    page.wait_for_url(f"**/massnahmen/#field-{field.pk}")
    expect(page.locator(f"#field-{field.pk}")).to_be_in_viewport()


@pytest.mark.parametrize("width", [1280, 390])
def test_longest_texts_without_spaces_stay_inside_the_page(page, live_server, width):
    markers = Markers()
    kommune = KommuneFactory(name=markers.one_word(200), slug="ein-wort")
    MembershipFactory(user=UserFactory(username="lang"), kommune=kommune, role="viewer")
    workshop = build_max_strategy(
        kommune, text=markers.one_word, fields=1, measures_per_field=1, plans=1
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("lang")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/strategie/")
    expect(page.locator(".doc-vision")).to_contain_text(markers.texts[2][:40])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
