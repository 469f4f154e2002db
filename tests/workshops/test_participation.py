"""The participation record: live sessions and formats held without the app; deleting the
participants' names after the workshop."""

import uuid

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.factories import ActionFieldFactory, MeasureFactory
from workshops import live, voting
from workshops.models import LiveSession, OfflineParticipation, Participant
from workshops.strategy import gather


@pytest.fixture
def ended_session(workshop, facilitator):
    """A session that took two agenda items, with three participants, contributions and a vote."""
    field = ActionFieldFactory(workshop=workshop)
    first, _second = MeasureFactory(action_field=field), MeasureFactory(action_field=field)
    session = live.start(workshop, facilitator, "Bürgerhaus")
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    live.open_item(session, LiveSession.Item.MEASURES)
    live.open_item(session, LiveSession.Item.LEITSAETZE)  # taken again: listed once
    people = [
        Participant.objects.create(session=session, display_name=name, group="Tisch 1")
        for name in ("Ada", "Bo", "")
    ]
    idea, _ = live.contribute(session, people[0], "measure", "Dorf-WLAN", uuid.uuid4(), field)
    live.contribute(session, people[1], "leitsatz", "Offen für alle", uuid.uuid4())
    live.accept(session, idea.pk, facilitator, text="Dorf-WLAN", action_field=field, timeframe="")
    vote = voting.open_vote(session, "measures", dots=2, per_item=1)
    voting.set_dots(vote.pk, people[0], first.pk, 1)
    voting.set_dots(vote.pk, people[1], first.pk, 1)
    voting.close(vote.pk, session)
    live.end(session)
    session.refresh_from_db()
    return session


def page(client, workshop):
    return client.get(reverse("live:participation", args=[workshop.pk])).content.decode()


def test_the_record_lists_what_a_session_left(facilitator_client, workshop, ended_session):
    [entry] = live.record(workshop)
    assert (entry.participants, entry.contributions, entry.accepted) == (3, 2, 1)
    assert (entry.votes, entry.dots, entry.voters) == (1, 2, 2)
    assert [str(item) for item in entry.agenda] == ["Leitsätze", "Ideen für Ziele und Maßnahmen"]
    html = page(facilitator_client, workshop)
    assert "Bürgerhaus" in html and "2, davon 1 in die Strategie übernommen" in html
    assert "1 Abfrage, 2 Punkte gesetzt" in html
    assert "Leitsätze · Ideen für Ziele und Maßnahmen" in html


def test_formats_without_the_app_are_added_edited_and_deleted_after_asking(
    facilitator_client, workshop
):
    add = reverse("live:offline_add", args=[workshop.pk])
    data = {
        "format": "survey",
        "title": "Online-Umfrage",
        "held_on": "02.03.2026",
        "people": "1.214",
        "summary": "Ü" * 2000,
    }
    assert facilitator_client.post(add, data).status_code == 302
    entry = OfflineParticipation.objects.get()
    assert (entry.people, str(entry.held_on)) == (1214, "2026-03-02")
    html = page(facilitator_client, workshop)
    assert "1214 Personen haben teilgenommen." in html and "Ü" * 2000 in html

    edit = reverse("live:offline_edit", args=[workshop.pk, entry.pk])
    form = facilitator_client.get(edit).content.decode()
    version = form.split('name="version" value="')[1].split('"')[0]
    facilitator_client.post(edit, {**data, "people": "1300", "version": version})
    entry.refresh_from_db()
    assert entry.people == 1300

    delete = reverse("live:offline_delete", args=[workshop.pk, entry.pk])
    assert "Wirklich löschen?" in facilitator_client.get(delete).content.decode()
    assert OfflineParticipation.objects.exists()
    facilitator_client.post(delete)
    assert not OfflineParticipation.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people", "١٢", "als ganze Zahl an"),
        ("people", "-3", "als ganze Zahl an"),
        ("people", "", "wie viele Personen teilgenommen haben"),
        ("held_on", "31.02.2026", "gültiges Datum"),
        ("held_on", "01.01.1890", "zwischen den Jahren 2000 und 2100"),
        ("summary", "x" * 2001, "höchstens 2000 Zeichen"),
        ("format", "", "Bitte wählen Sie das Format."),
    ],
)
def test_bad_input_is_explained_at_the_field_and_kept(
    facilitator_client, workshop, field, value, message
):
    data = {"format": "world_cafe", "held_on": "2026-04-08", "people": "31", "summary": "Gut"}
    data[field] = value
    response = facilitator_client.post(reverse("live:offline_add", args=[workshop.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert not OfflineParticipation.objects.exists()
    if value:
        assert value[:100] in html  # what was typed is still there


def test_viewers_see_the_record_but_change_nothing(client, viewer, workshop):
    client.force_login(viewer)
    html = page(client, workshop)
    assert "Beteiligung ohne App" in html and "In den Nachweis aufnehmen" not in html
    add = reverse("live:offline_add", args=[workshop.pk])
    data = {"format": "survey", "held_on": "2026-03-02", "people": "3"}
    assert client.post(add, data).status_code == 403


def test_deleting_names_asks_first_and_keeps_contributions_and_counts(
    facilitator_client, workshop, ended_session
):
    url = reverse("live:anonymise", args=[workshop.pk, ended_session.pk])
    question = facilitator_client.get(url).content.decode()
    assert "Die Namen von 2 Teilnehmenden der Sitzung vom" in question
    assert Participant.objects.filter(display_name="Ada").exists()
    facilitator_client.post(url)
    assert not Participant.objects.exclude(display_name="").exists()
    assert not Participant.objects.exclude(group="").exists()
    measure = Measure.objects.get(title="Dorf-WLAN")
    assert measure.origin is not None and measure.origin.author == ""
    [entry] = live.record(workshop)
    assert entry.participants == 3 and entry.dots == 2
    assert "Namen der Teilnehmenden gelöscht am" in page(facilitator_client, workshop)


def test_names_of_a_running_session_cannot_be_deleted(facilitator_client, workshop, facilitator):
    session = live.start(workshop, facilitator)
    Participant.objects.create(session=session, display_name="Ada")
    url = reverse("live:anonymise", args=[workshop.pk, session.pk])
    assert facilitator_client.post(url).status_code == 404
    assert Participant.objects.get().display_name == "Ada"


def test_only_facilitators_delete_names(client, editor, workshop, ended_session):
    client.force_login(editor)
    url = reverse("live:anonymise", args=[workshop.pk, ended_session.pk])
    assert client.post(url).status_code == 403
    assert Participant.objects.filter(display_name="Ada").exists()


def test_the_strategy_reports_the_participation(facilitator_client, workshop, ended_session):
    OfflineParticipation.objects.create(
        workshop=workshop,
        format="world_cafe",
        title="Thementische",
        held_on="2026-04-08",
        people=31,
        summary="Ideen für den Makerspace",
    )
    workshop.refresh_from_db()
    record = gather(workshop).participation
    assert (record.people, record.events) == (34, 2)
    assert [str(label) for label in record.sessions[0].agenda] == [
        "Leitsätze",
        "Ideen für Ziele und Maßnahmen",
    ]
    html = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk])).content
    html = html.decode()
    assert "Vorgehen und Beteiligung" in html and 'href="#beteiligung"' in html
    assert "34 Beteiligte in 2 Veranstaltungen und Formaten" in html
    assert "World Café: Thementische" in html and "Bürgerhaus" in html


def test_without_a_record_the_chapter_is_left_out(facilitator_client, workshop, facilitator):
    live.start(workshop, facilitator)  # still running: not in the record yet
    assert gather(workshop).participation is None
    html = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk])).content
    assert "Vorgehen und Beteiligung" not in html.decode()
