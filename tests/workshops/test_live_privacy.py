"""The join pages say in plain German what is stored about a participant, for how long and who
sees it; what they say must stay true of the code."""

import uuid

import pytest
from django.urls import reverse

from workshops import live
from workshops.models import Contribution, LiveSession, Participant

PRIVACY_URL = "https://musterstadt.example/datenschutz"


@pytest.fixture
def session(workshop, facilitator):
    return live.start(workshop, facilitator, "Rathaus")


def _notice(page):
    start = page.index('<section class="live-privacy"')
    return page[start : page.index("</section>", start)]


def test_the_join_page_says_what_is_stored_how_long_and_who_sees_it(client, session):
    notice = _notice(client.get(reverse("live:participant", args=[session.code])).content.decode())
    assert "Datenschutz" in notice
    assert "Ihr Name und Ihr Tisch, falls Sie sie angeben" in notice
    assert "Ihre Beiträge, Punkte und Einschätzungen" in notice
    assert "die Moderation und die Redaktion von Musterstadt" in notice
    assert "der Beamer zeigt nur angenommene Beiträge, ohne Namen" in notice
    assert "Namen und Tische kann die Moderation nach dem Workshop löschen" in notice
    assert "<a " not in notice  # no privacy statement configured: no link to nowhere


def test_the_join_code_page_has_the_same_notice(client, db):
    notice = _notice(client.get(reverse("live:join_code")).content.decode())
    assert "Ihre Beiträge, Punkte und Einschätzungen" in notice
    assert "die Moderation und die Redaktion der Kommune" in notice
    assert "<a " not in notice


def test_the_notice_links_the_privacy_statement_when_one_is_set(client, session, settings):
    settings.PRIVACY_URL = PRIVACY_URL
    for url in (reverse("live:participant", args=[session.code]), reverse("live:join_code")):
        notice = _notice(client.get(url).content.decode())
        assert f'href="{PRIVACY_URL}"' in notice
        assert "Datenschutzerklärung" in notice


def test_the_projector_shows_accepted_contributions_without_names(
    client, facilitator_client, session, facilitator
):
    live.open_item(session, LiveSession.Item.LEITSAETZE)
    me = live.join(session, Participant(display_name="Ada Lovelace"))
    contribution = Contribution.objects.create(
        session=session,
        participant=me,
        kind="leitsatz",
        text="Digital für alle",
        token=uuid.uuid4(),
    )
    live.accept(session, contribution.pk, facilitator, text=contribution.text)
    page = facilitator_client.get(reverse("live:projector", args=[session.workshop_id]))
    assert "Digital für alle" in page.content.decode()
    assert "Ada Lovelace" not in page.content.decode()
