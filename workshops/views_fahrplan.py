"""The Fahrplan: the dated next steps with who takes them (a step of its own in the methods that
have it, e.g. the Strategiestarter); the document and the overview show them."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions, textmodules
from .forms import NextStepForm
from .models import NEXT_STEP_MAX, NextStep, TextModule
from .process import (
    confirm_delete,
    parse_id,
    query_id,
    region_refused,
    region_saved,
    render_step,
)


def _url(workshop):
    return reverse("workshops:fahrplan", args=[workshop.pk])


def _page(request, workshop, *, partial=None, status=200, **forms):
    context = {
        "next_steps": workshop.next_steps.all(),
        "next_step_form": forms.get("next_step_form") or NextStepForm(),
        "editing": forms.get("editing"),
        "text_modules": textmodules.modules_for(workshop, [TextModule.Target.NEXT_STEPS]),
        "module_error": forms.get("module_error", ""),
        "chosen_module": forms.get("chosen_module"),
    }
    return render_step(
        request,
        "workshops/fahrplan.html",
        workshop,
        "fahrplan",
        context,
        partial=partial,
        status=status,
    )


@login_required
@require_GET
def fahrplan(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    editing = None
    if workshop.membership.can_edit and (step_pk := query_id(request, "schritt")):
        step = workshop.next_steps.filter(pk=step_pk).first()
        if step:
            editing = (step.pk, NextStepForm(instance=step, prefix=f"step-{step.pk}"))
    partial = "steps" if "schritt" in request.GET else None
    return _page(request, workshop, partial=partial, editing=editing)


def _saved(request, workshop, message):
    return region_saved(request, _page, workshop, "steps", message, f"{_url(workshop)}#steps")


@login_required
@require_POST
def next_step_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = NextStepForm(request.POST)
    if not form.is_valid():
        return region_refused(request, _page, workshop, "steps", next_step_form=form)
    form.instance.workshop = workshop
    form.save(commit=False).save_as_last()
    return _saved(request, workshop, _("Next step added."))


@login_required
@require_POST
def next_step_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    step = get_object_or_404(NextStep, pk=item_pk, workshop=workshop)
    form = NextStepForm(request.POST, instance=step, prefix=f"step-{step.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        return region_refused(request, _page, workshop, "steps", editing=(step.pk, form))
    return _saved(request, workshop, _("Next step saved."))


@login_required
@require_http_methods(["GET", "POST"])
def next_step_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    step = get_object_or_404(NextStep, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        return confirm_delete(request, workshop, step, cancel_url=_url(workshop))
    step.delete()
    return _saved(request, workshop, _("Next step deleted."))


@login_required
@require_POST
def next_steps_from_module(request, pk):
    """Take the lines of a text module ("next steps") as steps of the Fahrplan, filled in for
    this process; a line the Fahrplan holds already is not added twice."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    module = (
        textmodules.modules_for(workshop, [TextModule.Target.NEXT_STEPS])
        .filter(pk=parse_id(request.POST.get("module", "")))
        .first()
    )
    if module is None:
        return _module_refused(request, workshop, _("Please choose a text module."))
    try:
        filled = textmodules.fill(module.body, textmodules.values(workshop))
    except textmodules.PlaceholderError as error:
        return _module_refused(request, workshop, str(error))
    lines = [" ".join(line.split()).lstrip("-*•–· ") for line in filled.splitlines()]
    lines = [line for line in lines if line]
    if any(len(line) > NEXT_STEP_MAX for line in lines):
        message = _("A line of the text module is longer than %(max)s characters.")
        return _module_refused(request, workshop, message % {"max": NEXT_STEP_MAX})
    added = 0
    with transaction.atomic():
        NextStep(workshop=workshop).lock_siblings()
        present = set(workshop.next_steps.values_list("title", flat=True))
        for line in lines:
            if line not in present:
                NextStep(workshop=workshop, title=line).save_as_last()
                present.add(line)
                added += 1
    if not added:
        message = _("The Fahrplan holds every step of “%(title)s” already.")
        return _saved(request, workshop, message % {"title": module.title})
    message = ngettext(
        "%(count)s step taken from “%(title)s”; add who and by when.",
        "%(count)s steps taken from “%(title)s”; add who and by when.",
        added,
    ) % {"count": added, "title": module.title}
    return _saved(request, workshop, message)


def _module_refused(request, workshop, message):
    chosen = parse_id(request.POST.get("module", ""))
    return region_refused(
        request, _page, workshop, "steps", module_error=message, chosen_module=chosen
    )
