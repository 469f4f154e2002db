"""The PDFs (the strategy and its Beschlussvorlage), rendered in the background, kept by content.

A request never waits on WeasyPrint: `request_render` finds the rendering of the current
content (`pdf.cache_key`) or records a new one and hands it to a worker (`render_document`, a
task of Django's tasks framework, run by `manage.py db_worker`). The finished PDF stays in the
database (`DocumentRender`), so any member downloads it at once from any app server, and content
that did not change is not rendered again.

Bounds, so that no strategy hangs or kills a worker:
- a strategy estimated above `MAX_PAGES` pages is refused at once, with a message saying so;
- the worker renders in a child process with `RENDER_MEMORY` bytes of address space and
  `RENDER_SECONDS` of time; a child that exceeds either ends, the worker records why and goes on.
"""

import logging
import multiprocessing
import os
import resource
import tempfile
from datetime import timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import council, pdf
from .models import DocumentRender, Workshop
from .strategy import StrategyData, gather

logger = logging.getLogger(__name__)

# About 2,500 characters of content per page (measured: demo 34 pages, large 112 pages), plus
# the title page, contents and the fixed chapters.
CHARS_PER_PAGE = 2500
FIXED_PAGES = 8
MAX_PAGES = 500
COUNCIL_PAGES = 4
RENDER_SECONDS = 300
RENDER_MEMORY = 3 * 1024**3
STOP_GRACE_SECONDS = 60  # beyond RENDER_SECONDS, before a rendering counts as interrupted
KEEP_RENDERS = 3  # finished renderings kept per workshop, the newest first

Status = DocumentRender.Status
Kind = DocumentRender.Kind


def estimate_pages(data: StrategyData) -> int:
    return FIXED_PAGES + len(data.as_json()) // CHARS_PER_PAGE


def content(workshop: Workshop, kind: str):
    """What a document of `kind` shows for the workshop now."""
    return council.gather_paper(workshop) if kind == Kind.COUNCIL else gather(workshop)


def html_of(data, kind: str) -> str:
    return pdf.render_council_html(data) if kind == Kind.COUNCIL else pdf.render_html(data)


def request_render(workshop: Workshop, *, kind: str = Kind.STRATEGY, data=None) -> DocumentRender:
    """The rendering of the workshop's current content: finished, under way, refused, or new
    and handed to a worker. Safe against parallel requests: one content, one rendering."""
    data = data or content(workshop, kind)
    key = pdf.cache_key(data, kind)
    render = DocumentRender.objects.filter(key=key).defer("pdf").first()
    if render is not None:
        return _interrupted(render)
    # The Beschlussvorlage is a few pages whatever the strategy holds (its annex is a reference).
    estimate = COUNCIL_PAGES if kind == Kind.COUNCIL else estimate_pages(data)
    too_large = estimate > MAX_PAGES
    try:
        with transaction.atomic():
            render = DocumentRender.objects.create(
                workshop=workshop,
                kind=kind,
                key=key,
                estimated_pages=estimate,
                status=Status.TOO_LARGE if too_large else Status.QUEUED,
            )
            if not too_large:
                # The task is a row in the same database, written in the same transaction:
                # a rendering is never recorded without its task, nor the task without it.
                render_document.enqueue(render.pk)
    except IntegrityError:  # a parallel request recorded it first
        return DocumentRender.objects.defer("pdf").get(key=key)
    return render


def _interrupted(render: DocumentRender) -> DocumentRender:
    """`render`, marked as failed if it has been "being typeset" for longer than a child may
    take: its worker was stopped (a restart, a deployment), so it can be tried again."""
    limit = timezone.now() - timedelta(seconds=RENDER_SECONDS + STOP_GRACE_SECONDS)
    if render.status == Status.RENDERING and render.started_at < limit:
        error = _("Typesetting was interrupted, for example by a restart of the server.")
        if DocumentRender.objects.filter(pk=render.pk, status=Status.RENDERING).update(
            status=Status.FAILED, error=error, finished_at=timezone.now()
        ):
            render.status, render.error = Status.FAILED, error
    return render


def retry(render: DocumentRender) -> None:
    """Queue a failed rendering again (the cause may have been passing, such as a restart)."""
    with transaction.atomic():
        if DocumentRender.objects.filter(pk=render.pk, status=Status.FAILED).update(
            status=Status.QUEUED, error="", started_at=None, finished_at=None
        ):
            render_document.enqueue(render.pk)


@task()
def render_document(render_pk: int) -> None:
    """Render one queued rendering (run by a worker, `manage.py db_worker`)."""
    claimed = DocumentRender.objects.filter(pk=render_pk, status=Status.QUEUED).update(
        status=Status.RENDERING, started_at=timezone.now()
    )
    if not claimed:
        return  # rendered, refused or deleted meanwhile, or taken by another worker
    render = DocumentRender.objects.select_related("workshop__kommune").get(pk=render_pk)
    data = content(render.workshop, render.kind)
    if pdf.cache_key(data, render.kind) != render.key:
        # The content changed while the rendering waited: render what the strategy holds now.
        render.delete()
        request_render(render.workshop, kind=render.kind, data=data)
        return
    try:
        document, pages = render_in_child(html_of(data, render.kind))
    except RenderFailed as failure:
        _finish(render, status=Status.FAILED, error=str(failure))
        return
    _finish(render, status=Status.DONE, pdf=document, pages=pages, size=len(document))
    prune(render.workshop, render.kind)


def _finish(render: DocumentRender, **values) -> None:
    DocumentRender.objects.filter(pk=render.pk).update(finished_at=timezone.now(), **values)


def prune(workshop: Workshop, kind: str) -> None:
    """Keep the newest `KEEP_RENDERS` finished renderings of a workshop's document of `kind`,
    and those under way."""
    finished = DocumentRender.objects.filter(workshop=workshop, kind=kind).exclude(
        status__in=[Status.QUEUED, Status.RENDERING]
    )
    keep = list(finished.order_by("-requested_at").values_list("pk", flat=True)[:KEEP_RENDERS])
    finished.filter(~Q(pk__in=keep)).delete()


class RenderFailed(Exception):
    """The rendering ended without a PDF; the message says why, in German, for the page."""


def render_in_child(html: str) -> tuple[bytes, int]:
    """`html` as a tagged PDF and its page count, rendered in a child process with bounded
    memory and time, so that a strategy too large for the machine ends the child, not the
    worker."""
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="strategy-pdf-") as directory:
        out = Path(directory) / "strategy.pdf"
        child = context.Process(target=_render_to_file, args=(html, out), daemon=True)
        child.start()
        child.join(RENDER_SECONDS)
        if child.is_alive():
            child.kill()
            child.join()
            raise RenderFailed(
                _("Typesetting took longer than %(minutes)s minutes and was stopped.")
                % {"minutes": RENDER_SECONDS // 60}
            )
        if child.exitcode == MEMORY_EXIT:
            raise RenderFailed(_("The strategy needs more memory to typeset than is allowed."))
        if child.exitcode != 0 or not out.exists():
            raise RenderFailed(_("The PDF could not be created."))
        pages_file = out.with_suffix(".pages")
        return out.read_bytes(), int(pages_file.read_text())


MEMORY_EXIT = 3


def _render_to_file(html: str, out: Path) -> None:
    """In the child: render and write the PDF and its page count next to each other."""
    resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY, RENDER_MEMORY))
    try:
        document, pages = pdf.render_pdf_from_html(html)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except Exception:
        logger.exception("Rendering the strategy PDF failed")
        os._exit(1)
    out.write_bytes(document)
    out.with_suffix(".pages").write_text(str(pages))
