"""The live workshop: join by code, contributions from phones, the cockpit's decisions, polling."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fields.models import Goal
from measures.models import Measure
from tests.factories import ActionFieldFactory, MeasureFactory
from workshops import live
from workshops.models import (
    JOIN_CODE_ALPHABET,
    Contribution,
    Leitsatz,
    LiveSession,
    Participant,
)


@pytest.fixture
def session(workshop, facilitator):
    return live.start(workshop, facilitator, "Rathaus")


def join(client, session, name="Ada"):
    response = client.post(
        reverse("live:participant", args=[session.code]), {"display_name": name, "group": ""}
    )
    assert response.status_code == 302
    return Participant.objects.filter(session=session).latest("pk")


def send(client, session, text, kind=Contribution.Kind.LEITSATZ, token=None, **extra):
    data = {"kind": kind, "text": text, "token": str(token or uuid.uuid4()), **extra}
    return client.post(reverse("live:contribute", args=[session.code]), data)


def decide(client, session, contribution, action="accept", **data):
    url = reverse("live:decide", args=[session.workshop_id, session.pk, contribution.pk])
    prefixed = {f"c{contribution.pk}-{key}": value for key, value in data.items()}
    return client.post(url, {"action": action, **prefixed})


def test_a_session_gets_a_code_without_look_alikes(workshop, facilitator):
    codes = {live.start(workshop, facilitator).code for _ in range(30)}
    LiveSession.objects.update(ended_at="2026-01-01T00:00Z")
    assert all(len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_cockpit_starts_a_session_and_shows_code_and_qr(facilitator_client, workshop):
    cockpit = reverse("live:cockpit", args=[workshop.pk])
    assert "Live-Sitzung starten" in facilitator_client.get(cockpit).content.decode()
    facilitator_client.post(reverse("live:start", args=[workshop.pk]), {"place": "Rathaus"})
    session = LiveSession.objects.get(workshop=workshop)
    page = facilitator_client.get(cockpit).content.decode()
    assert session.code in page
    assert '<svg role="img" viewBox=' in page and 'class="live-qr"' in page
    assert f"/live/{session.code}/" in page
    # A second start while one runs starts nothing new.
    facilitator_client.post(reverse("live:start", args=[workshop.pk]), {"place": ""})
    assert LiveSession.objects.filter(workshop=workshop).count() == 1


def test_viewers_and_outsiders_cannot_run_a_session(client, viewer, outsider, workshop):
    client.force_login(viewer)
    assert client.get(reverse("live:cockpit", args=[workshop.pk])).status_code == 403
    assert client.post(reverse("live:start", args=[workshop.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("live:cockpit", args=[workshop.pk])).status_code == 404


def test_joining_with_a_typed_code_tolerates_case_and_spaces(client, session):
    typed = f" {session.code[:3].lower()} {session.code[3:]} "
    response = client.post(reverse("live:join_code"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("live:participant", args=[session.code])
    page = client.get(response["Location"]).content.decode()
    assert "Ihr Name" in page


def test_unknown_and_ended_codes_get_a_clear_message(client, session):
    response = client.post(reverse("live:join_code"), {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "Mit diesem Code läuft keine Sitzung." in response.content.decode()
    live.end(session)
    response = client.get(reverse("live:participant", args=[session.code]))
    assert response.status_code == 404
    assert "Diese Sitzung ist beendet." in response.content.decode()


def test_guessing_codes_is_stopped_after_ten_misses(client, session):
    for n in range(10):
        assert client.post(reverse("live:join_code"), {"code": f"XXXX{n}{n}"}).status_code == 404
    response = client.post(reverse("live:join_code"), {"code": session.code})
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()


def test_behind_a_load_balancer_misses_are_counted_per_phone(client, session, settings):
    settings.LIVE_TRUSTED_PROXIES = 1
    url = reverse("live:join_code")
    for n in range(10):
        # What the phone claims is ignored; the address the proxy appended counts.
        client.post(url, {"code": f"XXXX{n}{n}"}, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.0.0.7")
    blocked = client.post(url, {"code": session.code}, HTTP_X_FORWARDED_FOR="10.0.0.7")
    assert blocked.status_code == 429
    other = client.post(url, {"code": session.code}, HTTP_X_FORWARDED_FOR="10.0.0.8")
    assert other.status_code == 302  # another phone behind the same proxy is not blocked


def test_a_too_long_place_is_explained_and_kept(facilitator_client, workshop):
    place = "Rathaus " * 30
    response = facilitator_client.post(reverse("live:start", args=[workshop.pk]), {"place": place})
    assert response.status_code == 422
    html = response.content.decode()
    assert "höchstens 200 Zeichen" in html and place.strip() in html
    assert not LiveSession.objects.exists()


def test_a_participant_sends_a_leitsatz_and_sees_it_arrive(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session, "Ada")
    response = send(client, session, "Digital für alle, die es brauchen")
    page = response.content.decode()
    assert "Danke, angekommen!" in page
    assert "Digital für alle, die es brauchen" in page
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.author) == ("leitsatz", "Ada")


def test_the_same_form_sent_twice_counts_once(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    token = uuid.uuid4()
    send(client, session, "Offen und sicher", token=token)
    send(client, session, "Offen und sicher", token=token)
    assert Contribution.objects.count() == 1


def test_a_too_long_proposal_is_refused_and_kept_in_the_form(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    text = "ä" * 301
    response = send(client, session, text)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Bitte höchstens 300 Zeichen (es sind 301)." in page
    assert text in page
    assert not Contribution.objects.exists()


def test_nothing_can_be_sent_without_joining_or_while_no_item_asks(client, session):
    send(client, session, "Ohne Beitritt")
    join(client, session)
    send(client, session, "Beim Impulsvortrag")  # no item is open: nothing is asked
    assert not Contribution.objects.exists()


def test_a_measure_idea_names_its_field_and_becomes_a_measure_at_the_end(
    client, facilitator_client, session, workshop
):
    field = ActionFieldFactory(workshop=workshop, name="Bildung")
    MeasureFactory(action_field=field, rank=1)
    live.open_item(session, LiveSession.Item.MEASURES)
    join(client, session)
    response = send(client, session, "Tablets für die Grundschule", kind="measure")
    assert "Bitte wählen Sie das Handlungsfeld." in response.content.decode()
    send(client, session, "Tablets für die Grundschule", kind="measure", action_field=field.pk)
    idea = Contribution.objects.get()
    decide(
        facilitator_client,
        session,
        idea,
        text="Tablets für alle Grundschulen",
        action_field=field.pk,
        timeframe="short",
    )
    measure = Measure.objects.get(origin=idea)
    assert (measure.title, measure.action_field, measure.timeframe, measure.rank) == (
        "Tablets für alle Grundschulen",
        field,
        "short",
        2,
    )


def test_accepting_makes_a_leitsatz_with_its_origin_once(client, facilitator_client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session, "Ada")
    send(client, session, "Digital für alle")
    contribution = Contribution.objects.get()
    decide(facilitator_client, session, contribution, text="Digital für alle")
    decide(facilitator_client, session, contribution, text="Digital für alle")  # a second click
    leitsatz = Leitsatz.objects.get()
    assert leitsatz.origin == contribution
    assert leitsatz.origin.author == "Ada"
    assert leitsatz.origin.session == session


def test_merged_duplicates_stay_counted_and_hidden_ones_go_nowhere(
    client, facilitator_client, session
):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    for text in ["Digital für alle", "Digitalisierung für alle", "Werbung"]:
        send(client, session, text)
    original, duplicate, spam = Contribution.objects.order_by("pk")
    decide(facilitator_client, session, duplicate, "merge", into=original.pk)
    facilitator_client.post(
        reverse("live:decide", args=[session.workshop_id, session.pk, duplicate.pk]),
        {"action": "merge", "into": str(original.pk)},
    )
    decide(facilitator_client, session, spam, "hide")
    decide(facilitator_client, session, original, text="Digital für alle")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", original)
    assert [leitsatz.text for leitsatz in Leitsatz.objects.all()] == ["Digital für alle"]
    projector = facilitator_client.get(reverse("live:projector", args=[session.workshop_id]))
    assert "2 Nennungen" in projector.content.decode()


def test_merge_with_the_same_contribution_as_target_is_refused(client, facilitator_client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    send(client, session, "Allein")
    contribution = Contribution.objects.get()
    facilitator_client.post(
        reverse("live:decide", args=[session.workshop_id, session.pk, contribution.pk]),
        {"action": "merge", "into": str(contribution.pk)},
    )
    contribution.refresh_from_db()
    assert contribution.status == "new"


def test_a_goal_idea_becomes_a_goal_and_a_vision_keyword_extends_the_vision(
    client, facilitator_client, session, workshop
):
    field = ActionFieldFactory(workshop=workshop)
    workshop.vision = "Unsere Stadt ist vernetzt."
    workshop.save()
    live.open_item(session, LiveSession.Item.MEASURES)
    join(client, session)
    send(client, session, "Alle Schulen am Glasfaser", kind="goal", action_field=field.pk)
    live.open_item(session, LiveSession.Item.VISION)
    send(client, session, "lebenswert", kind="vision")
    goal_idea, keyword = Contribution.objects.order_by("pk")
    decide(facilitator_client, session, goal_idea, text=goal_idea.text, action_field=field.pk)
    decide(facilitator_client, session, keyword, text="lebenswert und offen")
    assert Goal.objects.get(origin=goal_idea).action_field == field
    workshop.refresh_from_db()
    assert workshop.vision == "Unsere Stadt ist vernetzt.\nlebenswert und offen"


def test_a_field_comment_extends_the_question_it_answers(
    client, facilitator_client, session, workshop
):
    field = ActionFieldFactory(workshop=workshop, why="Weil Wege weit sind.")
    live.open_item(session, LiveSession.Item.FIELDS)
    join(client, session)
    missing = send(client, session, "Ohne Frage", kind="field_note", action_field=field.pk)
    assert "Bitte wählen Sie die Frage, zu der Ihr Kommentar gehört." in missing.content.decode()
    send(
        client,
        session,
        "Damit Ältere mitkommen",
        kind="field_note",
        action_field=field.pk,
        aspect="why",
    )
    send(
        client,
        session,
        "Die Seniorenbeiräte",
        kind="field_note",
        action_field=field.pk,
        aspect="who",
    )
    why, who = Contribution.objects.order_by("pk")
    decide(facilitator_client, session, why, text=why.text, action_field=field.pk, aspect="why")
    decide(facilitator_client, session, who, text=who.text, action_field=field.pk, aspect="who")
    field.refresh_from_db()
    assert field.why == "Weil Wege weit sind.\nDamit Ältere mitkommen"
    assert field.who == "Die Seniorenbeiräte"


def test_a_next_step_lands_in_the_fahrplan_and_the_document(
    client, facilitator_client, session, workshop
):
    live.open_item(session, LiveSession.Item.NEXT_STEPS)
    join(client, session)
    send(client, session, "Steuerungsgruppe benennen", kind="next_step")
    step = Contribution.objects.get()
    decide(facilitator_client, session, step, text="Steuerungsgruppe bis März benennen")
    assert [s.title for s in workshop.next_steps.all()] == ["Steuerungsgruppe bis März benennen"]
    page = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk]))
    html = page.content.decode()
    assert "Fahrplan: die nächsten Schritte" in html
    assert "Steuerungsgruppe bis März benennen</td>" in html


def test_accepting_a_text_that_no_longer_fits_explains_and_keeps_everything(
    client, facilitator_client, session, workshop
):
    workshop.vision = "x" * 4990
    workshop.save()
    live.open_item(session, LiveSession.Item.VISION)
    join(client, session)
    send(client, session, "zu lang für den Rest", kind="vision")
    keyword = Contribution.objects.get()
    response = decide(facilitator_client, session, keyword, text=keyword.text)
    assert "Es passen höchstens noch 9 Zeichen." in response.content.decode()
    keyword.refresh_from_db()
    workshop.refresh_from_db()
    assert keyword.status == "new" and workshop.vision == "x" * 4990


def test_participants_change_their_contribution_until_it_is_decided(
    client, facilitator_client, session
):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    send(client, session, "Digital fuer alle")
    mine = Contribution.objects.get()
    url = reverse("live:edit_own", args=[session.code, mine.pk])
    too_long = client.post(url, {f"edit{mine.pk}-text": "x" * 301})
    assert too_long.status_code == 422 and "x" * 301 in too_long.content.decode()
    assert client.post(url, {f"edit{mine.pk}-text": "Digital für alle"}).status_code == 200
    mine.refresh_from_db()
    assert mine.text == "Digital für alle"
    decide(facilitator_client, session, mine, text=mine.text)
    late = client.post(url, {f"edit{mine.pk}-text": "Noch mal anders"})
    assert "lässt sich nicht mehr ändern" in late.content.decode()
    assert "Noch mal anders" in late.content.decode()  # what was typed is not lost
    mine.refresh_from_db()
    assert mine.text == "Digital für alle"


def test_accepting_after_the_author_changed_the_text_asks_to_check_it(
    client, facilitator_client, session
):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    send(client, session, "Erste Fassung")
    mine = Contribution.objects.get()
    seen = mine.version
    client.post(
        reverse("live:edit_own", args=[session.code, mine.pk]),
        {f"edit{mine.pk}-text": "Zweite Fassung"},
    )
    response = decide(facilitator_client, session, mine, text="Erste Fassung", seen=seen)
    html = response.content.decode()
    assert "Die Person hat ihren Beitrag eben geändert" in html and "Zweite Fassung" in html
    assert not Leitsatz.objects.exists()
    decide(
        facilitator_client,
        session,
        mine,
        text="Zweite Fassung",
        seen=Contribution.objects.get().version,
    )
    assert Leitsatz.objects.get().text == "Zweite Fassung"


def test_participants_withdraw_only_their_own_undecided_contributions(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    send(client, session, "Meiner")
    other = Client()
    join(other, session, "Ben")
    send(other, session, "Bens")
    mine, bens = Contribution.objects.order_by("pk")
    url = "live:withdraw"
    client.post(reverse(url, args=[session.code, bens.pk]))
    client.post(reverse(url, args=[session.code, mine.pk]))
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Bens"]


def test_a_contribution_others_were_merged_into_cannot_be_withdrawn(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    send(client, session, "Meiner")
    other = Client()
    join(other, session, "Ben")
    send(other, session, "Fast gleich")
    mine, bens = Contribution.objects.order_by("pk")
    assert live.merge(session, bens.pk, mine.pk, None) is not None
    url = reverse("live:withdraw", args=[session.code, mine.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "lässt sich nicht mehr zurückziehen" in response.content.decode()
    assert Contribution.objects.count() == 2


def test_a_proposal_sent_after_the_item_changed_is_filed_under_the_item_it_was_written_for(
    client, session
):
    live.open_item(session, LiveSession.Item.VISION)
    join(client, session)
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    # The phone still shows Vision: its form names the item it was written for.
    response = send(client, session, "Smarte Dörfer", kind="vision", item="vision")
    assert response.status_code == 200
    assert Contribution.objects.get().kind == "vision"
    assert "unter „Vision“ abgelegt" in response.content.decode()
    live.open_item(session, LiveSession.Item.PRIORITISATION)  # asks for nothing
    late = send(client, session, "Noch ein Leitsatz", kind="leitsatz", item="leitsaetze")
    assert late.status_code == 200
    assert Contribution.objects.filter(kind="leitsatz", text="Noch ein Leitsatz").exists()


def test_a_proposal_for_an_item_the_session_never_opened_is_kept_not_filed(client, session):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    live.open_item(session, LiveSession.Item.PRIORITISATION)
    response = send(client, session, "Zu spät", kind="next_step", item="next_steps")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ihr Text wurde nicht gesendet" in html and "Zu spät" in html
    assert not Contribution.objects.exists()


def test_a_refused_proposal_for_an_earlier_item_comes_back_for_that_item(client, session, workshop):
    ActionFieldFactory(workshop=workshop, name="Bildung")
    live.open_item(session, LiveSession.Item.FIELDS)
    join(client, session)
    live.open_item(session, LiveSession.Item.VISION)
    # A field comment without its field, sent after the facilitator moved on to Vision.
    response = send(client, session, "Tablets für alle", kind="field_note", item="fields")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte wählen Sie das Handlungsfeld." in html
    assert "Tablets für alle" in html
    assert 'data-live-item="fields"' in html  # the form is still the one for the fields
    assert not Contribution.objects.exists()


def test_polls_of_an_ended_session_reload_the_facilitators_page(facilitator_client, session):
    live.end(session)
    url = reverse("live:poll", args=[session.workshop_id, session.pk])
    for query in ("?rev=1", "?view=projector&rev=1"):
        response = facilitator_client.get(url + query, HTTP_HX_REQUEST="true")
        assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_a_cookie_of_another_session_does_not_count(client, session, workshop, facilitator):
    join(client, session)
    live.end(session)
    second = live.start(workshop, facilitator)
    page = client.get(reverse("live:participant", args=[second.code])).content.decode()
    assert "Ihr Name" in page  # asked to join again


def test_an_unchanged_session_answers_polls_with_204_from_one_query(
    client, facilitator_client, session
):
    join(client, session)
    session.refresh_from_db()
    board = reverse("live:poll", args=[session.workshop_id, session.pk])
    polls = [
        # The phones compare the revision, the facilitator's screens the stamp (`noted`).
        (client, reverse("live:participant_poll", args=[session.code]), session.revision),
        (facilitator_client, board, session.stamp),
        (facilitator_client, board + "?view=projector&", session.stamp),
    ]
    for poller, url, seen in polls:
        separator = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as queries:
            response = poller.get(f"{url}{separator}rev={seen}", HTTP_HX_REQUEST="true")
        assert (response.status_code, len(queries)) == (204, 1), url
        assert response.content == b""


def test_what_only_the_facilitator_sees_does_not_wake_the_phones(
    client, facilitator_client, session
):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    join(client, session)
    session.refresh_from_db()
    other = Client()
    join(other, session, "Bo")
    send(other, session, "Bos Vorschlag")
    phone = client.get(
        reverse("live:participant_poll", args=[session.code]) + f"?rev={session.revision}",
        HTTP_HX_REQUEST="true",
    )
    assert phone.status_code == 204  # another phone joined and wrote: nothing to show here
    board = facilitator_client.get(
        reverse("live:poll", args=[session.workshop_id, session.pk]) + f"?rev={session.stamp}",
        HTTP_HX_REQUEST="true",
    )
    assert board.status_code == 200 and "Bos Vorschlag" in board.content.decode()


def test_a_change_is_answered_with_the_new_state(client, facilitator_client, session):
    join(client, session)
    session.refresh_from_db()
    seen, stamp = session.revision, session.stamp
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    phone = client.get(
        reverse("live:participant_poll", args=[session.code]) + f"?rev={seen}",
        HTTP_HX_REQUEST="true",
    )
    assert phone.status_code == 200
    assert "Schlagen Sie einen Leitsatz vor." in phone.content.decode()
    board = facilitator_client.get(
        reverse("live:poll", args=[session.workshop_id, session.pk]) + f"?rev={stamp}",
        HTTP_HX_REQUEST="true",
    )
    assert 'id="board"' in board.content.decode()
    assert f"rev={stamp + 1}" in board.content.decode()


def test_a_poll_of_an_ended_session_tells_the_phone(client, session):
    join(client, session)
    live.end(session)
    response = client.get(
        reverse("live:participant_poll", args=[session.code]) + "?rev=1", HTTP_HX_REQUEST="true"
    )
    assert "Diese Sitzung ist beendet." in response.content.decode()
    assert 'id="room"' in response.content.decode()


def test_ending_asks_first_and_stops_the_code(facilitator_client, session):
    url = reverse("live:end", args=[session.workshop_id, session.pk])
    assert "Der Code" in facilitator_client.get(url).content.decode()
    assert live.find_running(session.code) == session
    facilitator_client.post(url)
    assert live.find_running(session.code) is None


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_accepting_at_once_make_one_leitsatz(
    workshop, facilitator, editor, database_vendor
):
    session = live.start(workshop, facilitator)
    participant = Participant.objects.create(session=session)
    results = []
    for n in range(10):
        contribution, _ = live.contribute(
            session, participant, "leitsatz", f"Satz {n}", uuid.uuid4()
        )
        barrier = threading.Barrier(2)

        def accept(user, contribution=contribution, barrier=barrier):
            client = Client(raise_request_exception=True)
            client.force_login(user)
            try:
                barrier.wait(timeout=10)
                decide(client, session, contribution, text=contribution.text)
            finally:
                connection.close()

        threads = [threading.Thread(target=accept, args=(u,)) for u in (facilitator, editor)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results.append(Leitsatz.objects.filter(origin=contribution).count())
    assert results == [1] * 10


@pytest.mark.django_db(transaction=True)
def test_participants_clicking_twice_give_one_contribution_each(workshop, facilitator):
    session = live.start(workshop, facilitator)
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    clients = []
    for n in range(25):
        phone = Client()
        join(phone, session, f"Person {n}")
        clients.append((phone, uuid.uuid4()))
    barrier = threading.Barrier(50)
    statuses = []

    def click(phone, token):
        try:
            barrier.wait(timeout=30)
            statuses.append(send(phone, session, "Gemeinsam gestalten", token=token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(phone, token)) for phone, token in clients * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 50
    assert Contribution.objects.filter(session=session).count() == 25
