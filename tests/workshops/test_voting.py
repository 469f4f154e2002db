"""Dot votes in the live workshop: budgets under parallel requests, reveal, the ranking they
write, and changes of a rank only with a reason; and the open item's countdown."""

import contextlib
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from measures.models import Measure, RankOverride
from tests.factories import ActionFieldFactory, LeitsatzFactory, MeasureFactory
from tests.workshops.test_live import join
from workshops import live, voting
from workshops.models import Dot, DotVote, Leitsatz, LiveSession, Participant, Rating
from workshops.strategy import gather


@pytest.fixture
def session(workshop, facilitator):
    return live.start(workshop, facilitator, "Rathaus")


@pytest.fixture
def measures(workshop):
    field = ActionFieldFactory(workshop=workshop, name="Verwaltung")
    return [MeasureFactory(action_field=field, title=f"Maßnahme {n}") for n in range(1, 5)]


def place(phone, session, vote, item, count):
    data = {"vote": vote.pk, "item": item.pk, "count": count}
    return phone.post(reverse("live:dot", args=[session.code]), data)


def cockpit_url(session, name, *args):
    return reverse(f"live:{name}", args=[session.workshop_id, session.pk, *args])


def test_a_participant_places_and_removes_dots_within_budget_and_limit(client, session, measures):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    me = join(client, session)
    first, second, third = measures[:3]
    assert place(client, session, vote, first, 2).status_code == 200
    refused = place(client, session, vote, first, 3)
    assert refused.status_code == 422
    assert "Höchstens 2 Punkte je Eintrag." in refused.content.decode()
    assert place(client, session, vote, second, 1).status_code == 200
    refused = place(client, session, vote, third, 1)
    assert refused.status_code == 422
    assert "Sie haben keine Punkte mehr." in refused.content.decode()
    # Taking one away frees it for another item.
    assert place(client, session, vote, first, 1).status_code == 200
    assert place(client, session, vote, third, 1).status_code == 200
    assert sum(Dot.objects.filter(vote=vote, participant=me).values_list("count", flat=True)) == 3
    page = client.get(reverse("live:participant", args=[session.code])).content.decode()
    assert "Sie haben noch 0 von 3 Punkten." in page


def test_sending_the_same_count_twice_counts_once(client, session, measures):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    join(client, session)
    place(client, session, vote, measures[0], 1)
    place(client, session, vote, measures[0], 1)
    assert Dot.objects.get(vote=vote).count == 1


def test_odd_input_is_refused_with_a_message(client, session, measures, workshop, facilitator):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    join(client, session)
    url = reverse("live:dot", args=[session.code])
    for data in (
        {"vote": vote.pk, "item": measures[0].pk, "count": "١"},  # Arabic-Indic one
        {"vote": vote.pk, "item": "x", "count": 1},
        {"vote": "", "item": measures[0].pk, "count": 1},
    ):
        response = client.post(url, data)
        assert response.status_code == 422
        assert "Bitte laden Sie die Seite neu." in response.content.decode()
    other = ActionFieldFactory(name="Anderswo")  # a measure of another workshop
    response = place(client, session, vote, MeasureFactory(action_field=other), 1)
    assert response.status_code == 422
    assert not Dot.objects.exists()


def test_the_result_stays_hidden_until_revealed(
    client, facilitator_client, session, measures, workshop
):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    join(client, session)
    place(client, session, vote, measures[2], 2)
    projector = reverse("live:projector", args=[workshop.pk])
    phone = reverse("live:participant", args=[session.code])
    hidden = facilitator_client.get(projector).content.decode()
    assert "Bisher abgestimmt: 1 Person, 2 Punkte" in hidden
    assert "dot-chart" not in hidden
    assert "insgesamt" not in client.get(phone).content.decode()
    facilitator_client.post(cockpit_url(session, "vote_reveal", vote.pk))
    shown = facilitator_client.get(projector).content.decode()
    assert 'class="dot-chart dot-chart--large"' in shown
    # The bar carries its number: the chart does not rely on colour.
    assert "2 Punkte" in shown and "Maßnahme 3" in shown
    assert "2 Punkte insgesamt" in client.get(phone).content.decode()


def test_closing_asks_first_and_writes_the_ranking_with_its_method(
    client, facilitator_client, session, measures, workshop
):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    second = Client()
    join(client, session, "Ada")
    join(second, session, "Bo")
    m1, m2, m3, m4 = measures
    place(client, session, vote, m3, 2)
    place(client, session, vote, m4, 1)
    place(second, session, vote, m2, 1)
    place(second, session, vote, m4, 2)
    # m4 has 3 dots, m3 2, m2 1, m1 none.
    close_url = cockpit_url(session, "vote_close", vote.pk)
    question = facilitator_client.get(close_url).content.decode()
    assert "Punktabfrage schließen?" in question
    assert "Bei Punktgleichstand entscheidet die Reihenfolge vor der Abstimmung." in question
    assert DotVote.objects.get(pk=vote.pk).closed_at is None
    facilitator_client.post(close_url)
    vote.refresh_from_db()
    workshop.refresh_from_db()
    assert vote.closed_at and vote.revealed_at and vote.voter_count == 2
    ranked = list(Measure.objects.filter(workshop=workshop).order_by("rank"))
    assert ranked == [m4, m3, m2, m1]
    assert workshop.ranking_vote == vote and workshop.ranked_at is not None
    # Dots can no longer be placed.
    refused = place(client, session, vote, m1, 1)
    assert "Die Punktabfrage ist beendet." in refused.content.decode()
    page = facilitator_client.get(reverse("measures:ranking", args=[workshop.pk])).content.decode()
    assert "Rangfolge aus der Punktabfrage vom" in page and "mit 2 Teilnehmenden" in page
    assert "Jede Person hatte 3 Punkte, höchstens 2 je Eintrag." in page


def test_equal_dots_keep_the_order_before_the_vote(session, measures, workshop):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=2, per_item=1)
    people = [Participant.objects.create(session=session) for _ in range(2)]
    m1, m2, m3, m4 = measures
    voting.set_dots(vote.pk, people[0], m4.pk, 1)
    voting.set_dots(vote.pk, people[0], m2.pk, 1)
    voting.set_dots(vote.pk, people[1], m3.pk, 1)
    voting.close(vote.pk, session)
    # All three have one dot: they keep their order (2, 3, 4); the one without dots comes last.
    assert list(Measure.objects.filter(workshop=workshop).order_by("rank")) == [m2, m3, m4, m1]
    assert voting.close(vote.pk, session) is None  # a second close changes nothing


def test_after_a_vote_a_rank_changes_only_with_a_reason(
    client, facilitator_client, session, measures, workshop
):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=1, per_item=1)
    me = Participant.objects.create(session=session)
    voting.set_dots(vote.pk, me, measures[3].pk, 1)
    voting.close(vote.pk, session)
    m4 = measures[3]
    moved = facilitator_client.post(
        reverse("measures:ranking_move", args=[workshop.pk, m4.pk]), {"direction": "down"}
    )
    assert moved.status_code == 302
    m4.refresh_from_db()
    assert m4.rank == 1  # refused: the vote set the ranking
    override = reverse("measures:ranking_override", args=[workshop.pk])
    empty = facilitator_client.post(override, {"measure": m4.pk, "rank": "3", "reason": "  "})
    assert "Bitte geben Sie den Grund für die Änderung an." in empty.content.decode()
    unicode_rank = facilitator_client.post(
        override, {"measure": m4.pk, "rank": "٣", "reason": "Förderfrist"}
    )
    assert "Bitte einen Rang zwischen 1 und 4 angeben." in unicode_rank.content.decode()
    m4.refresh_from_db()
    assert m4.rank == 1 and not RankOverride.objects.exists()
    reason = "Die Förderfrist läuft erst 2028 ab."
    facilitator_client.post(override, {"measure": m4.pk, "rank": "3", "reason": reason})
    m4.refresh_from_db()
    assert m4.rank == 3
    kept = RankOverride.objects.get()
    assert (kept.from_rank, kept.to_rank, kept.reason) == (1, 3, reason)
    page = facilitator_client.get(reverse("measures:ranking", args=[workshop.pk])).content.decode()
    assert reason in page and "von Rang 1 auf Rang 3" in page
    workshop.refresh_from_db()
    data = gather(workshop)
    assert data.ranking_vote.voters == 1
    assert data.ranking_vote.overrides[0].reason == reason


def test_a_vote_on_leitsaetze_orders_them(session, workshop):
    first, second, third = (LeitsatzFactory(workshop=workshop) for _ in range(3))
    vote = voting.open_vote(session, DotVote.Subject.LEITSAETZE, dots=3, per_item=3)
    me = Participant.objects.create(session=session)
    voting.set_dots(vote.pk, me, third.pk, 2)
    voting.set_dots(vote.pk, me, second.pk, 1)
    voting.close(vote.pk, session)
    order = list(Leitsatz.objects.filter(workshop=workshop).order_by("position"))
    assert order == [third, second, first]
    workshop.refresh_from_db()
    assert workshop.ranking_vote is None  # only a vote on the measures sets the ranking


def test_the_vote_form_explains_what_is_wrong(facilitator_client, session, measures, workshop):
    url = cockpit_url(session, "vote_open")
    response = facilitator_client.post(url, {"subject": "measures", "dots": "2", "per_item": "3"})
    assert "Höchstens so viele wie Punkte je Person." in response.content.decode()
    response = facilitator_client.post(url, {"subject": "leitsaetze", "dots": "3", "per_item": "1"})
    assert "Eine Punktabfrage braucht mindestens zwei Einträge." in response.content.decode()
    assert not DotVote.objects.exists()
    facilitator_client.post(url, {"subject": "measures", "dots": "3", "per_item": "2"})
    facilitator_client.post(url, {"subject": "measures", "dots": "3", "per_item": "2"})
    assert DotVote.objects.count() == 1  # a second open while one runs opens nothing


def test_the_countdown_starts_pauses_resumes_and_extends(facilitator_client, session, workshop):
    url = cockpit_url(session, "timer")
    facilitator_client.post(url, {"action": "start", "minutes": "5"})
    session.refresh_from_db()
    running = live.countdown(session)
    assert running.running and 298 <= running.seconds <= 300
    facilitator_client.post(url, {"action": "pause"})
    session.refresh_from_db()
    paused = live.countdown(session)
    assert not paused.running and 298 <= paused.seconds <= 300
    facilitator_client.post(url, {"action": "extend", "minutes": "2"})
    session.refresh_from_db()
    assert live.countdown(session).seconds == paused.seconds + 120
    assert not live.countdown(session).running
    projector = facilitator_client.get(reverse("live:projector", args=[workshop.pk]))
    assert "pausiert" in projector.content.decode()
    facilitator_client.post(url, {"action": "resume"})
    session.refresh_from_db()
    assert live.countdown(session).running
    assert (
        "data-countdown-seconds"
        in facilitator_client.get(reverse("live:projector", args=[workshop.pk])).content.decode()
    )
    # A new agenda item starts without a countdown.
    live.open_item(session, LiveSession.Item.VISION)
    session.refresh_from_db()
    assert live.countdown(session) is None


def _run_at_once(functions):
    barrier = threading.Barrier(len(functions))

    def run(function):
        try:
            barrier.wait(timeout=30)
            function()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_never_overspend(workshop, facilitator, database_vendor):
    field = ActionFieldFactory(workshop=workshop)
    items = [MeasureFactory(action_field=field) for _ in range(10)]
    session = live.start(workshop, facilitator)
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    phone = Client()
    join(phone, session)
    statuses = []

    def click(item, count):
        return lambda: statuses.append(place(phone, session, vote, item, count).status_code)

    # Twenty requests at once: every item asks for two dots, some for more than allowed.
    _run_at_once([click(items[n % 10], 2 if n < 10 else 3) for n in range(20)])
    dots = list(Dot.objects.filter(vote=vote).values_list("count", flat=True))
    assert sum(dots) <= 3 and all(count <= 2 for count in dots)
    assert sum(dots) >= 2  # the first request was served
    assert set(statuses) <= {200, 422}


@pytest.mark.django_db(transaction=True)
def test_fifty_participants_clicking_twice_give_fifty_dots(workshop, facilitator):
    field = ActionFieldFactory(workshop=workshop)
    items = [MeasureFactory(action_field=field) for _ in range(3)]
    session = live.start(workshop, facilitator)
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    phones = []
    for n in range(25):
        phone = Client()
        join(phone, session, f"Person {n}")
        phones.append(phone)
    # Two rounds of 25 phones clicking twice: 50 requests at once stay within the connection
    # limit of a small PostgreSQL.
    _run_at_once([lambda p=p: place(p, session, vote, items[0], 1) for p in phones * 2])
    more = []
    for n in range(25):
        phone = Client()
        join(phone, session, f"Person {n + 25}")
        more.append(phone)
    _run_at_once([lambda p=p: place(p, session, vote, items[0], 1) for p in more * 2])
    total = sum(Dot.objects.filter(vote=vote).values_list("count", flat=True))
    assert total == 50
    assert voting.voter_count(vote) == 50


@pytest.mark.django_db(transaction=True)
def test_closing_while_dots_arrive_counts_each_dot_once(workshop, facilitator):
    field = ActionFieldFactory(workshop=workshop)
    items = [MeasureFactory(action_field=field) for _ in range(4)]
    session = live.start(workshop, facilitator)
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=2, per_item=2)
    people = [Participant.objects.create(session=session) for _ in range(20)]
    closed = []

    def dot(person):
        def run():
            with contextlib.suppress(voting.VoteRefused):
                voting.set_dots(vote.pk, person, items[3].pk, 2)

        return run

    _run_at_once([dot(p) for p in people] + [lambda: closed.append(voting.close(vote.pk, session))])
    vote.refresh_from_db()
    placed = Dot.objects.filter(vote=vote).count()
    # Every dot is either in the closed vote's count or was refused: none slipped in after.
    assert vote.voter_count == placed
    assert Measure.objects.get(pk=items[3].pk).rank == (1 if placed else 4)


# --- Aufwand x Wirkung ---------------------------------------------------------------------


def rate(phone, session, measure, effort="", impact=""):
    data = {"measure": measure.pk, "effort": effort, "impact": impact}
    return phone.post(reverse("live:rate", args=[session.code]), data)


def test_the_room_rates_effort_and_impact_and_the_averages_are_kept(
    client, facilitator_client, session, measures, workshop
):
    m1, m2, m3, _m4 = measures
    rating_url = cockpit_url(session, "rating")
    join(client, session)
    assert (
        "Gerade läuft keine Einschätzung." in rate(client, session, m1, "1", "3").content.decode()
    )
    facilitator_client.post(rating_url, {"action": "open"})
    other = Client()
    join(other, session, "Bo")
    assert rate(client, session, m1, "1", "3").status_code == 200
    assert rate(other, session, m1, "2", "3").status_code == 200
    rate(client, session, m2, "3", "3")
    rate(other, session, m3, "1", "")  # only one of the two
    rate(other, session, m3, "1", "")  # sent twice: still one rating
    assert rate(other, session, m3, "4", "").status_code == 422
    assert rate(other, session, m3, "٣", "").status_code == 422
    phone = client.get(reverse("live:participant", args=[session.code])).content.decode()
    assert f'id="rate-{m1.pk}-effort-1" checked' in phone

    projector = facilitator_client.get(reverse("live:projector", args=[workshop.pk]))
    html = projector.content.decode()
    quick_wins = html.split("Schnelle Erfolge: wenig Aufwand, hohe Wirkung")[1].split("</section>")[
        0
    ]
    assert m1.title in quick_wins and "Aufwand 1,5, Wirkung 3,0; 2 Einschätzungen" in quick_wins
    major = html.split("Große Vorhaben: mehr Aufwand, hohe Wirkung")[1].split("</section>")[0]
    assert m2.title in major
    assert "1 Maßnahme hat erst eine der beiden Einschätzungen." in html

    facilitator_client.post(rating_url, {"action": "close"})
    assert (
        "Gerade läuft keine Einschätzung." in rate(client, session, m1, "3", "3").content.decode()
    )
    m1.refresh_from_db()
    assert (str(m1.rated_effort), str(m1.rated_impact), m1.rating_count) == ("1.50", "3.00", 2)
    assert (m1.effort, m1.impact) == ("", "")  # the averages wait to be adopted

    adopt = reverse("live:rating_adopt", args=[workshop.pk])
    question = facilitator_client.get(adopt).content.decode()
    assert "Einschätzung des Raums übernehmen?" in question and m1.title in question
    facilitator_client.post(adopt, {"measure": m1.pk})
    m1.refresh_from_db()
    assert (m1.effort, m1.impact) == ("medium", "high")  # 1.5 rounds half up
    facilitator_client.post(adopt)
    m2.refresh_from_db()
    m3.refresh_from_db()
    assert (m2.effort, m2.impact) == ("high", "high")
    assert (m3.effort, m3.impact) == ("low", "")  # nobody rated its impact: no estimate made


def test_level_of_rounds_half_up():
    assert [voting.level_of(v) for v in (1, "1.44", "1.45", "2.44", "2.45", 3)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ratings_of_one_measure_keep_one_row(workshop, facilitator):
    field = ActionFieldFactory(workshop=workshop)
    measure = MeasureFactory(action_field=field)
    session = live.start(workshop, facilitator)
    voting.open_rating(session)
    phone = Client()
    join(phone, session)
    statuses = []
    _run_at_once(
        [
            lambda n=n: statuses.append(
                rate(phone, session, measure, str(n % 3 + 1), "2").status_code
            )
            for n in range(10)
        ]
    )
    assert statuses == [200] * 10
    assert Rating.objects.filter(measure=measure).count() == 1


def test_ending_the_session_closes_its_vote_and_its_rating(facilitator_client, session, measures):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=1, per_item=1)
    me = Participant.objects.create(session=session)
    voting.set_dots(vote.pk, me, measures[2].pk, 1)
    voting.open_rating(session)
    voting.rate(session, me, measures[0].pk, 1, 3)
    end = reverse("live:end", args=[session.workshop_id, session.pk])
    question = facilitator_client.get(end).content.decode()
    assert "Die offene Punktabfrage wird dabei geschlossen" in question
    assert "Die Einschätzung von Aufwand und Wirkung endet dabei" in question
    facilitator_client.post(end)
    vote.refresh_from_db()
    assert vote.closed_at is not None and vote.voter_count == 1
    assert Measure.objects.get(pk=measures[2].pk).rank == 1
    assert Measure.objects.get(pk=measures[0].pk).rating_count == 1


def test_an_override_to_the_same_rank_is_refused(facilitator_client, session, measures, workshop):
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=1, per_item=1)
    voting.close(vote.pk, session)
    url = reverse("measures:ranking_override", args=[workshop.pk])
    response = facilitator_client.post(
        url, {"measure": measures[1].pk, "rank": "2", "reason": "Weil"}
    )
    assert "Die Maßnahme steht schon auf Rang 2." in response.content.decode()
    assert not RankOverride.objects.exists()


def test_an_empty_rating_is_refused(client, session, measures):
    voting.open_rating(session)
    join(client, session)
    response = rate(client, session, measures[0])
    assert response.status_code == 422
    assert "Bitte wählen Sie niedrig, mittel oder hoch." in response.content.decode()
    assert not Rating.objects.exists()


def test_a_rating_of_one_value_keeps_the_other(client, session, measures):
    voting.open_rating(session)
    me = join(client, session)
    rate(client, session, measures[0], "1", "3")
    rate(client, session, measures[0], "2", "")  # a request with only the effort
    assert Rating.objects.values_list("effort", "impact").get(participant=me) == (2, 3)


def test_the_level_follows_the_average_as_shown():
    assert voting.level_of("1.47") == "medium"  # shown as 1,5
    assert voting.level_of("1.44") == "low"


@pytest.mark.django_db(transaction=True)
def test_four_phones_pressing_at_once_keep_every_dot(workshop, facilitator, database_vendor):
    """Under `make run` (SQLite) as on PostgreSQL: simultaneous presses wait for each other
    instead of failing with "database is locked", and every dot counts."""
    field = ActionFieldFactory(workshop=workshop)
    items = [MeasureFactory(action_field=field) for _ in range(3)]
    session = live.start(workshop, facilitator)
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=1)
    phones = []
    for n in range(4):
        phone = Client()
        join(phone, session, f"Person {n}")
        phones.append(phone)
    statuses = []
    _run_at_once(
        [
            lambda phone=phone, item=item: statuses.append(
                place(phone, session, vote, item, 1).status_code
            )
            for phone in phones
            for item in items
        ]
    )
    assert statuses == [200] * 12, (database_vendor, statuses)
    assert sum(Dot.objects.filter(vote=vote).values_list("count", flat=True)) == 12
    assert voting.voter_count(vote) == 4


def test_extending_adds_the_minutes_chosen_and_the_field_keeps_them(
    facilitator_client, session, htmx
):
    url = cockpit_url(session, "timer")
    board = facilitator_client.post(url, {"action": "start", "minutes": "10"}, **htmx)
    assert '<option value="10" selected>' in board.content.decode()
    session.refresh_from_db()
    started = live.countdown(session).seconds
    # The board a poll brings after the start still offers the ten minutes, not the default.
    poll = reverse("live:poll", args=[session.workshop_id, session.pk])
    assert '<option value="10" selected>' in facilitator_client.get(poll, **htmx).content.decode()
    facilitator_client.post(url, {"action": "extend", "minutes": "10"}, **htmx)
    session.refresh_from_db()
    assert started + 590 <= live.countdown(session).seconds <= started + 600
    # The next agenda item offers its own time again.
    live.open_item(session, LiveSession.Item.VISION)
    session.refresh_from_db()
    assert session.timer_minutes is None


def test_a_rating_without_measures_is_refused_with_its_reason(facilitator_client, session, htmx):
    url = cockpit_url(session, "rating")
    response = facilitator_client.post(url, {"action": "open"}, **htmx)
    assert response.status_code == 422
    assert "Es gibt noch keine Maßnahmen zum Einschätzen." in response.content.decode()
    session.refresh_from_db()
    assert not voting.rating_is_open(session)


def test_a_dot_vote_over_no_measures_says_why_it_does_not_open(facilitator_client, session, htmx):
    url = cockpit_url(session, "vote_open")
    data = {"subject": "measures", "dots": "3", "per_item": "2"}
    response = facilitator_client.post(url, data, **htmx)
    assert response.status_code == 422
    assert "Eine Punktabfrage braucht mindestens zwei Einträge." in response.content.decode()
    assert not DotVote.objects.exists()
