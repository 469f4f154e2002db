import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fields.models import Goal
from measures.models import Measure, Milestone, ProjectPlan, Task
from tests.factories import ActionFieldFactory, WorkshopFactory
from workshops.models import DocumentRender, NextStep, Workshop

from .test_strategy_data import _fill, build_strategy


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    NextStep.objects.create(workshop=workshop, title="Vorstellung im Rat", position=1)
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


def test_viewer_sees_the_preview_and_downloads_the_pdf(client, viewer, workshop, run_pdf_worker):
    build_strategy(workshop)
    client.force_login(viewer)
    assert client.get(url("strategy", workshop)).status_code == 200
    # Not rendered yet: the download sends to the page that shows the progress.
    response = client.get(url("strategy_pdf", workshop))
    assert response.status_code == 302
    assert response.url == url("strategy_pdf_status", workshop)
    assert run_pdf_worker() == 1
    response = client.get(url("strategy_pdf", workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="Digitalstrategie-2030-Musterstadt-{day}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 10_000


def test_outsider_gets_404(client, outsider, workshop):
    client.force_login(outsider)
    assert client.get(url("strategy", workshop)).status_code == 404
    assert client.get(url("strategy_pdf", workshop)).status_code == 404
    assert client.get(url("strategy_pdf_status", workshop)).status_code == 404
    assert client.post(url("strategy_pdf_retry", workshop)).status_code == 404
    assert not DocumentRender.objects.exists()


def test_anonymous_user_is_sent_to_login(client, workshop):
    for name in ("strategy_pdf", "strategy_pdf_status"):
        response = client.get(url(name, workshop))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_pdf_only_answers_get(facilitator_client, workshop):
    assert facilitator_client.post(url("strategy_pdf", workshop)).status_code == 405
    assert facilitator_client.get(url("strategy_pdf_retry", workshop)).status_code == 405


def test_unchanged_strategy_is_rendered_once(facilitator_client, workshop, run_pdf_worker):
    build_strategy(workshop)
    facilitator_client.get(url("strategy_pdf", workshop))
    facilitator_client.get(url("strategy_pdf_status", workshop))
    assert run_pdf_worker() == 1
    first = facilitator_client.get(url("strategy_pdf", workshop)).content
    second = facilitator_client.get(url("strategy_pdf", workshop)).content
    assert first == second and first.startswith(b"%PDF-")
    assert run_pdf_worker() == 0

    workshop.vision = "Eine neue Vision"
    workshop.save()
    assert facilitator_client.get(url("strategy_pdf", workshop)).status_code == 302
    assert run_pdf_worker() == 1
    assert facilitator_client.get(url("strategy_pdf", workshop)).content != first
    assert DocumentRender.objects.filter(workshop=workshop).count() == 2


def test_preview_query_count_does_not_grow_with_the_data(facilitator_client, kommune):
    counts = []
    for size in (5, 50):
        workshop = WorkshopFactory(kommune=kommune)
        _fill(workshop, size)
        with CaptureQueriesContext(connection) as queries:
            assert facilitator_client.get(url("strategy", workshop)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_warning_names_each_gap_with_a_link_to_its_place(facilitator_client, workshop):
    measures = build_strategy(workshop)
    workshop.deep_plan_count = 2
    workshop.save()
    empty = ActionFieldFactory(workshop=workshop, name="Bildung", position=3)
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    warning = page[page.index("strategy-notice") : page.index("strategy-actions")]
    measure_list = reverse("measures:measure_list", args=[workshop.pk])
    plan = reverse("measures:plan_detail", args=[workshop.pk, measures["Dorf-WLAN"].pk])
    ranking = reverse("measures:ranking", args=[workshop.pk])
    for link, text in [
        (f"{measure_list}#field-{empty.pk}", "„Bildung“ hat noch kein Ziel."),
        (f"{measure_list}#field-{empty.pk}", "„Bildung“ hat noch keine Maßnahme."),
        (plan, "Rang 2, „Dorf-WLAN“: Das Ergebnis (Frage 1) ist noch offen."),
        (ranking, "Die Rangfolge ist noch nicht festgelegt."),
    ]:
        assert f'<a class="kern-link" href="{link}">{text}</a>' in warning
    # Complete steps have no entry; the vision step is complete here.
    assert "Die Vision ist noch leer." not in warning
    assert reverse("workshops:vision", args=[workshop.pk]) not in warning


def test_warning_escapes_the_names_in_the_gaps(facilitator_client, workshop):
    ActionFieldFactory(workshop=workshop, name='<b onmouseover="x">Feld</b>')
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "<b onmouseover" not in page
    assert "„&lt;b onmouseover=&quot;x&quot;&gt;Feld&lt;/b&gt;“ hat noch kein Ziel." in page


def test_preview_shows_a_change_made_after_the_last_view(facilitator_client, workshop):
    build_strategy(workshop)
    assert "Glasfaser" in facilitator_client.get(url("strategy", workshop)).content.decode()
    Measure.objects.filter(title="Glasfaser").update(title="Glasfaser für alle Ortsteile")
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "Glasfaser für alle Ortsteile" in page


def test_preview_of_unchanged_content_is_rendered_once(facilitator_client, workshop, monkeypatch):
    from workshops import preview

    build_strategy(workshop)
    renders = []
    real_render = preview.render_to_string
    monkeypatch.setattr(
        preview, "render_to_string", lambda *a, **k: renders.append(a) or real_render(*a, **k)
    )
    pages = [facilitator_client.get(url("strategy", workshop)).content.decode() for _ in "12"]
    first, second = (page[page.index('<article class="strategy-doc"') :] for page in pages)
    assert first == second
    assert "Steckbrief · Rang 1" in second
    assert len(renders) == 1


@pytest.fixture
def rendered_sections():
    """The names of the section templates rendered while the test runs."""
    from django.test.signals import template_rendered

    names = []

    def record(sender, template, **kwargs):
        if template.name and template.name.startswith("strategy/"):
            names.append(template.name.removeprefix("strategy/"))

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_after_editing_one_measure_only_its_sections_are_rendered_again(
    facilitator_client, workshop, rendered_sections
):
    build_strategy(workshop)
    facilitator_client.get(url("strategy", workshop))
    rendered_sections.clear()
    Measure.objects.filter(title="Bürgerportal").update(description="Neu: mit Bezahlfunktion.")
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    # Its field's chapter and its Steckbrief show the change; the other field's chapter, the
    # other Steckbrief, the next steps and the implementation plan (which do not show
    # descriptions) come from the cache.
    assert page.count("Neu: mit Bezahlfunktion.") == 2
    assert rendered_sections.count("field.html") == 1
    assert rendered_sections.count("steckbrief.html") == 1
    assert "next_steps.html" not in rendered_sections
    assert "roadmap.html" not in rendered_sections
    # The other sections that list the whole strategy are rendered again.
    assert {"toc.html", "ranking.html"} <= set(rendered_sections)

    # A new period changes the implementation plan: it is rendered again and shows it.
    rendered_sections.clear()
    Measure.objects.filter(title="Bürgerportal").update(
        start_year=2031, start_quarter=2, end_year=2031, end_quarter=3
    )
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "roadmap.html" in rendered_sections
    assert "Q2/2031 – Q3/2031" in page


def test_cached_sections_show_every_change_of_their_data(facilitator_client, workshop):
    build_strategy(workshop)
    facilitator_client.get(url("strategy", workshop))
    Task.objects.filter(title="Leistungen priorisieren").update(owner="Kämmerei, Herr Brandt")
    Goal.objects.filter(title="Netz für alle").update(target_value="98 %")
    plan = ProjectPlan.objects.get(measure__title="Bürgerportal")
    Milestone.objects.create(plan=plan, title="Portal freigeschaltet", due=timezone.localdate())
    workshop.status = Workshop.Status.ADOPTED
    workshop.save()
    page = facilitator_client.get(url("strategy", workshop)).content.decode()
    assert "Kämmerei, Herr Brandt" in page
    assert "Zielwert: 98 %" in page
    assert "Portal freigeschaltet" in page
    assert "Der Rat hat diese Strategie beschlossen." in page
