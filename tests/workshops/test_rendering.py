"""The PDF rendered in the background (workshops/rendering.py): the progress page, one rendering
per content, and the bounds that keep a strategy from hanging or killing the worker."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from workshops import rendering
from workshops.models import DocumentRender
from workshops.strategy import gather

from .test_strategy_data import build_strategy

Status = DocumentRender.Status


def url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.pk])


def test_the_progress_page_waits_then_offers_the_finished_pdf(
    facilitator_client, workshop, run_pdf_worker, htmx
):
    build_strategy(workshop)
    page = facilitator_client.get(url("strategy_pdf_status", workshop)).content.decode()
    assert "Das PDF wartet auf einen freien Rechenprozess." in page
    assert 'data-hx-trigger="every 2s"' in page
    assert "Jetzt aktualisieren" in page  # without JavaScript, a link reloads

    assert run_pdf_worker() == 1
    render = DocumentRender.objects.get(workshop=workshop)
    assert render.status == Status.DONE
    assert render.pages > 5 and render.size == len(bytes(render.pdf))
    assert render.seconds is not None

    # The poll gets the region alone, and it stops polling once the PDF is ready.
    region = facilitator_client.get(url("strategy_pdf_status", workshop), **htmx)
    region = region.content.decode()
    assert region.lstrip().startswith('<section id="pdf-status"')
    assert "data-hx-trigger" not in region
    assert "Das PDF ist fertig." in region
    assert f"{render.pages} Seiten" in region
    assert url("strategy_pdf", workshop) in region


def test_a_rendering_shows_its_progress_against_the_last_one(facilitator_client, workshop):
    build_strategy(workshop)
    earlier = rendering.request_render(workshop)
    DocumentRender.objects.filter(pk=earlier.pk).update(
        status=Status.DONE, pdf=b"%PDF", pages=3, size=4, key="0" * 64
    )
    now = timezone.now()
    DocumentRender.objects.filter(pk=earlier.pk).update(
        started_at=now - timedelta(seconds=20), finished_at=now - timedelta(seconds=10)
    )
    current = rendering.request_render(workshop)
    DocumentRender.objects.filter(pk=current.pk).update(
        status=Status.RENDERING, started_at=now - timedelta(seconds=4)
    )
    page = facilitator_client.get(url("strategy_pdf_status", workshop)).content.decode()
    assert "Das PDF wird gesetzt (seit 4 Sekunden)." in page
    assert "Das letzte PDF dieses Prozesses dauerte 10 Sekunden." in page
    assert 'max="10" value="4"' in page


def test_content_changed_while_waiting_is_rendered_as_it_is_now(workshop, run_pdf_worker):
    build_strategy(workshop)
    queued = rendering.request_render(workshop)
    workshop.vision = "Eine Vision, geändert während das PDF wartete."
    workshop.save()
    run_pdf_worker()
    assert not DocumentRender.objects.filter(pk=queued.pk).exists()
    current = DocumentRender.objects.get(workshop=workshop)
    assert current.status == Status.DONE
    assert current.key == rendering.pdf.cache_key(gather(workshop))


def test_a_strategy_too_large_is_refused_at_once_with_a_message(
    facilitator_client, workshop, monkeypatch
):
    build_strategy(workshop)
    monkeypatch.setattr(rendering, "MAX_PAGES", 5)
    response = facilitator_client.get(url("strategy_pdf", workshop))
    assert response.status_code == 302
    page = facilitator_client.get(response.url).content.decode()
    assert "Die Strategie ist für ein PDF zu umfangreich." in page
    assert "ein PDF fasst höchstens 5" in page
    assert 'data-hx-trigger="every' not in page
    assert not DBTaskResult.objects.exists()  # nothing for a worker to do
    assert DocumentRender.objects.get().status == Status.TOO_LARGE


def test_a_render_over_time_is_stopped_and_the_worker_goes_on(
    facilitator_client, workshop, run_pdf_worker, monkeypatch
):
    build_strategy(workshop)
    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.05)
    facilitator_client.get(url("strategy_pdf", workshop))
    run_pdf_worker()
    render = DocumentRender.objects.get()
    assert render.status == Status.FAILED
    assert "wurde abgebrochen" in render.error
    page = facilitator_client.get(url("strategy_pdf_status", workshop)).content.decode()
    assert "Das PDF konnte nicht erstellt werden." in page
    assert "Erneut versuchen" in page

    # The same worker renders it when tried again with time enough.
    monkeypatch.setattr(rendering, "RENDER_SECONDS", 300)
    response = facilitator_client.post(url("strategy_pdf_retry", workshop))
    assert response.status_code == 302
    assert DocumentRender.objects.get().status == Status.QUEUED
    assert run_pdf_worker() == 1
    assert DocumentRender.objects.get().status == Status.DONE
    assert facilitator_client.get(url("strategy_pdf", workshop)).status_code == 200


def test_a_render_over_its_memory_ends_the_child_not_the_worker(
    workshop, run_pdf_worker, monkeypatch
):
    build_strategy(workshop)
    monkeypatch.setattr(rendering, "RENDER_MEMORY", 64 * 1024**2)
    rendering.request_render(workshop)
    assert run_pdf_worker() == 1
    render = DocumentRender.objects.get()
    assert render.status == Status.FAILED
    assert render.error in {
        "Für den Satz dieser Strategie reicht der erlaubte Arbeitsspeicher nicht. "
        "Kürzen Sie lange Texte oder nehmen Sie Maßnahmen heraus.",
        "Das PDF konnte nicht erstellt werden.",
    }


def test_finished_renderings_are_pruned_to_the_newest(workshop, run_pdf_worker):
    build_strategy(workshop)
    for number in range(rendering.KEEP_RENDERS + 2):
        workshop.vision = f"Vision Nummer {number}"
        workshop.save()
        rendering.request_render(workshop)
        run_pdf_worker()
    assert DocumentRender.objects.filter(workshop=workshop).count() == rendering.KEEP_RENDERS


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_record_one_rendering_and_one_task(workshop):
    build_strategy(workshop)
    data = gather(workshop)
    barrier = threading.Barrier(8)
    errors = []

    def ask():
        try:
            barrier.wait()
            rendering.request_render(workshop, data=data)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert DocumentRender.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_rendering_whose_worker_was_stopped_can_be_tried_again(
    facilitator_client, workshop, run_pdf_worker
):
    build_strategy(workshop)
    render = rendering.request_render(workshop)
    long_ago = timezone.now() - timedelta(seconds=rendering.RENDER_SECONDS + 120)
    DocumentRender.objects.filter(pk=render.pk).update(status=Status.RENDERING, started_at=long_ago)
    DBTaskResult.objects.update(status="RUNNING")  # its worker died with it
    page = facilitator_client.get(url("strategy_pdf_status", workshop)).content.decode()
    assert "unterbrochen" in page
    assert "Erneut versuchen" in page
    facilitator_client.post(url("strategy_pdf_retry", workshop))
    assert run_pdf_worker() == 1
    assert DocumentRender.objects.get(pk=render.pk).status == Status.DONE
