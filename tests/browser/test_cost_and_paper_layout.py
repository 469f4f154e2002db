"""The cost plan, its form and the document previews on a phone (390 px) and a laptop (1280 px):
no sideways scrolling of the page, wide tables in keyboard-reachable regions, and table headings
whose words stay whole."""

import pytest
from django.core.management import call_command

from workshops.models import Workshop

PHONE, LAPTOP = 390, 1280

PAGES = {
    "cost list": "/prozesse/{pk}/kosten/",
    "cost form": "/prozesse/{pk}/kosten/{measure}/",
    "strategy preview": "/prozesse/{pk}/strategie/",
    "Beschlussvorlage preview": "/prozesse/{pk}/strategie/beschlussvorlage/",
}
PREVIEW_TABLES = ".strategy-doc table, .paper-preview table"

# Every word of a table cell (a hyphen ends one) against the width of its cell without padding: a
# word wider than its column is broken in the middle ("Umsetz ungszei t").
_BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.innerText.split(/\\s+|(?<=-)/).filter(Boolean)) {
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
      probe.textContent = word;
      cell.append(probe);
      if (probe.getBoundingClientRect().width > room + 0.5) broken.push(word);
      probe.remove();
    }
  }
  return broken;
}"""


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Workshop.objects.get(title="Digitalstrategie 2030")


@pytest.fixture
def open_page(page, live_server, demo):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")
    measure = demo.measures.get(rank=1)

    def _open(name, width):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + PAGES[name].format(pk=demo.pk, measure=measure.pk))
        return page

    return _open


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_the_page_never_scrolls_sideways(open_page, name, width):
    page = open_page(name, width)
    assert _page_width(page) <= width, name


def test_the_period_fields_of_the_cost_form_get_the_full_width_on_a_phone(open_page):
    page = open_page("cost form", PHONE)
    legend = page.locator(".cost-period legend").bounding_box()
    for label in ("Beginn: Quartal", "Beginn: Jahr", "Ende: Quartal", "Ende: Jahr"):
        box = page.get_by_label(label).bounding_box()
        assert box["y"] >= legend["y"] + legend["height"], label
        assert box["x"] + box["width"] <= PHONE, label
        # Wide enough for "nicht angegeben" instead of "k…".
        assert box["width"] >= 140, label


def test_the_cost_list_stacks_each_measure_on_a_phone(open_page):
    page = open_page("cost list", PHONE)
    table = page.locator(".cost-table")
    assert table.bounding_box()["width"] <= PHONE
    first = table.locator("tbody tr").first
    # Every value is on screen and named, since the column headings are not shown.
    for cell in first.locator("td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    labels = [cell.get_attribute("data-label") for cell in first.locator("td").all()]
    assert labels[:5] == ["Rang", "Zeitraum", "Einmalig", "Laufend pro Jahr", "Förderung"]
    label = first.locator("td").first.evaluate("e => getComputedStyle(e, '::before').content")
    assert label not in ("none", "normal")


def test_the_finance_table_of_the_beschlussvorlage_scrolls_by_keyboard_with_a_cue(
    open_page, axe_violations
):
    page = open_page("Beschlussvorlage preview", PHONE)
    region = page.get_by_role("region", name="Finanzielle Auswirkungen je Haushaltsjahr")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    # A shadow at the edge shows that more columns lie beyond it.
    assert "gradient" in region.evaluate("e => getComputedStyle(e).backgroundImage")
    # Reached by Tab, it shows its focus, and the arrow keys scroll it.
    for _ in range(200):
        page.keyboard.press("Tab")
        if region.evaluate("e => e === document.activeElement"):
            break
    assert region.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.paper-money-wrap').scrollLeft > 0", timeout=2000
    )
    assert axe_violations(page) == []
    page = open_page("Beschlussvorlage preview", LAPTOP)
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", ["strategy preview", "Beschlussvorlage preview"])
def test_preview_tables_break_no_word_in_the_middle_on_a_laptop(open_page, name):
    page = open_page(name, LAPTOP)
    assert page.evaluate(_BROKEN_WORDS, f":is({PREVIEW_TABLES}) :is(th, td)") == []
    # At this width no table needs to scroll, not even the finance table of the Beschlussvorlage.
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.kern-table-responsive, .paper-money-wrap')]"
            ".filter(e => e.scrollWidth > e.clientWidth).length"
        )
        == 0
    )


@pytest.mark.parametrize("name", ["strategy preview", "Beschlussvorlage preview"])
def test_preview_table_headings_break_no_word_in_the_middle_on_a_phone(open_page, name):
    page = open_page(name, PHONE)
    assert page.evaluate(_BROKEN_WORDS, f":is({PREVIEW_TABLES}) th") == []


def test_the_facts_of_a_measure_stand_on_their_own_lines(open_page):
    """The costs ("… 9.800 € pro Jahr") and the SDG ("Nachhaltigkeitsziel: …") are two lines."""
    page = open_page("strategy preview", LAPTOP)
    run_on = page.evaluate(
        """() => [...document.querySelectorAll('.strategy-doc .doc-measure__facts')]
             .filter(e => e.previousElementSibling)
             .filter(e => e.getBoundingClientRect().top
                          < e.previousElementSibling.getBoundingClientRect().bottom - 0.5)
             .map(e => e.previousElementSibling.innerText + ' | ' + e.innerText)"""
    )
    assert run_on == []
    # The demo has such a measure: "… 9.800 € pro Jahr · Förderung: WiFi4EU", then its SDG.
    sdg = page.locator(".doc-measure__facts", has_text="Nachhaltigkeitsziel").first
    assert "pro Jahr" in sdg.evaluate("e => e.previousElementSibling.innerText")
