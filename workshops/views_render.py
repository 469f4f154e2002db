"""The strategy PDF for download: rendered in the background (`rendering.py`), served by content.

`strategy.pdf` answers with the file when the current content has been rendered, and otherwise
sends to the status page, which shows how far the rendering is and offers the file when it is
ready. Every member may download; nobody's request waits on WeasyPrint.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from . import pdf, permissions, rendering
from .models import DocumentRender
from .process import render_step
from .strategy import gather

POLL_SECONDS = 2


def status_url(workshop):
    return reverse("workshops:strategy_pdf_status", args=[workshop.pk])


@login_required
@require_GET
def strategy_pdf(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    data = gather(workshop)
    render = rendering.request_render(workshop, data)
    if render.status != DocumentRender.Status.DONE:
        return redirect(status_url(workshop))
    document = DocumentRender.objects.values_list("pdf", flat=True).get(pk=render.pk)
    response = HttpResponse(bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf.filename(data)
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def strategy_pdf_status(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    return _status_page(request, workshop, rendering.request_render(workshop))


def _status_page(request, workshop, render):
    previous = (
        DocumentRender.objects.filter(workshop=workshop, status=DocumentRender.Status.DONE)
        .exclude(pk=render.pk)
        .order_by("-finished_at")
        .only("started_at", "finished_at")
        .first()
    )
    context = {
        "render": render,
        "previous_seconds": previous.seconds if previous else None,
        "poll_seconds": POLL_SECONDS,
        "max_pages": rendering.MAX_PAGES,
    }
    return render_step(
        request, "workshops/pdf_status.html", workshop, "strategy", context, partial="status"
    )


@login_required
@require_POST
def strategy_pdf_retry(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    render = rendering.request_render(workshop)
    rendering.retry(render)
    return redirect(status_url(workshop))
