"""Implementation and cost of every measure: lead, period, costs, financing; and the cost plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workshops import permissions
from workshops.process import record_change, render_step

from .. import costs
from ..forms import MeasureCostForm
from ..models import Measure


def costs_url(workshop, measure=None):
    url = reverse("measures:cost_list", args=[workshop.pk])
    return f"{url}#kosten-{measure.pk}" if measure else url


@login_required
@require_GET
def cost_list(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    measures = list(Measure.objects.filter(workshop=workshop).order_by("rank"))
    context = {
        "measures": measures,
        "years": costs.by_year(measures),
        "totals": costs.totals(measures),
    }
    return render_step(request, "measures/cost_list.html", workshop, "strategy", context)


@login_required
@require_http_methods(["GET", "POST"])
def cost_edit(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    measure = get_object_or_404(Measure, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        form = MeasureCostForm(instance=measure)
    else:
        form = MeasureCostForm(request.POST, instance=measure)
        if form.is_valid() and form.save_if_unchanged():
            record_change(request, workshop)
            messages.success(request, _("“%(measure)s” saved.") % {"measure": measure.title})
            return redirect(costs_url(workshop, measure))
    context = {"measure": measure, "form": form}
    status = 422 if form.is_bound else 200
    return render_step(
        request, "measures/cost_edit.html", workshop, "strategy", context, status=status
    )
