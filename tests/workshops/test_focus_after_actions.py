"""The swapped-in HTML names the element that gets the focus (htmx focuses `[autofocus]`)."""

from django.urls import reverse

from tests.factories import ActionFieldFactory, LeitsatzFactory
from workshops.process import focus_after_move


def tag_with(html, marker):
    """The opening tag that contains `marker`."""
    index = html.index(marker)
    return html[html.rindex("<", 0, index) : html.index(">", index) + 1]


def test_after_adding_a_leitsatz_its_emptied_input_is_focused(facilitator_client, workshop, htmx):
    response = facilitator_client.post(
        reverse("workshops:leitsatz_add", args=[workshop.pk]),
        {"text": "Digital für alle."},
        **htmx,
    )
    html = response.content.decode()
    assert "Digital für alle." in html
    field = tag_with(html, 'id="id_leitsatz_text"')
    assert "autofocus" in field
    assert "value=" not in field  # empty for the next one


def test_an_empty_leitsatz_keeps_the_focus_in_its_input(facilitator_client, workshop, htmx):
    response = facilitator_client.post(
        reverse("workshops:leitsatz_add", args=[workshop.pk]), {"text": " "}, **htmx
    )
    html = response.content.decode()
    assert "Bitte geben Sie einen Leitsatz ein." in html
    assert "autofocus" in tag_with(html, 'id="id_leitsatz_text"')


def test_a_moved_leitsatz_keeps_the_focus_on_its_button(facilitator_client, workshop, htmx):
    first, second, third = (LeitsatzFactory(workshop=workshop) for _ in range(3))
    url = reverse("workshops:leitsatz_move", args=[workshop.pk, third.pk])
    html = facilitator_client.post(url, {"direction": "up"}, **htmx).content.decode()
    row = html.split(f'id="leitsatz-{third.pk}"')[1].split("</li>")[0]
    assert "autofocus" in tag_with(row, 'value="up"')
    assert "autofocus" not in tag_with(row, 'value="down"')
    assert html.count("autofocus") == 1
    # Up again reaches the top, where "up" is disabled: "down" takes the focus.
    html = facilitator_client.post(url, {"direction": "up"}, **htmx).content.decode()
    row = html.split(f'id="leitsatz-{third.pk}"')[1].split("</li>")[0]
    assert "autofocus" in tag_with(row, 'value="down"')
    assert "disabled" in tag_with(row, 'value="up"')
    assert html.index(f'id="leitsatz-{third.pk}"') < html.index(f'id="leitsatz-{first.pk}"')
    assert html.index(f'id="leitsatz-{first.pk}"') < html.index(f'id="leitsatz-{second.pk}"')


def test_a_moved_field_keeps_the_focus_on_its_button(facilitator_client, workshop, htmx):
    first, second = ActionFieldFactory(workshop=workshop), ActionFieldFactory(workshop=workshop)
    url = reverse("fields:field_move", args=[workshop.pk, first.pk])
    html = facilitator_client.post(url, {"direction": "down"}, **htmx).content.decode()
    assert html.index(f'id="field-{second.pk}"') < html.index(f'id="field-{first.pk}"')
    assert "autofocus" in tag_with(html, f'id="field-{first.pk}-up"')
    assert html.count("autofocus") == 1


def test_focus_after_move_falls_back_to_the_other_button_at_either_end():
    rows = [type("Row", (), {"pk": pk}) for pk in (1, 2, 3)]
    assert focus_after_move(rows, 2, "up") == {"pk": 2, "control": "up"}
    assert focus_after_move(rows, 1, "up") == {"pk": 1, "control": "down"}
    assert focus_after_move(rows, 3, "down") == {"pk": 3, "control": "up"}
    assert focus_after_move(rows[:1], 1, "down") == {"pk": 1, "control": ""}
    assert focus_after_move(rows, 9, "up") == {}  # deleted meanwhile
