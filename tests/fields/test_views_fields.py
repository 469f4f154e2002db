import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fields.forms import ActionFieldForm
from fields.models import ActionField, FieldCatalogue
from measures.models import Measure
from tests.factories import (
    ActionFieldFactory,
    CatalogueFieldFactory,
    GoalFactory,
    MeasureFactory,
    ProjectPlanFactory,
    WorkshopFactory,
)


def field_version(field):
    """The fingerprint the edit form of `field` is shown with."""
    return ActionFieldForm(instance=field, workshop=field.workshop).saved_version()


def url(name, workshop, *args):
    return reverse(f"fields:{name}", args=[workshop.pk, *args])


@pytest.fixture
def catalogue_workshop(workshop):
    workshop.catalogue = FieldCatalogue.objects.get(slug="digital-werkstatt")
    workshop.save()
    return workshop


@pytest.fixture
def tourismus(catalogue_workshop):
    return catalogue_workshop.catalogue.entries.get(name="Tourismus")


def announced(response):
    return "workshopChanged" in json.loads(response.headers.get("HX-Trigger", "{}"))


def names(workshop):
    return list(workshop.action_fields.values_list("name", flat=True))


# --- The list ---------------------------------------------------------------------------------


def test_page_lists_fields_in_order_with_prompts_and_counts(facilitator_client, workshop):
    second = ActionFieldFactory(workshop=workshop, name="Bildung", position=2)
    first = ActionFieldFactory(
        workshop=workshop, name="Verwaltung", position=1, why="Weil es drängt", who="Das Amt"
    )
    GoalFactory.create_batch(2, action_field=first)
    MeasureFactory.create_batch(3, action_field=first)
    page = facilitator_client.get(url("field_list", workshop)).content.decode()
    assert page.index("Verwaltung") < page.index("Bildung")
    for prompt in ("WARUM?", "WAS?", "WER?", "WANN & WIE?"):
        assert prompt in page
    assert "Weil es drängt" in page and "Das Amt" in page
    assert "2 Ziele" in page and "3 Maßnahmen" in page
    assert "0 Ziele" in page and "0 Maßnahmen" in page
    assert f'id="field-{second.pk}"' in page
    assert reverse("measures:measure_list", args=[workshop.pk]) in page
    assert "Weiter: Ziele &amp; Maßnahmen" in page


def test_page_queries_do_not_grow_with_the_number_of_fields(facilitator_client, catalogue_workshop):
    workshop = catalogue_workshop

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            facilitator_client.get(url("field_list", workshop))
        return len(queries)

    def add_field(entry=None):
        field = ActionFieldFactory(workshop=workshop, source=entry)
        GoalFactory(action_field=field)
        MeasureFactory(action_field=field)

    add_field()
    few = count_queries()
    for entry in workshop.catalogue.entries.all()[:6]:
        add_field(entry)
    assert count_queries() == few


def test_workshop_without_catalogue_shows_no_catalogue_block(facilitator_client, workshop):
    page = facilitator_client.get(url("field_list", workshop)).content.decode()
    assert 'id="catalogue"' not in page
    assert "Aus dem Katalog wählen" not in page


def test_catalogue_entries_show_whether_they_are_chosen(
    facilitator_client, catalogue_workshop, tourismus
):
    ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    page = facilitator_client.get(url("field_list", catalogue_workshop)).content.decode()
    assert "Aus dem Katalog wählen" in page
    assert "Digitale Infrastruktur" in page
    assert page.count('aria-pressed="true"') == 1
    assert page.count('aria-pressed="false"') == 8
    assert url("catalogue_deselect", catalogue_workshop, tourismus.pk) in page


def test_edit_form_is_shown_inline_with_the_four_prompts_and_hints(
    facilitator_client, workshop, htmx
):
    field = ActionFieldFactory(workshop=workshop, name="Tourismus", what="Gäste informieren")
    response = facilitator_client.get(url("field_list", workshop), {"field": field.pk}, **htmx)
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="fields-step"' in page
    for name in ("name", "why", "what", "who", "when_how"):
        assert f'name="field-{field.pk}-{name}"' in page
    assert "Gäste informieren</textarea>" in page
    assert "Warum ist dieses Handlungsfeld für die Kommune wichtig?" in page
    assert "Was soll in diesem Handlungsfeld erreicht werden?" in page
    assert "Wer setzt um, und wer ist beteiligt" in page
    assert "In welchem Zeitraum setzen Sie um, und wie gehen Sie vor?" in page


def test_edit_form_without_javascript_is_part_of_the_full_page(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop)
    page = facilitator_client.get(url("field_list", workshop), {"field": field.pk}).content.decode()
    assert "<html" in page
    assert f'name="field-{field.pk}-why"' in page


def test_stale_or_foreign_edit_id_just_shows_the_list(facilitator_client, workshop, htmx):
    foreign = ActionFieldFactory(name="Fremdes Feld")
    response = facilitator_client.get(url("field_list", workshop), {"field": foreign.pk}, **htmx)
    assert response.status_code == 200
    assert "Fremdes Feld" not in response.content.decode()
    response = facilitator_client.get(url("field_list", workshop), {"field": "none"}, **htmx)
    assert response.status_code == 200


# --- Adding own fields ------------------------------------------------------------------------


def test_own_field_is_added_at_the_end_and_announced(facilitator_client, workshop, htmx):
    ActionFieldFactory(workshop=workshop, name="Erstes", position=3)
    response = facilitator_client.post(
        url("field_add", workshop), {"name": "  Kultur und Sport  "}, **htmx
    )
    assert response.status_code == 200
    assert names(workshop) == ["Erstes", "Kultur und Sport"]
    assert workshop.action_fields.get(name="Kultur und Sport").source is None
    assert announced(response)
    page = response.content.decode()
    assert 'id="fields-step"' in page
    assert "<html" not in page


def test_adding_without_javascript_redirects_with_a_message(facilitator_client, workshop):
    response = facilitator_client.post(url("field_add", workshop), {"name": "Kultur"}, follow=True)
    assert response.redirect_chain == [(url("field_list", workshop), 302)]
    assert "Handlungsfeld hinzugefügt." in response.content.decode()


def test_empty_name_gets_a_german_error(facilitator_client, workshop, htmx):
    response = facilitator_client.post(url("field_add", workshop), {"name": "   "}, **htmx)
    assert response.status_code == 200
    assert "Bitte geben Sie einen Namen ein." in response.content.decode()
    assert not workshop.action_fields.exists()
    assert not announced(response)


def test_over_long_name_states_the_limit_and_keeps_the_input(facilitator_client, workshop, htmx):
    response = facilitator_client.post(url("field_add", workshop), {"name": "n" * 201}, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in page
    assert "n" * 201 in page
    assert not workshop.action_fields.exists()


@pytest.mark.parametrize("name", ["Tourismus", "tourismus"])
def test_duplicate_name_gets_a_german_error_next_to_the_field(
    facilitator_client, workshop, htmx, name
):
    ActionFieldFactory(workshop=workshop, name="Tourismus")
    response = facilitator_client.post(url("field_add", workshop), {"name": name}, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ein Handlungsfeld mit diesem Namen gibt es bereits." in page
    assert 'id="id_name-error"' in page
    assert workshop.action_fields.count() == 1


def test_same_name_in_another_workshop_is_fine(facilitator_client, workshop, htmx):
    ActionFieldFactory(workshop=WorkshopFactory(kommune=workshop.kommune), name="Tourismus")
    facilitator_client.post(url("field_add", workshop), {"name": "Tourismus"}, **htmx)
    assert names(workshop) == ["Tourismus"]


def test_duplicate_that_slips_past_the_form_hits_the_constraint_not_a_500(
    facilitator_client, workshop, htmx, monkeypatch
):
    """Two people adding the same name at once: the database constraint answers."""
    ActionFieldFactory(workshop=workshop, name="Tourismus")
    monkeypatch.setattr(ActionFieldForm, "clean_name", lambda form: form.cleaned_data["name"])
    response = facilitator_client.post(url("field_add", workshop), {"name": "Tourismus"}, **htmx)
    assert response.status_code == 200
    assert "Ein Handlungsfeld mit diesem Namen gibt es bereits." in response.content.decode()
    assert workshop.action_fields.count() == 1


# --- Editing ----------------------------------------------------------------------------------


def test_field_is_updated_with_all_four_prompts(facilitator_client, workshop, htmx):
    field = ActionFieldFactory(workshop=workshop, name="Alt")
    prefix = f"field-{field.pk}"
    response = facilitator_client.post(
        url("field_update", workshop, field.pk),
        {
            f"{prefix}-name": "Neu",
            f"{prefix}-why": "Warum",
            f"{prefix}-what": "Was",
            f"{prefix}-who": "Wer",
            f"{prefix}-when_how": "Wann und wie",
            f"{prefix}-version": field_version(field),
        },
        **htmx,
    )
    assert response.status_code == 200
    assert announced(response)
    field.refresh_from_db()
    assert (field.name, field.why, field.what, field.who, field.when_how) == (
        "Neu",
        "Warum",
        "Was",
        "Wer",
        "Wann und wie",
    )
    assert f'name="{prefix}-name"' not in response.content.decode()


def test_keeping_the_own_name_is_no_duplicate(facilitator_client, workshop, htmx):
    field = ActionFieldFactory(workshop=workshop, name="Tourismus")
    facilitator_client.post(
        url("field_update", workshop, field.pk),
        {
            f"field-{field.pk}-name": "Tourismus",
            f"field-{field.pk}-why": "Gäste",
            f"field-{field.pk}-version": field_version(field),
        },
        **htmx,
    )
    field.refresh_from_db()
    assert field.why == "Gäste"


def test_renaming_to_a_taken_name_keeps_everything_typed(facilitator_client, workshop, htmx):
    ActionFieldFactory(workshop=workshop, name="Bildung")
    field = ActionFieldFactory(workshop=workshop, name="Tourismus")
    prefix = f"field-{field.pk}"
    response = facilitator_client.post(
        url("field_update", workshop, field.pk),
        {f"{prefix}-name": "Bildung", f"{prefix}-why": "Ein langer Gedanke"},
        **htmx,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ein Handlungsfeld mit diesem Namen gibt es bereits." in page
    assert "Ein langer Gedanke</textarea>" in page
    field.refresh_from_db()
    assert (field.name, field.why) == ("Tourismus", "")


def test_over_long_prompt_is_rejected(facilitator_client, workshop, htmx):
    field = ActionFieldFactory(workshop=workshop, name="Tourismus")
    prefix = f"field-{field.pk}"
    response = facilitator_client.post(
        url("field_update", workshop, field.pk),
        {f"{prefix}-name": "Tourismus", f"{prefix}-what": "w" * 5001},
        **htmx,
    )
    assert "höchstens 5000 Zeichen" in response.content.decode()
    field.refresh_from_db()
    assert field.what == ""


def test_updating_without_javascript_redirects(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop)
    response = facilitator_client.post(
        url("field_update", workshop, field.pk),
        {f"field-{field.pk}-name": "Neu", f"field-{field.pk}-version": field_version(field)},
    )
    assert response.status_code == 302
    assert response.url == url("field_list", workshop)


def test_editing_a_field_deleted_in_another_tab_says_so(facilitator_client, workshop, htmx):
    gone_pk = ActionFieldFactory(workshop=workshop).pk
    ActionField.objects.filter(pk=gone_pk).delete()
    response = facilitator_client.post(
        url("field_update", workshop, gone_pk), {f"field-{gone_pk}-name": "x"}, **htmx
    )
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert "nicht mehr" in response.content.decode()


# --- Order ------------------------------------------------------------------------------------


def test_field_moves_up_and_down(facilitator_client, workshop, htmx):
    first = ActionFieldFactory(workshop=workshop, name="A", position=1)
    ActionFieldFactory(workshop=workshop, name="B", position=2)
    third = ActionFieldFactory(workshop=workshop, name="C", position=3)
    response = facilitator_client.post(
        url("field_move", workshop, third.pk), {"direction": "up"}, **htmx
    )
    assert names(workshop) == ["A", "C", "B"]
    assert announced(response)
    facilitator_client.post(url("field_move", workshop, first.pk), {"direction": "down"})
    assert names(workshop) == ["C", "A", "B"]


def test_moving_past_the_end_changes_nothing(facilitator_client, workshop):
    first = ActionFieldFactory(workshop=workshop, name="A", position=1)
    ActionFieldFactory(workshop=workshop, name="B", position=2)
    response = facilitator_client.post(url("field_move", workshop, first.pk), {"direction": "up"})
    assert response.status_code == 302
    assert names(workshop) == ["A", "B"]


def test_move_buttons_are_real_buttons_named_after_their_field(facilitator_client, workshop):
    first = ActionFieldFactory(workshop=workshop, name="Anfang", position=1)
    last = ActionFieldFactory(workshop=workshop, name="Ende", position=2)
    page = facilitator_client.get(url("field_list", workshop)).content.decode()
    up = re.search(rf'<button[^>]*id="field-{last.pk}-up"[^>]*>(.*?)</button>', page).group(1)
    assert re.search(r'class="kern-sr-only">Nach oben[^<]*: Ende<', up)
    down = re.search(rf'<button[^>]*id="field-{first.pk}-down"[^>]*>(.*?)</button>', page)
    assert re.search(r'class="kern-sr-only">Nach unten[^<]*: Anfang<', down.group(1))
    assert re.search(rf'<button[^>]*id="field-{first.pk}-up"[^>]* disabled>', page)


# --- Deleting ---------------------------------------------------------------------------------


def test_delete_confirmation_says_what_goes_with_it(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop, name="Tourismus")
    GoalFactory.create_batch(2, action_field=field)
    MeasureFactory.create_batch(3, action_field=field)
    response = facilitator_client.get(url("field_delete", workshop, field.pk))
    page = response.content.decode()
    assert "Wirklich löschen?" in page
    assert "Mit dem Handlungsfeld werden 2 Ziele und 3 Maßnahmen gelöscht." in page
    assert ActionField.objects.filter(pk=field.pk).exists()


@pytest.mark.parametrize(
    ("goals", "measures", "sentence"),
    [
        (1, 0, "Mit dem Handlungsfeld wird 1 Ziel gelöscht."),
        (0, 1, "Mit dem Handlungsfeld wird 1 Maßnahme gelöscht."),
        (1, 1, "Mit dem Handlungsfeld werden 1 Ziel und 1 Maßnahme gelöscht."),
        (0, 0, "Zu diesem Handlungsfeld gehören noch keine Ziele oder Maßnahmen."),
    ],
)
def test_consequences_in_singular_and_plural(
    facilitator_client, workshop, goals, measures, sentence
):
    field = ActionFieldFactory(workshop=workshop)
    GoalFactory.create_batch(goals, action_field=field)
    MeasureFactory.create_batch(measures, action_field=field)
    page = facilitator_client.get(url("field_delete", workshop, field.pk)).content.decode()
    assert sentence in page


def test_delete_button_confirms_with_the_same_sentence(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop, name="Tourismus")
    GoalFactory.create_batch(2, action_field=field)
    MeasureFactory.create_batch(3, action_field=field)
    page = facilitator_client.get(url("field_list", workshop)).content.decode()
    assert (
        'data-hx-confirm="Das Handlungsfeld „Tourismus“ löschen? '
        'Mit dem Handlungsfeld werden 2 Ziele und 3 Maßnahmen gelöscht."'
    ) in page
    assert url("field_delete", workshop, field.pk) in page


def test_deleting_removes_goals_and_measures_and_closes_rank_gaps(
    facilitator_client, workshop, htmx
):
    keep = ActionFieldFactory(workshop=workshop, name="Bleibt")
    field = ActionFieldFactory(workshop=workshop, name="Geht")
    MeasureFactory(action_field=keep, title="Eins")
    MeasureFactory(action_field=field, title="Zwei")
    MeasureFactory(action_field=keep, title="Drei")
    GoalFactory(action_field=field)
    response = facilitator_client.post(url("field_delete", workshop, field.pk), **htmx)
    assert response.status_code == 200
    assert announced(response)
    assert names(workshop) == ["Bleibt"]
    assert list(Measure.objects.filter(workshop=workshop).values_list("title", "rank")) == [
        ("Eins", 1),
        ("Drei", 2),
    ]


def test_deleting_without_javascript_redirects_with_a_message(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop)
    response = facilitator_client.post(url("field_delete", workshop, field.pk), follow=True)
    assert response.redirect_chain == [(url("field_list", workshop), 302)]
    assert "Handlungsfeld gelöscht." in response.content.decode()


def test_deleting_twice_gives_the_gone_notice(facilitator_client, workshop, htmx):
    field = ActionFieldFactory(workshop=workshop)
    facilitator_client.post(url("field_delete", workshop, field.pk), **htmx)
    response = facilitator_client.post(url("field_delete", workshop, field.pk), **htmx)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"


# --- The catalogue ----------------------------------------------------------------------------


def test_selecting_an_entry_creates_a_field_at_the_end(
    facilitator_client, catalogue_workshop, tourismus, htmx
):
    ActionFieldFactory(workshop=catalogue_workshop, name="Eigenes", position=7)
    response = facilitator_client.post(
        url("catalogue_select", catalogue_workshop, tourismus.pk), **htmx
    )
    assert response.status_code == 200
    assert announced(response)
    field = catalogue_workshop.action_fields.get(source=tourismus)
    assert field.name == "Tourismus"
    assert field.what == "Gäste informieren, buchen lassen und vernetzen."
    assert names(catalogue_workshop) == ["Eigenes", "Tourismus"]
    page = response.content.decode()
    assert 'aria-pressed="true"' in page
    assert "<html" not in page


def test_selecting_twice_creates_one_field(facilitator_client, catalogue_workshop, tourismus):
    for _ in range(2):
        response = facilitator_client.post(
            url("catalogue_select", catalogue_workshop, tourismus.pk)
        )
        assert response.status_code == 302
    assert catalogue_workshop.action_fields.count() == 1


def test_selecting_an_entry_whose_name_is_taken_says_so(
    facilitator_client, catalogue_workshop, tourismus, htmx
):
    ActionFieldFactory(workshop=catalogue_workshop, name="Tourismus")
    response = facilitator_client.post(
        url("catalogue_select", catalogue_workshop, tourismus.pk), **htmx
    )
    assert response.status_code == 200
    assert "Ein Handlungsfeld mit diesem Namen gibt es bereits." in response.content.decode()
    assert catalogue_workshop.action_fields.count() == 1
    assert not catalogue_workshop.action_fields.filter(source=tourismus).exists()


def test_deselecting_an_entry_without_content_removes_its_field(
    facilitator_client, catalogue_workshop, tourismus, htmx
):
    ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    response = facilitator_client.post(
        url("catalogue_deselect", catalogue_workshop, tourismus.pk), **htmx
    )
    assert response.status_code == 200
    assert announced(response)
    assert not catalogue_workshop.action_fields.exists()
    assert 'aria-pressed="true"' not in response.content.decode()


def test_deselecting_an_entry_that_is_not_chosen_changes_nothing(
    facilitator_client, catalogue_workshop, tourismus
):
    response = facilitator_client.post(url("catalogue_deselect", catalogue_workshop, tourismus.pk))
    assert response.status_code == 302


def test_deselecting_a_field_with_content_asks_first_without_javascript(
    facilitator_client, catalogue_workshop, tourismus
):
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    GoalFactory(action_field=field)
    response = facilitator_client.post(
        url("catalogue_deselect", catalogue_workshop, tourismus.pk), follow=True
    )
    assert response.redirect_chain == [(url("field_delete", catalogue_workshop, field.pk), 302)]
    assert "Mit dem Handlungsfeld wird 1 Ziel gelöscht." in response.content.decode()
    assert ActionField.objects.filter(pk=field.pk).exists()


def test_deselecting_a_field_with_content_confirms_with_javascript(
    facilitator_client, catalogue_workshop, tourismus, htmx
):
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    MeasureFactory.create_batch(2, action_field=field)
    page = facilitator_client.get(url("field_list", catalogue_workshop)).content.decode()
    assert (
        'data-hx-confirm="Das Handlungsfeld „Tourismus“ abwählen? '
        'Mit dem Handlungsfeld werden 2 Maßnahmen gelöscht."'
    ) in page
    response = facilitator_client.post(
        url("catalogue_deselect", catalogue_workshop, tourismus.pk), {"confirmed": "1"}, **htmx
    )
    assert response.status_code == 200
    assert announced(response)
    assert not ActionField.objects.filter(pk=field.pk).exists()
    assert not Measure.objects.exists()


def test_unconfirmed_htmx_deselect_of_a_field_with_content_goes_to_the_confirmation(
    facilitator_client, catalogue_workshop, tourismus, htmx
):
    """Goals were added in another tab after the page was shown without a confirm question."""
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    GoalFactory(action_field=field)
    response = facilitator_client.post(
        url("catalogue_deselect", catalogue_workshop, tourismus.pk), **htmx
    )
    assert response.headers["HX-Redirect"] == url("field_delete", catalogue_workshop, field.pk)
    assert ActionField.objects.filter(pk=field.pk).exists()


def test_confirmed_flag_without_htmx_does_not_skip_the_question(
    facilitator_client, catalogue_workshop, tourismus
):
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    GoalFactory(action_field=field)
    facilitator_client.post(
        url("catalogue_deselect", catalogue_workshop, tourismus.pk), {"confirmed": "1"}
    )
    assert ActionField.objects.filter(pk=field.pk).exists()


@pytest.mark.parametrize("name", ["catalogue_select", "catalogue_deselect"])
def test_entry_of_another_catalogue_is_404(facilitator_client, catalogue_workshop, name):
    foreign = FieldCatalogue.objects.get(slug="smart-city").entries.first()
    response = facilitator_client.post(url(name, catalogue_workshop, foreign.pk))
    assert response.status_code == 404
    assert not catalogue_workshop.action_fields.exists()


@pytest.mark.parametrize("name", ["catalogue_select", "catalogue_deselect"])
def test_catalogue_entry_of_a_workshop_without_catalogue_is_404(facilitator_client, workshop, name):
    entry = CatalogueFieldFactory()
    assert facilitator_client.post(url(name, workshop, entry.pk)).status_code == 404


# --- Access -----------------------------------------------------------------------------------


def test_viewer_sees_the_fields_but_no_forms(client, viewer, catalogue_workshop):
    field = ActionFieldFactory(workshop=catalogue_workshop, name="Tourismus", why="Gäste")
    client.force_login(viewer)
    page = client.get(url("field_list", catalogue_workshop)).content.decode()
    assert "Tourismus" in page and "Gäste" in page
    assert "<form" not in page.split('id="main"')[1]
    assert "aria-pressed" not in page
    assert url("field_delete", catalogue_workshop, field.pk) not in page
    response = client.get(url("field_list", catalogue_workshop), {"field": field.pk})
    assert f'name="field-{field.pk}-name"' not in response.content.decode()


def _item_requests(workshop, field, entry):
    return [
        ("post", url("field_add", workshop), {"name": "X"}),
        ("post", url("field_update", workshop, field.pk), {f"field-{field.pk}-name": "X"}),
        ("post", url("field_move", workshop, field.pk), {"direction": "up"}),
        ("get", url("field_delete", workshop, field.pk), {}),
        ("post", url("field_delete", workshop, field.pk), {}),
        ("post", url("catalogue_select", workshop, entry.pk), {}),
        ("post", url("catalogue_deselect", workshop, entry.pk), {}),
    ]


@pytest.mark.parametrize("index", range(7))
def test_viewer_gets_403_for_every_change(client, viewer, catalogue_workshop, tourismus, index):
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    method, target, data = _item_requests(catalogue_workshop, field, tourismus)[index]
    client.force_login(viewer)
    assert getattr(client, method)(target, data).status_code == 403
    field.refresh_from_db()
    assert field.name == "Tourismus"
    assert catalogue_workshop.action_fields.count() == 1


@pytest.mark.parametrize("index", range(7))
def test_outsider_gets_404_for_every_view(client, outsider, catalogue_workshop, tourismus, index):
    field = ActionFieldFactory(workshop=catalogue_workshop, source=tourismus, name="Tourismus")
    method, target, data = _item_requests(catalogue_workshop, field, tourismus)[index]
    client.force_login(outsider)
    assert getattr(client, method)(target, data).status_code == 404
    field.refresh_from_db()
    assert field.name == "Tourismus"
    assert catalogue_workshop.action_fields.count() == 1


def test_outsider_gets_404_for_the_page(client, outsider, workshop):
    client.force_login(outsider)
    assert client.get(url("field_list", workshop)).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(facilitator_client, workshop, method):
    field = ActionFieldFactory(workshop=workshop)
    assert getattr(facilitator_client, method)(url("field_list", workshop)).status_code == 405
    assert (
        getattr(facilitator_client, method)(url("field_delete", workshop, field.pk)).status_code
        == 405
    )


def test_field_of_another_kommune_is_404_even_for_a_member(facilitator_client, workshop):
    other = ActionFieldFactory(name="Fremd")
    for target in (
        url("field_update", workshop, other.pk),
        url("field_move", workshop, other.pk),
        url("field_delete", workshop, other.pk),
    ):
        assert facilitator_client.post(target, {"direction": "up"}).status_code == 404
    assert facilitator_client.get(url("field_delete", workshop, other.pk)).status_code == 404
    assert ActionField.objects.filter(pk=other.pk, name="Fremd").exists()


def test_anonymous_user_is_sent_to_the_login(client, workshop):
    response = client.get(url("field_list", workshop))
    assert response.status_code == 302
    assert "/anmelden/" in response.url


def test_editor_may_change_fields(client, editor, workshop, htmx):
    client.force_login(editor)
    client.post(url("field_add", workshop), {"name": "Kultur"}, **htmx)
    assert names(workshop) == ["Kultur"]


def test_step_is_complete_once_a_field_exists(facilitator_client, workshop, htmx):
    nav = reverse("workshops:step_nav", args=[workshop.pk])
    assert "✓" not in facilitator_client.get(nav, {"current": "fields"}).content.decode()
    facilitator_client.post(url("field_add", workshop), {"name": "Kultur"}, **htmx)
    assert "✓" in facilitator_client.get(nav, {"current": "fields"}).content.decode()


def test_deleting_a_field_warns_about_the_project_plans_that_go_with_it(
    facilitator_client, workshop
):
    plan = ProjectPlanFactory(measure__action_field__workshop=workshop)
    field = plan.measure.action_field
    page = facilitator_client.get(
        reverse("fields:field_delete", args=[workshop.pk, field.pk])
    ).content.decode()
    assert "Darunter ist der Projektplan (Vertiefung) von 1 Maßnahme." in page
