"""Load benchmark of the live workshop against gunicorn and PostgreSQL.

Run with `make bench` (after bench/run.py) or alone with `BENCH_LIVE_ONLY=1 make bench`, or
`scripts/with-postgres.sh .venv/bin/python bench/live.py`. It migrates the database named by
DATABASE_URL (PostgreSQL only), loads the demo strategy, starts a live session with an open dot
vote over the demo's measures and serves the app with gunicorn on a free port of 127.0.0.1.

The scenario (LIVE_BENCH_SECONDS, default 60): 60 phones join with the code and poll every 2 s
with the revision they last saw (204 while nothing changed; on 200 they take the new revision from
the `?rev=` of the answer's hx-get, as htmx does); every 15 s a burst in which each phone sets its
dots on random measures (a few clicks on a stale page are refused with 422 on purpose: no dots
left); 3 facilitators poll the cockpit board and the projector every 3 s. Then, with the same
server and as many client threads, closed-loop maximum throughput of the health check
(`GET /healthz/`, Django's cheapest answer) and of a participant poll that finds nothing changed
(204), in turns, about 10 s each.

Every figure is one `name=value` line: `live.errors` (non-2xx answers other than the intended
422 refusals, unexpected refusals or acceptances, connection errors, and a dot count in the
database that differs from what the phones placed), `live.poll_p50|p95|p99_ms` (the phones'
polls, changed or not), `live.vote_p50|p95|p99_ms`, `live.rps`, `hello.rps`,
`live.nochange_poll_rps` and `live.poll_rps_ratio` (no-change poll ÷ hello), with more detail
beside them. Targets: ratio ≥ 0.6, vote p95 ≤ 100 ms, no errors. CPU read from /proc tells a slow
run on a busy machine from a slow app: `*_server_cpu_us` and `*_db_cpu_us` per request (gunicorn's
workers, the PostgreSQL backends serving them), `live.poll_cpu_ratio` (the ratio in CPU per
request) and `live.machine_cpu_share` (all of the machine's processes, others' included).
Exits with status 1 when there were errors; a missed target only shows in the figures.

Worker settings (LIVE_BENCH_WORKERS, LIVE_BENCH_THREADS): 4 sync workers on a 2-core machine,
gunicorn's default class and its advice behind a buffering proxy such as nginx: two processes per
core keep the cores busy while others wait on PostgreSQL. With LIVE_BENCH_THREADS above 1 the
workers are gthread and keep connections alive; 4 threads served hello-world faster but the live
load no faster, with a higher vote p95 (75 against 55 ms in one comparison on this machine).
"""

import collections
import dataclasses
import http.client
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production settings (DEBUG off) with a key that is only for the benchmark; static files from the
# finders, as collectstatic has not run. The server process inherits the same environment.
os.environ["DJANGO_SETTINGS_MODULE"] = "strategy_workshop.settings"
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["DJANGO_MANIFEST_STATIC"] = "0"
os.environ.pop("DJANGO_SECURE", None)  # plain HTTP here; no redirect to HTTPS
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")

SECONDS = float(os.environ.get("LIVE_BENCH_SECONDS", "60"))
MAX_SECONDS = float(os.environ.get("LIVE_BENCH_MAX_SECONDS", "10"))  # per closed-loop figure
WORKERS = int(os.environ.get("LIVE_BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("LIVE_BENCH_THREADS", "1"))
PARTICIPANTS = 60
FACILITATORS = 3
POLL_SECONDS = 2.0  # the phones' `every 2s`
FACILITATOR_POLL_SECONDS = 3.0
BURST_EVERY = 15.0
FIRST_BURST = 5.0
BURST_SPREAD = 3.0  # phones start voting within this many seconds of a burst
STALE_CLICK_SHARE = 0.1  # clicks from a stale page that may be refused (422)
DOTS, PER_ITEM = 3, 2
TIMEOUT = 30  # seconds for one request; a slower answer counts as an error
FACILITATOR_USER, PASSWORD = "moderation", "werkstatt-demo"  # from seed_demo

REV = re.compile(r'data-hx-get="[^"]*?[?&;]rev=(\d+)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def emit(name, value):
    print(f"{name}={value}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RequestFailed(Exception):
    pass


class Browser:
    """One client: its own keep-alive connection and cookie jar, as one phone or laptop."""

    def __init__(self, port):
        self.port = port
        self.conn = None
        self.cookies = {}
        self.reconnects = 0

    def request(self, method, path, form=None, htmx=False):
        """(status, headers, body text). A request on a kept-alive connection the server closed
        meanwhile is sent once more on a new one, as browsers do."""
        headers = {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in range(2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                self.conn.request(method, path, body, headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 0:
                    self.reconnects += 1
                    continue
                raise
            except Exception:
                self.close()
                raise
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            if response.will_close:
                self.close()
            return response.status, response.msg, data.decode("utf-8", "replace")
        raise AssertionError("unreachable")

    def _keep_cookies(self, set_cookies):
        for header in set_cookies:
            pair, _sep, attributes = header.partition(";")
            name, _sep, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", "") or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def revision_in(body):
    match = REV.search(body)
    return int(match.group(1)) if match else None


def csrf_in(body):
    match = CSRF.search(body)
    if not match:
        raise RequestFailed("no CSRF token in the page")
    return match.group(1)


class Stats:
    """One thread's figures; merged at the end."""

    def __init__(self):
        self.times = collections.defaultdict(list)  # kind -> milliseconds
        self.statuses = collections.Counter()  # (kind, status)
        self.errors = collections.Counter()  # description
        self.requests = 0
        self.placed = 0  # dots the phones hold at the end
        self.reconnects = 0  # requests sent again on a new connection

    def timed(self, kind, browser, method, path, *, expect, form=None, htmx=False):
        """Send one request; (status, body) or (None, "") after a failure, which is counted."""
        start = time.perf_counter()
        try:
            status, _headers, body = browser.request(method, path, form, htmx)
        except Exception as error:  # connection refused, reset, timeout
            self.requests += 1
            self.errors[f"{kind}: {type(error).__name__}: {error}"] += 1
            return None, ""
        self.requests += 1
        self.times[kind].append((time.perf_counter() - start) * 1000)
        self.statuses[(kind, status)] += 1
        if status not in expect:
            self.errors[f"{kind}: HTTP {status} {method} {path.split('?')[0]}"] += 1
        return status, body

    def merge(self, other):
        for kind, times in other.times.items():
            self.times[kind].extend(times)
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.requests += other.requests


def percentile(values, p):
    """The p-th percentile by the nearest-rank method; 0 without values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Phone(threading.Thread):
    """A participant: joins, polls every 2 s, sets dots in the bursts."""

    def __init__(self, number, port, code, vote_pk, measure_pks, start_at, started, deadline):
        super().__init__(daemon=True)
        self.number = number
        self.started = started  # the scenario's start: the bursts are the same for all phones
        self.browser = Browser(port)
        self.code = code
        self.vote_pk = vote_pk
        self.measure_pks = measure_pks
        self.start_at = start_at
        self.deadline = deadline
        self.stats = Stats()
        self.random = random.Random(number)
        self.mine = dict.fromkeys(measure_pks, 0)  # dots the server has confirmed
        self.revision = None
        self.token = None

    def run(self):
        try:
            self.join_session()
            if self.revision is not None:
                self.poll_and_vote()
        except Exception as error:  # a bug in the benchmark must show, not hang it
            self.stats.errors[f"phone: {type(error).__name__}: {error}"] += 1

    def join_session(self):
        time.sleep(max(0.0, self.start_at - time.monotonic()))
        page = f"/live/{self.code}/"
        status, body = self.stats.timed("join", self.browser, "GET", page, expect={200})
        if status != 200:
            return
        form = {
            "csrfmiddlewaretoken": csrf_in(body),
            "display_name": f"Person {self.number}",
            "group": f"Tisch {self.number % 8 + 1}",
        }
        status, _body = self.stats.timed(
            "join", self.browser, "POST", page, form=form, expect={302}
        )
        if status != 302:
            return
        status, body = self.stats.timed("join", self.browser, "GET", page, expect={200})
        if status == 200:
            self.revision, self.token = revision_in(body), csrf_in(body)
            if self.revision is None:
                self.stats.errors["join: no revision in the participant page"] += 1

    def clicks(self, now):
        """When this phone clicks: a few times in every burst, with some thought between."""
        times = []
        burst = self.started + FIRST_BURST
        while burst < self.deadline:
            at = burst + self.random.uniform(0, BURST_SPREAD)
            for _click in range(self.random.randint(1, 3)):
                times.append(at)
                at += self.random.uniform(0.3, 1.5)
            burst += BURST_EVERY
        return collections.deque(t for t in sorted(times) if now <= t < self.deadline)

    def poll_and_vote(self):
        now = time.monotonic()
        next_poll = now + self.random.uniform(0, POLL_SECONDS)
        clicks = self.clicks(now)
        while True:
            next_click = clicks[0] if clicks else float("inf")
            due = min(next_poll, next_click)
            if due >= self.deadline:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            if next_click <= next_poll:
                clicks.popleft()
                self.click()
            else:
                self.poll()
                next_poll = max(next_poll + POLL_SECONDS, time.monotonic())

    def poll(self):
        path = f"/live/{self.code}/stand/?rev={self.revision}"
        kind = "poll"
        status, body = self.stats.timed(
            kind, self.browser, "GET", path, expect={200, 204}, htmx=True
        )
        if status is not None:
            self.stats.times[f"poll_{status}"].append(self.stats.times[kind][-1])
        if status == 200:
            self.revision = revision_in(body) or self.revision

    def click(self):
        """Set the dots of one measure: mostly a click the page allows; sometimes one from a
        stale page, which the server may refuse (422) when the budget is spent."""
        left = DOTS - sum(self.mine.values())
        can_add = [pk for pk, n in self.mine.items() if n < PER_ITEM]
        can_remove = [pk for pk, n in self.mine.items() if n > 0]
        stale = self.random.random() < STALE_CLICK_SHARE
        add = left > 0 and (not can_remove or self.random.random() < 0.7)
        if can_add and (stale or add):
            item = self.random.choice(can_add)
            count = self.mine[item] + 1
        else:
            item = self.random.choice(can_remove)
            count = self.mine[item] - 1
        allowed = sum(self.mine.values()) - self.mine[item] + count <= DOTS
        form = {
            "csrfmiddlewaretoken": self.token,
            "vote": self.vote_pk,
            "item": item,
            "count": count,
        }
        path = f"/live/{self.code}/punkte/"
        status, body = self.stats.timed(
            "vote", self.browser, "POST", path, form=form, expect={200, 422}, htmx=True
        )
        if status == 200:
            self.mine[item] = count
            if not allowed:
                self.stats.errors["vote: a dot over the budget was accepted"] += 1
        elif status == 422:
            self.stats.statuses[("vote_refused", 422)] += 1
            if allowed:
                self.stats.errors["vote: an allowed dot was refused"] += 1
        if status in (200, 422):
            self.revision = revision_in(body) or self.revision


class Facilitator(threading.Thread):
    """Logged in; polls the cockpit board and the projector every 3 s."""

    def __init__(self, number, port, workshop_pk, session_pk, start_at, deadline):
        super().__init__(daemon=True)
        self.browser = Browser(port)
        self.workshop_pk = workshop_pk
        self.session_pk = session_pk
        self.start_at = start_at
        self.deadline = deadline
        self.stats = Stats()
        self.random = random.Random(1000 + number)

    def run(self):
        try:
            self.work()
        except Exception as error:
            self.stats.errors[f"facilitator: {type(error).__name__}: {error}"] += 1

    def work(self):
        time.sleep(max(0.0, self.start_at - time.monotonic()))
        timed, b = self.stats.timed, self.browser
        status, body = timed("login", b, "GET", "/anmelden/", expect={200})
        if status != 200:
            return
        form = {
            "csrfmiddlewaretoken": csrf_in(body),
            "username": FACILITATOR_USER,
            "password": PASSWORD,
        }
        status, _body = timed("login", b, "POST", "/anmelden/", form=form, expect={302})
        if status != 302:
            return
        pages = {
            "board": f"/prozesse/{self.workshop_pk}/live/",
            "projector": f"/prozesse/{self.workshop_pk}/live/beamer/",
        }
        revisions = {}
        for kind, page in pages.items():
            status, body = timed("page", b, "GET", page, expect={200})
            revisions[kind] = revision_in(body) if status == 200 else None
            if status == 200 and revisions[kind] is None:
                self.stats.errors[f"{kind}: no revision in the page"] += 1
        poll = f"/prozesse/{self.workshop_pk}/live/{self.session_pk}/stand/"
        next_poll = time.monotonic() + self.random.uniform(0, FACILITATOR_POLL_SECONDS)
        while next_poll < self.deadline:
            time.sleep(max(0.0, next_poll - time.monotonic()))
            for kind, query in (("board", ""), ("projector", "view=projector&")):
                path = f"{poll}?{query}rev={revisions[kind]}"
                status, body = timed(kind, b, "GET", path, expect={200, 204}, htmx=True)
                if status == 200:
                    revisions[kind] = revision_in(body) or revisions[kind]
            next_poll = max(next_poll + FACILITATOR_POLL_SECONDS, time.monotonic())


def closed_loop(browsers, path, expect, seconds, meter=None):
    """Every browser sends `path` again as soon as the answer is in, for `seconds`."""
    counts = [0] * len(browsers)
    errors = [0] * len(browsers)
    go = threading.Barrier(len(browsers) + 1)
    stop_at = [0.0]

    def hammer(n, browser):
        go.wait()
        while time.monotonic() < stop_at[0]:
            try:
                status, _headers, _body = browser.request("GET", path)
            except Exception:
                errors[n] += 1
                continue
            if status == expect:
                counts[n] += 1
            else:
                errors[n] += 1

    threads = [threading.Thread(target=hammer, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    if meter:
        meter.start()
    stop_at[0] = time.monotonic() + seconds
    phase = Phase(client_cpu=-time.process_time(), wall=-time.monotonic())
    go.wait()
    for thread in threads:
        thread.join()
    phase.wall += time.monotonic()
    phase.client_cpu += time.process_time()
    if meter:
        phase.server_cpu, phase.db_cpu = meter.stop()
    phase.answered, phase.errors = sum(counts), sum(errors)
    return phase


@dataclasses.dataclass
class Phase:
    """A closed-loop run: requests answered as expected, failed ones, wall seconds, and CPU
    seconds of this process (the clients), the server's workers and the database backends."""

    answered: int = 0
    errors: int = 0
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float | None = None
    db_cpu: float | None = None
    machine_cpu: float | None = None  # all processes of the machine, this run's and others'

    def __add__(self, other):
        def add(a, b):
            return b if a is None else a if b is None else a + b

        return Phase(
            self.answered + other.answered,
            self.errors + other.errors,
            self.wall + other.wall,
            self.client_cpu + other.client_cpu,
            add(self.server_cpu, other.server_cpu),
            add(self.db_cpu, other.db_cpu),
        )

    def cpu_us(self, seconds):
        return None if seconds is None else seconds / self.answered * 1e6


def cpu_of(pid):
    """(parent pid, command name, CPU seconds) of a process, from /proc; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()  # from field 3, the state
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy():
    """CPU seconds all processes of the machine have used since it started (/proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(n) for n in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds used by gunicorn's workers and by the database backends serving them, read
    from /proc (Linux; the database only when it runs on this machine). Per process, so the
    figures hold on a machine that is busy with other work, unlike requests per second."""

    def __init__(self, master_pid):
        from django.conf import settings

        host = settings.DATABASES["default"].get("HOST") or ""
        self.master_pid = master_pid
        self.local_database = host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")
        self.available = os.path.exists(f"/proc/{master_pid}/stat")
        self.baseline, self.last = {}, {}
        self.running = threading.Event()
        self.sampler = None

    def _workers(self):
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                info = cpu_of(entry)
                if info and info[0] == self.master_pid:
                    pids.append(int(entry))
        return pids

    def _backends(self):
        if not self.local_database:
            return []
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            return [pid for (pid,) in cursor.fetchall()]

    def _sample(self, first=False):
        for kind, pids in (("server", self._workers()), ("db", self._backends())):
            for pid in pids:
                info = cpu_of(pid)
                if info is None or (kind == "db" and not info[1].startswith("postgres")):
                    continue
                # A process that appears later (a new connection) counts from zero.
                self.baseline.setdefault(pid, (kind, info[2] if first else 0.0))
                self.last[pid] = info[2]

    def _run(self):
        from django.db import connections

        try:
            while not self.running.wait(0.25):
                self._sample()
        finally:
            connections.close_all()

    def start(self):
        if not self.available:
            return
        self.baseline, self.last = {}, {}
        self.machine = machine_busy()
        self._sample(first=True)
        self.running.clear()
        self.sampler = threading.Thread(target=self._run, daemon=True)
        self.sampler.start()

    def stop(self):
        """(server CPU seconds, database CPU seconds) since start(); None where unknown."""
        if not self.available:
            return None, None
        self.running.set()
        self.sampler.join()
        self._sample()
        totals = {"server": 0.0, "db": 0.0}
        for pid, (kind, baseline) in self.baseline.items():
            totals[kind] += self.last[pid] - baseline
        self.machine = machine_busy() - self.machine
        return totals["server"], totals["db"] if self.local_database else None


class Server:
    """gunicorn serving the app on a free port; its log goes to a temporary file."""

    def __init__(self, workers, threads):
        self.port = free_port()
        self.args = [
            "--workers",
            str(workers),
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ]
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            prefix="live-bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = None

    def settings(self):
        return " ".join(["gunicorn", *self.args])

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "strategy_workshop.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            [*command, *self.args],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        probe = Browser(self.port)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.tail()}"
                )
            try:
                if probe.request("GET", "/healthz/")[0] == 200:
                    probe.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz/ within 60 s:\n{self.tail()}")

    def tail(self, lines=30):
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def prepare():
    """Migrate, load the demo and start a live session with an open vote over its measures:
    (workshop pk, session pk, code, vote pk, measure pks)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from measures.models import Measure
    from workshops import live, voting
    from workshops.models import DotVote, Workshop

    if connection.vendor != "postgresql":
        sys.exit("bench/live.py needs PostgreSQL: run it with scripts/with-postgres.sh")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    workshop = Workshop.objects.get(kommune__slug="musterland", title="Digitalstrategie 2030")
    facilitator = workshop.kommune.memberships.get(user__username=FACILITATOR_USER).user
    for running in workshop.live_sessions.filter(ended_at__isnull=True):
        live.end(running)  # from an earlier run against the same database
    session = live.start(workshop, facilitator, "Benchmark")
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=DOTS, per_item=PER_ITEM)
    measures = list(Measure.objects.filter(workshop=workshop).values_list("pk", flat=True))
    connections.close_all()  # the server processes open their own
    return workshop.pk, session.pk, session.code, vote.pk, measures


def dots_in_database(vote_pk):
    from django.db import connections
    from django.db.models import Sum

    from workshops.models import Dot

    try:
        return Dot.objects.filter(vote_id=vote_pk).aggregate(s=Sum("count"))["s"] or 0
    finally:
        connections.close_all()


def scenario(server, meter, workshop_pk, session_pk, code, vote_pk, measures):
    """The live session: (phones, facilitators, merged figures, Phase of the whole run)."""
    start = time.monotonic() + 0.5
    deadline = start + SECONDS
    phones = [
        Phone(n, server.port, code, vote_pk, measures, start + (n % 20) * 0.1, start, deadline)
        for n in range(1, PARTICIPANTS + 1)
    ]
    facilitators = [
        Facilitator(n, server.port, workshop_pk, session_pk, start, deadline)
        for n in range(FACILITATORS)
    ]
    clients = [*phones, *facilitators]
    meter.start()
    phase = Phase(client_cpu=-time.process_time())
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(max(1.0, deadline + 2 * TIMEOUT - time.monotonic()))
    phase.wall = time.monotonic() - start
    phase.client_cpu += time.process_time()
    phase.server_cpu, phase.db_cpu = meter.stop()
    phase.machine_cpu = meter.machine if meter.available else None
    stats = Stats()
    for thread in clients:
        stats.merge(thread.stats)
        if thread.is_alive():
            stats.errors["a client thread did not finish"] += 1
    phase.answered = stats.requests
    placed = sum(sum(phone.mine.values()) for phone in phones)
    in_database = dots_in_database(vote_pk)
    if placed != in_database:
        stats.errors[f"dots: the phones placed {placed}, the database holds {in_database}"] += 1
    stats.placed = placed
    stats.reconnects = sum(thread.browser.reconnects for thread in clients)
    return phones, facilitators, stats, phase


def report_scenario(stats, phase):
    for kind in ("poll", "vote"):
        for p in (50, 95, 99):
            emit(f"live.{kind}_p{p}_ms", f"{percentile(stats.times[kind], p):.1f}")
    for kind in ("poll_204", "poll_200", "board", "projector", "join"):
        times = stats.times[kind]
        emit(f"live.{kind}_count", len(times))
        emit(f"live.{kind}_p50_ms", f"{percentile(times, 50):.1f}")
        emit(f"live.{kind}_p95_ms", f"{percentile(times, 95):.1f}")
    emit("live.vote_count", len(stats.times["vote"]))
    emit("live.vote_refused", stats.statuses[("vote_refused", 422)])
    emit("live.dots_placed", stats.placed)
    emit("live.requests", stats.requests)
    emit("live.rps", f"{stats.requests / phase.wall:.1f}")
    emit("live.reconnects", stats.reconnects)
    emit("live.client_cpu_share", f"{phase.client_cpu / phase.wall / (os.cpu_count() or 1):.2f}")
    # CPU the live session cost: the share of the machine's cores, and per request on average;
    # the machine's share shows how much else ran beside the benchmark.
    cpus = os.cpu_count() or 1
    for kind, seconds in (("server", phase.server_cpu), ("db", phase.db_cpu)):
        if seconds is not None:
            emit(f"live.{kind}_cpu_share", f"{seconds / phase.wall / cpus:.2f}")
            emit(f"live.{kind}_cpu_us", f"{phase.cpu_us(seconds):.0f}")
    if phase.machine_cpu is not None:
        emit("live.machine_cpu_share", f"{phase.machine_cpu / phase.wall / cpus:.2f}")


def maximum_throughput(browsers, code, revision, meter):
    """hello.rps and live.nochange_poll_rps, measured in turns so both see the same machine."""
    poll = f"/live/{code}/stand/?rev={revision}"
    closed_loop(browsers, "/healthz/", 200, 1.0)  # warm up connections and workers
    closed_loop(browsers, poll, 204, 1.0)
    hello, nochange = Phase(), Phase()
    for _round in range(2):
        hello += closed_loop(browsers, "/healthz/", 200, MAX_SECONDS / 2, meter)
        nochange += closed_loop(browsers, poll, 204, MAX_SECONDS / 2, meter)
    cpus = os.cpu_count() or 1
    for prefix, phase in (("hello.", hello), ("live.nochange_poll_", nochange)):
        emit(f"{prefix}rps", f"{phase.answered / phase.wall:.0f}")
        emit(f"{prefix}errors", phase.errors)
        emit(f"{prefix}client_cpu_share", f"{phase.client_cpu / phase.wall / cpus:.2f}")
        for kind, seconds in (("server", phase.server_cpu), ("db", phase.db_cpu)):
            if seconds is not None:
                emit(f"{prefix}{kind}_cpu_us", f"{phase.cpu_us(seconds):.0f}")
    ratio = (nochange.answered / nochange.wall) / (hello.answered / hello.wall)
    emit("live.poll_rps_ratio", f"{ratio:.2f}")
    if hello.server_cpu is not None and nochange.server_cpu is not None:
        # The same ratio in CPU per request (app server and database), steadier on a busy machine.
        def cost(phase):
            return phase.cpu_us(phase.server_cpu) + (phase.cpu_us(phase.db_cpu) or 0)

        emit("live.poll_cpu_ratio", f"{cost(hello) / cost(nochange):.2f}")
    return hello.errors + nochange.errors


def current_revision(phone):
    """The session's revision as a phone's poll with an old one is told it."""
    path = f"/live/{phone.code}/stand/?rev=0"
    status, _headers, body = phone.browser.request("GET", path, htmx=True)
    if status != 200 or revision_in(body) is None:
        raise RuntimeError(f"no revision from the participant poll (HTTP {status})")
    return revision_in(body)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn in `finally`
    workshop_pk, session_pk, code, vote_pk, measures = prepare()
    server = Server(WORKERS, THREADS)
    emit("live.server", server.settings())
    emit("live.cpus", os.cpu_count())
    emit("live.participants", PARTICIPANTS)
    emit("live.facilitators", FACILITATORS)
    emit("live.client_threads", PARTICIPANTS + FACILITATORS)
    emit("live.seconds", f"{SECONDS:g}")
    emit("live.measures", len(measures))
    browsers, stats, errors = [], None, None
    try:
        server.start()
        meter = CpuMeter(server.process.pid)
        phones, facilitators, stats, phase = scenario(
            server, meter, workshop_pk, session_pk, code, vote_pk, measures
        )
        browsers = [thread.browser for thread in [*phones, *facilitators]]
        report_scenario(stats, phase)
        # As many client threads, each on the connection its phone or laptop used.
        errors = maximum_throughput(browsers, code, current_revision(phones[0]), meter)
        emit("live.errors", sum(stats.errors.values()))
        for description, count in stats.errors.most_common(10):
            print(f"  {count} × {description}", file=sys.stderr)
        if errors:
            print(f"  {errors} failed requests in the throughput runs", file=sys.stderr)
        if stats.errors or errors:
            print(f"gunicorn's log ({server.log.name}):\n{server.tail()}", file=sys.stderr)
    except BaseException:
        print(f"gunicorn's log is kept in {server.log.name}", file=sys.stderr)
        raise
    finally:
        for browser in browsers:
            browser.close()
        server.stop()
    if stats.errors or errors:
        sys.exit(1)  # broken behaviour, unlike a missed target
    os.unlink(server.log.name)


if __name__ == "__main__":
    main()
