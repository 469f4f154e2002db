import json

import pytest
from django.urls import reverse

from tests.factories import LeitsatzFactory, ZielbildFactory
from workshops.forms import LeitsatzForm, VisionForm, ZielbildForm
from workshops.models import Leitsatz, Zielbild


def url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.pk, *args])


def test_vision_page_shows_vision_and_leitsaetze(facilitator_client, workshop):
    workshop.vision = "Musterstadt ist digital und menschlich."
    workshop.save()
    LeitsatzFactory(workshop=workshop, text="Digital für alle")
    page = facilitator_client.get(url("vision", workshop)).content.decode()
    assert "Vision &amp; Leitbild" in page
    assert "Musterstadt ist digital und menschlich." in page
    assert "Digital für alle" in page


def test_saving_the_vision_with_htmx_returns_the_partial_and_announces_it(
    facilitator_client, workshop, htmx
):
    response = facilitator_client.post(
        url("vision_save", workshop),
        {"vision": "Unsere Vision", "version": VisionForm(instance=workshop).saved_version()},
        **htmx,
    )
    workshop.refresh_from_db()
    assert workshop.vision == "Unsere Vision"
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    page = response.content.decode()
    assert 'id="vision"' in page
    assert "Gespeichert" in page
    assert "<html" not in page


def test_saving_the_vision_without_htmx_redirects(facilitator_client, workshop):
    version = VisionForm(instance=workshop).saved_version()
    response = facilitator_client.post(
        url("vision_save", workshop), {"vision": "Neu", "version": version}
    )
    assert response.status_code == 302
    assert response.url == url("vision", workshop)


def test_over_long_vision_is_rejected_without_losing_the_text(facilitator_client, workshop, htmx):
    workshop.vision = "Alt"
    workshop.save()
    response = facilitator_client.post(url("vision_save", workshop), {"vision": "v" * 5001}, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in page
    assert "v" * 5001 in page
    workshop.refresh_from_db()
    assert workshop.vision == "Alt"


def test_leitsatz_is_added_at_the_end(facilitator_client, workshop, htmx):
    LeitsatzFactory(workshop=workshop, text="Erster", position=1)
    response = facilitator_client.post(url("leitsatz_add", workshop), {"text": "Zweiter"}, **htmx)
    assert response.status_code == 200
    assert list(workshop.leitsaetze.values_list("text", flat=True)) == ["Erster", "Zweiter"]
    assert 'id="leitsaetze"' in response.content.decode()


def test_empty_leitsatz_gets_a_german_error(facilitator_client, workshop, htmx):
    response = facilitator_client.post(url("leitsatz_add", workshop), {"text": "   "}, **htmx)
    assert "Bitte geben Sie einen Leitsatz ein." in response.content.decode()
    assert not workshop.leitsaetze.exists()


def test_over_long_leitsatz_states_the_limit(facilitator_client, workshop, htmx):
    response = facilitator_client.post(url("leitsatz_add", workshop), {"text": "l" * 301}, **htmx)
    assert "höchstens 300 Zeichen" in response.content.decode()


def test_leitsatz_edit_form_and_update(facilitator_client, workshop, htmx):
    leitsatz = LeitsatzFactory(workshop=workshop, text="Alt")
    form = facilitator_client.get(url("vision", workshop), {"leitsatz": leitsatz.pk}, **htmx)
    assert f'name="leitsatz-{leitsatz.pk}-text"' in form.content.decode()
    facilitator_client.post(
        url("leitsatz_update", workshop, leitsatz.pk),
        {
            f"leitsatz-{leitsatz.pk}-text": "Neu",
            f"leitsatz-{leitsatz.pk}-version": LeitsatzForm(instance=leitsatz).saved_version(),
        },
        **htmx,
    )
    leitsatz.refresh_from_db()
    assert leitsatz.text == "Neu"


def test_leitsatz_moves_up(facilitator_client, workshop):
    first = LeitsatzFactory(workshop=workshop, position=1)
    second = LeitsatzFactory(workshop=workshop, position=2)
    facilitator_client.post(url("leitsatz_move", workshop, second.pk), {"direction": "up"})
    assert list(workshop.leitsaetze.all()) == [second, first]


def test_leitsatz_delete_asks_first_without_javascript(facilitator_client, workshop):
    leitsatz = LeitsatzFactory(workshop=workshop, text="Wird gelöscht")
    page = facilitator_client.get(url("leitsatz_delete", workshop, leitsatz.pk)).content.decode()
    assert "Wirklich löschen?" in page
    assert Leitsatz.objects.filter(pk=leitsatz.pk).exists()
    facilitator_client.post(url("leitsatz_delete", workshop, leitsatz.pk))
    assert not Leitsatz.objects.filter(pk=leitsatz.pk).exists()


def test_editing_a_leitsatz_deleted_in_another_tab_says_so(facilitator_client, workshop, htmx):
    gone_pk = LeitsatzFactory(workshop=workshop).pk
    Leitsatz.objects.filter(pk=gone_pk).delete()
    response = facilitator_client.post(
        url("leitsatz_update", workshop, gone_pk), {f"leitsatz-{gone_pk}-text": "x"}, **htmx
    )
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert "nicht mehr" in response.content.decode()


def test_zielbild_add_update_delete(facilitator_client, workshop, htmx):
    facilitator_client.post(
        url("zielbild_add", workshop), {"title": "Smarte Europastadt", "text": "Grenzenlos"}, **htmx
    )
    zielbild = Zielbild.objects.get(workshop=workshop)
    assert zielbild.title == "Smarte Europastadt"
    facilitator_client.post(
        url("zielbild_update", workshop, zielbild.pk),
        {
            f"zielbild-{zielbild.pk}-title": "Resiliente Stadt",
            f"zielbild-{zielbild.pk}-text": "",
            f"zielbild-{zielbild.pk}-version": ZielbildForm(instance=zielbild).saved_version(),
        },
        **htmx,
    )
    zielbild.refresh_from_db()
    assert zielbild.title == "Resiliente Stadt"
    facilitator_client.post(url("zielbild_delete", workshop, zielbild.pk), **htmx)
    assert not Zielbild.objects.exists()


def test_viewer_sees_no_forms_and_cannot_post(client, viewer, workshop):
    client.force_login(viewer)
    page = client.get(url("vision", workshop)).content.decode()
    assert "vision/speichern" not in page
    assert client.post(url("vision_save", workshop), {"vision": "x"}).status_code == 403
    assert client.post(url("leitsatz_add", workshop), {"text": "x"}).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["leitsatz_update", "leitsatz_move", "leitsatz_delete", "zielbild_update", "zielbild_delete"],
)
def test_outsider_gets_404_for_item_actions(client, outsider, workshop, name):
    leitsatz = LeitsatzFactory(workshop=workshop)
    zielbild = ZielbildFactory(workshop=workshop)
    item = leitsatz if name.startswith("leitsatz") else zielbild
    client.force_login(outsider)
    assert client.post(url(name, workshop, item.pk), {"text": "x"}).status_code == 404
    assert Leitsatz.objects.filter(pk=leitsatz.pk).exists()


@pytest.mark.parametrize("name", ["vision_save", "leitsatz_add", "zielbild_add"])
def test_outsider_gets_404_for_adding(client, outsider, workshop, name):
    client.force_login(outsider)
    assert client.post(url(name, workshop), {"text": "x", "title": "x"}).status_code == 404


def test_item_of_another_workshop_is_404_even_for_a_member(facilitator_client, workshop):
    other = LeitsatzFactory()
    response = facilitator_client.post(url("leitsatz_delete", workshop, other.pk))
    assert response.status_code == 404
    assert Leitsatz.objects.filter(pk=other.pk).exists()


def test_cancelling_an_inline_edit_with_htmx_returns_only_the_list(
    facilitator_client, workshop, htmx
):
    LeitsatzFactory(workshop=workshop, text="Bleibt")
    page = facilitator_client.get(url("vision", workshop), {"leitsatz": "none"}, **htmx)
    content = page.content.decode()
    assert 'id="leitsaetze"' in content
    assert "<html" not in content
    assert 'name="leitsatz-' not in content
