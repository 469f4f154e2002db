"""Benchmarks: page times as ratios to a trivial page, query counts, and PDF render times.

Run with `make bench` (PostgreSQL: DATABASE_URL or a throw-away cluster). Absolute numbers drift on
a shared 2-core machine, so pages are reported as ratios to the login page measured in the same run.
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

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from fields.models import ActionField, Goal  # noqa: E402
from measures.models import Measure, Milestone, ProjectPlan, Stakeholder, Task  # noqa: E402
from workshops.models import Leitsatz, Workshop  # noqa: E402
from workshops.pdf import render_pdf  # noqa: E402
from workshops.strategy import gather  # noqa: E402

ROUNDS = 30
STEP_PAGES = [
    "workshops:vision",
    "fields:field_list",
    "measures:measure_list",
    "measures:ranking",
    "measures:planning",
    "workshops:strategy",
]


def median_ms(client, url, rounds=ROUNDS):
    client.get(url)  # warm templates and connections
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def query_count(client, url):
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


def time_pdf(workshop, warm_rounds=3):
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
    base = median_ms(Client(), reverse("login"))
    print(f"database: {connection.vendor}; baseline (login page) median {base:.1f} ms\n")
    print(f"{'page':<24}{'demo ×base':>11}{'queries':>9}{'big ×base':>11}{'queries':>9}")
    for name in STEP_PAGES:
        cells = []
        for workshop in (demo, big):
            url = reverse(name, args=[workshop.pk])
            cells += [median_ms(client, url) / base, query_count(client, url)]
        print(f"{name:<24}{cells[0]:>11.1f}{cells[1]:>9}{cells[2]:>11.1f}{cells[3]:>9}")
    print()
    for label, workshop in (("demo strategy", demo), ("big strategy (96 measures)", big)):
        pages, size, first, warm = time_pdf(workshop)
        print(
            f"{label}: {pages} pages, {size / 1024:.0f} KiB, first render {first:.2f} s, "
            f"warm median {warm:.2f} s ({warm / pages:.2f} s per page)"
        )


if __name__ == "__main__":
    main()
