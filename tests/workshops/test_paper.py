"""Paper mode: A4 worksheets per agenda item with the join QR, and typing the sheets in."""

import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ActionFieldFactory, MeasureFactory
from workshops import live
from workshops.models import Contribution, LiveSession


@pytest.fixture
def session(workshop, facilitator):
    return live.start(workshop, facilitator, "Rathaus")


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize("item", LiveSession.Item.values)
def test_every_agenda_item_has_a_worksheet_with_the_join_code(
    facilitator_client, workshop, session, item
):
    field = ActionFieldFactory(workshop=workshop, name="Digitale Verwaltung")
    MeasureFactory(action_field=field, title="Online-Terminvergabe " + "sehr " * 30)
    response = facilitator_client.get(reverse("live:worksheet", args=[workshop.pk, item]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="arbeitsblatt-{item}.pdf"' in response["Content-Disposition"]
    text, pages = pdf_text(response)
    assert str(LiveSession.Item(item).label) in text.replace("\n", " ")
    assert session.code in text and "Tisch / Gruppe" in text
    assert pages <= 2
    if item in ("fields", "measures"):
        assert "Digitale Verwaltung" in text
    if item == "prioritisation":
        assert "Online-Terminvergabe" in text


def test_a_worksheet_without_a_running_session_has_no_code(facilitator_client, workshop):
    response = facilitator_client.get(reverse("live:worksheet", args=[workshop.pk, "vision"]))
    text, _pages = pdf_text(response)
    assert "Vision" in text and "Oder machen Sie auf dem Handy mit" not in text


def test_worksheets_are_for_members_who_edit(client, viewer, facilitator_client, workshop):
    assert (
        facilitator_client.get(reverse("live:worksheet", args=[workshop.pk, "nix"])).status_code
        == 404
    )
    client.force_login(viewer)
    assert client.get(reverse("live:worksheet", args=[workshop.pk, "vision"])).status_code == 403


def test_typing_in_keeps_table_kind_and_field_for_the_next_proposal(
    facilitator_client, workshop, session
):
    field = ActionFieldFactory(workshop=workshop)
    url = reverse("live:transcribe", args=[workshop.pk, session.pk])
    token = str(uuid.uuid4())
    data = {
        "paper_table": "Tisch 3",
        "kind": "measure",
        "action_field": field.pk,
        "text": "Dorf-WLAN",
        "token": token,
    }
    response = facilitator_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erfasst: „Dorf-WLAN“" in html
    assert 'value="Tisch 3"' in html and f'<option value="{field.pk}" selected>' in html
    facilitator_client.post(url, data)  # the same sheet sent twice
    contribution = Contribution.objects.get()
    assert contribution.paper_table == "Tisch 3" and contribution.participant is None
    assert contribution.action_field == field
    cockpit = facilitator_client.get(reverse("live:cockpit", args=[workshop.pk])).content.decode()
    assert "Tisch 3 (Papier)" in cockpit


def test_typing_in_explains_what_is_missing_and_keeps_the_text(
    facilitator_client, workshop, session
):
    url = reverse("live:transcribe", args=[workshop.pk, session.pk])
    data = {"paper_table": "", "kind": "field_note", "text": "Warum? Weil Wege weit sind."}
    response = facilitator_client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Bitte geben Sie den Tisch an" in html
    assert "Bitte wählen Sie das Handlungsfeld." in html
    assert "Bitte wählen Sie die Frage, zu der Ihr Kommentar gehört." in html
    assert "Warum? Weil Wege weit sind." in html
    assert not Contribution.objects.exists()
