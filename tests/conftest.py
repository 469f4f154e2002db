import os

# pytest-playwright keeps an asyncio loop in the main thread; Django would refuse its
# synchronous ORM calls at test-database setup. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import logging

import pytest
from django.db import connection

from workshops.models import Membership

from .factories import KommuneFactory, MembershipFactory, UserFactory, WorkshopFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Less motion: no smooth scrolling, so a clicked element is where it was measured.
    return {
        **browser_context_args,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "reduced_motion": "reduce",
    }


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(caplog):
    """A test fails when anything logs an error, even if the response looked fine."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.fixture
def kommune(db):
    return KommuneFactory(name="Musterstadt", slug="musterstadt")


@pytest.fixture
def workshop(kommune):
    return WorkshopFactory(kommune=kommune, title="Digitalstrategie 2030")


def _member(kommune, username, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, kommune=kommune, role=role)
    return user


@pytest.fixture
def facilitator(kommune):
    return _member(kommune, "moderation", Membership.Role.FACILITATOR)


@pytest.fixture
def editor(kommune):
    return _member(kommune, "redaktion", Membership.Role.EDITOR)


@pytest.fixture
def viewer(kommune):
    return _member(kommune, "lesen", Membership.Role.VIEWER)


@pytest.fixture
def outsider(db):
    """A facilitator of another Kommune: every object of ours must be a 404 to them."""
    return _member(KommuneFactory(name="Andersdorf", slug="andersdorf"), "fremd", "facilitator")


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def htmx():
    """Headers of an htmx request that is not boosted (answers with a partial)."""
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Tests serve static files from the finders; production uses the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def run_pdf_worker(monkeypatch):
    """Run the background worker (`manage.py db_worker`) until the queue is empty, as the worker
    beside the app servers would; returns how many tasks it ran.

    Like Django's test client for requests, the worker here leaves the database connection
    open between tasks: closing it would end the test's transaction."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        before = DBTaskResult.objects.exclude(status="READY").count()
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run
