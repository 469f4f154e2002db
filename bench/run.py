"""Benchmarks: page times as ratios to a trivial page, query counts, and PDF render time.

Run with `make bench` (PostgreSQL: DATABASE_URL or a throw-away cluster). Absolute numbers drift on a
shared 2-core machine, so pages are reported as ratios to the login page measured in the same run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_workshop.settings")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = 30


def median_ms(client, url, rounds=ROUNDS):
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context)


def main():
    from django.contrib.auth import get_user_model

    from workshops.models import Workshop
    from workshops.pdf import render_pdf
    from workshops.strategy import gather

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    workshop = Workshop.objects.get(title="Digitalstrategie 2030")
    client = Client()
    client.force_login(get_user_model().objects.get(username="moderation"))
    base = median_ms(Client(), reverse("login"))
    print(f"database: {connection.vendor}; baseline (login page) median {base:.1f} ms")
    print(f"{'page':<28}{'median ms':>10}{'× baseline':>12}{'queries':>9}")
    for name in [
        "workshops:vision",
        "fields:field_list",
        "measures:measure_list",
        "measures:ranking",
        "measures:planning",
        "workshops:strategy",
    ]:
        url = reverse(name, args=[workshop.pk])
        ms = median_ms(client, url)
        print(f"{name:<28}{ms:>10.1f}{ms / base:>12.1f}{queries(client, url):>9}")

    data = gather(workshop)
    start = time.perf_counter()
    pdf = render_pdf(data)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        render_pdf(data)
        warm.append(time.perf_counter() - start)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    print(
        f"demo strategy PDF: {len(pdf) / 1024:.0f} KiB, cold {cold:.2f} s, warm median {statistics.median(warm):.2f} s"
    )
    del pages


if __name__ == "__main__":
    main()
