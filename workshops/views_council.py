"""The Beschlussvorlage page beside the Strategie step: its header, the Beratungsfolge, a
preview, and the paper as DOCX and PDF (`council.py`, `council_docx.py`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import council, council_docx, permissions
from .forms import CouncilPaperForm, CouncilStepForm
from .models import CouncilStep
from .process import (
    confirm_delete,
    query_id,
    region_refused,
    region_saved,
    render_step,
    wants_partial,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def paper_url(workshop, fragment=""):
    url = reverse("workshops:council_paper", args=[workshop.pk])
    return f"{url}#{fragment}" if fragment else url


@login_required
@require_GET
def council_paper(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    editing = None
    if workshop.membership.can_edit and (step_pk := query_id(request, "step")):
        step = CouncilStep.objects.filter(pk=step_pk, workshop=workshop).first()
        if step:
            editing = (step.pk, CouncilStepForm(instance=step, prefix=f"step-{step.pk}"))
    partial = "steps" if "step" in request.GET else None
    return _page(request, workshop, partial=partial, editing=editing)


def _page(request, workshop, *, partial=None, status=200, saved=False, **forms):
    """The page, or one region of it (`header`, `steps`) for htmx."""
    context = {
        "paper_form": forms.get("paper_form") or CouncilPaperForm(instance=workshop),
        "council_steps": workshop.council_steps.all(),
        "step_form": forms.get("step_form") or CouncilStepForm(),
        "editing": forms.get("editing"),
        "saved": saved,
    }
    if not (partial and wants_partial(request)):
        context["paper"] = council.gather_paper(workshop)
    return render_step(
        request,
        "council/paper_page.html",
        workshop,
        "strategy",
        context,
        partial=partial,
        status=status,
    )


def _invalid(request, workshop, partial, **forms):
    return region_refused(request, _page, workshop, partial, **forms)


def _saved(request, workshop, partial, message, fragment, **extra):
    url = paper_url(workshop, fragment)
    return region_saved(request, _page, workshop, partial, message, url, **extra)


@login_required
@require_POST
def council_paper_save(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = CouncilPaperForm(request.POST, instance=workshop)
    if not form.is_valid() or not form.save_if_unchanged():
        workshop.refresh_from_db()
        return _invalid(request, workshop, "header", paper_form=form)
    return _saved(request, workshop, "header", _("Header saved."), "header", saved=True)


@login_required
@require_POST
def council_step_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = CouncilStepForm(request.POST)
    if not form.is_valid():
        return _invalid(request, workshop, "steps", step_form=form)
    form.instance.workshop = workshop
    form.save(commit=False).save_as_last()
    return _saved(request, workshop, "steps", _("Step added."), "steps")


@login_required
@require_POST
def council_step_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    step = get_object_or_404(CouncilStep, pk=item_pk, workshop=workshop)
    form = CouncilStepForm(request.POST, instance=step, prefix=f"step-{step.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        return _invalid(request, workshop, "steps", editing=(step.pk, form))
    return _saved(request, workshop, "steps", _("Step saved."), "steps")


@login_required
@require_http_methods(["GET", "POST"])
def council_step_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    step = get_object_or_404(CouncilStep, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        return confirm_delete(request, workshop, step, cancel_url=paper_url(workshop, "steps"))
    step.delete()
    return _saved(request, workshop, "steps", _("Step deleted."), "steps")


@login_required
@require_GET
def council_paper_docx(request, pk):
    """The paper as DOCX (written in a few milliseconds); the PDF is `views_render.council_pdf`.
    Every member may download it."""
    workshop = permissions.get_workshop(request.user, pk)
    paper = council.gather_paper(workshop)
    response = HttpResponse(council_docx.render_docx(paper), content_type=DOCX_TYPE)
    name = council.filename(paper, "docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
