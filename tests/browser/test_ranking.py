"""Prioritisation in a browser: compact rows, keyboard moves, drag and drop, the matrix, axe."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from workshops.models import Workshop


@pytest.fixture
def demo(catalogues):
    """The demo strategy with its ranking free to sort, as before the dot vote of its live
    session set it (test_voting.py tests the ranking after a vote)."""
    call_command("seed_demo", verbosity=0)
    Workshop.objects.update(ranking_vote=None)
    return Workshop.objects.select_related("kommune").get(title="Digitalstrategie 2030")


def demo_login(page, live_server):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def ranking(page, live_server, demo):
    """The demo's prioritisation page, logged in as the facilitator."""

    def _open(width=1280, query=""):
        page.set_viewport_size({"width": width, "height": 900})
        demo_login(page, live_server)
        page.goto(f"{live_server.url}/prozesse/{demo.pk}/priorisierung/{query}")
        return page

    return _open


def titles(demo):
    return list(demo.measures.order_by("rank").values_list("title", flat=True))


def row(page, measure):
    return page.locator(f"#measure-{measure.pk}")


def settled(page):
    """After a move the step navigation refreshes too; axe checks the page once that is done."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)
    return page


def test_every_row_is_at_most_56px_tall_at_1280(ranking, demo, axe_violations):
    page = ranking(1280)
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == demo.measures.count() == 14
    heights = [rows.nth(i).bounding_box()["height"] for i in range(rows.count())]
    assert max(heights) <= 56, heights
    for control in page.locator("#ranking tbody button:visible").all()[:6]:
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    expect(page.get_by_text("Alt + ↑ oder Alt + ↓")).to_be_visible()
    assert axe_violations(page) == []


def test_rows_become_cards_that_fit_a_phone(ranking, axe_violations):
    page = ranking(390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("#ranking tbody tr").first
    for name in ["nach unten", "Verschieben"]:
        button = first.get_by_role("button", name=re.compile(name))
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = first.locator("td[data-label]").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Handlungsfeld: "'  # each value says what it is, as the header did
    assert axe_violations(page) == []


def test_alt_arrow_moves_the_measure_and_keeps_the_focus_on_it(ranking, demo, axe_violations):
    page = ranking(1280)
    fifth = demo.measures.get(rank=5)
    row(page, fifth).get_by_role("button", name=re.compile("nach oben")).focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#flash")).to_contain_text(f"„{fifth.title}“ steht jetzt auf Rang 4.")
    expect(row(page, fifth).get_by_role("button", name=re.compile("nach oben"))).to_be_focused()
    assert titles(demo)[3] == fifth.title
    # From the rank field too; the focus stays in the field of the moved measure.
    row(page, fifth).get_by_label(re.compile("auf Rang")).focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#flash")).to_contain_text(f"„{fifth.title}“ steht jetzt auf Rang 5.")
    expect(row(page, fifth).get_by_label(re.compile("auf Rang"))).to_be_focused()
    expect(row(page, fifth).get_by_label(re.compile("auf Rang"))).to_have_value("5")
    assert titles(demo)[4] == fifth.title
    # Up and back down is the confirmed order again: still confirmed (the demo is confirmed).
    expect(page.locator(".ranking-confirm")).to_contain_text("Festgelegt am")
    assert axe_violations(settled(page)) == []
    # Alt + ↓ on the ↑ button: the focus stays on that ↑ button, now one row further down.
    up = row(page, fifth).get_by_role("button", name=re.compile("nach oben"))
    up.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#flash")).to_contain_text(f"„{fifth.title}“ steht jetzt auf Rang 6.")
    expect(row(page, fifth).get_by_role("button", name=re.compile("nach oben"))).to_be_focused()


def test_dragging_a_row_by_its_handle_moves_it_there(ranking, demo):
    page = ranking(1280)
    page.set_viewport_size({"width": 1280, "height": 1400})  # no scrolling while dragging
    sixth, second = demo.measures.get(rank=6), demo.measures.get(rank=2)
    row(page, sixth).locator(".ranking-handle").drag_to(row(page, second))
    expect(page.locator("#flash")).to_contain_text(f"„{sixth.title}“ steht jetzt auf Rang 2.")
    expect(page.locator("#ranking tbody tr").nth(1)).to_have_id(f"measure-{sixth.pk}")
    assert titles(demo)[1] == sixth.title
    assert list(demo.measures.order_by("rank").values_list("rank", flat=True)) == list(range(1, 15))
    # Down the list: the measure takes the rank of the row it was dropped on.
    row(page, sixth).locator(".ranking-handle").drag_to(page.locator("#ranking tbody tr").nth(9))
    expect(page.locator("#flash")).to_contain_text(f"„{sixth.title}“ steht jetzt auf Rang 10.")
    assert titles(demo)[9] == sixth.title
    expect(page.locator(".ranking-confirm")).to_contain_text("noch nicht festgelegt")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_rank_out_of_range_says_so_at_the_field(ranking, demo, axe_violations, width):
    page = ranking(width)
    second = demo.measures.get(rank=2)
    field = row(page, second).get_by_label(re.compile("auf Rang"))
    field.fill("0")
    field.press("Enter")
    expect(row(page, second).locator(".kern-error")).to_have_text(
        re.compile("Bitte einen Rang zwischen 1 und 14 angeben.")
    )
    field = row(page, second).get_by_label(re.compile("auf Rang"))
    expect(field).to_have_value("0")
    expect(field).to_be_focused()
    assert titles(demo)[1] == second.title
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(settled(page)) == []
    # Correcting it moves the measure.
    field.fill("3")
    field.press("Enter")
    expect(page.locator("#flash")).to_contain_text(f"„{second.title}“ steht jetzt auf Rang 3.")
    assert titles(demo)[2] == second.title


@pytest.mark.parametrize("width", [1280, 390])
def test_matrix_view_shows_quick_wins_in_text(ranking, demo, axe_violations, width):
    page = ranking(width, "?ansicht=matrix")
    quick_wins = page.locator(".matrix__cell").first
    expect(quick_wins.get_by_role("heading")).to_have_text(
        "Quick Win Wirkung hoch, Aufwand niedrig"
    )
    for measure in demo.measures.filter(effort="low", impact="high"):
        expect(quick_wins).to_contain_text(f"{measure.rank} {measure.title}")
    assert page.locator(".matrix__cell").count() == 9
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    # A measure links to its row in the ranking.
    quick_wins.get_by_role("link").first.click()
    expect(page.locator("#ranking")).to_be_visible()
    assert "#measure-" in page.url


def test_moving_works_after_arriving_by_a_boosted_link(page, live_server, demo):
    """The page's script must run after htmx swaps in the page (boosted navigation)."""
    demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/massnahmen/")
    page.get_by_role("link", name="Weiter: Priorisierung").click()
    expect(page.locator("#ranking")).to_be_visible()
    page.wait_for_function("window.rankingEnhanced === true")
    third = demo.measures.get(rank=3)
    row(page, third).get_by_role("button", name=re.compile("nach unten")).focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#flash")).to_contain_text(f"„{third.title}“ steht jetzt auf Rang 4.")
