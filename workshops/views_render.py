"""The PDFs for download: rendered in the background (`rendering.py`), served by content.

`strategie.pdf` and `beschlussvorlage.pdf` answer with the file when the current content has
been rendered, and otherwise send to a status page, which shows how far the rendering is and
offers the file when it is ready. Every member may download; nobody's request waits on
WeasyPrint.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import council, pdf, permissions, rendering
from .models import DocumentRender
from .process import render_step
from .strategy import gather

Kind = DocumentRender.Kind
POLL_SECONDS = 2
# Per kind: the URL names of the download, the status page, the retry and the page to go back to.
URLS = {
    Kind.STRATEGY: ("strategy_pdf", "strategy_pdf_status", "strategy_pdf_retry", "strategy"),
    Kind.COUNCIL: ("council_paper_pdf", "council_pdf_status", "council_pdf_retry", "council_paper"),
}


def _url(workshop, kind, which):
    names = dict(zip(("download", "status", "retry", "back"), URLS[kind], strict=True))
    return reverse(f"workshops:{names[which]}", args=[workshop.pk])


@login_required
@require_GET
def strategy_pdf(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    data = gather(workshop)
    return _serve(workshop, Kind.STRATEGY, data, pdf.filename(data))


@login_required
@require_GET
def council_pdf(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    paper = council.gather_paper(workshop)
    return _serve(workshop, Kind.COUNCIL, paper, council.filename(paper, "pdf"))


def _serve(workshop, kind, data, filename):
    render = rendering.request_render(workshop, kind=kind, data=data)
    document = None
    if render.status == DocumentRender.Status.DONE:
        # None if it was pruned a moment ago: the status page then renders it again.
        document = DocumentRender.objects.filter(pk=render.pk).values_list("pdf", flat=True).first()
    if document is None:
        return redirect(_url(workshop, kind, "status"))
    response = HttpResponse(bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def pdf_status(request, pk, kind):
    workshop = permissions.get_workshop(request.user, pk)
    render = rendering.request_render(workshop, kind=kind)
    previous = (
        DocumentRender.objects.filter(workshop=workshop, kind=kind, status=render.Status.DONE)
        .exclude(pk=render.pk)
        .order_by("-finished_at")
        .only("started_at", "finished_at")
        .first()
    )
    context = {
        "render": render,
        **(
            {"heading": _("PDF of the strategy"), "back_label": _("Back to the strategy")}
            if kind == Kind.STRATEGY
            else {
                "heading": _("PDF of the council paper"),
                "back_label": _("Back to the council paper"),
            }
        ),
        "previous_seconds": previous.seconds if previous else None,
        "poll_seconds": POLL_SECONDS,
        "max_pages": rendering.MAX_PAGES,
        **{
            f"{which}_url": _url(workshop, kind, which)
            for which in ("download", "status", "retry", "back")
        },
    }
    return render_step(
        request, "workshops/pdf_status.html", workshop, "strategy", context, partial="status"
    )


@login_required
@require_POST
def pdf_retry(request, pk, kind):
    workshop = permissions.get_workshop(request.user, pk)
    rendering.retry(rendering.request_render(workshop, kind=kind))
    return redirect(_url(workshop, kind, "status"))
