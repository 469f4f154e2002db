"""The Beschlussvorlage claims public participation only where the participation record has some."""

import datetime

from django.urls import reverse

from workshops import council, live
from workshops.models import OfflineParticipation, Participant, Workshop

PUBLIC = "gemeinsam mit der Öffentlichkeit"


def occasion(workshop):
    workshop = Workshop.objects.select_related("kommune").get(pk=workshop.pk)
    return council.gather_paper(workshop).occasion


def test_without_participation_the_administration_drew_it_up(workshop, facilitator):
    session = live.start(workshop, facilitator, "Rathaus")  # held, but nobody joined
    live.end(session)
    text = occasion(workshop)
    assert text.startswith(
        "In einem Strategieprozess hat die Verwaltung die „Digitalstrategie 2030“ der Musterstadt "
        "erarbeitet."
    )
    assert PUBLIC not in text


def test_a_live_session_with_participants_is_public_participation(workshop, facilitator):
    session = live.start(workshop, facilitator, "Rathaus")
    Participant.objects.create(session=session, display_name="Ada")
    live.end(session)
    assert PUBLIC in occasion(workshop)


def test_a_format_held_without_the_app_is_public_participation(workshop):
    OfflineParticipation.objects.create(
        workshop=workshop,
        format=OfflineParticipation.Format.SURVEY,
        title="Online-Umfrage",
        held_on=datetime.date(2026, 5, 4),
        people=120,
    )
    assert PUBLIC in occasion(workshop)


def test_the_paper_page_says_who_drew_it_up(client, facilitator, outsider, workshop):
    url = reverse("workshops:council_paper", args=[workshop.pk])
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert "hat die Verwaltung die „Digitalstrategie 2030“" in page
    assert PUBLIC not in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
