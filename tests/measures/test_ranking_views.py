import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory, WorkshopFactory


def url(name, workshop, *args):
    return reverse(f"measures:{name}", args=[workshop.pk, *args])


@pytest.fixture
def measures(workshop):
    """Four measures in two fields, ranked A, B, C, D."""
    first = ActionFieldFactory(workshop=workshop, name="Digitale Verwaltung")
    second = ActionFieldFactory(workshop=workshop, name="Bildung und Jugend")
    return [
        MeasureFactory(action_field=first, title="A-Bürger-App", effort="low", impact="high"),
        MeasureFactory(action_field=second, title="B-Tablets", timeframe="medium"),
        MeasureFactory(action_field=first, title="C-Terminvergabe"),
        MeasureFactory(action_field=second, title="D-WLAN", timeframe="long"),
    ]


def row_of(page, measure):
    return page.split(f'id="measure-{measure.pk}"')[1].split("</tr>")[0]


def button(html, value):
    """The opening tag of the first button with `value` (or the rank field's submit button)."""
    pattern = (
        f'<button[^>]*value="{value}"[^>]*>' if value else r'<button type="submit" form=[^>]*>'
    )
    return re.search(pattern, html).group(0)


def rank_field(html):
    return re.search(r'<input[^>]*name="rank"[^>]*>', html).group(0)


def order(workshop):
    return list(workshop.measures.order_by("rank").values_list("title", "rank"))


def test_page_shows_one_ranking_across_all_fields(facilitator_client, workshop, measures):
    GoalFactory(action_field=measures[0].action_field)
    page = facilitator_client.get(url("ranking", workshop)).content.decode()
    assert "Priorisierung" in page
    titles = [m.title for m in measures]
    assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)
    for header in ["Rang", "Maßnahme", "Handlungsfeld", "Umsetzungszeit", "Aufwand", "Wirkung"]:
        assert f">{header}</th>" in page
    assert 'value="4"' in rank_field(row_of(page, measures[3]))
    assert "Bildung und Jugend" in page
    assert "mittelfristig (1–3 Jahre)" in page and "niedrig" in page and "hoch" in page
    assert "Die Rangfolge ist noch nicht festgelegt." in page
    assert "Rangfolge festlegen" in page


def test_move_buttons_are_disabled_at_the_ends(facilitator_client, workshop, measures):
    page = facilitator_client.get(url("ranking", workshop)).content.decode()
    first, second, last = (row_of(page, measures[i]) for i in (0, 1, 3))
    assert " disabled" in button(first, "up")
    assert " disabled" not in button(first, "down")
    assert " disabled" in button(last, "down")
    assert " disabled" not in button(last, "up")
    assert "disabled" not in second
    assert "autofocus" not in page  # only after a move


def test_without_measures_the_page_links_to_the_measures_step(facilitator_client, workshop):
    page = facilitator_client.get(url("ranking", workshop)).content.decode()
    assert "Es gibt noch keine Maßnahmen." in page
    assert url("measure_list", workshop) in page
    assert "Rangfolge festlegen" not in page


def test_moving_up_with_htmx_swaps_the_table_and_keeps_the_focus(
    facilitator_client, workshop, measures, htmx
):
    workshop.ranked_at = timezone.now()
    workshop.save()
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[2].pk), {"direction": "up"}, **htmx
    )
    assert order(workshop) == [
        ("A-Bürger-App", 1),
        ("C-Terminvergabe", 2),
        ("B-Tablets", 3),
        ("D-WLAN", 4),
    ]
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="ranking"')
    assert "<html" not in page
    assert "„C-Terminvergabe“ steht jetzt auf Rang 2." in page
    assert 'id="flash" data-hx-swap-oob="innerHTML"' in page
    assert " autofocus" in button(row_of(page, measures[2]), "up")
    assert page.count("autofocus") == 1
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    workshop.refresh_from_db()
    assert workshop.ranked_at is None  # moving reopens; only "Rangfolge festlegen" confirms


def test_moving_to_the_top_puts_the_focus_on_the_button_still_enabled(
    facilitator_client, workshop, measures, htmx
):
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[1].pk), {"direction": "up"}, **htmx
    )
    row = row_of(response.content.decode(), measures[1])
    assert " autofocus" in button(row, "down")
    assert " disabled" in button(row, "up")


def test_moving_down_without_htmx_redirects_to_the_row(facilitator_client, workshop, measures):
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[0].pk), {"direction": "down"}
    )
    assert response.status_code == 302
    assert response.url == url("ranking", workshop) + f"#measure-{measures[0].pk}"
    assert order(workshop)[:2] == [("B-Tablets", 1), ("A-Bürger-App", 2)]
    page = facilitator_client.get(response.url).content.decode()
    assert "„A-Bürger-App“ steht jetzt auf Rang 2." in page


def test_moving_past_the_ends_changes_nothing(facilitator_client, workshop, measures):
    facilitator_client.post(url("ranking_move", workshop, measures[0].pk), {"direction": "up"})
    facilitator_client.post(url("ranking_move", workshop, measures[3].pk), {"direction": "down"})
    assert [rank for _title, rank in order(workshop)] == [1, 2, 3, 4]
    assert order(workshop)[0][0] == "A-Bürger-App"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", ["D", "A", "B", "C"]), ("3", ["A", "B", "D", "C"]), (" 2 ", ["A", "D", "B", "C"])],
)
def test_move_to_a_rank_moves_there_and_focuses_the_rank_button(
    facilitator_client, workshop, measures, htmx, value, expected
):
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[3].pk), {"rank": value}, **htmx
    )
    assert response.status_code == 200
    assert [title[0] for title, _rank in order(workshop)] == expected
    assert [rank for _title, rank in order(workshop)] == [1, 2, 3, 4]
    assert " autofocus" in button(row_of(response.content.decode(), measures[3]), "")


@pytest.mark.parametrize("value", ["0", "99", "5", "-5", "+0", "²", "١٢", "¹²", "①", "9" * 5000])
def test_a_rank_outside_1_to_n_is_refused_with_a_german_error_and_kept(
    facilitator_client, workshop, measures, htmx, value
):
    """Ranks outside 1..n were silently moved to the nearest end; Unicode digits were read by
    int() ("١٢" as 12) or raised. Now every such value is refused next to the field."""
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[1].pk), {"rank": value}, **htmx
    )
    assert response.status_code == 200
    row = row_of(response.content.decode(), measures[1])
    assert "Bitte einen Rang zwischen 1 und 4 angeben." in row
    field = rank_field(row)
    assert f'value="{value}"' in field
    assert 'aria-invalid="true"' in field and " autofocus" in field
    assert f'aria-describedby="rank-{measures[1].pk}-error"' in field
    assert [title[0] for title, _rank in order(workshop)] == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    ("value", "error"),
    [("abc", "ganze Zahl"), ("", "Bitte geben Sie den Rang als ganze Zahl ein.")],
)
def test_a_rank_that_is_no_number_gets_a_german_error_at_its_row(
    facilitator_client, workshop, measures, htmx, value, error
):
    workshop.ranked_at = None
    workshop.save()
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[1].pk), {"rank": value}, **htmx
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    row = row_of(page, measures[1])
    assert f'id="rank-{measures[1].pk}-error"' in row
    assert f'value="{value}"' in rank_field(row)
    assert 'aria-invalid="true"' in rank_field(row)
    assert [rank for _title, rank in order(workshop)] == [1, 2, 3, 4]
    assert order(workshop)[1][0] == "B-Tablets"
    workshop.refresh_from_db()
    assert workshop.ranked_at is None


def test_bad_rank_without_htmx_shows_the_whole_page(facilitator_client, workshop, measures):
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[1].pk), {"rank": "abc"}
    )
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "ganze Zahl" in response.content.decode()


def test_confirming_sets_the_date_and_completes_the_step(
    facilitator_client, workshop, measures, htmx
):
    def ranking_step_nav():
        nav = reverse("workshops:step_nav", args=[workshop.pk])
        page = facilitator_client.get(nav).content.decode()
        return page.split("Priorisierung")[1].split("</a>")[0]

    assert "noch nicht" in ranking_step_nav()
    response = facilitator_client.post(url("ranking_confirm", workshop), **htmx)
    workshop.refresh_from_db()
    assert workshop.ranked_at is not None
    page = response.content.decode()
    local = timezone.localtime(workshop.ranked_at)
    assert f"Festgelegt am {local:%d.%m.%Y} um {local:%H:%M} Uhr" in page
    assert "Rangfolge festgelegt." in page
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    assert "noch nicht" not in ranking_step_nav()


def test_confirming_without_htmx_redirects(facilitator_client, workshop, measures):
    response = facilitator_client.post(url("ranking_confirm", workshop))
    assert response.status_code == 302
    assert response.url == url("ranking", workshop)


def test_confirming_without_measures_says_why(facilitator_client, workshop, htmx):
    response = facilitator_client.post(url("ranking_confirm", workshop), **htmx)
    assert "Es gibt noch keine Maßnahmen für eine Rangfolge." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.ranked_at is None


def test_viewer_sees_the_ranking_read_only(client, viewer, workshop, measures):
    client.force_login(viewer)
    page = client.get(url("ranking", workshop)).content.decode()
    assert "A-Bürger-App" in page
    assert "<form" not in page.split('id="main"')[1]
    assert "Reihenfolge ändern" not in page
    for path, data in [
        (url("ranking_move", workshop, measures[1].pk), {"direction": "up"}),
        (url("ranking_move", workshop, measures[1].pk), {"rank": "1"}),
        (url("ranking_confirm", workshop), {}),
    ]:
        assert client.post(path, data).status_code == 403
    assert order(workshop)[0][0] == "A-Bürger-App"
    workshop.refresh_from_db()
    assert workshop.ranked_at is None


def test_outsider_gets_404_for_every_view_and_method(client, outsider, workshop, measures):
    client.force_login(outsider)
    assert client.get(url("ranking", workshop)).status_code == 404
    assert (
        client.post(url("ranking_move", workshop, measures[1].pk), {"direction": "up"}).status_code
        == 404
    )
    assert client.get(url("ranking_move", workshop, measures[1].pk)).status_code in (404, 405)
    assert client.post(url("ranking_confirm", workshop)).status_code == 404
    assert order(workshop)[0][0] == "A-Bürger-App"


def test_only_post_changes_the_ranking(facilitator_client, workshop, measures):
    assert facilitator_client.get(url("ranking_move", workshop, measures[1].pk)).status_code == 405
    assert facilitator_client.get(url("ranking_confirm", workshop)).status_code == 405


def test_measure_of_another_workshop_is_404_even_for_a_member(
    facilitator_client, workshop, measures
):
    foreign = MeasureFactory(
        action_field=ActionFieldFactory(workshop=WorkshopFactory(kommune=workshop.kommune))
    )
    response = facilitator_client.post(url("ranking_move", workshop, foreign.pk), {"rank": "1"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.rank == 1


def test_moving_a_measure_deleted_in_another_tab_says_so(
    facilitator_client, workshop, measures, htmx
):
    gone_pk = measures[1].pk
    measures[1].delete_closing_gap()
    response = facilitator_client.post(
        url("ranking_move", workshop, gone_pk), {"direction": "up"}, **htmx
    )
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert "nicht mehr" in response.content.decode()
    assert [rank for _title, rank in order(workshop)] == [1, 2, 3]


def test_ranks_stay_contiguous_after_many_moves(facilitator_client, workshop, measures):
    for measure, data in [
        (measures[0], {"rank": "4"}),
        (measures[3], {"direction": "up"}),
        (measures[2], {"rank": "1"}),
        (measures[1], {"direction": "down"}),
    ]:
        facilitator_client.post(url("ranking_move", workshop, measure.pk), data)
    assert sorted(rank for _title, rank in order(workshop)) == [1, 2, 3, 4]
    assert Measure.objects.filter(workshop=workshop).count() == 4


# --- Only a changed order reopens a confirmed ranking -------------------------------------------


def confirm(client, workshop):
    client.post(url("ranking_confirm", workshop))
    workshop.refresh_from_db()
    return workshop.ranked_at


def test_confirming_keeps_the_confirmed_order_and_time(facilitator_client, workshop, measures):
    confirmed_at = confirm(facilitator_client, workshop)
    assert confirmed_at is not None
    assert workshop.confirmed_order == [m.pk for m in measures]
    assert workshop.confirmed_at == confirmed_at


def test_moving_up_and_back_down_keeps_the_confirmation_with_its_time(
    facilitator_client, workshop, measures, htmx
):
    confirmed_at = confirm(facilitator_client, workshop)
    move = url("ranking_move", workshop, measures[2].pk)
    facilitator_client.post(move, {"direction": "up"}, **htmx)
    workshop.refresh_from_db()
    assert workshop.ranked_at is None  # the order differs now
    response = facilitator_client.post(move, {"direction": "down"}, **htmx)
    workshop.refresh_from_db()
    assert workshop.ranked_at == confirmed_at
    assert "Die Rangfolge ist noch nicht festgelegt." not in response.content.decode()
    assert "Festgelegt am" in response.content.decode()


def test_moving_back_by_rank_number_also_restores_the_confirmation(
    facilitator_client, workshop, measures
):
    confirmed_at = confirm(facilitator_client, workshop)
    facilitator_client.post(url("ranking_move", workshop, measures[0].pk), {"rank": "4"})
    facilitator_client.post(url("ranking_move", workshop, measures[2].pk), {"rank": "1"})
    workshop.refresh_from_db()
    assert workshop.ranked_at is None
    facilitator_client.post(url("ranking_move", workshop, measures[2].pk), {"rank": "2"})
    facilitator_client.post(url("ranking_move", workshop, measures[0].pk), {"rank": "1"})
    workshop.refresh_from_db()
    assert [title[0] for title, _rank in order(workshop)] == ["A", "B", "C", "D"]
    assert workshop.ranked_at == confirmed_at


def test_a_move_that_changes_the_order_reopens_the_confirmed_ranking(
    facilitator_client, workshop, measures, htmx
):
    confirm(facilitator_client, workshop)
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[3].pk), {"direction": "up"}, **htmx
    )
    workshop.refresh_from_db()
    assert workshop.ranked_at is None
    assert "Die Rangfolge ist noch nicht festgelegt." in response.content.decode()


def test_a_move_that_changes_nothing_keeps_the_confirmation(facilitator_client, workshop, measures):
    confirmed_at = confirm(facilitator_client, workshop)
    facilitator_client.post(url("ranking_move", workshop, measures[0].pk), {"direction": "up"})
    facilitator_client.post(url("ranking_move", workshop, measures[1].pk), {"rank": "2"})
    workshop.refresh_from_db()
    assert workshop.ranked_at == confirmed_at


def test_a_ranking_confirmed_before_the_order_was_kept_is_restored_too(
    facilitator_client, workshop, measures
):
    """Workshops confirmed earlier (and the demo) have a time but no stored order."""
    confirmed_at = timezone.now() - timezone.timedelta(days=3)
    workshop.ranked_at, workshop.confirmed_order = confirmed_at, []
    workshop.save()
    move = url("ranking_move", workshop, measures[1].pk)
    facilitator_client.post(move, {"direction": "down"})
    workshop.refresh_from_db()
    assert workshop.ranked_at is None
    assert workshop.confirmed_order == [m.pk for m in measures]
    assert workshop.confirmed_at == confirmed_at
    facilitator_client.post(move, {"direction": "up"})
    workshop.refresh_from_db()
    assert workshop.ranked_at == confirmed_at


def test_adding_a_measure_reopens_and_moving_cannot_restore_without_it(
    facilitator_client, workshop, measures
):
    confirm(facilitator_client, workshop)
    added = MeasureFactory(action_field=measures[0].action_field, title="E-Neu")
    added.save_as_last()
    workshop.refresh_from_db()
    assert workshop.ranked_at is None
    move = url("ranking_move", workshop, added.pk)
    facilitator_client.post(move, {"direction": "up"})
    facilitator_client.post(move, {"direction": "down"})
    workshop.refresh_from_db()
    assert workshop.ranked_at is None


def test_a_deleted_measure_does_not_block_restoring_the_confirmation(
    facilitator_client, workshop, measures
):
    confirmed_at = confirm(facilitator_client, workshop)
    measures[1].delete_closing_gap()
    move = url("ranking_move", workshop, measures[3].pk)
    facilitator_client.post(move, {"direction": "up"})
    facilitator_client.post(move, {"direction": "down"})
    workshop.refresh_from_db()
    assert workshop.ranked_at == confirmed_at


def test_the_step_counts_as_done_again_after_moving_back(facilitator_client, workshop, measures):
    from workshops.process import completion

    confirm(facilitator_client, workshop)
    move = url("ranking_move", workshop, measures[1].pk)
    facilitator_client.post(move, {"direction": "down"})
    workshop.refresh_from_db()
    assert completion(workshop)["ranking"] is False
    facilitator_client.post(move, {"direction": "up"})
    workshop.refresh_from_db()
    assert completion(workshop)["ranking"] is True


# --- Effort x impact matrix -------------------------------------------------------------------


def cell_of(page, effort, impact):
    return page.split(f'id="matrix-{effort}-{impact}"')[1].split("</section>")[0]


def test_matrix_groups_every_measure_by_effort_and_impact_with_its_rank(
    facilitator_client, workshop, measures
):
    Measure.objects.filter(pk=measures[1].pk).update(effort="high", impact="low")
    Measure.objects.filter(pk=measures[2].pk).update(effort="low", impact="high")
    page = facilitator_client.get(url("ranking", workshop) + "?ansicht=matrix").content.decode()
    quick_wins = cell_of(page, "low", "high")
    # Quick wins are named in text, not only by colour.
    assert "Quick Win" in quick_wins and "Wirkung hoch, Aufwand niedrig" in quick_wins
    assert '<span class="rank">1</span> A-Bürger-App' in quick_wins
    assert '<span class="rank">3</span> C-Terminvergabe' in quick_wins
    assert quick_wins.index("A-Bürger-App") < quick_wins.index("C-Terminvergabe")
    high_low = cell_of(page, "high", "low")
    assert "B-Tablets" in high_low and "Quick Win" not in high_low
    assert "keine Maßnahme" in cell_of(page, "medium", "medium")
    unassessed = page.split('id="matrix-unassessed"')[1].split("</section>")[0]
    assert "D-WLAN" in unassessed and "Nicht eingeschätzt" in page
    assert "B-Tablets" not in unassessed
    assert page.count("Quick Win</span>") == 1
    assert f'href="{url("ranking", workshop)}#measure-{measures[3].pk}"' in unassessed
    # The matrix is a view of its own: no move controls on it, and the list view is linked.
    assert 'name="rank"' not in page
    assert 'href="/prozesse/' in page.split('class="view-switch"')[1].split("</nav>")[0]
    assert 'aria-current="page">Aufwand × Wirkung' in page


def test_the_list_view_links_the_matrix_and_marks_itself_current(
    facilitator_client, workshop, measures
):
    page = facilitator_client.get(url("ranking", workshop)).content.decode()
    switch = page.split('class="view-switch"')[1].split("</nav>")[0]
    assert f'href="{url("ranking", workshop)}?ansicht=matrix"' in switch
    assert 'aria-current="page">Rangfolge' in switch
    assert 'id="matrix' not in page


def test_matrix_is_readable_by_viewers_and_hidden_from_outsiders(
    client, viewer, outsider, workshop, measures
):
    client.force_login(viewer)
    page = client.get(url("ranking", workshop) + "?ansicht=matrix").content.decode()
    assert "A-Bürger-App" in cell_of(page, "low", "high")
    client.force_login(outsider)
    assert client.get(url("ranking", workshop) + "?ansicht=matrix").status_code == 404


# --- Markup: valid, light, keyboard hint --------------------------------------------------------


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.labels, self.inputs, self.attributes, self.roles = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes += list(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.append(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden",):
            self.inputs.append(attrs.get("id"))
        if "role" in attrs:
            self.roles.append((tag, attrs["role"]))


def markup(page):
    parser = _Markup()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("query", ["", "?ansicht=matrix"])
def test_page_markup_is_valid_html_for_the_checker(facilitator_client, workshop, measures, query):
    page = facilitator_client.get(url("ranking", workshop) + query).content.decode()
    parsed = markup(page)
    assert [a for a in parsed.attributes if a.startswith("hx-")] == []  # only data-hx-*
    assert sorted(set(parsed.ids)) == sorted(parsed.ids)  # no duplicate ids
    assert all(field_id in parsed.labels for field_id in parsed.inputs), parsed.inputs
    table = page.split("<table", 1)[-1].split("</table>")[0] if "<table" in page else ""
    assert " role=" not in table  # a real table needs no ARIA roles


def test_each_row_has_one_form_and_the_keys_are_explained(facilitator_client, workshop, measures):
    page = facilitator_client.get(url("ranking", workshop)).content.decode()
    for measure in measures:
        row = row_of(page, measure)
        assert row.count("<form") == 1
        assert f'form="move-{measure.pk}"' in rank_field(row)
        assert f'form="move-{measure.pk}"' in button(row, "")
    assert "Alt + ↑ oder Alt + ↓" in page
    assert 'draggable="true"' in row_of(page, measures[0])
    assert "js/ranking.js" in page


def test_viewer_sees_no_drag_handles_nor_hints(client, viewer, workshop, measures):
    client.force_login(viewer)
    page = client.get(url("ranking", workshop)).content.decode()
    assert 'draggable="true"' not in page
    assert "Alt + ↑" not in page
    assert '<span class="rank">1</span>' in row_of(page, measures[0])


@pytest.mark.parametrize("query", ["", "?ansicht=matrix"])
def test_query_count_does_not_grow_with_the_number_of_measures(
    facilitator_client, workshop, kommune, query
):
    large = WorkshopFactory(kommune=kommune)
    for target, count in ((workshop, 5), (large, 50)):
        fields = [ActionFieldFactory(workshop=target) for _ in range(3)]
        for number in range(count):
            MeasureFactory(
                action_field=fields[number % 3],
                goal=GoalFactory(action_field=fields[number % 3]) if number % 2 else None,
                effort=["low", "medium", "high", ""][number % 4],
                impact=["high", "low", "medium"][number % 3],
            )

    def queries(target):
        with CaptureQueriesContext(connection) as captured:
            response = facilitator_client.get(url("ranking", target) + query)
        assert response.status_code == 200
        return len(captured)

    queries(workshop)  # warm the session
    assert queries(workshop) == queries(large)


def test_effort_impact_matrix_puts_rows_by_impact_and_columns_by_effort():
    from measures.views.ranking import effort_impact_matrix

    def measure(effort, impact, rank):
        return Measure(title=f"M{rank}", effort=effort, impact=impact, rank=rank)

    items = [measure("low", "high", 1), measure("high", "low", 2), measure("", "high", 3)]
    items.append(measure("low", "high", 4))
    rows, unassessed = effort_impact_matrix(items)
    assert [[(c["effort"], c["impact"]) for c in row] for row in rows] == [
        [("low", "high"), ("medium", "high"), ("high", "high")],
        [("low", "medium"), ("medium", "medium"), ("high", "medium")],
        [("low", "low"), ("medium", "low"), ("high", "low")],
    ]
    assert [m.rank for m in rows[0][0]["measures"]] == [1, 4]
    assert rows[0][0]["quick_win"] and not any(c["quick_win"] for r in rows for c in r[1:])
    assert [m.rank for m in rows[2][2]["measures"]] == [2]
    assert [m.rank for m in unassessed] == [3]
