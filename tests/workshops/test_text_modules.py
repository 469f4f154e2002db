"""Text modules (Textbausteine): inserted into a document text with the placeholders filled in."""

import pytest
from django.urls import reverse

from tests.factories import ActionFieldFactory
from workshops import textmodules
from workshops.models import DOC_TEXT_MAX, Kommune, TextModule


def insert_url(workshop, name):
    return reverse("workshops:document_text_insert", args=[workshop.pk, name])


@pytest.fixture
def module(db):
    return TextModule.objects.create(
        slug="test-vorwort",
        title="Vorwort zum Test",
        target="foreword",
        body="Die {Kommunenart} {Kommune} ({Bundesland}) legt {Jahr} die {Strategie} vor: "
        "{AnzahlHandlungsfelder} Handlungsfelder, {AnzahlMassnahmen} Maßnahmen.",
    )


def test_placeholders_are_filled_for_the_process(workshop, kommune):
    kommune.state = "Baden-Württemberg"
    kommune.kind = Kommune.Kind.STADT
    kommune.save()
    field = ActionFieldFactory(workshop=workshop, name="Bildung")
    known = textmodules.values(workshop, field)
    text = textmodules.fill("{Kommunenart} {Kommune}, {Bundesland}: {Handlungsfeld}", known)
    assert text == "Stadt Musterstadt, Baden-Württemberg: Bildung"


@pytest.mark.parametrize("body", ["Hallo {Ort}", "Für {Handlungsfeld}", "{Bundesland} ist leer"])
def test_a_placeholder_without_a_value_is_reported_never_printed(workshop, kommune, body):
    kommune.state = ""
    kommune.save()
    with pytest.raises(textmodules.PlaceholderError) as refused:
        textmodules.fill(body, textmodules.values(workshop))
    name = body[body.index("{") + 1 : body.index("}")]
    assert f"{{{name}}}" in str(refused.value)


def test_inserting_adds_the_filled_text_to_what_was_typed_without_saving(
    facilitator_client, workshop, module
):
    response = facilitator_client.post(
        insert_url(workshop, "foreword"),
        {"foreword-foreword": "Mein Anfang.", "foreword-version": "", "module": module.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mein Anfang.\n\nDie Stadt Musterstadt (Rheinland-Pfalz)" in page
    assert "{Kommune}" not in page
    assert "Noch nicht gespeichert" in page
    workshop.refresh_from_db()
    assert workshop.foreword == ""  # saved only with the save button


def test_the_inserted_text_is_saved_with_the_usual_conflict_check(
    facilitator_client, workshop, module
):
    texts = reverse("workshops:document_texts", args=[workshop.pk])
    version = facilitator_client.get(texts).context["sections"][0]["form"]["version"].value()
    response = facilitator_client.post(
        insert_url(workshop, "foreword"),
        {"foreword-foreword": "", "foreword-version": version, "module": module.pk},
    )
    form = response.context["sections"][0]["form"]
    assert form["version"].value() == version  # still the version the text was shown with
    save = reverse("workshops:document_text_save", args=[workshop.pk, "foreword"])
    data = {"foreword-foreword": form["foreword"].value(), "foreword-version": version}
    assert facilitator_client.post(save, data).status_code == 302
    workshop.refresh_from_db()
    assert workshop.foreword.startswith("Die Stadt Musterstadt")


def test_an_unfillable_module_is_reported_next_to_the_choice_and_nothing_is_lost(
    facilitator_client, workshop, module
):
    module.body = "Willkommen in {Bundesland}."
    module.save()
    workshop.kommune.state = ""  # the Kommune has not named its Land
    workshop.kommune.save()
    response = facilitator_client.post(
        insert_url(workshop, "foreword"),
        {"foreword-foreword": "Getippt.", "foreword-version": "", "module": module.pk},
    )
    page = response.content.decode()
    assert 'id="module-foreword-error"' in page
    assert "{Bundesland}" in page and "nichts eingefügt" in page
    assert "Getippt.</textarea>" in page


def test_a_module_that_would_make_the_text_too_long_is_not_inserted(
    facilitator_client, workshop, module
):
    typed = "a" * (DOC_TEXT_MAX - 10)
    response = facilitator_client.post(
        insert_url(workshop, "foreword"),
        {"foreword-foreword": typed, "foreword-version": "", "module": module.pk},
    )
    page = response.content.decode()
    assert "höchstens 10.000" in page
    assert f"{typed}</textarea>" in page


def test_modules_of_another_kommune_or_target_are_refused(facilitator_client, workshop, module):
    other = Kommune.objects.create(name="Andersdorf", slug="andersdorf")
    foreign = TextModule.objects.create(
        slug="fremd", title="Fremd", target="foreword", body="Fremder Text", kommune=other
    )
    for pk in (foreign.pk, module.pk):
        name = "foreword" if pk == foreign.pk else "outlook"
        response = facilitator_client.post(
            insert_url(workshop, name),
            {f"{name}-{name}": "", f"{name}-version": "", "module": pk},
        )
        assert "Bitte wählen Sie einen Textbaustein." in response.content.decode()
    page = facilitator_client.get(reverse("workshops:document_texts", args=[workshop.pk]))
    assert "Fremd" not in page.content.decode()


def test_viewers_cannot_insert(client, viewer, workshop, module):
    client.force_login(viewer)
    response = client.post(insert_url(workshop, "foreword"), {"module": module.pk})
    assert response.status_code == 403


def test_the_shipped_modules_fill_in_for_every_kind_of_kommune(workshop, kommune):
    kommune.state = "Saarland"
    field = ActionFieldFactory(workshop=workshop)
    for kind in Kommune.Kind.values:
        kommune.kind = kind
        kommune.save()
        for module in TextModule.objects.all():
            is_field = module.target in textmodules.FIELD_TARGETS
            text = textmodules.fill(
                module.body, textmodules.values(workshop, field if is_field else None)
            )
            assert "{" not in text and "}" not in text


# --- Field introductions and next steps ------------------------------------------------------


def field_form_data(field, **values):
    data = {"name": field.name, "why": "", "what": "", "who": "", "when_how": "", "version": ""}
    return {f"field-{field.pk}-{key}": value for key, value in (data | values).items()}


def test_a_field_module_goes_to_its_question_with_the_typed_name(facilitator_client, workshop):
    field = ActionFieldFactory(workshop=workshop, name="Bildung")
    module = TextModule.objects.create(
        slug="warum-test",
        title="Warum – Test",
        target="field_why",
        body="{Handlungsfeld} ist für {Kommune} wichtig.",
    )
    url = reverse("fields:field_text_insert", args=[workshop.pk, field.pk])
    data = field_form_data(field, name="Bildung und Jugend", why="Eigener Satz.")
    response = facilitator_client.post(url, data | {"module": module.pk})
    page = response.content.decode()
    assert ">\nEigener Satz.\n\nBildung und Jugend ist für Musterstadt wichtig.</textarea>" in page
    assert "Noch nicht gespeichert" in page
    field.refresh_from_db()
    assert (field.name, field.why) == ("Bildung", "")


def test_a_document_module_is_not_offered_for_a_field(facilitator_client, workshop, module):
    field = ActionFieldFactory(workshop=workshop)
    url = reverse("fields:field_text_insert", args=[workshop.pk, field.pk])
    response = facilitator_client.post(url, field_form_data(field) | {"module": module.pk})
    assert "Bitte wählen Sie einen Textbaustein." in response.content.decode()


def test_next_steps_are_taken_from_a_module_once(facilitator_client, workshop):
    module = TextModule.objects.create(
        slug="schritte-test",
        title="Schritte",
        target="next_steps",
        body="Ergebnisse im Rat von {Kommune} vorstellen\n\n- Steuerungsgruppe benennen\n",
    )
    url = reverse("workshops:next_steps_from_module", args=[workshop.pk])
    for _ in range(2):  # a double click adds nothing twice
        assert facilitator_client.post(url, {"module": module.pk}).status_code == 302
    assert [s.title for s in workshop.next_steps.all()] == [
        "Ergebnisse im Rat von Musterstadt vorstellen",
        "Steuerungsgruppe benennen",
    ]


def test_a_next_steps_module_that_cannot_be_filled_changes_nothing(
    facilitator_client, workshop, kommune
):
    kommune.state = ""
    kommune.save()
    module = TextModule.objects.create(
        slug="schritte-land", title="Land", target="next_steps", body="Förderung in {Bundesland}"
    )
    url = reverse("workshops:next_steps_from_module", args=[workshop.pk])
    response = facilitator_client.post(url, {"module": module.pk})
    assert response.status_code == 422
    assert "{Bundesland}" in response.content.decode()
    assert not workshop.next_steps.exists()
