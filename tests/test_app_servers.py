"""Two app servers, one database: a dot placed on a phone through one gunicorn shows on the
projector polled through another within one poll interval. The two processes share nothing but
PostgreSQL and the secret key, as behind a load balancer; state kept in process memory (a
revision, a session, a participant) would make this test fail."""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import PASSWORD, ActionFieldFactory, MeasureFactory
from workshops import live, voting
from workshops.models import DotVote

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 2  # the projector's and the phones' `every 2s`
START_SECONDS = 60  # generous: a busy machine imports Django slowly
REVISION = re.compile(r'data-hx-get="[^"]*?[?&;]rev=(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url():
    """The test database (`test_…`, made by pytest-django) as a URL for the server processes."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = db["HOST"] or ""
    host = urllib.parse.quote(host, safe="") if host.startswith("/") else host  # a socket folder
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


class Browser:
    """A client with its own cookies; one fresh connection per request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, htmx=False):
        headers = {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            pair, _sep, attributes = header.partition(";")
            name, _sep, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, text

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


def csrf_token(page):
    match = CSRF.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def revision_in(page):
    match = REVISION.search(page)
    assert match, "no revision in the polled region"
    return int(match.group(1))


class AppServer:
    """One gunicorn with one sync worker: its own process and memory, no --preload."""

    def __init__(self, name, port, log_dir):
        self.name = name
        self.port = port
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.process = None

    def start(self, env):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "strategy_workshop.wsgi"),
                    *("--bind", f"127.0.0.1:{self.port}", "--workers", "1"),
                    *("--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_ready(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server {self.name} exited:\n{self.log()}"
            with contextlib.suppress(OSError):
                if Browser(self.port).get("/healthz/") == (200, "ok"):
                    return
            time.sleep(0.2)
        pytest.fail(f"server {self.name} did not answer /healthz/:\n{self.log()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self):
        return self.log_path.read_text(errors="replace")[-3000:]


@contextlib.contextmanager
def app_servers(log_dir, count=2):
    # Production settings with the test suite's password hasher, one shared key, plain HTTP.
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "strategy_workshop.test_settings",
        "DJANGO_SECRET_KEY": "app-servers-test-key-shared-by-both",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_MANIFEST_STATIC": "0",
    }
    env.pop("DJANGO_SECURE", None)
    ports = set()
    while len(ports) < count:  # the system may offer a free port twice
        ports.add(free_port())
    servers = [AppServer(chr(ord("A") + n), port, log_dir) for n, port in enumerate(ports)]
    try:
        for server in servers:
            server.start(env)
        for server in servers:
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def log_in(browser, username):
    status, page = browser.get("/anmelden/")
    assert status == 200
    form = {"csrfmiddlewaretoken": csrf_token(page), "username": username, "password": PASSWORD}
    status, _page = browser.post("/anmelden/", form)
    assert status == 302, "login refused"


def join(browser, session, name):
    page_url = f"/live/{session.code}/"
    status, page = browser.get(page_url)
    assert status == 200
    form = {"csrfmiddlewaretoken": csrf_token(page), "display_name": name, "group": ""}
    status, _page = browser.post(page_url, form)
    assert status == 302
    status, page = browser.get(page_url)
    assert status == 200 and "Sie haben noch 3 von 3 Punkten." in page
    return csrf_token(page)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_dot_placed_through_one_server_shows_on_the_projector_of_another(
    workshop, facilitator, database_vendor, tmp_path
):
    assert database_vendor == "postgresql"
    field = ActionFieldFactory(workshop=workshop, name="Verwaltung")
    first, _second = (MeasureFactory(action_field=field, title=f"Maßnahme {n}") for n in (1, 2))
    session = live.start(workshop, facilitator, "Rathaus")
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    poll = f"/prozesse/{workshop.pk}/live/{session.pk}/stand/?view=projector&rev="

    with app_servers(tmp_path) as (a, b):
        laptop = Browser(b.port)
        log_in(laptop, facilitator.username)
        status, page = laptop.get(f"/prozesse/{workshop.pk}/live/beamer/")
        assert status == 200, b.log()
        assert "Bisher abgestimmt: 0 Personen, 0 Punkte" in page
        seen = revision_in(page)
        assert laptop.get(f"{poll}{seen}", htmx=True)[0] == 204

        phone = Browser(a.port)
        token = join(phone, session, "Ada")
        # Joining changed the room: server B's poll says so.
        status, page = laptop.get(f"{poll}{seen}", htmx=True)
        assert status == 200, "server B answers 'no change' after a phone joined through A"
        seen = revision_in(page)
        assert "1 Person" in page and laptop.get(f"{poll}{seen}", htmx=True)[0] == 204

        form = {"csrfmiddlewaretoken": token, "vote": vote.pk, "item": first.pk, "count": 1}
        status, page = phone.post(f"/live/{session.code}/punkte/", form, htmx=True)
        assert status == 200, a.log()
        assert "Sie haben noch 2 von 3 Punkten." in page
        placed_at = time.monotonic()
        # The projector polls every 2 s; its next poll, through the other server, brings it.
        while True:
            status, page = laptop.get(f"{poll}{seen}", htmx=True)
            if status != 204 or time.monotonic() - placed_at > POLL_SECONDS:
                break
            time.sleep(0.1)
        assert status == 200, "server B still answers 'no change' one poll interval later"
        assert revision_in(page) > seen
        assert "Bisher abgestimmt: 1 Person, 1 Punkt" in page

        # The phone's signed cookie from A is valid on B, and the login on B is valid on A.
        status, page = Browser(b.port).get(f"/live/{session.code}/")
        assert "Sie haben noch" not in page  # a stranger is asked to join
        phone.port = b.port
        status, page = phone.get(f"/live/{session.code}/")
        assert status == 200 and "Sie haben noch 2 von 3 Punkten." in page
        laptop.port = a.port
        status, page = laptop.get(f"{poll}0", htmx=True)
        assert status == 200 and "Bisher abgestimmt: 1 Person, 1 Punkt" in page


def test_the_health_check_answers_without_database_or_login(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert client.post("/healthz/").status_code == 405
