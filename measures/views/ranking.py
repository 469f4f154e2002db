"""Prioritisation: one ranking of all measures of a workshop, and the effort x impact matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import permissions, voting
from workshops.models import Workshop
from workshops.process import announce_change, record_change, render_step, wants_partial

from ..forms import MoveToRankForm, RankOverrideForm
from ..models import Level, Measure

# `?ansicht=matrix` shows the effort x impact matrix instead of the ranking list.
VIEW_PARAMETER, MATRIX = "ansicht", "matrix"


def effort_impact_matrix(measures):
    """Group ranked measures into a 3 x 3 grid, rows by impact (high first), columns by effort
    (low first), and the measures without an estimate of effort or impact.

    Returns `(rows, unassessed)`; each row is a list of cells
    `{"effort", "impact", "effort_label", "impact_label", "quick_win", "measures"}`.
    """
    labels = dict(Level.choices)
    cells = {
        (effort, impact): {
            "effort": effort,
            "impact": impact,
            "effort_label": labels[effort],
            "impact_label": labels[impact],
            "quick_win": effort == Level.LOW and impact == Level.HIGH,
            "measures": [],
        }
        for effort in Level.values
        for impact in Level.values
    }
    unassessed = []
    for measure in measures:
        cell = cells.get((measure.effort, measure.impact))
        (cell["measures"] if cell else unassessed).append(measure)
    rows = [[cells[effort, impact] for effort in Level.values] for impact in reversed(Level.values)]
    return rows, unassessed


def _prepare_rows(request, workshop, measures, context):
    """What each row shows, worked out once here: the template only prints it.

    A large strategy has about a hundred rows, so per-row template work counts: choice labels
    (`get_FOO_display` builds a dict on every call), one `reverse` for all move URLs instead of
    one per row, and which row gets the focus or the rank error.
    """
    timeframes = {value: str(label) for value, label in Measure.Timeframe.choices}
    levels = {value: str(label) for value, label in Level.choices}
    # The move URL with item 0, split around that segment (a workshop's own pk is never 0).
    head, _zero, tail = reverse("measures:ranking_move", args=[workshop.pk, 0]).rpartition("/0/")
    focus_pk, error_pk = context.get("focus_pk"), context.get("rank_error_pk")
    # The no-JS forms of the rows need the CSRF token; the same input, rendered once.
    context["csrf_input"] = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    for measure in measures:
        measure.timeframe_label = timeframes.get(measure.timeframe, "")
        measure.effort_label = levels.get(measure.effort, "")
        measure.impact_label = levels.get(measure.impact, "")
        measure.is_top = measure.rank <= workshop.deep_plan_count
        measure.move_url = f"{head}/{measure.pk}/{tail}"
        measure.focus = context.get("focus_control") if measure.pk == focus_pk else ""
        measure.rank_error = measure.pk == error_pk


def _ranking_page(request, workshop, context=None):
    measures = list(
        workshop.measures.select_related("action_field")
        .only("workshop", "title", "rank", "timeframe", "effort", "impact", "action_field__name")
        .order_by("rank")
    )
    vote = workshop.ranking_vote
    context = {
        "measures": measures,
        "count": len(measures),
        # After a dot vote, ranks change only with a reason (`ranking_override`).
        "can_move": workshop.membership.can_edit and vote is None,
        "ranking_vote": vote,
        **(context or {}),
    }
    if vote is not None:
        context["ranking_method"] = vote.method
        context["overrides"] = workshop.rank_overrides.filter(
            created_at__gte=vote.closed_at
        ).select_related("measure", "created_by")
        context.setdefault(
            "override_form", RankOverrideForm(measures=workshop.measures.order_by("rank"))
        )
    _prepare_rows(request, workshop, measures, context)
    if request.GET.get(VIEW_PARAMETER) == MATRIX and not wants_partial(request):
        context["matrix"], context["unassessed"] = effort_impact_matrix(measures)
    return render_step(
        request, "measures/ranking.html", workshop, "ranking", context, partial="ranking"
    )


def _changed(request, workshop, message, context=None):
    """Answer a successful change: the ranking for htmx, else back to the page."""
    record_change(request, workshop)
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


def _vote_set_the_ranking(request, workshop):
    messages.error(
        request, _("The dot vote set this ranking. Change a rank with a reason instead.")
    )
    if wants_partial(request):
        workshop.refresh_from_db(fields=["ranking_vote"])
        return _ranking_page(request, workshop, {"flash": True})
    return redirect("measures:ranking", pk=workshop.pk)


@login_required
@require_POST
def ranking_move(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    if workshop.ranking_vote_id is not None:
        return _vote_set_the_ranking(request, workshop)
    direction = request.POST.get("direction")
    with transaction.atomic():
        Measure.objects.lock_ranking(workshop.pk)
        if Workshop.objects.filter(pk=workshop.pk, ranking_vote__isnull=False).exists():
            return _vote_set_the_ranking(request, workshop)  # closed a moment ago
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
        # Reopens a confirmed ranking only if the order changes (see `Measure.move_to`).
        measure.move_to(target)
    workshop.refresh_from_db(fields=["ranked_at", "confirmed_order"])
    message = _("“%(title)s” is now at rank %(rank)s.") % {
        "title": measure.title,
        "rank": measure.rank,
    }
    focus = {"focus_pk": measure.pk, "focus_control": _focus_control(control, measure.rank, count)}
    return _changed(request, workshop, message, focus)


@login_required
@require_POST
def ranking_override(request, pk):
    """After a dot vote: move one measure to another rank, with the reason kept."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = RankOverrideForm(request.POST, measures=workshop.measures.order_by("rank"))
    if workshop.ranking_vote_id is None:
        messages.error(request, _("No dot vote set this ranking: move the measure directly."))
        return redirect("measures:ranking", pk=workshop.pk)
    if not form.is_valid():
        status = 422 if wants_partial(request) else 200
        response = _ranking_page(request, workshop, {"override_form": form})
        response.status_code = status
        return response
    measure = form.cleaned_data["measure"]
    voting.override_rank(
        workshop, measure, form.cleaned_data["rank"], form.cleaned_data["reason"], request.user
    )
    workshop.refresh_from_db(fields=["ranked_at", "confirmed_order"])
    message = _("“%(title)s” is now at rank %(rank)s; the reason is kept.") % {
        "title": measure.title,
        "rank": measure.rank,
    }
    return _changed(request, workshop, message, {"focus_pk": measure.pk, "focus_control": ""})


@login_required
@require_POST
def ranking_confirm(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    if Measure.objects.confirm_ranking(workshop.pk) is None:
        messages.error(request, _("There are no measures to rank yet."))
        if wants_partial(request):
            return _ranking_page(request, workshop, {"flash": True})
        return redirect("measures:ranking", pk=workshop.pk)
    workshop.refresh_from_db(fields=["ranked_at", "confirmed_order"])
    return _changed(request, workshop, _("Ranking confirmed."))
