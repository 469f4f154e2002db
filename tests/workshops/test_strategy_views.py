import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure
from tests.factories import WorkshopFactory
from workshops import pdf

from .test_strategy_data import _fill, build_strategy


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def count_renders(monkeypatch):
    """Count real renderings; return a small PDF instead, these tests are about the view."""
    calls = []

    def fake_render(data):
        calls.append(data)
        return b"%PDF-1.7 fake " + data.title.encode()

    monkeypatch.setattr(pdf, "render_pdf", fake_render)
    return calls


def url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.pk])


def test_preview_shows_the_document_and_the_download(facilitator_client, workshop):
    build_strategy(workshop)
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "PDF herunterladen" in page
    assert url("strategy_pdf", workshop) in page
    for text in ["Musterstadt ist digital", "Digital für alle", "Infrastruktur", "Glasfaser"]:
        assert text in page
    assert "Steckbrief · Rang 1" in page
    assert "Dreißig Leistungen online" in page
    assert page.index("Bürgerportal") < page.index("Dorf-WLAN")


def test_preview_lists_the_unfinished_steps(facilitator_client, workshop):
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "Noch sind nicht alle Schritte abgeschlossen" in page
    assert "Vision &amp; Leitbild" in page
    assert reverse("measures:planning", args=[workshop.pk]) in page


def test_preview_of_a_complete_strategy_says_so(facilitator_client, workshop):
    build_strategy(workshop)
    workshop.ranked_at = timezone.now()
    workshop.save()
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "Alle Schritte sind abgeschlossen." in page


def test_preview_escapes_user_text(facilitator_client, workshop):
    build_strategy(workshop)
    Measure.objects.filter(title="Glasfaser").update(title='<script>alert("x")</script>')
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_viewer_sees_the_preview_and_downloads_the_pdf(client, viewer, workshop, count_renders):
    build_strategy(workshop)
    client.force_login(viewer)
    assert client.get(url("strategy", workshop)).status_code == 200
    response = client.get(url("strategy_pdf", workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="Digitalstrategie-2030-Musterstadt-{day}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_outsider_gets_404(client, outsider, workshop, count_renders):
    client.force_login(outsider)
    assert client.get(url("strategy", workshop)).status_code == 404
    assert client.get(url("strategy_pdf", workshop)).status_code == 404
    assert not count_renders


def test_anonymous_user_is_sent_to_login(client, workshop):
    response = client.get(url("strategy_pdf", workshop))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pdf_only_answers_get(facilitator_client, workshop):
    assert facilitator_client.post(url("strategy_pdf", workshop)).status_code == 405


def test_unchanged_strategy_is_rendered_once(facilitator_client, workshop, count_renders):
    build_strategy(workshop)
    first = facilitator_client.get(url("strategy_pdf", workshop)).content
    second = facilitator_client.get(url("strategy_pdf", workshop)).content
    assert first == second
    assert len(count_renders) == 1

    workshop.vision = "Eine neue Vision"
    workshop.save()
    facilitator_client.get(url("strategy_pdf", workshop))
    assert len(count_renders) == 2


def test_view_delivers_a_real_pdf(facilitator_client, workshop):
    build_strategy(workshop)
    response = facilitator_client.get(url("strategy_pdf", workshop))
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 10_000


def test_preview_query_count_does_not_grow_with_the_data(facilitator_client, kommune):
    counts = []
    for size in (5, 50):
        workshop = WorkshopFactory(kommune=kommune)
        _fill(workshop, size)
        with CaptureQueriesContext(connection) as queries:
            assert facilitator_client.get(url("strategy", workshop)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
