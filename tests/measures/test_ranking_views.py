import json
import re

import pytest
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
    """The opening tag of the first button with `value` (or the first plain submit button)."""
    pattern = (
        f'<button[^>]*value="{value}"[^>]*>' if value else r'<button type="submit" class[^>]*>'
    )
    return re.search(pattern, html).group(0)


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
    assert "Rang 4</span>" in page
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
    [
        ("1", ["D", "A", "B", "C"]),
        ("3", ["A", "B", "D", "C"]),
        ("99", ["A", "B", "C", "D"]),
        ("0", ["D", "A", "B", "C"]),
        ("-5", ["D", "A", "B", "C"]),
        (" 2 ", ["A", "D", "B", "C"]),
    ],
)
def test_move_to_a_rank_clamps_to_the_ranking(
    facilitator_client, workshop, measures, htmx, value, expected
):
    response = facilitator_client.post(
        url("ranking_move", workshop, measures[3].pk), {"rank": value}, **htmx
    )
    assert response.status_code == 200
    assert [title[0] for title, _rank in order(workshop)] == expected
    assert [rank for _title, rank in order(workshop)] == [1, 2, 3, 4]
    row = row_of(response.content.decode(), measures[3])
    assert " autofocus" in button(row.split('class="ranking-to')[1], "")


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
    assert f'value="{value}"' in row
    assert 'aria-invalid="true"' in row
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
