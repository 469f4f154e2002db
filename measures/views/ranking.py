"""Prioritisation: one ranking of all measures of a workshop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import permissions
from workshops.process import announce_change, render_step, wants_partial

from ..forms import MoveToRankForm
from ..models import Measure


def _ranking_page(request, workshop, context=None):
    measures = list(workshop.measures.select_related("action_field", "goal").order_by("rank"))
    context = {"measures": measures, "count": len(measures), **(context or {})}
    return render_step(
        request, "measures/ranking.html", workshop, "ranking", context, partial="ranking"
    )


def _changed(request, workshop, message, context=None):
    """Answer a successful change: the ranking for htmx, else back to the page."""
    messages.success(request, message)
    if wants_partial(request):
        # The message reaches the page's live region through an out-of-band swap.
        return announce_change(_ranking_page(request, workshop, {"flash": True, **(context or {})}))
    anchor = f"#measure-{context['focus_pk']}" if context else ""
    return redirect(reverse("measures:ranking", args=[workshop.pk]) + anchor)


def _focus_control(control, rank, count):
    """The control of the moved row that gets the focus back: the one pressed, unless it is
    disabled now because the measure reached the top or bottom."""
    if control == "up" and rank == 1:
        control = "down"
    if control == "down" and rank == count:
        control = "up" if count > 1 else "rank"
    return control


@login_required
@require_GET
def ranking(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    return _ranking_page(request, workshop)


@login_required
@require_POST
def ranking_move(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    direction = request.POST.get("direction")
    with transaction.atomic():
        Measure.objects.lock_ranking(workshop.pk)
        measure = get_object_or_404(
            Measure.objects.select_for_update(), pk=item_pk, workshop=workshop
        )
        count = workshop.measures.count()
        if direction in ("up", "down"):
            target = measure.rank + (-1 if direction == "up" else 1)
            control = direction
        else:
            form = MoveToRankForm(request.POST, count=count)
            if not form.is_valid():
                context = {"rank_error_pk": measure.pk, "rank_form": form}
                return _ranking_page(request, workshop, context)
            target = form.cleaned_data["rank"]
            control = "rank"
        measure.move_to(target)
        # A changed order is no longer the confirmed one: "Rangfolge festlegen" confirms it.
        workshop.ranked_at = None
        workshop.save(update_fields=["ranked_at", "updated_at"])
    message = _("“%(title)s” is now at rank %(rank)s.") % {
        "title": measure.title,
        "rank": measure.rank,
    }
    focus = {"focus_pk": measure.pk, "focus_control": _focus_control(control, measure.rank, count)}
    return _changed(request, workshop, message, focus)


@login_required
@require_POST
def ranking_confirm(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    if not workshop.measures.exists():
        messages.error(request, _("There are no measures to rank yet."))
        if wants_partial(request):
            return _ranking_page(request, workshop, {"flash": True})
        return redirect("measures:ranking", pk=workshop.pk)
    workshop.ranked_at = timezone.now()
    workshop.save(update_fields=["ranked_at", "updated_at"])
    return _changed(request, workshop, _("Ranking confirmed."))
