"""Benchmarks: page times as ratios to a trivial page, query counts, and PDF render times.

Run with `make bench` (PostgreSQL: DATABASE_URL or a throw-away cluster). Absolute numbers drift on
a shared 2-core machine, so pages are reported as ratios to the login page measured in the same run.

Every figure is printed as one `name=value` line, so two runs can be compared line by line:
`page.<step>.big_ratio` (median time of the step page for the large strategy ÷ median time of the
login page, requested turn about), `page.<step>.big_cpu_ratio` (the same in CPU time of this
process, steadier on a busy machine), `page.<step>.queries` (its query count), the same with
`demo_` for the demo strategy, `page.strategy.big_after_edit_ratio` (the strategy page's first view
after one planned measure was edited: its chapter and Steckbrief and the whole-strategy sections
are rendered again), `page.strategy.big_cold_ratio` (the same with an empty cache, as after a
restart), and `pdf.<demo|big>.<pages|kib|first_s|warm_s>` for the PDF, with
`pdf.<demo|big>.plain_s` (a plain WeasyPrint document of the same page count, `plain_pdf.py`,
rendered in the same run), `pdf.<demo|big>.plain_ratio` (warm_s ÷ plain_s) and
`pdf.<demo|big>.unstyled_s` with `unstyled_pages` and `unstyled_ratio` (the same document's HTML
without our stylesheets, fonts and tags: what the content alone costs WeasyPrint) and
`pdf.demo.cached_ms` (a download whose content was rendered before: served from the database).
"""

import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_workshop.settings")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# Production settings refuse to start without a key; the benchmark needs one, not a secret one.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from plain_pdf import render_plain, render_unstyled  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from fields.models import ActionField, Goal  # noqa: E402
from measures.models import Measure, Milestone, ProjectPlan, Stakeholder, Task  # noqa: E402
from workshops.models import Leitsatz, Workshop  # noqa: E402
from workshops.pdf import render_html, render_pdf  # noqa: E402
from workshops.rendering import render_document, request_render  # noqa: E402
from workshops.strategy import gather  # noqa: E402

ROUNDS = 20  # requests per page and strategy; the median is reported
PDF_WARM_ROUNDS = 2
# The step pages: short name in the output, URL name.
STEP_PAGES = [
    ("vision", "workshops:vision"),
    ("fields", "fields:field_list"),
    ("measures", "measures:measure_list"),
    ("ranking", "measures:ranking"),
    ("planning", "measures:planning"),
    ("strategy", "workshops:strategy"),
]


def timed_ms(client, url):
    """Wall-clock and CPU milliseconds of one request (CPU time: this process only, so not the
    database's work, but steady on a machine shared with other jobs)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def ratios_to_login(client, url, rounds=ROUNDS, *, before=None):
    """Median time of `url` ÷ median time of the login page, requested turn about with it, so
    both see the same load on a shared machine: (wall-clock ratio, CPU ratio).

    `before(round)` runs untimed before each request of the page, e.g. to change its content."""
    anonymous = Client()
    login_url = reverse("login")
    client.get(url)  # warm templates and connections
    anonymous.get(login_url)
    page_times, login_times = [], []
    for round_ in range(rounds):
        if before:
            before(round_)
        page_times.append(timed_ms(client, url))
        login_times.append(timed_ms(anonymous, login_url))
    return tuple(
        statistics.median(p[kind] for p in page_times)
        / statistics.median(t[kind] for t in login_times)
        for kind in (0, 1)
    )


def query_count(client, url):
    client.get(url)  # the session and caches are warm, as for the timed requests
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context)


def big_strategy(kommune, fields=12, measures_per_field=8, plans=30):
    """A large strategy: 12 fields, 96 measures, 30 deep-planned measures."""
    workshop = Workshop.objects.create(
        kommune=kommune, title="Große Benchmark-Strategie", vision="Eine Vision. " * 40
    )
    workshop.deep_plan_count = plans
    workshop.save()
    Leitsatz.objects.bulk_create(
        Leitsatz(workshop=workshop, text=f"Leitsatz {n}", position=n) for n in range(1, 8)
    )
    rank = 0
    for f in range(1, fields + 1):
        field = ActionField.objects.create(
            workshop=workshop,
            name=f"Handlungsfeld {f}",
            position=f,
            why="Warum dieses Feld wichtig ist. " * 6,
            what="Was erreicht werden soll. " * 6,
        )
        goal = Goal.objects.create(action_field=field, title=f"Ziel für Feld {f}", position=1)
        for m in range(1, measures_per_field + 1):
            rank += 1
            measure = Measure.objects.create(
                workshop=workshop,
                action_field=field,
                goal=goal,
                title=f"Maßnahme {f}.{m} mit einem etwas längeren Titel",
                description="Beschreibung der Maßnahme. " * 5,
                timeframe=["short", "medium", "long"][m % 3],
                rank=rank,
            )
            if rank <= plans:
                plan = ProjectPlan.objects.create(
                    measure=measure,
                    result="Das Ergebnis. " * 8,
                    target_group="Alle Bürgerinnen und Bürger.",
                    responsible="Fachbereich 1",
                    resources_financial="20.000 € jährlich",
                    resources_personnel="0,5 Stellen",
                    resources_organisational="Lenkungsgruppe",
                )
                for n in range(1, 4):
                    Stakeholder.objects.create(
                        plan=plan,
                        name=f"Akteur {n}",
                        role="Partner",
                        influence="high",
                        interest="low",
                    )
                    Task.objects.create(plan=plan, title=f"Aufgabe {n}", position=n)
                    Milestone.objects.create(
                        plan=plan, title=f"Meilenstein {n}", due=datetime.date(2027, n * 3, 1)
                    )
    return workshop


def time_pdf(workshop, warm_rounds=PDF_WARM_ROUNDS):
    data = gather(workshop)
    start = time.perf_counter()
    pdf = render_pdf(data)
    first = time.perf_counter() - start
    warm = []
    for _ in range(warm_rounds):
        start = time.perf_counter()
        render_pdf(data)
        warm.append(time.perf_counter() - start)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return pages, len(pdf), first, statistics.median(warm)


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    demo = Workshop.objects.select_related("kommune").get(title="Digitalstrategie 2030")
    big = Workshop.objects.filter(title="Große Benchmark-Strategie").first() or big_strategy(
        demo.kommune
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="moderation"))
    emit("database", connection.vendor)
    login_url = reverse("login")
    anonymous = Client()
    anonymous.get(login_url)  # warm templates, connections and the client's handler
    emit(
        "login.median_ms",
        f"{statistics.median(timed_ms(anonymous, login_url)[0] for _ in range(ROUNDS)):.2f}",
    )
    for name, url_name in STEP_PAGES:
        for label, workshop in (("demo", demo), ("big", big)):
            url = reverse(url_name, args=[workshop.pk])
            wall, cpu = ratios_to_login(client, url)
            emit(f"page.{name}.{label}_ratio", f"{wall:.1f}")
            emit(f"page.{name}.{label}_cpu_ratio", f"{cpu:.1f}")
            queries = query_count(client, url)
            emit(f"page.{name}.queries" if label == "big" else f"page.{name}.demo_queries", queries)
    strategy_url = reverse("workshops:strategy", args=[big.pk])
    planned = Measure.objects.filter(workshop=big, plan__tasks__isnull=False).first()

    def edit_a_measure(round_):
        Measure.objects.filter(pk=planned.pk).update(description=f"Beschreibung, Fassung {round_}")

    wall, cpu = ratios_to_login(client, strategy_url, before=edit_a_measure)
    emit("page.strategy.big_after_edit_ratio", f"{wall:.1f}")
    emit("page.strategy.big_after_edit_cpu_ratio", f"{cpu:.1f}")
    wall, cpu = ratios_to_login(client, strategy_url, before=lambda round_: cache.clear())
    emit("page.strategy.big_cold_ratio", f"{wall:.1f}")
    emit("page.strategy.big_cold_cpu_ratio", f"{cpu:.1f}")
    if os.environ.get("BENCH_PAGES_ONLY"):  # a quick run while working on a page
        return
    for label, workshop in (("demo", demo), ("big", big)):
        pages, size, first, warm = time_pdf(workshop)
        emit(f"pdf.{label}.pages", pages)
        emit(f"pdf.{label}.kib", f"{size / 1024:.0f}")
        emit(f"pdf.{label}.first_s", f"{first:.2f}")
        emit(f"pdf.{label}.warm_s", f"{warm:.2f}")
        emit(f"pdf.{label}.warm_s_per_page", f"{warm / pages:.3f}")
        plain = []
        for _ in range(PDF_WARM_ROUNDS):
            start = time.perf_counter()
            render_plain(pages)
            plain.append(time.perf_counter() - start)
        emit(f"pdf.{label}.plain_s", f"{statistics.median(plain):.2f}")
        emit(f"pdf.{label}.plain_ratio", f"{warm / statistics.median(plain):.2f}")
        html = render_html(gather(workshop))
        unstyled = []
        for _ in range(PDF_WARM_ROUNDS):
            start = time.perf_counter()
            unstyled_pages = render_unstyled(html)[1]
            unstyled.append(time.perf_counter() - start)
        emit(f"pdf.{label}.unstyled_pages", unstyled_pages)
        emit(f"pdf.{label}.unstyled_s", f"{statistics.median(unstyled):.2f}")
        emit(f"pdf.{label}.unstyled_ratio", f"{warm / statistics.median(unstyled):.2f}")
    # A finished PDF of unchanged content, served from the database by the download view.
    render = request_render(demo)
    render_document.call(render.pk)
    pdf_url = reverse("workshops:strategy_pdf", args=[demo.pk])
    assert client.get(pdf_url).status_code == 200
    emit("pdf.demo.cached_ms", f"{timed_ms(client, pdf_url)[0]:.1f}")


def emit(name, value):
    print(f"{name}={value}", flush=True)


if __name__ == "__main__":
    main()
